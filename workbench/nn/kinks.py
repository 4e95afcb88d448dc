"""Where a network is not differentiable: each ReLU's mask and each max pooling's chosen elements.

A central difference f(x + h) − f(x − h) over a ReLU kink (an input crossing zero) or a pooling
switch (another element becoming the maximum) mixes two linear pieces, and can differ from the
true gradient by far more than the method's own error, though backpropagation is right. The
gradient check takes ``kink_state`` after the unnudged forward pass and compares it with the
state after each nudge: any difference means the nudge crossed a kink.
"""
import numpy as np

from .fast_conv import FastPooling
from .layers import Pooling, Relu


def layers_of(network):
    """The network's layers in order, from a dict or a list (none for an object without ``layers``)."""
    layers = getattr(network, "layers", None) or ()
    return list(layers.values() if isinstance(layers, dict) else layers)


KINKED = ("Relu", "Pooling")
"""Classes of these names count too: a learner's own Relu (its ``mask``) and Pooling (its ``arg_max``),
as the book writes them, so a network built from the exercises is watched like the library's."""


def kink_layers(network):
    """The network's ReLU and max-pooling layers, in order."""
    return [layer for layer in layers_of(network)
            if isinstance(layer, (Relu, Pooling, FastPooling)) or type(layer).__name__ in KINKED]


def _side(layer):
    """Which side of its kinks ``layer`` was on in its last forward pass (None before any)."""
    if isinstance(layer, Relu) or type(layer).__name__ == "Relu":
        return getattr(layer, "mask", None)
    return None if getattr(layer, "x", None) is None else getattr(layer, "arg_max", None)


def kink_state(network):
    """A copy of which side of each kink the last forward pass was on: masks and pooling choices."""
    return [None if side is None else np.array(side) for side in map(_side, kink_layers(network))]


def same_side(network, state):
    """True if the last forward pass was on the same side of every kink as ``state`` records."""
    layers = kink_layers(network)
    if len(layers) != len(state):
        return False
    for layer, before in zip(layers, state):
        now = _side(layer)
        if (now is None) != (before is None) or (now is not None and not np.array_equal(now, before)):
            return False
    return True
