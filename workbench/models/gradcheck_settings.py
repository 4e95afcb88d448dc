"""The gradient-check pane's settings: the network, the bug injected and where, and how to check."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.models.exercises_settings import FolderKind
from workbench.models.settings import choice, field, flag, integer, number, seed

NETWORK_NAMES = ("two-layer", "multi-layer", "multi-layer-extend", "simple", "deep")
"""The networks the check builds (`gradcheck.NETWORKS`)."""
BUG_CHOICES = ("none", "affine-dw-no-transpose", "relu-mask-inverted", "softmax-no-batch-divide", "softmax-1d",
               "pool-wrong-element", "conv-db-wrong-axis", "batchnorm-dvar-missing", "forward-difference")
"""No bug, or one of the library's (`workbench.nn.bugs.BUGS`)."""
KINK_RULES = ("shrink", "skip", "count")
"""What the check does at a kink (`workbench.nn.gradient.KINK_RULES`)."""
VIEWS = ("table", "map")
IMPLS = ("library", "mine")
"""Whose layers the network is built from: the library's, or the learner's exercises (`workbench exercises`)."""
MINE_NETWORKS = ("two-layer", "multi-layer", "simple")
"""The networks built from the exercises' parts alone (the others need BatchNormalization or Dropout)."""


@dataclass(frozen=True)
class GradcheckSettings:
    """Which network to check, which bug to inject (and where), and how to check it."""

    net: str = choice("two-layer", NETWORK_NAMES)
    bug: str = choice("none", BUG_CHOICES)
    where: int = integer(1, min=1, max=9)
    h: float = number(1e-4, min=1e-10, max=0.1, log=True)
    kinks: str = choice("shrink", KINK_RULES)
    samples: int = integer(30, min=1, max=100_000)
    batch: int = integer(4, min=1, max=64)
    seed: int = seed(0)
    book_delta: bool = flag(False)
    hide_bug: bool = flag(False)
    view: str = choice("table", VIEWS)
    impl: str = choice("library", IMPLS)
    folder: str = field("exercises", FolderKind())

    def unused(self) -> dict[str, str]:
        """The folder of the learner's code is read only when the network is built from it."""
        return {"folder": "impl"} if self.impl == "library" else {}
