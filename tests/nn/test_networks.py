"""The book's networks: backprop against numerical gradients, dtypes, shapes, summary, bad input."""
import numpy as np
import pytest

from workbench.nn.gradient import gradient_check
from workbench.nn.layers import Dropout
from workbench.nn.networks import (DeepConvNet, LayerInfo, MultiLayerNet, MultiLayerNetExtend,
                                   SimpleConvNet, TwoLayerNet)

TINY_CONV = {"filter_num": 3, "filter_size": 3, "pad": 0, "stride": 1}


def tiny_deep_params():
    sizes = [(2, 1), (2, 1), (3, 1), (3, 2), (4, 1), (4, 1)]
    return {f"conv_param_{i}": {"filter_num": n, "filter_size": 3, "pad": p, "stride": 1}
            for i, (n, p) in enumerate(sizes, start=1)}


# name -> (factory(dtype, rng), one sample's shape)
TINY = {
    "TwoLayerNet": (lambda **kw: TwoLayerNet(12, 5, 3, weight_init_std=0.5, **kw), (12,)),
    "MultiLayerNet relu decay": (
        lambda **kw: MultiLayerNet(12, [6, 5], 3, weight_decay_lambda=0.1, **kw), (12,)),
    "MultiLayerNet sigmoid": (
        lambda **kw: MultiLayerNet(12, [6], 3, activation="sigmoid", weight_init_std="sigmoid", **kw),
        (12,)),
    "MultiLayerNetExtend bn dropout": (
        lambda **kw: MultiLayerNetExtend(12, [6, 5], 3, use_batchnorm=True, use_dropout=True,
                                         weight_decay_lambda=0.05, **kw), (12,)),
    "SimpleConvNet": (
        lambda **kw: SimpleConvNet((1, 10, 10), TINY_CONV, hidden_size=6, output_size=4,
                                   weight_init_std=0.3, **kw), (1, 10, 10)),
    "SimpleConvNet 2ch pad stride": (
        lambda **kw: SimpleConvNet((2, 7, 11), {"filter_num": 2, "filter_size": 3, "pad": 1, "stride": 2},
                                   hidden_size=5, output_size=3, weight_init_std=0.3, **kw), (2, 7, 11)),
    "DeepConvNet": (
        lambda **kw: DeepConvNet((1, 12, 12), **tiny_deep_params(), hidden_size=6, output_size=4, **kw),
        (1, 12, 12)),
    "SimpleConvNet book": (
        lambda **kw: SimpleConvNet((2, 7, 11), {"filter_num": 2, "filter_size": 3, "pad": 1, "stride": 2},
                                   hidden_size=5, output_size=3, weight_init_std=0.3, conv="book", **kw), (2, 7, 11)),
    "DeepConvNet book": (
        lambda **kw: DeepConvNet((1, 12, 12), **tiny_deep_params(), hidden_size=6, output_size=4, conv="book",
                                 **kw), (1, 12, 12)),
}
CONV_NETS = {  # name -> factory(conv, dtype, rng), one sample's shape
    "SimpleConvNet": (lambda **kw: SimpleConvNet((2, 10, 8), {"filter_num": 4, "filter_size": 3, "pad": 1, "stride": 1},
                                                 hidden_size=7, output_size=5, weight_init_std=0.2, **kw), (2, 10, 8)),
    "DeepConvNet": TINY["DeepConvNet"],
}


def make(name, dtype=np.float64, seed=0, n=4):
    factory, sample = TINY[name]
    net = factory(dtype=dtype, rng=seed)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal((n, *sample)).astype(dtype)
    classes = net.params[f"b{sum(k.startswith('W') for k in net.params)}"].size
    t = rng.integers(0, classes, n)
    return net, x, t


def no_dropout(net):
    for layer in net.layers.values():
        if isinstance(layer, Dropout):
            layer.dropout_ratio = 0.0


@pytest.mark.parametrize("name", TINY)
def test_gradient_matches_numerical_gradient(name):
    net, x, t = make(name)
    no_dropout(net)
    grads = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)
    assert set(grads) == set(net.params) == set(numeric)
    for key in net.params:
        assert grads[key].shape == net.params[key].shape, key
        np.testing.assert_allclose(grads[key], numeric[key], rtol=1e-4, atol=1e-6, err_msg=key)


@pytest.mark.parametrize("name", ["SimpleConvNet", "DeepConvNet", "MultiLayerNetExtend bn dropout"])
def test_gradient_check_of_the_library_agrees(name):
    net, x, t = make(name)
    no_dropout(net)
    report = gradient_check(net, x, t, num_samples=10, rng=0, floor=1e-6)   # b before batch norm: grad ~0
    assert set(report) == set(net.params)
    for key, row in report.items():
        assert row.max_relative_error < 1e-4, (key, row)


@pytest.mark.parametrize("name", TINY)
def test_float32_stays_float32_through_every_layer_and_gradient(name):
    net, x, t = make(name, dtype=np.float32)
    assert x.dtype == np.float32
    assert all(p.dtype == np.float32 for p in net.params.values())
    out = x
    for layer_name, layer in net.layers.items():
        out = layer.forward(out, True) if isinstance(layer, Dropout) or "BatchNorm" in layer_name \
            else layer.forward(out)
        assert out.dtype == np.float32, layer_name
    assert net.predict(x).dtype == np.float32
    grads = net.gradient(x, t)
    assert {k: g.dtype for k, g in grads.items()} == {k: np.dtype(np.float32) for k in grads}
    assert np.asarray(net.last_loss).dtype in (np.float32, np.float64)   # a scalar; its value is checked below
    assert np.isfinite(net.last_loss)


def test_float64_data_is_cast_to_a_float32_networks_dtype():
    net, x, _ = make("SimpleConvNet", dtype=np.float32)
    assert net.predict(x.astype(np.float64)).dtype == np.float32


def test_the_same_seed_gives_the_same_weights_in_both_dtypes():
    a, _, _ = make("SimpleConvNet", dtype=np.float32, seed=3)
    b, _, _ = make("SimpleConvNet", dtype=np.float64, seed=3)
    c, _, _ = make("SimpleConvNet", dtype=np.float64, seed=4)
    for key in a.params:
        np.testing.assert_allclose(a.params[key], b.params[key], rtol=1e-6)
    assert not np.allclose(b.params["W1"], c.params["W1"])


def test_book_configurations_have_the_books_shapes_and_layer_names():
    simple = SimpleConvNet()
    assert {k: v.shape for k, v in simple.params.items()} == {
        "W1": (30, 1, 5, 5), "b1": (30,), "W2": (4320, 100), "b2": (100,), "W3": (100, 10), "b3": (10,)}
    assert list(simple.layers) == ["Conv1", "Relu1", "Pool1", "Affine1", "Relu2", "Affine2"]
    assert simple.layers["Conv1"].input_grad is False
    assert simple.params["W1"].std() == pytest.approx(0.01, rel=0.2)

    deep = DeepConvNet()
    assert [deep.params[f"W{i}"].shape for i in range(1, 9)] == [
        (16, 1, 3, 3), (16, 16, 3, 3), (32, 16, 3, 3), (32, 32, 3, 3), (64, 32, 3, 3), (64, 64, 3, 3),
        (64 * 4 * 4, 50), (50, 10)]
    assert list(deep.layers) == [
        "Conv1", "Relu1", "Conv2", "Relu2", "Pool1", "Conv3", "Relu3", "Conv4", "Relu4", "Pool2",
        "Conv5", "Relu5", "Conv6", "Relu6", "Pool3", "Affine1", "Relu7", "Dropout1", "Affine2", "Dropout2"]
    assert deep.params["W2"].std() == pytest.approx(np.sqrt(2 / (16 * 9)), rel=0.1)   # He
    assert [deep.layers[f"Conv{i}"].input_grad for i in range(1, 7)] == [False] + [True] * 5

    extend = MultiLayerNetExtend(784, [100, 100], 10, use_batchnorm=True, use_dropout=True)
    assert list(extend.layers)[:4] == ["Affine1", "BatchNorm1", "Activation_function1", "Dropout1"]
    assert set(extend.params) == {"W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1", "gamma2", "beta2"}


def test_first_conv_backward_skips_the_input_gradient():
    net, x, t = make("SimpleConvNet")
    net.gradient(x, t)
    assert net.layers["Conv1"].backward(np.ones((len(x), 3, 8, 8))) is None


@pytest.mark.parametrize("conv, conv_kind, relu_kind, pool_kind, affine_kind", [
    ("fast", "BlockedConvolution", "FastRelu", "FastPooling", "FastAffine"),
    ("book", "Convolution", "Relu", "Pooling", "Affine")])
def test_summary_lists_layers_with_output_shapes_and_parameter_counts(conv, conv_kind, relu_kind, pool_kind,
                                                                     affine_kind):
    net = SimpleConvNet(conv=conv)
    rows = net.summary()
    assert all(isinstance(r, LayerInfo) for r in rows)
    assert [(r.name, r.kind, r.output_shape, r.param_count) for r in rows] == [
        ("Conv1", conv_kind, (30, 24, 24), 30 * 25 + 30),
        ("Relu1", relu_kind, (30, 24, 24), 0),
        ("Pool1", pool_kind, (30, 12, 12), 0),
        ("Affine1", affine_kind, (100,), 4320 * 100 + 100),
        ("Relu2", "Relu", (100,), 0),
        ("Affine2", affine_kind, (10,), 1010),
        ("last_layer", "SoftmaxWithLoss", (), 0)]
    assert rows[0].input_shape == (1, 28, 28) and rows[3].input_shape == (30, 12, 12)
    assert sum(r.param_count for r in rows) == sum(p.size for p in net.params.values())
    with pytest.raises(Exception):
        rows[0].name = "x"


@pytest.mark.parametrize("name", TINY)
def test_summary_shapes_agree_with_a_real_forward_pass(name):
    net, x, _ = make(name)
    out = x
    for row, (layer_name, layer) in zip(net.summary(), net.layers.items()):
        out = layer.forward(out, False) if isinstance(layer, Dropout) or "BatchNorm" in layer_name \
            else layer.forward(out)
        assert out.shape[1:] == row.output_shape, layer_name


def test_accuracy_is_batched_and_counts_the_last_partial_batch():
    net, x, t = make("SimpleConvNet", n=23)
    expected = np.mean(np.argmax(net.predict(x), axis=1) == t)
    assert net.accuracy(x, t, batch_size=5) == pytest.approx(expected)
    one_hot = np.eye(4)[t]
    assert net.accuracy(x, one_hot, batch_size=100) == pytest.approx(expected)


def test_wrong_input_shape_names_the_shapes():
    net, x, t = make("SimpleConvNet")
    with pytest.raises(ValueError, match=r"x has shape \(4, 3, 10, 10\) but SimpleConvNet expects \(N, 1, 10, 10\)"):
        net.predict(np.zeros((4, 3, 10, 10)))
    mlp, _, _ = make("TwoLayerNet")
    assert mlp.predict(np.zeros((2, 3, 4))).shape == (2, 3)      # flattened like Affine does
    with pytest.raises(ValueError, match="expects \\(N, 12\\)"):
        mlp.predict(np.zeros((2, 13)))


@pytest.mark.parametrize("kwargs, message", [
    ({"dtype": np.int32}, "dtype must be np.float32 or np.float64"),
    ({"rng": "seed"}, "rng must be None, an int seed"),
])
def test_bad_constructor_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TwoLayerNet(4, 3, 2, **kwargs)


def test_bad_activation_and_init_are_named():
    with pytest.raises(ValueError, match="activation must be one of"):
        MultiLayerNet(4, [3], 2, activation="tanh")
    with pytest.raises(ValueError, match="weight_init_std must be a number"):
        MultiLayerNet(4, [3], 2, weight_init_std="lecun")


def test_a_filter_larger_than_the_input_is_a_clear_error():
    with pytest.raises(ValueError, match="filter"):
        SimpleConvNet((1, 4, 4), {"filter_num": 2, "filter_size": 5, "pad": 0, "stride": 1})


def test_dropout_masks_follow_the_networks_seed():
    a, x, t = make("DeepConvNet", seed=5)
    b, _, _ = make("DeepConvNet", seed=5)
    a.gradient(x, t)
    b.gradient(x, t)
    assert a.last_loss == b.last_loss


def test_an_odd_size_before_pooling_names_the_layer_and_the_way_out():
    with pytest.raises(ValueError, match="2x2 pooling after Conv1 needs an even height and width, but Conv1 outputs 23x23"):
        SimpleConvNet((1, 27, 27))
    with pytest.raises(ValueError, match="after Conv6 needs an even height and width, but Conv6 outputs 3x3"):
        DeepConvNet((1, 12, 12), **{**tiny_deep_params(), "conv_param_4": {
            "filter_num": 3, "filter_size": 3, "pad": 1, "stride": 1}}, hidden_size=6, output_size=4)


@pytest.mark.parametrize("name", CONV_NETS)
def test_the_book_form_and_the_fast_engine_give_the_same_network(name, tmp_path):
    """Built from one seed, conv="book" and conv="fast" give the same loss and gradients (float64),
    and a file saved by either loads into the other."""
    factory, sample = CONV_NETS[name]
    book, fast = factory(conv="book", dtype=np.float64, rng=3), factory(conv="fast", dtype=np.float64, rng=3)
    no_dropout(book)
    no_dropout(fast)
    rng = np.random.default_rng(4)
    x = rng.standard_normal((6, *sample))
    t = rng.integers(0, 4, 6)
    assert book.loss(x, t) == pytest.approx(fast.loss(x, t), rel=1e-12)
    book_grads, fast_grads = book.gradient(x, t), fast.gradient(x, t)
    assert list(book_grads) == list(fast_grads) == list(book.params) == list(fast.params)
    for key in book_grads:
        np.testing.assert_allclose(fast_grads[key], book_grads[key], rtol=1e-10, atol=1e-12, err_msg=key)
    fast.save_params(tmp_path / "fast.npz")
    other = factory(conv="book", dtype=np.float64, rng=9)
    no_dropout(other)
    other.load_params(tmp_path / "fast.npz")
    np.testing.assert_array_equal(other.predict(x), book.predict(x))
    book.save_params(tmp_path / "book.npz")
    other = factory(conv="fast", dtype=np.float64, rng=9)
    no_dropout(other)
    other.load_params(tmp_path / "book.npz")
    np.testing.assert_array_equal(other.predict(x), fast.predict(x))


def test_conv_picks_the_layers_and_a_bad_value_lists_the_choices():
    book, fast = SimpleConvNet(conv="book"), SimpleConvNet()
    assert (type(book.layers["Conv1"]).__name__, type(book.layers["Pool1"]).__name__) == ("Convolution", "Pooling")
    assert (type(fast.layers["Conv1"]).__name__, type(fast.layers["Pool1"]).__name__) == ("BlockedConvolution",
                                                                                        "FastPooling")
    deep = DeepConvNet(conv="book")
    assert {type(layer).__name__ for name, layer in deep.layers.items() if name[:4] in ("Conv", "Pool")} == {
        "Convolution", "Pooling"}
    for net_class in (SimpleConvNet, DeepConvNet):
        with pytest.raises(ValueError, match="conv must be 'fast' .* or 'book' .*, got 'slow'"):
            net_class(conv="slow")
