"""The book's networks: TwoLayerNet, MultiLayerNet, MultiLayerNetExtend, SimpleConvNet and DeepConvNet.

Each is built as in the book, with its constructor arguments and defaults: a ``params`` dict
(``W1``, ``b1``, …, ``gamma1``, ``beta1``), an ordered ``layers`` dict with the book's names
(``Conv1``, ``Relu1``, ``Pool1``, ``Affine1``, …) and a ``last_layer`` (``SoftmaxWithLoss``).
Keyword-only additions: ``dtype`` (float32 by default, float64 for gradient checks; parameters
and activations stay in it end to end), ``rng`` (an int seed or a ``numpy.random.Generator``,
for the initial weights and the dropout masks) and, for the convolutional networks, ``conv``:
"fast" (the default) builds their convolution and pooling layers with the fast engine
(``BlockedConvolution``, ``FastPooling``), "book" with the book's ``Convolution`` and ``Pooling``.
Both have the same parameters, so a file saved with one loads into the other. The shared
machinery (predict, loss, accuracy, gradient, save/load, summary) lives in ``Network``, the base class.
"""
import math
from dataclasses import dataclass

import numpy as np

from workbench.memory import check_fits
from workbench.nn import params_io
from workbench.nn.checks import as_rng  # noqa: F401 - also imported from here (trainer, models)
from workbench.nn.fast_conv import BlockedConvolution, FastAffine, FastPooling, FastRelu, chain_relus
from workbench.nn.functions import labels_of
from workbench.nn.gradient import numerical_gradient
from workbench.nn.im2col import check_whole, conv_output_size
from workbench.nn.layers import (Affine, BatchNormalization, Convolution, Dropout, Pooling, Relu,
                                 Sigmoid, SoftmaxWithLoss)

_DTYPES = (np.float32, np.float64)
_GRAD_NAMES = {"W": "dW", "b": "db", "gamma": "dgamma", "beta": "dbeta"}
_RUNNING_STATS = ("running_mean", "running_var")


def _check_dtype(dtype):
    dtype = np.dtype(dtype)
    if dtype.type not in _DTYPES:
        raise ValueError(f"dtype must be np.float32 or np.float64, got {dtype}")
    return dtype


@dataclass(frozen=True)
class LayerInfo:
    """One row of ``Network.summary()``: a layer's name, its class, and the shape of one sample."""
    name: str
    kind: str
    input_shape: tuple
    output_shape: tuple
    param_count: int


def _output_shape(layer, shape):
    """The per-sample output shape of ``layer`` for a per-sample input ``shape``, worked out analytically."""
    if isinstance(layer, (Convolution, BlockedConvolution)):
        FN, C, FH, FW = layer.W.shape
        _, H, W = shape
        return (FN, conv_output_size(H, FH, layer.stride, layer.pad),
                conv_output_size(W, FW, layer.stride, layer.pad))
    if isinstance(layer, (Pooling, FastPooling)):
        C, H, W = shape
        return (C, conv_output_size(H, layer.pool_h, layer.stride, layer.pad),
                conv_output_size(W, layer.pool_w, layer.stride, layer.pad))
    if isinstance(layer, Affine):
        return (layer.W.shape[1],)
    return tuple(shape)


class Network:
    """What every network of the book shares, given ``params``, ordered ``layers`` and ``last_layer``.

    A subclass builds those in ``__init__`` and then calls ``_bind()``, which pairs each parameter
    with the layer holding it: the i-th layer with a weight ``W`` holds ``W{i}``/``b{i}``, the j-th
    batch-norm layer ``gamma{j}``/``beta{j}``, as in the book.
    """

    input_shape = ()          # of one sample, e.g. (1, 28, 28) or (784,)
    weight_decay_lambda = 0

    def _bind(self):
        self._owners = {}     # param name -> (layer name, attribute)
        n_weights = n_norms = 0
        for name, layer in self.layers.items():
            if isinstance(layer, BatchNormalization):
                n_norms += 1
                pairs = (("gamma", n_norms), ("beta", n_norms))
            elif isinstance(getattr(layer, "W", None), np.ndarray):
                n_weights += 1
                pairs = (("W", n_weights), ("b", n_weights))
            else:
                continue
            for attr, i in pairs:
                self._owners[f"{attr}{i}"] = (name, attr)
                setattr(layer, attr, self.params[f"{attr}{i}"])
        assert set(self._owners) == set(self.params), "every parameter must belong to a layer"
        # the book's order, layer by layer (W1, b1, gamma1, beta1, W2, ...), the same arrays
        ordered = {key: self.params[key] for key in self._owners}
        self.params.clear()
        self.params.update(ordered)

    def _init_params(self, shapes, scales):
        """Gaussian weights times ``scales`` and zero biases, drawn in float64 then cast.

        Drawing in float64 first means a float32 and a float64 network built with the same seed
        start from the same weights (up to rounding), which the gradient-check lessons rely on.
        Sizes whose parameters cannot fit in memory are refused before anything is drawn.
        """
        count = sum(math.prod(shape) for shape in shapes)
        check_fits(count * (8 + self.dtype.itemsize), f"{type(self).__name__} with {count:,} parameters",
                   "parameters", network=type(self).__name__, count=count)
        for i, (shape, scale) in enumerate(zip(shapes, scales), start=1):
            self.params[f"W{i}"] = (scale * self.rng.standard_normal(shape)).astype(self.dtype)
            self.params[f"b{i}"] = np.zeros(shape[-1] if len(shape) == 2 else shape[0], self.dtype)

    def _check_input(self, x):
        """``x`` in the network's dtype, or a ValueError naming the shape it should have."""
        if np.iscomplexobj(x):
            raise ValueError("x holds complex numbers; the network computes with real ones "
                             "(pass x.real, or np.abs(x) for magnitudes)")
        x = np.asarray(x, dtype=self.dtype)
        sample = x.shape[1:]
        flat_ok = len(self.input_shape) == 1 and x.ndim > 1 and int(np.prod(sample)) == self.input_shape[0]
        if x.ndim < 2 or (sample != self.input_shape and not flat_ok):
            one = f"; one sample is x.reshape(1, {', '.join(map(str, x.shape))})" \
                if x.shape == tuple(self.input_shape) or x.size == math.prod(self.input_shape) else ""
            raise ValueError(f"x has shape {x.shape} but {type(self).__name__} expects "
                             f"(N, {', '.join(map(str, self.input_shape))}){one}")
        if x.shape[0] == 0:
            raise ValueError(f"x is an empty batch (shape {x.shape}); pass at least one sample")
        return x

    def predict(self, x, train_flg=False):
        """Scores (before softmax) for a batch ``x``; ``train_flg`` switches dropout and batch norm."""
        x = self._check_input(x)
        for layer in self.layers.values():
            if isinstance(layer, (Dropout, BatchNormalization)):
                x = layer.forward(x, train_flg)
            else:
                x = layer.forward(x)
        return x

    def loss(self, x, t, train_flg=False):
        """Cross-entropy loss of the batch, plus 0.5·λ·ΣW² when ``weight_decay_lambda`` is set.

        ``train_flg=False`` by default in every network (the book's DeepConvNet uses training mode),
        so that the loss is deterministic and a numerical gradient of it means something. Scores that
        overflowed to inf make the loss inf: softmax would take their limit, but the network has
        diverged, and a finite loss would hide it from the Trainer's guard.
        """
        y = self.predict(x, train_flg)
        loss = self.last_layer.forward(y, t)
        if not math.isfinite(y.sum()) and not np.isfinite(y).all():
            loss = np.inf if not np.isnan(y).any() else np.nan
        if self.weight_decay_lambda:
            for key, (_, attr) in self._owners.items():
                if attr == "W":
                    loss += 0.5 * self.weight_decay_lambda * np.sum(self.params[key] ** 2)
        return loss

    def accuracy(self, x, t, batch_size=100, *, classes=None):
        """Fraction of ``x`` classified as ``t`` (labels, a column of labels or one-hot), ``batch_size`` at a time.

        Batches keep memory flat (im2col of 10,000 images at once would need gigabytes); unlike the
        book's loop, the last partial batch counts too. ``classes``, an integer array of ``len(x)``,
        receives each image's predicted class, so a caller that shows them needs no second pass.
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise ValueError(f"batch_size must be a whole number of 1 or more, got {batch_size!r}")
        t = np.asarray(t)
        if len(x) != len(t):
            raise ValueError(f"x has {len(x)} samples but t has {len(t)} labels")
        if len(x) == 0:
            raise ValueError("accuracy of an empty batch is undefined; pass at least one sample")
        t = labels_of(t, len(t), self.summary()[-1].input_shape[-1])
        _check_finite(x)
        correct = 0
        for i in range(0, len(x), batch_size):
            y = self.predict(x[i:i + batch_size], train_flg=False)
            scored = np.isfinite(y).all(axis=1)      # NaN scores (a diverged network) classify nothing
            predicted = np.argmax(y, axis=1)
            if classes is not None:
                classes[i:i + batch_size] = predicted
            correct += int(np.sum((predicted == t[i:i + batch_size]) & scored))
        return correct / len(x)

    def gradient(self, x, t):
        """Gradients of the loss by backpropagation, as a dict with the keys of ``params``.

        Runs one forward pass in training mode and keeps its loss in ``last_loss`` (the Trainer
        records it instead of paying for another forward pass). The arrays are the layers' own
        ``dW``/``db``…, overwritten by the next call: copy them to keep them.
        """
        self.last_loss = self.loss(x, t, train_flg=True)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        grads = {}
        for key, (name, attr) in self._owners.items():
            grads[key] = getattr(self.layers[name], _GRAD_NAMES[attr])
            if attr == "W" and self.weight_decay_lambda:
                grads[key] = grads[key] + self.weight_decay_lambda * self.params[key]
        return grads

    def numerical_gradient(self, x, t):
        """Gradients by central differences (slow; use float64 and a tiny batch), keys as ``params``.

        The loss is taken in training mode, as ``gradient`` does, so batch norm uses the batch's
        statistics in both (as the book's MultiLayerNetExtend); with dropout, set the layers'
        ``dropout_ratio`` to 0 first, or the random masks make the comparison meaningless.
        """
        loss_w = lambda _: self.loss(x, t, train_flg=True)
        return {key: numerical_gradient(loss_w, self.params[key]) for key in self.params}

    def summary(self):
        """The layers in order as ``LayerInfo`` rows, then the loss layer, for panes to draw.

        Shapes are per sample and worked out analytically from the layers' settings, so nothing
        runs and no layer's cached forward values are disturbed.
        """
        rows, shape = [], tuple(self.input_shape)
        for name, layer in self.layers.items():
            out = _output_shape(layer, shape if not isinstance(layer, Affine) else (int(np.prod(shape)),))
            count = sum(getattr(layer, attr).size for attr in _GRAD_NAMES
                        if isinstance(getattr(layer, attr, None), np.ndarray))
            rows.append(LayerInfo(name, type(layer).__name__, shape, out, count))
            shape = out
        rows.append(LayerInfo("last_layer", type(self.last_layer).__name__, shape, (), 0))
        return rows

    def _state(self):
        """Arrays besides ``params`` that predictions depend on: batch norm's running statistics."""
        state = {}
        for name, layer in self.layers.items():
            for attr in _RUNNING_STATS:
                value = getattr(layer, attr, None)
                if isinstance(value, np.ndarray):
                    state[f"{name}.{attr}"] = value
        return state

    def save_params(self, file_name="params.npz", *, epoch=None):
        """Save ``params`` (and batch-norm running statistics) to an ``.npz`` file, atomically;
        ``epoch`` records how many epochs they were trained (``params_io.saved_epoch`` reads it)."""
        params_io.save_arrays(file_name, {**self.params, **self._state()}, type(self).__name__, epoch=epoch)

    def load_params(self, file_name="params.npz"):
        """Load parameters saved by ``save_params`` into this network, in place.

        Names, shapes and dtypes are checked before anything changes, so a bad file raises a
        ValueError and leaves the network as it was. Optimizer state keyed by name stays valid.
        """
        optional = {}
        for name, layer in self.layers.items():
            if isinstance(layer, BatchNormalization):
                template = np.empty(layer.gamma.shape, self.dtype)
                optional.update({f"{name}.{attr}": template for attr in _RUNNING_STATS})
        arrays = params_io.load_arrays(file_name, self.params, type(self).__name__, optional)
        for key in self.params:
            self.params[key][...] = arrays[key]
        for name, layer in self.layers.items():
            for attr in _RUNNING_STATS:
                if hasattr(layer, attr) and isinstance(layer, BatchNormalization):
                    saved = arrays.get(f"{name}.{attr}")
                    setattr(layer, attr, None if saved is None else saved.copy())
        self._bind()


def _check_finite(x):
    """Raise a ValueError naming the first sample of ``x`` that holds NaN or inf."""
    x = np.asarray(x)
    if x.dtype.kind in "fc":
        finite = np.isfinite(x.reshape(len(x), -1)).all(axis=1)
        if not finite.all():
            bad = np.flatnonzero(~finite)
            raise ValueError(f"x holds NaN or inf in {len(bad)} sample(s) (the first is sample {bad[0]}); "
                             f"no class can be predicted for them: drop or repair those samples")


class TwoLayerNet(Network):
    """Affine → ReLU → Affine → softmax (chapter 5), weights ``weight_init_std`` × N(0, 1)."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, *,
                 dtype=np.float32, rng=None):
        self.dtype, self.rng = _check_dtype(dtype), as_rng(rng)
        _check_sizes(input_size=input_size, hidden_size=hidden_size, output_size=output_size)
        self.input_shape = (input_size,)
        self.params = {}
        self._init_params([(input_size, hidden_size), (hidden_size, output_size)],
                          _init_scales(weight_init_std, [input_size, hidden_size]))
        self.layers = {"Affine1": Affine(self.params["W1"], self.params["b1"]),
                       "Relu1": Relu(),
                       "Affine2": Affine(self.params["W2"], self.params["b2"])}
        self.last_layer = SoftmaxWithLoss()
        self._bind()


def _init_scales(weight_init_std, sizes):
    """The book's per-layer weight scale: a number, or 'relu'/'he' (√(2/n)) or 'sigmoid'/'xavier' (√(1/n))."""
    name = str(weight_init_std).lower()
    if name in ("relu", "he"):
        return [np.sqrt(2.0 / n) for n in sizes]
    if name in ("sigmoid", "xavier"):
        return [np.sqrt(1.0 / n) for n in sizes]
    if _is_number(weight_init_std) and math.isfinite(weight_init_std) and weight_init_std >= 0:
        return [float(weight_init_std)] * len(sizes)
    raise ValueError(f"weight_init_std must be a number (finite, 0 or more; the book uses 0.01), "
                     f"'relu'/'he' or 'sigmoid'/'xavier', got {weight_init_std!r}")


def _is_number(value):
    """True for a real int or float (NumPy's too), not a bool or a string."""
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _check_weight_decay(weight_decay_lambda):
    if not _is_number(weight_decay_lambda) or not math.isfinite(weight_decay_lambda) or weight_decay_lambda < 0:
        raise ValueError(f"weight_decay_lambda must be a finite number of 0 or more (0 turns weight decay "
                         f"off; the book tries 0.1), got {weight_decay_lambda!r}")
    return weight_decay_lambda


def _check_sizes(**sizes):
    """Raise a ValueError unless every size is a whole number of 1 or more (lists: every entry)."""
    for name, size in sizes.items():
        if name.endswith("_list") and not isinstance(size, (list, tuple)):
            raise ValueError(f"{name} must be a list of layer sizes such as [100, 100], got {size!r}")
        if isinstance(size, (list, tuple)):
            for i, entry in enumerate(size):
                if isinstance(entry, bool) or not isinstance(entry, (int, np.integer)) or entry < 1:
                    raise ValueError(f"{name} must hold whole numbers of 1 or more (neurons per hidden "
                                     f"layer), got {entry!r} at position {i} of {list(size)}")
        else:
            check_whole(size, name)


_ACTIVATIONS = {"relu": Relu, "sigmoid": Sigmoid}


class MultiLayerNet(Network):
    """A fully connected net of any depth (chapter 6): Affine → activation, repeated, then Affine."""

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, *, dtype=np.float32, rng=None):
        self._build(input_size, hidden_size_list, output_size, activation, weight_init_std,
                    weight_decay_lambda, dtype, rng, use_batchnorm=False, use_dropout=False)

    def _build(self, input_size, hidden_size_list, output_size, activation, weight_init_std,
               weight_decay_lambda, dtype, rng, use_batchnorm, use_dropout, dropout_ration=0.5):
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
        self.dtype, self.rng = _check_dtype(dtype), as_rng(rng)
        _check_sizes(input_size=input_size, hidden_size_list=hidden_size_list, output_size=output_size)
        self.input_size, self.output_size = input_size, output_size
        self.hidden_size_list = list(hidden_size_list)
        self.hidden_layer_num = len(self.hidden_size_list)
        self.weight_decay_lambda = _check_weight_decay(weight_decay_lambda)
        self.input_shape = (input_size,)
        sizes = [input_size] + self.hidden_size_list + [output_size]
        self.params = {}
        self._init_params(list(zip(sizes[:-1], sizes[1:])), _init_scales(weight_init_std, sizes[:-1]))
        self.layers = {}
        for i in range(1, self.hidden_layer_num + 1):
            self.layers[f"Affine{i}"] = Affine(self.params[f"W{i}"], self.params[f"b{i}"])
            if use_batchnorm:
                self.params[f"gamma{i}"] = np.ones(sizes[i], self.dtype)
                self.params[f"beta{i}"] = np.zeros(sizes[i], self.dtype)
                self.layers[f"BatchNorm{i}"] = BatchNormalization(self.params[f"gamma{i}"],
                                                                  self.params[f"beta{i}"])
            self.layers[f"Activation_function{i}"] = _ACTIVATIONS[activation]()
            if use_dropout:
                self.layers[f"Dropout{i}"] = Dropout(dropout_ration, rng=self.rng)
        last = self.hidden_layer_num + 1
        self.layers[f"Affine{last}"] = Affine(self.params[f"W{last}"], self.params[f"b{last}"])
        self.last_layer = SoftmaxWithLoss()
        self._bind()


class MultiLayerNetExtend(MultiLayerNet):
    """MultiLayerNet with optional batch normalization and dropout after each hidden Affine (chapter 6).

    ``dropout_ration`` keeps the book's spelling so the book's calls run unchanged.
    """

    def __init__(self, input_size, hidden_size_list, output_size, activation="relu",
                 weight_init_std="relu", weight_decay_lambda=0, use_dropout=False,
                 dropout_ration=0.5, use_batchnorm=False, *, dtype=np.float32, rng=None):
        self.use_dropout, self.use_batchnorm = use_dropout, use_batchnorm
        self._build(input_size, hidden_size_list, output_size, activation, weight_init_std,
                    weight_decay_lambda, dtype, rng, use_batchnorm, use_dropout, dropout_ration)


CONV_FORMS = {"fast": (BlockedConvolution, FastPooling, FastRelu, FastAffine),
              "book": (Convolution, Pooling, Relu, Affine)}
_CONV_KEYS = ("filter_num", "filter_size", "pad", "stride")


def _conv_form(conv):
    """(convolution, pooling, ReLU after a convolution, Affine) classes for ``conv``: 'fast' or 'book'."""
    if not isinstance(conv, str) or conv not in CONV_FORMS:
        raise ValueError(f"conv must be 'fast' (BlockedConvolution and FastPooling, the default) or 'book' "
                         f"(the book's Convolution and Pooling), got {conv!r}")
    return CONV_FORMS[conv]


def _make_conv(conv_class, W, b, stride, pad, first):
    """A convolution layer; the fast one skips the input gradient of a network's first layer."""
    if conv_class is BlockedConvolution:
        return conv_class(W, b, stride, pad, input_grad=not first)
    return conv_class(W, b, stride, pad)


def _relu_after(relu_class, conv):
    """The ReLU after ``conv``; the fast engine's lets the convolution rectify its output as it makes it."""
    relu = relu_class()
    return relu.follow(conv) if hasattr(relu, "follow") else relu


def _check_conv_param(conv_param, name="conv_param"):
    """``conv_param`` as the four whole numbers it must hold, or a ValueError naming what is wrong."""
    example = "{'filter_num': 30, 'filter_size': 5, 'pad': 0, 'stride': 1}"
    if not isinstance(conv_param, dict):
        raise ValueError(f"{name} must be a dict such as {example}, got {conv_param!r}")
    missing = [key for key in _CONV_KEYS if key not in conv_param]
    if missing:
        raise ValueError(f"{name} has no {', '.join(map(repr, missing))}; it needs filter_num, filter_size, "
                         f"pad and stride, e.g. {example}")
    for key in _CONV_KEYS:
        value, least = conv_param[key], 0 if key == "pad" else 1
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise ValueError(f"{name}['{key}'] must be a whole number of {least} or more, got {value!r}")
    return [int(conv_param[key]) for key in _CONV_KEYS]


def _conv_shape(shape, filter_num, filter_size, stride, pad):
    _, H, W = shape
    return (filter_num, conv_output_size(H, filter_size, stride, pad),
            conv_output_size(W, filter_size, stride, pad))


def _pool_shape(shape, after):
    """Shape after the book's 2×2, stride-2 max pooling, which needs an even height and width."""
    C, H, W = shape
    if H % 2 or W % 2:
        raise ValueError(f"the 2x2 pooling after {after} needs an even height and width, but {after} "
                         f"outputs {H}x{W}; change input_dim or the convolution's filter_size/pad/stride")
    return (C, H // 2, W // 2)


def _check_input_dim(input_dim):
    if not isinstance(input_dim, (tuple, list)) or len(input_dim) != 3 or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1 for v in input_dim):
        raise ValueError(f"input_dim must be (channels, height, width), three whole numbers of 1 or more, "
                         f"got {input_dim!r}")
    return tuple(int(v) for v in input_dim)


class SimpleConvNet(Network):
    """Conv → ReLU → Pool → Affine → ReLU → Affine → softmax (chapter 7).

    ``conv="fast"`` (the default) builds Conv1 and Pool1 as ``BlockedConvolution`` and ``FastPooling``;
    as the convolution's input gradient is never needed (the input is data), Conv1 skips it (about a
    fifth of a training step). ``conv="book"`` builds the book's ``Convolution`` and ``Pooling``.
    """

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param={"filter_num": 30, "filter_size": 5, "pad": 0, "stride": 1},
                 hidden_size=100, output_size=10, weight_init_std=0.01, *, dtype=np.float32, rng=None,
                 conv="fast"):
        self.dtype, self.rng = _check_dtype(dtype), as_rng(rng)
        conv_class, pool_class, relu_class, affine_class = _conv_form(conv)
        self.input_shape = _check_input_dim(input_dim)
        filter_num, filter_size, pad, stride = _check_conv_param(conv_param)
        _check_sizes(hidden_size=hidden_size, output_size=output_size)
        conv_shape = _conv_shape(self.input_shape, filter_num, filter_size, stride, pad)
        pool_output_size = int(np.prod(_pool_shape(conv_shape, "Conv1")))
        scales = _init_scales(weight_init_std, [self.input_shape[0] * filter_size ** 2, pool_output_size,
                                                hidden_size])
        self.params = {}
        self._init_params([(filter_num, self.input_shape[0], filter_size, filter_size),
                           (pool_output_size, hidden_size), (hidden_size, output_size)], scales)
        conv1 = _make_conv(conv_class, self.params["W1"], self.params["b1"], stride, pad, first=True)
        self.layers = {
            "Conv1": conv1,
            "Relu1": _relu_after(relu_class, conv1),
            "Pool1": pool_class(pool_h=2, pool_w=2, stride=2),
            "Affine1": affine_class(self.params["W2"], self.params["b2"]),
            "Relu2": Relu(),
            "Affine2": affine_class(self.params["W3"], self.params["b3"]),
        }
        self.last_layer = SoftmaxWithLoss()
        chain_relus(self.layers.values())
        self._bind()


_DEEP_DEFAULTS = [{"filter_num": 16, "filter_size": 3, "pad": 1, "stride": 1},
                  {"filter_num": 16, "filter_size": 3, "pad": 1, "stride": 1},
                  {"filter_num": 32, "filter_size": 3, "pad": 1, "stride": 1},
                  {"filter_num": 32, "filter_size": 3, "pad": 2, "stride": 1},
                  {"filter_num": 64, "filter_size": 3, "pad": 1, "stride": 1},
                  {"filter_num": 64, "filter_size": 3, "pad": 1, "stride": 1}]


class DeepConvNet(Network):
    """Six 3×3 convolutions with ReLU, a max pool after every two, then Affine → ReLU → Dropout →
    Affine → Dropout → softmax (chapter 8; about 99.4 % on MNIST in the book).

    He initialisation (√(2/fan-in)) as the book. The first Affine's fan-in is computed from the
    shapes (64·4·4 for 28×28 input, the book's constant), so smaller inputs work for lessons and tests.
    ``conv`` picks the convolution and pooling layers as in ``SimpleConvNet``.
    """

    def __init__(self, input_dim=(1, 28, 28),
                 conv_param_1=_DEEP_DEFAULTS[0], conv_param_2=_DEEP_DEFAULTS[1],
                 conv_param_3=_DEEP_DEFAULTS[2], conv_param_4=_DEEP_DEFAULTS[3],
                 conv_param_5=_DEEP_DEFAULTS[4], conv_param_6=_DEEP_DEFAULTS[5],
                 hidden_size=50, output_size=10, *, dtype=np.float32, rng=None, conv="fast"):
        self.dtype, self.rng = _check_dtype(dtype), as_rng(rng)
        conv_class, pool_class, relu_class, affine_class = _conv_form(conv)
        self.input_shape = _check_input_dim(input_dim)
        _check_sizes(hidden_size=hidden_size, output_size=output_size)
        conv_params = [conv_param_1, conv_param_2, conv_param_3, conv_param_4, conv_param_5, conv_param_6]
        conv_params = [_check_conv_param(p, f"conv_param_{i}") for i, p in enumerate(conv_params, start=1)]
        shapes, fan_ins, shape = [], [], self.input_shape
        for i, (filter_num, filter_size, pad, stride) in enumerate(conv_params):
            shapes.append((filter_num, shape[0], filter_size, filter_size))
            fan_ins.append(shape[0] * filter_size ** 2)
            shape = _conv_shape(shape, filter_num, filter_size, stride, pad)
            if i % 2 == 1:
                shape = _pool_shape(shape, f"Conv{i + 1}")
        flat = int(np.prod(shape))
        shapes += [(flat, hidden_size), (hidden_size, output_size)]
        fan_ins += [flat, hidden_size]
        self.params = {}
        self._init_params(shapes, [np.sqrt(2.0 / n) for n in fan_ins])
        self.layers = {}
        for i, (_, _, pad, stride) in enumerate(conv_params, start=1):
            self.layers[f"Conv{i}"] = _make_conv(conv_class, self.params[f"W{i}"], self.params[f"b{i}"],
                                                 stride, pad, first=i == 1)
            self.layers[f"Relu{i}"] = _relu_after(relu_class, self.layers[f"Conv{i}"])
            if i % 2 == 0:
                self.layers[f"Pool{i // 2}"] = pool_class(pool_h=2, pool_w=2, stride=2)
        self.layers["Affine1"] = affine_class(self.params["W7"], self.params["b7"])
        self.layers["Relu7"] = Relu()
        self.layers["Dropout1"] = Dropout(0.5, rng=self.rng)
        self.layers["Affine2"] = affine_class(self.params["W8"], self.params["b8"])
        self.layers["Dropout2"] = Dropout(0.5, rng=self.rng)
        self.last_layer = SoftmaxWithLoss()
        chain_relus(self.layers.values())
        self._bind()
