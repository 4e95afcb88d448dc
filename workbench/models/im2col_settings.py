"""The im2col pane's settings: a batch of images, a convolution's filters or a pooling window, stride, pad."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.exercises_settings import FolderKind
from workbench.models.settings import choice, field, integer, seed, shape

LAYERS = ("conv", "pool")
VIEWS = ("shapes", "windows", "col2im")
SIZE_MAX = 4096
IMPLS = ("library", "mine")
"""Whose im2col and col2im make col and dx: the library's, or the learner's from `folder` (in the sandbox)."""


@dataclass(frozen=True)
class Im2colSettings:
    """A batch of images, a convolution's filters or a pooling window, a stride and a pad; whose im2col
    and col2im run (`impl = mine`: the learner's, from `folder`)."""

    layer: str = choice("conv", LAYERS)
    view: str = choice("shapes", VIEWS)
    input: tuple[int, int, int, int] = shape((1, 1, 4, 4), names=("N", "C", "H", "W"), min=1, max=SIZE_MAX)
    filter: tuple[int, int, int, int] = shape((1, 1, 3, 3), names=("FN", "C", "FH", "FW"), min=1, max=SIZE_MAX)
    pool: tuple[int, int] = shape((2, 2), names=("PH", "PW"), min=1, max=SIZE_MAX)
    stride: int = integer(1, min=1, max=SIZE_MAX)
    pad: int = integer(0, min=0, max=SIZE_MAX)
    values: str = choice("count", ("count", "random", "book"))
    gradient: str = choice("symbols", ("symbols", "numbers"))
    seed: int = seed(0)
    impl: str = choice("library", IMPLS)
    folder: str = field("exercises", FolderKind())

    def __post_init__(self):
        from workbench.models.im2col import MEMORY_LIMIT, sizes_of   # the model, and NumPy, load on first use

        sizes_of(self, MEMORY_LIMIT)
        if self.values == "book":
            from workbench.models.im2col import check_book_input

            check_book_input(self.input)

    @property
    def window_key(self) -> str:
        return "filter" if self.layer == "conv" else "pool"
