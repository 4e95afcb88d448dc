"""Each bad input gets a ValueError that names the argument and the shapes, before any work is done."""
import re

import numpy as np
import pytest

from workbench.nn.functions import cross_entropy_error, mean_squared_error
from workbench.nn.gradient import numerical_gradient
from workbench.nn.im2col import col2im, conv_output_size, im2col
from workbench.nn.fast_conv import BlockedConvolution, FastPooling
from workbench.nn.layers import Affine, BatchNormalization, Convolution, Dropout, Pooling, SoftmaxWithLoss
from workbench.nn.optimizers import SGD, Adam, Momentum, RMSprop
from workbench.nn.reference import DirectConvolution, conv2d

W = np.zeros((4, 1, 3, 3))
b = np.zeros(4)


def raises(message):
    return pytest.raises(ValueError, match=re.escape(message))


@pytest.mark.parametrize("make", [
    lambda: Convolution(W, b, stride=0),
    lambda: BlockedConvolution(W, b, stride=0),
    lambda: DirectConvolution(W, b, stride=-1),
    lambda: Pooling(2, 2, stride=0),
    lambda: FastPooling(2, 2, stride=0),
    lambda: im2col(np.zeros((1, 1, 4, 4)), 2, 2, stride=0),
    lambda: conv_output_size(28, 5, 0),
])
def test_stride_below_one(make):
    with pytest.raises(ValueError, match=r"stride must be a whole number of 1 or more, got -?[01]"):
        make()


def test_stride_must_be_whole():
    with raises("stride must be a whole number of 1 or more, got 1.5"):
        Convolution(W, b, stride=1.5)


@pytest.mark.parametrize("make", [
    lambda: Convolution(W, b, pad=-1),
    lambda: Pooling(2, 2, 2, pad=-1),
    lambda: FastPooling(2, 2, 2, pad=-1),
    lambda: col2im(np.zeros((4, 4)), (1, 1, 3, 3), 2, 2, 1, -1),
])
def test_pad_below_zero(make):
    with raises("pad must be a whole number of 0 or more, got -1"):
        make()


@pytest.mark.parametrize("layer", [Convolution(W, b), BlockedConvolution(W, b), DirectConvolution(W, b)])
def test_wrong_channel_count(layer):
    with raises("x of shape (2, 3, 8, 8) has 3 channels, but the filters W of shape (4, 1, 3, 3) expect 1"):
        layer.forward(np.zeros((2, 3, 8, 8)))
    assert layer.x is None   # nothing was done


def test_wrong_channel_count_in_conv2d():
    with raises("has 3 channels, but the filters W of shape (4, 1, 3, 3) expect 1"):
        conv2d(np.zeros((2, 3, 8, 8)), W, b)


@pytest.mark.parametrize("conv, pool", [(Convolution, Pooling), (BlockedConvolution, FastPooling)])
def test_filter_larger_than_padded_input(conv, pool):
    layer = conv(np.zeros((2, 1, 5, 5)), np.zeros(2))
    with raises("height of x with shape (1, 1, 3, 4): a filter of size 5 does not fit 3 with pad 0 "
                "(3 after padding); use a filter of size 3 or less, or pad 1 or more"):
        layer.forward(np.zeros((1, 1, 3, 4)))
    with raises("width of x with shape (1, 1, 6, 2): a filter of size 4 does not fit 2 with pad 0"):
        pool(2, 4, stride=2).forward(np.zeros((1, 1, 6, 2)))


def test_output_size_that_is_not_a_whole_number_suggests_a_fix():
    with raises("width of x with shape (1, 1, 29, 28): stride 2 does not tile it evenly: (28 + 2*0 - 5) = 23 "
                "is not divisible by 2; use stride 1 (output 24)"):
        Convolution(np.zeros((1, 1, 5, 5)), np.zeros(1), stride=2).forward(np.zeros((1, 1, 29, 28)))
    with raises("height of x with shape (1, 1, 28, 28): stride 2 does not tile it evenly: (28 + 2*0 - 5) = 23 "
                "is not divisible by 2; use stride 1 (output 24) or a filter of size 6 (output 12)"):
        Convolution(np.zeros((1, 1, 5, 5)), np.zeros(1), stride=2).forward(np.zeros((1, 1, 28, 28)))
    with raises("stride 3 does not tile it evenly: (28 + 2*0 - 5) = 23 is not divisible by 3; use pad 2 "
                "(output 10), stride 1 (output 24) or a filter of size 7 (output 8)"):
        conv_output_size(28, 5, 3)
    with raises("height of x with shape (1, 1, 7, 8): stride 2 does not tile it evenly"):
        Pooling(2, 2, 2).forward(np.zeros((1, 1, 7, 8)))


def test_suggested_fixes_work():
    for size, filt, stride in [(28, 5, 2), (28, 5, 3), (23, 4, 3), (30, 7, 4)]:
        message = None
        try:
            conv_output_size(size, filt, stride)
        except ValueError as exc:
            message = str(exc)
        assert message
        for pad in re.findall(r"pad (\d+) \(output (\d+)\)", message):
            assert conv_output_size(size, filt, stride, int(pad[0])) == int(pad[1])
        for s, out in re.findall(r"stride (\d+) \(output (\d+)\)", message):
            assert conv_output_size(size, filt, int(s)) == int(out)
        for f, out in re.findall(r"filter of size (\d+) \(output (\d+)\)", message):
            assert conv_output_size(size, int(f), stride) == int(out)


@pytest.mark.parametrize("conv, pool", [(Convolution, Pooling), (BlockedConvolution, FastPooling)])
def test_images_must_be_four_dimensional(conv, pool):
    with raises("x must have shape (N, C, H, W), got shape (1, 8, 8)"):
        conv(W, b).forward(np.zeros((1, 8, 8)))
    with raises("input_data must have shape (N, C, H, W), got shape (8, 8)"):
        im2col(np.zeros((8, 8)), 2, 2)
    with raises("Pooling: x must have shape (N, C, H, W), got shape (8, 8)"):
        pool(2, 2, 2).forward(np.zeros((8, 8)))


@pytest.mark.parametrize("conv", [Convolution, BlockedConvolution, DirectConvolution])
def test_filter_and_bias_shapes(conv):
    with raises("W must have shape (FN, C, FH, FW), got shape (4, 9)"):
        conv(np.zeros((4, 9)), b)
    with raises("b must have one entry per filter: W of shape (4, 1, 3, 3) has 4 filters, b has shape (3,)"):
        conv(W, np.zeros(3))
    with raises("b must have one entry per filter: W of shape (4, 1, 3, 3) has 4 filters, b has shape (4, 1)"):
        conv(W, np.zeros((4, 1)))


def test_col2im_checks_the_matrix_shape():
    with raises("col must have shape (4, 4) for input_shape (1, 1, 3, 3) and a 2x2 filter, got shape (4, 5)"):
        col2im(np.zeros((4, 5)), (1, 1, 3, 3), 2, 2)


@pytest.mark.parametrize("t, message", [
    (np.array([0, 10]), "label 10 in t is out of range: y of shape (2, 10) has classes 0 to 9"),
    (np.array([-1, 3]), "label -1 in t is out of range: y of shape (2, 10) has classes 0 to 9"),
    (np.array([0, 1, 2]), "t must be 2 labels or one-hot of shape (2, 10), got t of shape (3,)"),
    (np.array([0.5, 1.0]), "labels t must be whole numbers, got dtype float64"),
])
def test_bad_labels(t, message):
    with raises(message):
        cross_entropy_error(np.full((2, 10), 0.1), t)
    with raises(message):
        SoftmaxWithLoss().forward(np.zeros((2, 10)), t)


def test_affine_feature_count():
    with raises("Affine: x of shape (3, 2, 5) has 10 features per sample, but W of shape (12, 4) expects 12"):
        Affine(np.zeros((12, 4)), np.zeros(4)).forward(np.zeros((3, 2, 5)))


def test_batch_normalization_feature_count():
    with raises("BatchNormalization: x of shape (3, 5) has 5 features per sample, but gamma has shape (4,)"):
        BatchNormalization(np.ones(4), np.zeros(4)).forward(np.zeros((3, 5)))


def test_mean_squared_error_shapes():
    with raises("y and t must have the same shape, got y (3,) and t (4,)"):
        mean_squared_error(np.zeros(3), np.zeros(4))


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf")])
@pytest.mark.parametrize("optimizer", [SGD, Momentum, Adam])
def test_learning_rate(optimizer, lr):
    with raises(f"lr (the learning rate) must be a finite number above 0, got {lr!r}"):
        optimizer(lr=lr)


def test_optimizer_hyperparameters():
    with raises("momentum must be at least 0 and below 1, got 1.5"):
        Momentum(momentum=1.5)
    with raises("beta2 must be at least 0 and below 1, got 1"):
        Adam(beta2=1)
    with raises("decay_rate must be at least 0 and below 1, got -0.1"):
        RMSprop(decay_rate=-0.1)
    with raises("grads has no entry for parameter(s) ['b1']; it has ['W1']"):
        SGD().update({"W1": np.zeros(2), "b1": np.zeros(2)}, {"W1": np.zeros(2)})


def test_dropout_ratio():
    with raises("dropout_ratio must be at least 0 and below 1, got 1.0"):
        Dropout(1.0)


def test_numerical_gradient_needs_a_float_array():
    with raises("x must be a floating-point NumPy array (it is nudged in place, so f must see the nudges), got "
                "ndarray of dtype int64: write np.array([3.0, 4.0]) rather than [3, 4]"):
        numerical_gradient(np.sum, np.arange(3))


# -- networks: bad input is a ValueError before any work ------------------------------------------

from workbench.nn.gradient import gradient_check  # noqa: E402
from workbench.nn.layers import MulLayer, Relu, Sigmoid  # noqa: E402
from workbench.nn.networks import (DeepConvNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet,  # noqa: E402
                                   TwoLayerNet)

CONV = {"filter_num": 2, "filter_size": 3, "pad": 0, "stride": 1}
NETWORKS = {
    "TwoLayerNet": (lambda: TwoLayerNet(4, 3, 2), (4,)),
    "MultiLayerNetExtend": (lambda: MultiLayerNetExtend(4, [3], 2, use_batchnorm=True), (4,)),
    "SimpleConvNet": (lambda: SimpleConvNet((1, 6, 6), CONV, hidden_size=3, output_size=2), (1, 6, 6)),
    "SimpleConvNet book": (lambda: SimpleConvNet((1, 6, 6), CONV, hidden_size=3, output_size=2, conv="book"),
                           (1, 6, 6)),
}


@pytest.mark.parametrize("name", NETWORKS)
def test_an_empty_batch_is_named(name):
    factory, sample = NETWORKS[name]
    net = factory()
    x, t = np.zeros((0, *sample)), np.zeros(0, int)
    message = f"x is an empty batch (shape {(0, *sample)}); pass at least one sample"
    for call in (lambda: net.predict(x), lambda: net.loss(x, t), lambda: net.gradient(x, t)):
        with raises(message):
            call()


def test_accuracy_batch_size_and_labels():
    net = TwoLayerNet(4, 3, 2)
    x = np.zeros((3, 4))
    with raises("batch_size must be a whole number of 1 or more, got 0"):
        net.accuracy(x, np.zeros(3, int), batch_size=0)
    with raises("label 5 in t is out of range: y of shape (3, 2) has classes 0 to 1"):
        net.accuracy(x, np.array([0, 5, 1]))      # was 0.0, where loss raised


def test_a_hidden_layer_of_no_neurons():
    with raises("hidden_size_list must hold whole numbers of 1 or more (neurons per hidden layer), got 0 at "
                "position 1 of [5, 0, 5]"):
        MultiLayerNet(4, [5, 0, 5], 3)
    with raises("hidden_size_list must be a list of layer sizes such as [100, 100], got 100"):
        MultiLayerNet(4, 100, 3)
    with raises("output_size must be a whole number of 1 or more, got 0"):
        TwoLayerNet(4, 3, 0)


@pytest.mark.parametrize("value", [2.5, 0, -1, True])
def test_a_filter_size_that_is_not_a_whole_number(value):
    with raises(f"conv_param['filter_size'] must be a whole number of 1 or more, got {value!r}"):
        SimpleConvNet((1, 10, 10), {**CONV, "filter_size": value})
    with raises(f"conv_param_3['filter_size'] must be a whole number of 1 or more, got {value!r}"):
        DeepConvNet(conv_param_3={"filter_num": 32, "filter_size": value, "pad": 1, "stride": 1})


def test_a_conv_param_without_pad():
    with raises("conv_param has no 'pad'; it needs filter_num, filter_size, pad and stride, e.g. "
                "{'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}"):
        SimpleConvNet((1, 10, 10), {"filter_num": 2, "filter_size": 3, "stride": 1})


@pytest.mark.parametrize("input_dim", [(1, 28.7, 28.7), (1, 0, 28), (28, 28)])
def test_input_dim_of_whole_numbers(input_dim):
    with raises(f"input_dim must be (channels, height, width), three whole numbers of 1 or more, got {input_dim!r}"):
        SimpleConvNet(input_dim)


@pytest.mark.parametrize("kwargs, message", [
    ({"weight_init_std": float("nan")}, "weight_init_std must be a number (finite, 0 or more; the book uses 0.01)"),
    ({"weight_init_std": -0.1}, "weight_init_std must be a number (finite, 0 or more; the book uses 0.01)"),
    ({"weight_decay_lambda": -1}, "weight_decay_lambda must be a finite number of 0 or more (0 turns weight decay "
                                  "off; the book tries 0.1), got -1"),
    ({"weight_decay_lambda": float("inf")}, "weight_decay_lambda must be a finite number of 0 or more"),
])
def test_initial_weights_and_decay(kwargs, message):
    with raises(message):
        MultiLayerNet(4, [3], 2, **kwargs)
    if "weight_init_std" in kwargs:
        with raises(message):
            SimpleConvNet((1, 10, 10), CONV, **kwargs)


def test_complex_input_is_refused():
    with raises("x holds complex numbers; the network computes with real ones"):
        TwoLayerNet(4, 3, 2).predict(np.ones((2, 4)) * (1 + 1j))


def test_gradient_steps_of_zero():
    net = TwoLayerNet(4, 3, 2, dtype=np.float64)
    with raises("h must be a small number above 0 (the book uses 1e-4), got 0"):
        gradient_check(net, np.ones((2, 4)), np.array([0, 1]), h=0)
    with raises("h must be a small number above 0 (the book uses 1e-4), got -0.001"):
        numerical_gradient(np.sum, np.zeros(3), h=-0.001)


def test_cross_entropy_of_a_three_dimensional_y():
    with raises("y must be one vector of class scores or a batch of shape (N, classes), got shape (2, 3, 4)"):
        cross_entropy_error(np.full((2, 3, 4), 0.25), np.zeros(2, int))


def test_conv_output_size_of_a_zero_filter():
    with raises("filter_size must be a whole number of 1 or more, got 0"):
        conv_output_size(5, 0)          # was 6
    with raises("input_size must be a whole number of 1 or more, got 2.5"):
        conv_output_size(2.5, 1)
    with raises("pool_h must be a whole number of 1 or more, got 0"):
        Pooling(0, 2)


# -- layers ----------------------------------------------------------------------------------------

def layers_with_state():
    return [Relu(), Sigmoid(), Affine(np.zeros((2, 2)), np.zeros(2)), SoftmaxWithLoss(),
            Convolution(W, b), BlockedConvolution(W, b), DirectConvolution(W, b), Pooling(2, 2, 2),
            FastPooling(2, 2, 2)]


@pytest.mark.parametrize("layer", layers_with_state(), ids=lambda layer: type(layer).__name__)
def test_backward_before_forward(layer):
    with raises(f"{type(layer).__name__}.backward was called before forward; run forward first"):
        layer.backward(np.ones((1, 2)))


def test_backward_before_a_training_forward():
    with raises("Dropout.backward needs a forward pass with train_flg=True first"):
        Dropout().backward(np.ones((1, 2)))
    bn = BatchNormalization(np.ones(2), np.zeros(2))
    bn.forward(np.ones((3, 2)), train_flg=False)
    with raises("BatchNormalization.backward needs a forward pass with train_flg=True first"):
        bn.backward(np.ones((3, 2)))


def test_mul_layer_stays_bare():
    """The graph pane steps through MulLayer's lines; it gets no checks (backward before forward is a TypeError)."""
    with pytest.raises(TypeError):
        MulLayer().backward(1.0)


def test_integer_images_in_batch_norm_and_pooling():
    bn = BatchNormalization(np.ones(3, np.float32), np.zeros(3, np.float32))
    out = bn.forward(np.arange(6).reshape(2, 3))          # was a casting error in the running mean
    assert out.dtype.kind == "f" and bn.running_mean.dtype == np.float32
    assert bn.backward(np.ones((2, 3), int)).dtype.kind == "f"
    for pool in (Pooling(2, 2, 2), FastPooling(2, 2, 2)):
        pool.forward(np.arange(16).reshape(1, 1, 4, 4))
        assert pool.backward(np.full((1, 1, 2, 2), 0.5)).sum() == 2.0   # was a casting error into int dx


def test_batch_norm_momentum():
    with raises("momentum must be a number from 0 to 1 (the share of the running averages kept at each step; "
                "the book uses 0.9), got 5"):
        BatchNormalization(np.ones(2), np.zeros(2), momentum=5)


# -- optimizers ------------------------------------------------------------------------------------

def test_a_boolean_learning_rate():
    with raises("lr (the learning rate) must be a finite number above 0, got True"):
        SGD(lr=True)


@pytest.mark.parametrize("optimizer", [SGD, Momentum, Adam])
def test_integer_parameters(optimizer):
    params = {"W": np.arange(3)}
    with raises("params['W'] is an array of int64; an optimizer changes parameters in place, so they must be "
                "floating point: use .astype(np.float32)"):
        optimizer().update(params, {"W": np.ones(3)})
    assert params["W"].tolist() == [0, 1, 2]


@pytest.mark.parametrize("optimizer", [Momentum, RMSprop, Adam])
def test_a_parameter_added_after_the_first_update(optimizer):
    opt = optimizer()
    params = {"W": np.zeros(2)}
    opt.update(params, {"W": np.ones(2)})
    params["b"] = np.zeros(2)
    with raises(f"parameter 'b' was not there at this {optimizer.__name__}'s first update"):
        opt.update(params, {"W": np.ones(2), "b": np.ones(2)})
    params = {"W": np.zeros(3)}
    with raises(f"parameter 'W' has shape (3,) but had (2,) at this {optimizer.__name__}'s first update"):
        opt.update(params, {"W": np.ones(3)})


def test_sgd_takes_a_parameter_added_later():
    """SGD keeps no state per parameter, so a new one is simply stepped (the book's SGD does the same)."""
    opt, params = SGD(lr=0.5), {"W": np.zeros(2)}
    opt.update(params, {"W": np.ones(2)})
    params["b"] = np.zeros(1)
    opt.update(params, {"W": np.ones(2), "b": np.ones(1)})
    assert params["b"].tolist() == [-0.5]
