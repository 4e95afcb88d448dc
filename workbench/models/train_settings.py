"""The training pane's settings, which are also `workbench train`'s options: what to train, on what, how."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.i18n.numbers import grouped
from workbench.models.exercises_settings import FolderKind
from workbench.models.settings import SettingError, choice, field, flag, integer, named, number, seed

NETS = ("simple", "deep", "two-layer", "multi-layer", "multi-layer-extend")
DATASET_NAMES = ("mnist", "fashion-mnist", "synthetic-digits")
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
"""The optimizers of the library's Trainer (`workbench.nn.trainer.OPTIMIZERS`), as options name them."""
CONVS = ("fast", "book")
IMPLS = ("library", "mine")
"""Whose layers are trained: the library's, or the learner's exercises (`workbench exercises`)."""


def batch_error(batch: int, images: int) -> SettingError:
    """A mini-batch larger than the training images: "batch_size 10,000 is larger than the 6,000 training
    images" (the training, compare and search panes' settings; counts grouped, as the panes write them)."""
    return SettingError("batch_size", t("train.error.batch", batch=grouped(batch), size=grouped(images),
                                        key=named("batch_size")))


@dataclass(frozen=True)
class TrainSettings:
    """What to train, on what, and how: the pane's fields and `workbench train`'s options."""

    net: str = choice("simple", NETS)
    dataset: str = choice("mnist", DATASET_NAMES)
    optimizer: str = choice("adam", OPTIMIZER_NAMES)
    lr: float = number(0.001, min=1e-6, max=100, log=True)
    epochs: int = integer(5, min=1, max=1000)
    batch_size: int = integer(100, min=1, max=10_000)
    train_size: int = integer(0, min=0, max=60_000)
    """Training images used, from the start of the split; 0 uses them all."""
    test_size: int = integer(1_000, min=0, max=10_000)
    """Test images used for the test accuracy (and the training images the train accuracy is measured
    on after each epoch); 0 uses them all."""
    seed: int = seed(0)
    conv: str = choice("fast", CONVS)
    weight_decay: float = number(0.0, min=0.0, max=10.0)
    dropout: float = number(0.0, min=0.0, max=0.9)
    batch_norm: bool = flag(True)
    impl: str = choice("library", IMPLS)
    folder: str = field("exercises", FolderKind())

    def __post_init__(self):
        if self.train_size and self.batch_size > self.train_size:
            raise batch_error(self.batch_size, self.train_size)

    @property
    def uses_conv(self) -> bool:
        return self.net in ("simple", "deep")

    def unused(self) -> dict[str, str]:
        """`conv` picks the engine of the convolutional nets; dropout and batch norm are MultiLayerNetExtend's;
        weight decay is the two MultiLayerNets' (the book's TwoLayerNet, SimpleConvNet and DeepConvNet have
        none: a weight decay given for them was silently ignored)."""
        unused = {} if self.uses_conv else {"conv": "net"}
        if self.net not in ("multi-layer", "multi-layer-extend"):
            unused.update(weight_decay="net")
        if self.net != "multi-layer-extend":
            unused.update(dropout="net", batch_norm="net")
        if self.impl == "library":
            unused.update(folder="impl")
        return unused
