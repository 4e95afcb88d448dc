"""The book's networks assembled from one kit of classes: the library's or the learner's.

`Net.like(network, kit)` takes a network the library built (TwoLayerNet, MultiLayerNet,
SimpleConvNet: its layers in order, its initial weights) and builds the same network from the
kit's Affine, Relu, Convolution, Pooling and SoftmaxWithLoss, holding copies of the same
parameters. So a check or a training run on the learner's classes starts exactly where the
library's starts, and any difference in the numbers is their code's. `Net` has what the gradient
check and the library's Trainer use: `params`, ordered `layers` with the book's names, `predict`,
`loss`, `gradient` (after which `last_loss` holds the loss), `accuracy`. `exact_loss` makes a
learner's SoftmaxWithLoss give the loss the gradient check differentiates. Runs in the sandbox child.
"""
from __future__ import annotations

import numpy as np

from workbench.nn.functions import class_labels

KINDS = {"Affine": "Affine", "FastAffine": "Affine", "Relu": "Relu", "FastRelu": "Relu", "Sigmoid": "Sigmoid",
         "Convolution": "Convolution", "BlockedConvolution": "Convolution", "Pooling": "Pooling",
         "FastPooling": "Pooling"}
"""The library's layer classes → the exercise part that plays their role."""
GRADIENTS = {"W": "dW", "b": "db"}


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


class Net:
    """A network of the book built from `kit`'s classes (see the module)."""

    def __init__(self, params: dict, layers: dict, owners: dict, last):
        self.params, self.layers, self.last_layer = params, layers, last
        self._owners = owners
        """param name → (layer name, "W" or "b")"""
        self.dtype = next(iter(params.values())).dtype
        self.last_loss = None

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
        return cls(params, layers, owners, kit.SoftmaxWithLoss())

    def predict(self, x, train_flg=False):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t, train_flg=False):
        return float(self.last_layer.forward(self.predict(x), t))

    def gradient(self, x, t):
        self.last_loss = self.loss(x, t)
        dout = self.last_layer.backward(1)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)
        return {key: getattr(self.layers[name], GRADIENTS[attr]) for key, (name, attr) in self._owners.items()}

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
