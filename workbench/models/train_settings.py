"""The training pane's settings, which are also `workbench train`'s options: what to train, on what, how."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import strings, t
from workbench.i18n.numbers import grouped
from workbench.models.exercises_settings import FolderKind
from workbench.models.settings import Int, SettingError, choice, field, flag, integer, named, number, seed

NETS = ("simple", "deep", "two-layer", "multi-layer", "multi-layer-extend")
DATASET_NAMES = ("mnist", "fashion-mnist", "synthetic-digits")
OPTIMIZER_NAMES = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
"""The optimizers of the library's Trainer (`workbench.nn.trainer.OPTIMIZERS`), as options name them."""
CONVS = ("fast", "book")
IMPLS = ("library", "mine")
"""Whose layers are trained: the library's, or the learner's exercises (`workbench exercises`)."""


@dataclass(frozen=True)
class ImageCount(Int):
    """A number of images where 0 means all of them: read back from 0, an empty field, or the word the
    field shows for it in either language ("all (60,000)", "전체(60,000장)": `TrainSettings.text_of`)."""

    def from_text(self, key, text):
        typed = text.strip().lower()
        words = {strings(lang)["train.all_word"].lower() for lang in ("en", "ko")}
        if not typed or any(shows_all(typed, word) for word in words):
            return 0
        return super().from_text(key, text)


def shows_all(typed: str, word: str) -> bool:
    """Whether `typed` is the word for all, alone or with the count the field adds, "전체(6,000장)": "전체300"
    (a count typed after the word) is not, and gets the message of a number that does not read."""
    rest = typed[len(word):].strip() if typed.startswith(word) else None
    return rest is not None and (not rest or (rest.startswith("(") and rest.endswith(")")))


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
    train_size: int = field(0, ImageCount(0, 60_000))
    """Training images used, from the start of the split; 0 uses them all."""
    test_size: int = field(1_000, ImageCount(0, 10_000))
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

    def text_of(self, key: str) -> str | None:
        """A count of 0 as its field shows it, "all (60,000)": the images of the split that training reads,
        the synthetic digits' when the data set chosen is not on this computer (`as_text`)."""
        if key not in ("train_size", "test_size") or getattr(self, key):
            return None
        from workbench.models.train import split_sizes      # the model, and NumPy, load on first use

        train, test = split_sizes(self.dataset)
        return t("train.all_images", count=grouped(train if key == "train_size" else test))

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
