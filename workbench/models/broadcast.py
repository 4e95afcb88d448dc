"""Chapter 1: NumPy's broadcasting in stages, on two small arrays A and B and an element-wise operator.

NumPy lines the two shapes up from the right, counts a missing axis as 1, and on each axis needs
the two sizes equal or one of them 1: an axis of size 1 (or missing) is stretched to the other size
by reusing its values, so that both arrays have the result's shape and the operator works element
by element (the book's A * 10 and A * [10, 20], and every Affine layer's X · W + b). The stages
are computed here with NumPy's own `np.broadcast_to`, and the result is NumPy's `A op B` itself;
shapes that do not fit are explained axis by axis instead of NumPy's ValueError.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np

from workbench.i18n import t
from workbench.models.broadcast_settings import STAGES, BroadcastSettings  # noqa: F401

OPERATIONS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, ">": operator.gt}
"""The settings' operators as the Python operators NumPy overloads (`A * B` is `np.multiply(A, B)`)."""


@dataclass(frozen=True)
class Axis:
    """One axis of the aligned shapes: A's size and B's (1 where an array lacks the axis), the result's."""

    a: int | None
    """A's size, or None when A has fewer axes (it counts as 1)."""
    b: int | None
    size: int | None
    """The result's size; None when the two sizes do not fit."""

    @property
    def fits(self) -> bool:
        return self.size is not None

    @property
    def stretched(self) -> str:
        """Which array is stretched along this axis: "a", "b" or "" (neither; never both, the size is the larger)."""
        if not self.fits:
            return ""
        return "".join(name for name, n in (("a", self.a), ("b", self.b)) if (n or 1) < self.size)


@dataclass(frozen=True)
class BroadcastView:
    """A and B, their shapes aligned axis by axis, both stretched to the result's shape, and the result."""

    a: np.ndarray
    b: np.ndarray
    op: str
    step: int
    axes: tuple[Axis, ...]
    """The aligned axes, left to right (the last is the rightmost)."""
    stretched_a: np.ndarray | None
    """A as `np.broadcast_to` stretches it (a view: reused values, no copies); None when shapes misfit."""
    stretched_b: np.ndarray | None
    copies_a: np.ndarray | None
    """True where a value of the stretched A is a repeat of one NumPy already used (dimmed on screen)."""
    copies_b: np.ndarray | None
    result: np.ndarray | None
    """NumPy's own `A op B`; None when the shapes do not broadcast."""

    @property
    def fits(self) -> bool:
        return all(axis.fits for axis in self.axes)

    @property
    def shape(self) -> tuple[int, ...] | None:
        """The result's shape, or None."""
        return tuple(axis.size for axis in self.axes) if self.fits else None

    @property
    def last_stage(self) -> int:
        """The furthest stage there is: the alignment when the shapes do not fit, else the result."""
        return len(STAGES) - 1 if self.fits else STAGES.index("align")

    @property
    def stage(self) -> int:
        """The stage shown: the settings' step, no further than there is."""
        return min(self.step, self.last_stage)

    @property
    def mismatch(self) -> str:
        """Why the shapes do not broadcast, in words naming the axis and its two sizes; "" when they do."""
        return mismatch_text(self.a.shape, self.b.shape)

    @property
    def picked(self) -> np.ndarray | None:
        """A[A > B] for the operator >, as the book's X[X > 15]: the values the mask picks, in order; None
        for other operators, or when the mask does not have A's shape (A itself was stretched)."""
        if self.op != ">" or self.result is None or self.result.shape != self.a.shape:
            return None
        return self.a[self.result]


def aligned(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> tuple[Axis, ...]:
    """The two shapes lined up from the right, axis by axis, with the result's size where they fit."""
    count = max(len(a_shape), len(b_shape))
    pad = lambda shape: (None,) * (count - len(shape)) + tuple(shape)  # noqa: E731
    axes = []
    for a, b in zip(pad(a_shape), pad(b_shape)):
        sa, sb = a or 1, b or 1
        size = max(sa, sb) if sa == sb or 1 in (sa, sb) else None
        axes.append(Axis(a, b, size))
    return tuple(axes)


AXIS_WORDS = ("last", "second_last", "third_last")


def axis_name(from_right: int) -> str:
    """The axis `from_right` places from the right in words: "the last axes", "the second-to-last axes"."""
    if from_right < len(AXIS_WORDS):
        return t(f"broadcast.axis.{AXIS_WORDS[from_right]}")
    return t("broadcast.axis.nth_last", n=from_right + 1)


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as Python writes it: (), (2,), (2, 3)."""
    return str(tuple(shape))


def mismatch_text(a_shape: tuple[int, ...], b_shape: tuple[int, ...]) -> str:
    """"(2, 3) and (2,): the last axes are 3 and 2 — they must be equal or one of them 1", for the
    rightmost axis that does not fit (and how many others do not); "" when the shapes broadcast."""
    axes = aligned(a_shape, b_shape)
    misfits = [len(axes) - 1 - i for i, axis in enumerate(axes) if not axis.fits]
    if not misfits:
        return ""
    first = misfits[-1]                 # the rightmost, where NumPy's alignment starts
    axis = axes[len(axes) - 1 - first]
    text = t("broadcast.mismatch", a=shape_text(a_shape), b=shape_text(b_shape), axis=axis_name(first),
             size_a=axis.a, size_b=axis.b)
    for other in reversed(misfits[:-1]):
        more = axes[len(axes) - 1 - other]
        text += t("broadcast.mismatch_also", axis=axis_name(other), size_a=more.a, size_b=more.b)
    return text


def repeats(shape: tuple[int, ...], stretched_axes: list[int]) -> np.ndarray:
    """True at every position of `shape` that reuses a value: a nonzero index along a stretched axis."""
    copies = np.zeros(shape, dtype=bool)
    for axis, index in enumerate(np.indices(shape) if shape else ()):
        if axis in stretched_axes:
            copies |= index != 0
    return copies


def stretched_axes(axes: tuple[Axis, ...], which: str) -> list[int]:
    """The axes along which array `which` ("a" or "b") is stretched (its size 1 or missing, the result's more)."""
    return [i for i, axis in enumerate(axes) if which in axis.stretched]


def source_index(index: tuple[int, ...], original: tuple[int, ...]) -> tuple[int, ...]:
    """Which value of an array of shape `original` NumPy reads at `index` of the stretched array: the
    index's last len(original) places, 0 along every axis of size 1."""
    tail = index[len(index) - len(original):] if original else ()
    return tuple(0 if size == 1 else i for i, size in zip(tail, original))


def reused_at(index: tuple[int, ...], original: tuple[int, ...], shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every place of the stretched array (of `shape`) that reads the same value as `index` does."""
    source = source_index(index, original)
    return [place for place in np.ndindex(*shape) if source_index(place, original) == source]


def compute(s: BroadcastSettings) -> BroadcastView:
    """A and B as NumPy reads the typed values, their aligned shapes, the stretched arrays and `A op B`."""
    a, b = np.array(s.a), np.array(s.b)
    axes = aligned(a.shape, b.shape)
    if not all(axis.fits for axis in axes):
        return BroadcastView(a, b, s.op, s.step, axes, None, None, None, None, None)
    shape = tuple(axis.size for axis in axes)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        result = np.asarray(OPERATIONS[s.op](a, b))      # NumPy's own answer: inf or nan for / 0, as it gives
    return BroadcastView(a, b, s.op, s.step, axes, np.broadcast_to(a, shape), np.broadcast_to(b, shape),
                         repeats(shape, stretched_axes(axes, "a")), repeats(shape, stretched_axes(axes, "b")), result)
