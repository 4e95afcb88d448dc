"""Classic backpropagation bugs, injected into one layer of a network for one gradient check.

Each bug is a real code path: ``inject(network, name, where)`` replaces one method on one layer
instance (``patched``) with the buggy version written out below, and puts the layer's own method
back when the block ends. The layer classes, and every other network, are never touched.

    with inject(network, "relu-mask-inverted", where=1) as injected:
        report = gradient_check(network, x, t, difference=injected.difference)

A bug in a backward pass corrupts the gradients that flow through that layer: those of the
parameters before it (upstream) and, for a layer with parameters, its own; the parameters after
it still check out. Which rows of the check fail is the clue to where and what the bug is.
"""
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

import numpy as np

from .fast_conv import BlockedConvolution, FastPooling
from .functions import class_labels, cross_entropy_error
from .gradient import central_difference, forward_difference
from .im2col import col2im, conv_output_shape, im2col
from .kinks import layers_of
from .layers import Affine, BatchNormalization, Convolution, Pooling, Relu, SoftmaxWithLoss
from .patching import patched


# -- the buggy code paths: each takes the layer and returns {method name: buggy method} ---------------

def affine_dw_no_transpose(layer):
    """Affine backward computes dout.T · x, which is dW transposed, and reshapes it to W's shape."""
    backward = type(layer).backward.__get__(layer)

    def buggy_backward(dout):
        dx = backward(dout)
        layer.dW = np.dot(dout.T, layer.x).reshape(layer.W.shape)   # should be np.dot(x.T, dout)
        return dx
    return {"backward": buggy_backward}


def relu_mask_inverted(layer):
    """ReLU backward lets the gradient through where the input was ≤ 0, and stops it where it was > 0."""
    def buggy_backward(dout):
        return dout * layer.mask                                     # should be dout * ~mask
    return {"backward": buggy_backward}


def softmax_no_batch_divide(layer):
    """Softmax-with-loss backward returns y − t without dividing by the batch size."""
    def buggy_backward(dout=1):
        batch_size = layer.y.shape[0]
        dx = layer.y.copy()
        dx[np.arange(batch_size), class_labels(layer.y, layer.t)] -= 1
        return dx * dout                                             # should be dx * dout / batch_size
    return {"backward": buggy_backward}


def softmax_1d(layer):
    """Softmax-with-loss forward uses chapter 3's one-vector softmax, which normalises over the whole batch."""
    def buggy_forward(x, t):
        layer.t = t
        c = np.max(x)                                                # should be a maximum per row
        exp_x = np.exp(x - c)
        layer.y = exp_x / np.sum(exp_x)                              # should be a sum per row
        layer.loss = cross_entropy_error(layer.y, t)
        return layer.loss
    return {"forward": buggy_forward}


def pool_wrong_element(layer):
    """Max pooling backward sends each gradient to the smallest element of its window, not the largest."""
    def buggy_backward(dout):
        N, C, H, W = layer.x.shape
        out_h, out_w = conv_output_shape(layer.x.shape, layer.pool_h, layer.pool_w, layer.stride, layer.pad, name="x")
        pool_size = layer.pool_h * layer.pool_w
        col = im2col(layer.x, layer.pool_h, layer.pool_w, layer.stride, layer.pad).reshape(-1, pool_size)
        arg = np.argmin(col, axis=1)                                 # should be np.argmax
        dout = dout.transpose(0, 2, 3, 1)
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(arg.size), arg] = dout.flatten()
        dcol = dmax.reshape(N * out_h * out_w, -1)
        return col2im(dcol, layer.x.shape, layer.pool_h, layer.pool_w, layer.stride, layer.pad)
    return {"backward": buggy_backward}


def conv_db_wrong_axis(layer):
    """Convolution backward reshapes dout to (−1, FN) without moving the filter axis last, so each
    entry of db sums over a mix of filters and positions."""
    backward = type(layer).backward.__get__(layer)

    def buggy_backward(dout):
        dx = backward(dout)
        FN = layer.W.shape[0]
        layer.db = np.sum(dout.reshape(-1, FN), axis=0)             # should be dout.transpose(0, 2, 3, 1)
        return dx
    return {"backward": buggy_backward}


def batchnorm_dvar_missing(layer):
    """Batch-norm backward leaves out the variance's term, (2/N)·xc·dvar, as if the variance did not depend on x."""
    def buggy_backward(dout):
        dout = dout.reshape(dout.shape[0], -1)
        dbeta = dout.sum(axis=0)
        dgamma = np.sum(layer.xn * dout, axis=0)
        dxn = layer.gamma * dout
        dxc = dxn / layer.std
        # missing: dstd, dvar and dxc += (2.0 / batch_size) * xc * dvar
        dmu = np.sum(dxc, axis=0)
        dx = dxc - dmu / layer.batch_size
        layer.dgamma = dgamma
        layer.dbeta = dbeta
        return dx.reshape(layer.input_shape)
    return {"backward": buggy_backward}


@dataclass(frozen=True)
class Bug:
    """One injectable bug: where it goes (a kind of layer, or None for the numerical side) and how."""

    name: str
    layer_kinds: tuple
    """The layer classes it can go into; () for the last layer, None for the numerical gradient."""
    code: object
    """layer → {method name: buggy method}; None for the numerical side."""
    kind_name: str
    """The kind of layer in words, for messages: "Affine", "ReLU", …"""

    @property
    def summary(self):
        """One line saying what the bug does (the buggy function's docstring)."""
        doc = (self.code.__doc__ if self.code is not None else forward_difference.__doc__) or ""
        return " ".join(doc.split())


BUGS = {bug.name: bug for bug in (
    Bug("affine-dw-no-transpose", (Affine,), affine_dw_no_transpose, "Affine"),
    Bug("relu-mask-inverted", (Relu,), relu_mask_inverted, "ReLU"),
    Bug("softmax-no-batch-divide", (), softmax_no_batch_divide, "SoftmaxWithLoss"),
    Bug("softmax-1d", (), softmax_1d, "SoftmaxWithLoss"),
    Bug("pool-wrong-element", (Pooling, FastPooling), pool_wrong_element, "Pooling"),
    Bug("conv-db-wrong-axis", (Convolution, BlockedConvolution), conv_db_wrong_axis, "Convolution"),
    Bug("batchnorm-dvar-missing", (BatchNormalization,), batchnorm_dvar_missing, "BatchNormalization"),
    Bug("forward-difference", None, None, "numerical gradient"),
)}


def targets(network, name):
    """The layers bug ``name`` can go into, as [(layer name, layer)] in the network's order.

    The softmax bugs go into ``last_layer``; the forward difference into no layer ([]).
    """
    bug = _bug(name)
    if bug.layer_kinds is None:
        return []
    if not bug.layer_kinds:
        last = getattr(network, "last_layer", None)
        return [("last_layer", last)] if isinstance(last, SoftmaxWithLoss) else []
    layers = getattr(network, "layers", None) or {}
    named = layers.items() if isinstance(layers, dict) else ((type(l).__name__, l) for l in layers_of(network))
    return [(layer_name, layer) for layer_name, layer in named if isinstance(layer, bug.layer_kinds)]


@dataclass(frozen=True)
class Injected:
    """What ``inject`` did: the bug, the layer it went into (None for the numerical side) and the
    difference rule the check must use."""

    bug: Bug
    layer: str | None
    difference: object = central_difference


@contextmanager
def inject(network, name, where=1):
    """Inside the block, bug ``name`` replaces a method of the ``where``-th layer it can go into
    (counting from 1); the forward difference replaces the check's difference rule instead.

    Raises a ValueError naming the bugs, or the layers there are, when the bug has no place in
    this network or ``where`` is out of range.
    """
    bug = _bug(name)
    if bug.layer_kinds is None:
        yield Injected(bug, None, forward_difference)
        return
    found = targets(network, name)
    if not found:
        raise ValueError(f"{type(network).__name__} has no {bug.kind_name} layer for bug {name!r}; "
                         f"choose another network or another bug")
    if isinstance(where, bool) or not isinstance(where, (int, np.integer)) or not 1 <= where <= len(found):
        raise ValueError(f"where must be a whole number from 1 to {len(found)}: {type(network).__name__} has "
                         f"{len(found)} {bug.kind_name} layer(s) ({', '.join(n for n, _ in found)}), got {where!r}")
    layer_name, layer = found[where - 1]
    with ExitStack() as stack:
        for method, replacement in bug.code(layer).items():
            stack.enter_context(patched(layer, method, replacement))
        yield Injected(bug, layer_name)


def _bug(name):
    if name not in BUGS:
        raise ValueError(f"there is no bug called {name!r}; the bugs are {', '.join(BUGS)}")
    return BUGS[name]
