"""Section 8.3: 16-bit floats, measured on chapter 3's trained network.

The same test images go through three forms of one network, and every answer and probability is
compared with the first's:

- **float32**: the network as trained, float32 weights and float32 arithmetic;
- **float16 values**: every weight, bias and input pixel rounded to float16 and put back into float32
  arrays, so only the stored values lose precision and the arithmetic stays float32. This is what the
  book's `half_float_network.py` does: `param[...] = param.astype(np.float16)` writes the rounded values
  back into its float64 arrays, and its float16 images meet float64 weights, so its arithmetic is float64;
- **float16 arrays**: the library's own layers built from float16 copies of the weights and fed float16
  images, so every array they make is float16 too: every layer's output, the sigmoid's exponentials,
  the scores and the softmax are rounded to 16 bits. (Inside a matrix product NumPy adds the float16
  terms up in float32 and rounds the sum once; `tests/models/test_float16.py` checks that.)

`compute` only checks the settings; `measure` runs as a job once the network is there.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workbench.models.float16_settings import Float16Settings
from workbench.nn.functions import softmax
from workbench.nn.layers import Affine, Relu, Sigmoid

FORMS = ("float32", "values", "arrays")
"""The network as trained, its values rounded to float16, and float16 arrays throughout."""
BATCH = 500
"""Images per batch: each batch is one step of the job's progress."""


@dataclass(frozen=True)
class Float16Plan:
    settings: Float16Settings


def compute(s: Float16Settings) -> Float16Plan:
    return Float16Plan(s)


# -- the three forms -------------------------------------------------------------------------------------

def rounded_copy(network):
    """A copy of `network` whose parameters hold their values rounded to float16 (still float32 arrays),
    as the book's `param[...] = param.astype(np.float16)`; the network given is left alone."""
    twin = copy.deepcopy(network)
    for param in twin.params.values():
        param[...] = param.astype(np.float16)
    return twin


def half_layers(network) -> list:
    """The network's layers rebuilt by the library from float16 copies of their weights."""
    layers = []
    for name, layer in network.layers.items():
        if isinstance(layer, Affine):
            layers.append(Affine(layer.W.astype(np.float16), np.asarray(layer.b).astype(np.float16)))
        elif isinstance(layer, (Sigmoid, Relu)):
            layers.append(type(layer)())
        else:
            raise ValueError(f"{name} ({type(layer).__name__}): only Affine, Sigmoid and ReLU layers are "
                             f"rebuilt in float16 here")
    return layers


def forward(layers: list, x: np.ndarray) -> np.ndarray:
    for layer in layers:
        x = layer.forward(x)
    return x


# -- the measurement ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormResult:
    """How one form did: its right answers, answers unlike float32's, and the largest change of a probability."""

    form: str
    correct: int
    changed: int
    largest: float
    """max |p − p₃₂| over every image and class."""
    where: tuple[int, int] | None
    """(image, class) of that largest change."""
    before: float
    after: float
    """The probability there in float32 and in this form."""


SMALLEST_NORMAL = float(np.finfo(np.float16).tiny)
"""6.1e−5: below it a float16 has fewer than 11 significant bits (its subnormal numbers)."""


@dataclass(frozen=True)
class WeightRounding:
    """What rounding to float16 does to the parameters and the inputs."""

    count: int
    bytes32: int
    bytes16: int
    largest_relative: float
    """max |w₁₆ − w| / |w| over the parameters of at least SMALLEST_NORMAL in size."""
    tiny: int
    """Parameters that are not 0 but smaller than SMALLEST_NORMAL: they keep fewer bits."""
    largest_tiny: float
    """max |w₁₆ − w| over those (0 when there are none)."""
    to_zero: int
    """Parameters that are not 0 and become 0 in float16."""
    largest_input: float
    """max |x₁₆ − x| over the pixels measured."""


@dataclass(frozen=True)
class Float16Report:
    images: int
    forms: tuple[FormResult, ...]
    weights: WeightRounding

    def form(self, name: str) -> FormResult:
        return next(f for f in self.forms if f.form == name)


def weight_rounding(network, x: np.ndarray) -> WeightRounding:
    values = np.concatenate([p.ravel() for p in network.params.values()]).astype(np.float64)
    error = np.abs(values.astype(np.float16).astype(np.float64) - values)
    normal = np.abs(values) >= SMALLEST_NORMAL
    tiny = (values != 0) & ~normal
    relative = error[normal] / np.abs(values[normal])
    inputs = np.abs(x.astype(np.float16).astype(np.float64) - x.astype(np.float64))
    return WeightRounding(int(values.size), int(values.size * 4), int(values.size * 2),
                          float(relative.max()) if relative.size else 0.0, int(np.count_nonzero(tiny)),
                          float(error[tiny].max()) if tiny.any() else 0.0,
                          int(np.count_nonzero((values != 0) & (values.astype(np.float16) == 0))),
                          float(inputs.max()) if inputs.size else 0.0)


class _Tally:
    """One form's counts, batch after batch."""

    def __init__(self, form: str):
        self.form, self.correct, self.changed = form, 0, 0
        self.largest, self.where, self.before, self.after = 0.0, None, 0.0, 0.0

    def add(self, p: np.ndarray, p32: np.ndarray, t: np.ndarray, start: int) -> None:
        answers = np.argmax(p, axis=1)
        self.correct += int(np.count_nonzero(answers == t))
        self.changed += int(np.count_nonzero(answers != np.argmax(p32, axis=1)))
        gap = np.abs(p - p32)
        i, k = np.unravel_index(int(np.argmax(gap)), gap.shape)
        if self.where is None or gap[i, k] > self.largest:
            self.largest, self.where = float(gap[i, k]), (start + int(i), int(k))
            self.before, self.after = float(p32[i, k]), float(p[i, k])

    def result(self) -> FormResult:
        return FormResult(self.form, self.correct, self.changed, self.largest, self.where, self.before, self.after)


def measure(network, x: np.ndarray, t: np.ndarray, images: int = 0, *, batch: int = BATCH,
            on_batch: Callable[[int, int], None] | None = None) -> Float16Report:
    """The three forms of `network` on the first `images` of x (0: all), a batch at a time.

    `on_batch(done, total)` after each batch (images done of all; it may raise to stop). The
    network given is not changed: the forms are copies."""
    n = len(x) if images == 0 else min(images, len(x))
    if n == 0:
        raise ValueError("there are no test images to measure")
    x, t = x[:n], np.asarray(t[:n])
    float32 = copy.deepcopy(network)
    values = rounded_copy(network)
    half = half_layers(network)
    tallies = {form: _Tally(form) for form in FORMS}
    for start in range(0, n, batch):
        xb, tb = x[start:start + batch], t[start:start + batch]
        p32 = softmax(float32.predict(xb)).astype(np.float64)
        rounded_x = xb.astype(np.float16).astype(np.float32)
        forms = {"float32": p32,
                 "values": softmax(values.predict(rounded_x)).astype(np.float64),
                 "arrays": softmax(forward(half, xb.astype(np.float16))).astype(np.float64)}
        for form, p in forms.items():
            tallies[form].add(p, p32, tb, start)
        if on_batch is not None:
            on_batch(min(start + batch, n), n)
    return Float16Report(n, tuple(tallies[form].result() for form in FORMS), weight_rounding(network, x))
