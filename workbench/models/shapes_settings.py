"""The shape tracer's settings: a network of the book or the learner's own layers, one input's shape, a batch.

The learner writes layers as words ("conv 30 5, relu, pool 2, affine 100, relu, affine 10"); they are
read here into `LayerSpec`s, each a layer's kind and sizes, checked as they are read. Nothing here
imports NumPy: the trace (`workbench.models.shapes`) works the shapes out.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.numbers import grouped
from workbench.models.settings import Kind, SettingError, choice, field, integer, named, shape

KINDS = ("conv", "pool", "affine", "relu", "dropout")


@dataclass(frozen=True)
class LayerSpec:
    """One layer as the learner writes it: conv (filters, window, stride, pad), pool (window, stride;
    written without a pad), affine (outputs, and the inputs its W expects when given), relu or dropout."""

    kind: str
    filters: int = 0
    window: tuple[int, int] = (0, 0)
    stride: int = 1
    pad: int = 0
    units: int = 0
    inputs: int | None = None

    def text(self) -> str:
        """The words that read back as this layer: "conv 30 5", "pool 2", "affine 4320 100"."""
        if self.kind in ("relu", "dropout"):
            return self.kind
        if self.kind == "affine":
            return " ".join(["affine", *([str(self.inputs)] if self.inputs else []), str(self.units)])
        h, w = self.window
        words = [self.kind] + ([str(self.filters)] if self.kind == "conv" else []) + [str(h) if h == w else f"{h}x{w}"]
        default_stride = h if self.kind == "pool" and h == w else 1
        if self.stride != default_stride:
            words.append(f"stride {self.stride}")
        if self.pad:
            words.append(f"pad {self.pad}")
        return " ".join(words)


def _conv(filters: int, size: int, pad: int = 0, stride: int = 1) -> LayerSpec:
    return LayerSpec("conv", filters, (size, size), stride, pad)


POOL = LayerSpec("pool", window=(2, 2), stride=2)
RELU = LayerSpec("relu")
SIMPLE = (_conv(30, 5), RELU, POOL, LayerSpec("affine", units=100), RELU, LayerSpec("affine", units=10))
"""SimpleConvNet with the book's defaults (chapter 7)."""
DEEP = (_conv(16, 3, 1), RELU, _conv(16, 3, 1), RELU, POOL, _conv(32, 3, 1), RELU, _conv(32, 3, 2), RELU, POOL,
        _conv(64, 3, 1), RELU, _conv(64, 3, 1), RELU, POOL, LayerSpec("affine", units=50), RELU,
        LayerSpec("dropout"), LayerSpec("affine", units=10), LayerSpec("dropout"))
"""DeepConvNet with the book's defaults (chapter 8)."""
NETWORKS = {"simple": SIMPLE, "deep": DEEP}
TITLES = {"simple": "SimpleConvNet", "deep": "DeepConvNet"}
LIMIT = 100_000


# -- reading the learner's layers ----------------------------------------------------------------

_WINDOW = re.compile(r"(\d+)(?:\s*[x×]\s*(\d+))?$")


def _whole(key: str, item: str, word: str, least: int) -> int:
    if not word.isdigit() or not least <= int(word) <= LIMIT:
        raise SettingError(key, t("shapes.error.number", item=item, word=word, least=grouped(least),
                                  most=grouped(LIMIT)))
    return int(word)


def parse_layer(key: str, item: str) -> LayerSpec:
    """One layer from words: "conv 30 5", "conv 16 3 pad 1", "pool 2", "pool 3 stride 2", "affine 100",
    "affine 4320 100", "relu", "dropout"; SettingError naming `key` and the item otherwise.

    A pool takes no pad: the book's `Pooling` has one, but its networks never use it, and the tracer's
    advice for a pool that does not tile is another window or input size, never a pad."""
    words = item.lower().split()
    if not words or words[0] not in KINDS:
        raise SettingError(key, t("shapes.error.kind", item=item.strip(), kinds=", ".join(KINDS)))
    kind, rest = words[0], words[1:]
    if kind in ("relu", "dropout"):
        if rest:
            raise SettingError(key, t("shapes.error.extra", item=item.strip(), kind=kind))
        return LayerSpec(kind)
    if kind == "affine":
        if len(rest) not in (1, 2):
            raise SettingError(key, t("shapes.error.affine", item=item.strip()))
        numbers = [_whole(key, item, w, 1) for w in rest]
        return LayerSpec("affine", units=numbers[-1], inputs=numbers[0] if len(numbers) == 2 else None)
    filters = _whole(key, item, rest.pop(0), 1) if kind == "conv" and rest else 0
    if not rest or not _WINDOW.match(rest[0]):
        raise SettingError(key, t(f"shapes.error.{kind}", item=item.strip()))
    h, w = _WINDOW.match(rest.pop(0)).groups()
    window = (_whole(key, item, h, 1), _whole(key, item, w or h, 1))
    options = {"stride": window[0] if kind == "pool" else 1, "pad": 0}   # a pool's pad is refused: the book pools without one
    while rest:
        word = rest.pop(0)
        short = re.fullmatch(r"([sp])(\d+)", word)
        if kind == "pool" and (word == "pad" or short and short[1] == "p"):
            raise SettingError(key, t("shapes.error.pool_pad", item=item.strip()))
        if short:
            name, value = {"s": "stride", "p": "pad"}[short[1]], short[2]
        elif word in options and rest:
            name, value = word, rest.pop(0)
        else:
            raise SettingError(key, t(f"shapes.error.{kind}", item=item.strip()))
        options[name] = _whole(key, item, value, 1 if name == "stride" else 0)
    return LayerSpec(kind, filters, window, options["stride"], options["pad"])


def split_layers(text: str) -> list[str]:
    """"conv 30 5, relu; pool 2" → its layers' words (commas, semicolons or new lines between them)."""
    return [item.strip() for item in re.split(r"[,;\n]", text) if item.strip()]


@dataclass(frozen=True)
class LayerList(Kind):
    """A list of layers, written as words: "conv 30 5, relu, pool 2, affine 100, relu, affine 10"."""

    max_length: int = 40

    def from_data(self, key, value):
        items = split_layers(value) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(i, (str, LayerSpec)) for i in items):
            raise SettingError(key, t("shapes.error.list", key=named(key)))
        if not 1 <= len(items) <= self.max_length:
            raise SettingError(key, t("shapes.error.length", key=named(key), most=self.max_length))
        return tuple(i if isinstance(i, LayerSpec) else parse_layer(key, i) for i in items)

    def from_text(self, key, text):
        return self.from_data(key, text)

    def to_text(self, value):
        return ", ".join(spec.text() for spec in value)

    def describe(self):
        return t("shapes.kind.layers", most=self.max_length)


def layer_list(default: Sequence[LayerSpec]) -> tuple[LayerSpec, ...]:
    return field(tuple(default), LayerList())


# -- settings --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShapesSettings:
    """Which network, the shape of one input image, the batch size and the learner's own layers."""

    network: str = choice("simple", ("simple", "deep", "custom"))
    input: tuple[int, int, int] = shape((1, 28, 28), names=("C", "H", "W"), min=1, max=LIMIT)
    batch: int = integer(100, min=1, max=LIMIT)
    layers: tuple[LayerSpec, ...] = layer_list(SIMPLE)

    @property
    def specs(self) -> tuple[LayerSpec, ...]:
        return NETWORKS.get(self.network, self.layers)

    @property
    def title(self) -> str:
        return TITLES.get(self.network) or t("shapes.custom_title")
