"""The checks at the layers' boundaries: what they are given, before any arithmetic.

Each raises a ValueError that names the layer, the argument and the shapes, and says what to
pass instead; none copies an array that is already right. They run on every forward and backward
pass, so the common case (an ndarray of real numbers of the expected shape) costs a few attribute
reads. The arithmetic stays in the layers, as the book writes it.
"""
import numbers

import numpy as np

REAL_KINDS = "fiub"
"""dtype kinds a layer computes with: floats, integers (images as bytes) and booleans (masks)."""


def real_array(x, name, where):
    """``x`` as an ndarray of real numbers: lists become arrays; complex, text or objects are refused."""
    if type(x) is not np.ndarray:
        try:
            x = np.asarray(x)
        except ValueError:      # a ragged list: rows of different lengths
            raise ValueError(f"{where}: {name} must be an array of numbers with rows of equal length, "
                             f"got a ragged {type(x).__name__}") from None
    if x.dtype.kind not in REAL_KINDS:
        if x.dtype.kind == "c":
            raise ValueError(f"{where}: {name} holds complex numbers; the layers compute with real ones "
                             f"(pass {name}.real, or np.abs({name}) for magnitudes)")
        raise ValueError(f"{where}: {name} must hold numbers, got an array of {x.dtype}")
    return x


def batch(x, name, where, ndim=None, layout=None):
    """``x`` as ``real_array`` makes it, checked to be a batch: ``ndim`` axes when given, at least one sample."""
    x = real_array(x, name, where)
    if ndim is not None and x.ndim != ndim:
        raise ValueError(f"{where}: {name} must have shape {layout}, got shape {x.shape}")
    if x.ndim == 0 or x.shape[0] == 0:
        raise ValueError(f"{where}: {name} is an empty batch (shape {x.shape}); pass at least one sample")
    return x


def upstream(dout, shape, where):
    """``dout`` as an array of the shape forward's output had; a ValueError naming both otherwise.

    backward gets the gradient of the loss with respect to the layer's output, so it has that
    output's shape; anything else is a gradient meant for another layer or another batch.
    """
    if type(dout) is not np.ndarray or dout.dtype.kind not in REAL_KINDS:
        dout = real_array(dout, "dout", where)
    if dout.shape != shape:
        raise ValueError(f"{where}: dout has shape {dout.shape}, but forward's output had shape {shape}; "
                         f"backward takes the gradient of that output (same shape)")
    return dout


def bias(b, count, what, where, W_shape):
    """A bias that broadcasts to one entry per ``what`` (filter or unit): shape (count,), a number,
    a 0-d array or shape (1,), as the book's ``+ self.b`` broadcasts it. A list becomes an array;
    a Python number stays a number (so float32 layers stay float32)."""
    if isinstance(b, numbers.Real) and not isinstance(b, (bool, np.bool_)):
        return b
    if type(b) is not np.ndarray:
        b = real_array(b, "b", where)
    elif b.dtype.kind not in REAL_KINDS:
        real_array(b, "b", where)
    if b.shape not in ((count,), (), (1,)):
        raise ValueError(f"b must have one entry per {what}: W of shape {W_shape} has {count} "
                         f"{what}s, b has shape {b.shape}")
    return b


def whole(value, name, least=1):
    """Raise a ValueError unless ``value`` is a whole number (not a bool) of ``least`` or more."""
    if not isinstance(value, numbers.Integral) or isinstance(value, (bool, np.bool_)) or value < least:
        raise ValueError(f"{name} must be a whole number of {least} or more, got {value!r}")
    return int(value)


def as_rng(rng, name="rng"):
    """A ``numpy.random.Generator`` from ``None`` (fresh entropy), a whole-number seed of 0 or more or a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)) and rng >= 0:
        return np.random.default_rng(rng)
    raise ValueError(f"{name} must be None, an int seed (0 or more, such as 0) or a numpy.random.Generator, "
                     f"got {rng!r}")
