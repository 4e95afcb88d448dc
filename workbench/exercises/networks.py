"""The book's networks assembled from one kit of classes: the library's or the learner's.

`Net.like(network, kit)` takes a network the library built (TwoLayerNet, MultiLayerNet,
SimpleConvNet: its layers in order, its initial weights) and builds the same network from the
kit's Affine, Relu, Convolution, Pooling and SoftmaxWithLoss, holding copies of the same
parameters. So a check or a training run on the learner's classes starts exactly where the
library's starts, and any difference in the numbers is their code's. `Net` has what the gradient
check and the library's Trainer use: `params`, ordered `layers` with the book's names, `predict`,
`loss`, `gradient` (after which `last_loss` holds the loss), `accuracy`. `exact_loss` makes a
learner's SoftmaxWithLoss give the loss the gradient check differentiates. Runs in the sandbox child.

What each layer returns, and the dW and db it leaves, is checked as it comes out (`Net.checked`): a
NumPy array of numbers of the shape the network needs, else a MineFailed naming that layer. Without
it a Relu.backward that forgot its `return` would surface as an error inside the next layer's code,
and a transposed dW as a shape error in the optimizer or the gradient check, blaming the wrong part.
"""
from __future__ import annotations

import numpy as np

from workbench.nn.functions import class_labels

KINDS = {"Affine": "Affine", "FastAffine": "Affine", "Relu": "Relu", "FastRelu": "Relu", "Sigmoid": "Sigmoid",
         "Convolution": "Convolution", "BlockedConvolution": "Convolution", "Pooling": "Pooling",
         "FastPooling": "Pooling"}
"""The library's layer classes → the exercise part that plays their role."""
GRADIENTS = {"W": "dW", "b": "db"}
LAST = "lastLayer"
"""The name of the loss layer, as the book's networks call it (self.lastLayer)."""


class Unsupported(ValueError):
    """The network has a layer that is not among the exercises (BatchNormalization, Dropout)."""

    def __init__(self, layer: str):
        super().__init__(layer)
        self.layer = layer


def parts_of(network) -> list[str]:
    """The exercise parts `Net.like(network, …)` builds it from, in the order they first appear."""
    parts = []
    for layer in network.layers.values():
        kind = KINDS.get(type(layer).__name__)
        if kind is None:
            raise Unsupported(type(layer).__name__)
        if kind not in parts:
            parts.append(kind)
    return parts + ["SoftmaxWithLoss"]


def output_shape(layer, shape: tuple) -> tuple:
    """The shape the library's `layer` gives for an input of `shape`: what the learner's layer in its
    place must return (a convolution's or a pooling's output size floored, as the book's im2col)."""
    kind = KINDS[type(layer).__name__]
    if kind == "Affine":
        return (shape[0], layer.W.shape[1])
    if kind in ("Convolution", "Pooling") and len(shape) == 4:
        n, c, h, w = shape
        if kind == "Convolution":
            fn, fh, fw = layer.W.shape[0], layer.W.shape[2], layer.W.shape[3]
        else:
            fn, fh, fw = c, layer.pool_h, layer.pool_w
        return (n, fn, (h + 2 * layer.pad - fh) // layer.stride + 1, (w + 2 * layer.pad - fw) // layer.stride + 1)
    return tuple(shape)


def _failed(key: str, part: str, hint: tuple[str, dict] | None = None, **values):
    """A MineFailed naming the learner's `part`, with a grader-style message (and hint)."""
    from workbench.exercises.grader import plain
    from workbench.exercises.runner import MineFailed

    message = {"key": f"exercises.msg.{key}", "values": {k: plain(v) for k, v in values.items()}}
    if hint is not None:
        message["hint"] = {"key": f"exercises.hint.{hint[0]}", "values": {k: str(v) for k, v in hint[1].items()}}
    return MineFailed(message, part)


class Net:
    """A network of the book built from `kit`'s classes (see the module)."""

    def __init__(self, params: dict, layers: dict, owners: dict, last, library: dict | None = None):
        self.params, self.layers, self.last_layer = params, layers, last
        self._owners = owners
        """param name → (layer name, "W" or "b")"""
        self._library = library or {}
        """layer name → the library's layer it stands for (its kind and shapes)"""
        self._inputs: dict = {}
        """layer name → the shape of what its last forward got (what its backward must give back)"""
        self.dtype = next(iter(params.values())).dtype
        self.last_loss = None
        self.on_layer = lambda: None
        """Called after each layer's forward and backward: a run in the sandbox says it is alive with it."""

    @classmethod
    def like(cls, network, kit, dtype=None) -> "Net":
        """`network`'s layers rebuilt from `kit`, with copies of its parameters (in `dtype` if given)."""
        parts_of(network)                      # Unsupported before anything is built
        owners = dict(network._owners)
        params = {key: np.array(value, dtype=dtype or value.dtype) for key, value in network.params.items()}
        held = {(layer, attr): params[key] for key, (layer, attr) in owners.items()}
        layers = {}
        for name, layer in network.layers.items():
            kind = KINDS[type(layer).__name__]
            W, b = held.get((name, "W")), held.get((name, "b"))
            if kind == "Affine":
                layers[name] = kit.Affine(W, b)
            elif kind == "Convolution":
                layers[name] = kit.Convolution(W, b, layer.stride, layer.pad)
            elif kind == "Pooling":
                layers[name] = kit.Pooling(layer.pool_h, layer.pool_w, layer.stride, layer.pad)
            else:
                layers[name] = getattr(kit, kind)()
        return cls(params, layers, owners, kit.SoftmaxWithLoss(), dict(network.layers))

    def part(self, name: str) -> str:
        """The exercise part that plays layer `name` ("Relu1" → "Relu")."""
        library = self._library.get(name)
        return KINDS[type(library).__name__] if library is not None else "SoftmaxWithLoss"

    def call(self, name: str, layer, method: str, *args):
        """Layer `name`'s `method` called with `args`; a MineFailed naming its part when it has no such method."""
        found = getattr(layer, method, None)
        if not callable(found):
            raise _failed("no_method", self.part(name), name=self.part(name), method=method)
        return found(*args)

    def checked(self, name: str, where: str, what: str, value, shape: tuple, param: str | None = None):
        """`value`, which layer `name`'s code gave for `what`, if it is a NumPy array (or a number) of
        numbers of `shape`; a MineFailed naming the layer's part otherwise."""
        from workbench.exercises.grader import array_or_number, of_numbers, shape_text, what_got

        part = self.part(name)
        fits = array_or_number(value) and of_numbers(value) and np.shape(value) == tuple(shape)
        if fits:
            return value
        hint = None
        if value is None:
            hint = ("no_return" if param is None else "not_set", {"what": what})
        elif array_or_number(value) and len(shape) == 2 and np.shape(value) == tuple(shape)[::-1] and param == "W":
            hint = ("transposed", {"what": what})
        values = dict(where=f"{part}.{where}", layer=name, what=what, got=what_got(value), expected=shape_text(shape))
        if param is not None:
            raise _failed("net_gradient", part, hint, param=param, **values)
        raise _failed("net_value", part, hint, **values)

    def predict(self, x, train_flg=False):
        for name, layer in self.layers.items():
            shape = np.shape(x)
            self._inputs[name] = shape
            out = self.call(name, layer, "forward", x)
            self.on_layer()
            library = self._library.get(name)
            x = out if library is None else self.checked(name, "forward", "out", out, output_shape(library, shape))
        return x

    def loss(self, x, t, train_flg=False):
        from workbench.exercises.grader import array_or_number, what_got

        scores = self.predict(x)
        self._inputs[LAST] = np.shape(scores)
        value = self.call(LAST, self.last_layer, "forward", scores, t)
        if not array_or_number(value) or np.size(value) != 1:
            raise _failed("net_loss", "SoftmaxWithLoss", ("no_return", {"what": "loss"}) if value is None else None,
                          where="SoftmaxWithLoss.forward", got=what_got(value))
        return float(np.asarray(value).reshape(()))

    def gradient(self, x, t):
        self.last_loss = self.loss(x, t)
        dout = self.checked(LAST, "backward", "dx", self.call(LAST, self.last_layer, "backward", 1), self._inputs[LAST])
        grads = {}
        for name, layer in reversed(self.layers.items()):
            dout = self.checked(name, "backward", "dx", self.call(name, layer, "backward", dout), self._inputs[name])
            self.on_layer()
            grads.update({key: self._gradient(key, name, attr) for key, (owner, attr) in self._owners.items()
                          if owner == name})
        return {key: grads[key] for key in self._owners}

    def _gradient(self, key: str, name: str, attr: str):
        """The gradient layer `name` left in dW or db for parameter `key` (its "W" or "b"), checked."""
        layer, what = self.layers[name], GRADIENTS[attr]
        if not hasattr(layer, what):
            raise _failed("no_attribute", self.part(name), name=self.part(name), attr=what)
        return self.checked(name, "backward", what, getattr(layer, what), self.params[key].shape, param=attr)

    def accuracy(self, x, t, batch_size=100):
        t = np.asarray(t)
        if t.ndim == 2:
            t = t.argmax(axis=1)
        correct = 0
        for i in range(0, len(x), batch_size):
            correct += int(np.sum(np.argmax(self.predict(x[i:i + batch_size]), axis=1) == t[i:i + batch_size]))
        return correct / len(x)


def exact_loss(last) -> None:
    """Make the learner's SoftmaxWithLoss `last` return −Σ log y[correct] / N from the y it kept, as the
    library's check does with its own (backprop's (y − t)/N is the derivative of that, not of the
    book's log(y + 1e−7)); their value stays when they keep no y and t, or a probability is 0."""
    inner = last.forward

    def forward(x, t):
        loss = inner(x, t)
        y, kept = getattr(last, "y", None), getattr(last, "t", None)
        if isinstance(y, np.ndarray) and y.ndim == 2 and kept is not None:
            picked = y[np.arange(len(y)), class_labels(y, np.asarray(kept).reshape(len(y), -1))]
            if np.all(picked > 0):
                return -np.sum(np.log(picked)) / len(y)
        return loss
    last.forward = forward
