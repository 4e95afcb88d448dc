"""The datasets workbench knows: what to show for each, and where its files come from.

What a person reads about them (names, descriptions, class names) is in the string catalog, area
"datasets". A set's `class_names` stay in English, as the data and a presenter's shared results carry
them; `class_label` words one in the current language as it is shown.

Every real file has two SHA-256 digests. `sha256` is the published `.gz` (what a mirror serves and what
a download is checked against); `raw_sha256` is the decompressed IDX bytes, so a copy that was
recompressed or unpacked (Debian's `dataset-fashion-mnist` ships recompressed `.gz` files) is still
recognised as the official data.

Provenance of the digests:
- MNIST `.gz`: the widely published digests; the two test files match the official copies in the
  project's shared/datasets/mnist/SHA256SUMS, and tests/datasets checks that again.
- Fashion-MNIST `.gz`: Zalando publishes MD5s only. Debian's files hold the same deflate streams with
  a shorter gzip header (no file name); putting back the header (FNAME flag, name and the original
  mtimes 1504176606/1504176627) reproduces all four official MD5s, and these SHA-256s are of those
  reconstructed files. The raw digests are of the decompressed data, identical in both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.datasets.errors import DatasetError
from workbench.i18n import has, t


@dataclass(frozen=True)
class IdxFile:
    """One published IDX file: its name, size and digests (see the module docstring)."""

    name: str
    size: int
    sha256: str
    raw_size: int
    raw_sha256: str

    @property
    def stem(self) -> str:
        """The name without `.gz`, as the file is called once unpacked."""
        return self.name.removesuffix(".gz")


@dataclass(frozen=True)
class Source:
    """Where a real dataset's files live: the files of each split, the mirrors, the usual folders."""

    splits: dict[str, tuple[IdxFile, IdxFile]]
    mirrors: tuple[str, ...]
    system_dirs: tuple[Path, ...]
    folder_names: tuple[str, ...]

    def files(self) -> list[IdxFile]:
        """All files, training split first."""
        return [f for pair in self.splits.values() for f in pair]


@dataclass(frozen=True)
class DatasetInfo:
    """What the app and CLI show about a dataset. `synthetic` marks the built-in generated set.

    The name and description on screen come from the string catalog, in the current language, when
    they are shown: `display_name` and `description` (or dataset_label / dataset_description). The
    fields `fallback_name` and `fallback_description` stand in for a set the catalog does not know,
    such as one a test registers; the built-in sets leave them empty.
    """

    name: str
    fallback_name: str
    fallback_description: str
    class_names: tuple[str, ...]
    synthetic: bool
    licence: str
    homepage: str
    source: Source | None = field(default=None, repr=False)
    image_shape: tuple[int, int, int] = (1, 28, 28)

    @property
    def display_name(self) -> str:
        """The name to show, e.g. "MNIST" or "합성 숫자 (내장, MNIST 아님)"."""
        key = f"datasets.name.{self.name}"
        return t(key) if has(key) else self.fallback_name or self.name

    @property
    def description(self) -> str:
        """A sentence or two on what the set holds, in the current language."""
        key = f"datasets.about.{self.name}"
        return t(key) if has(key) else self.fallback_description


MNIST_SOURCE = Source(
    splits={
        "train": (
            IdxFile("train-images-idx3-ubyte.gz", 9_912_422,
                    "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 47_040_016,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            IdxFile("train-labels-idx1-ubyte.gz", 28_881,
                    "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 60_008,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        ),
        "test": (
            IdxFile("t10k-images-idx3-ubyte.gz", 1_648_877,
                    "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 7_840_016,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            IdxFile("t10k-labels-idx1-ubyte.gz", 4_542,
                    "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 10_008,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        ),
    },
    mirrors=(
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ),
    system_dirs=(Path("/usr/share/datasets/mnist"),),
    folder_names=("mnist", "MNIST"),
)

FASHION_MNIST_SOURCE = Source(
    splits={
        "train": (
            IdxFile("train-images-idx3-ubyte.gz", 26_421_880,
                    "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84", 47_040_016,
                    "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            IdxFile("train-labels-idx1-ubyte.gz", 29_515,
                    "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845", 60_008,
                    "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        ),
        "test": (
            IdxFile("t10k-images-idx3-ubyte.gz", 4_422_102,
                    "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073", 7_840_016,
                    "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            IdxFile("t10k-labels-idx1-ubyte.gz", 5_148,
                    "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5", 10_008,
                    "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
        ),
    },
    mirrors=(
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
    system_dirs=(Path("/usr/share/datasets/fashion-mnist"),),
    folder_names=("fashion-mnist", "fashion_mnist", "FashionMNIST"),
)

DIGIT_NAMES = tuple(str(d) for d in range(10))

DATASETS: dict[str, DatasetInfo] = {
    "mnist": DatasetInfo(
        name="mnist",
        fallback_name="",
        fallback_description="",
        class_names=DIGIT_NAMES,
        synthetic=False,
        licence="CC BY-SA 3.0 (Yann LeCun and Corinna Cortes)",
        homepage="http://yann.lecun.com/exdb/mnist/",
        source=MNIST_SOURCE,
    ),
    "fashion-mnist": DatasetInfo(
        name="fashion-mnist",
        fallback_name="",
        fallback_description="",
        class_names=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        synthetic=False,
        licence="MIT (Zalando SE)",
        homepage="https://github.com/zalandoresearch/fashion-mnist",
        source=FASHION_MNIST_SOURCE,
    ),
    "synthetic-digits": DatasetInfo(
        name="synthetic-digits",
        fallback_name="",
        fallback_description="",
        class_names=DIGIT_NAMES,
        synthetic=True,
        licence="part of workbench",
        homepage="",
    ),
}


def dataset_info(name: str) -> DatasetInfo:
    """The registry entry for `name` (any case, `_` for `-`); a DatasetError lists the valid names."""
    try:
        return DATASETS[name.strip().lower().replace("_", "-")]
    except (KeyError, AttributeError):
        names = ", ".join(f'"{n}"' for n in DATASETS)
        raise DatasetError(t("datasets.unknown", name=repr(name), names=names)) from None


def dataset_label(dataset: str | DatasetInfo) -> str:
    """The name to show for a dataset (a name as dataset_info takes, or its entry), in the current language."""
    return (dataset if isinstance(dataset, DatasetInfo) else dataset_info(dataset)).display_name


def class_label(name: str) -> str:
    """A class's name as it is shown, in the current language: "Ankle boot" is "앵클 부츠" in Korean
    (the catalog's `datasets.class.<set>.<index>`); a digit, or a name no built-in set has, as it is.

    It takes the English name rather than a set and an index, so that names carried elsewhere (a run's
    data, a presenter's confusion matrix) are worded in the reader's language, however they came."""
    for info in DATASETS.values():
        if name in info.class_names:
            key = f"datasets.class.{info.name}.{info.class_names.index(name)}"
            if has(key):
                return t(key)
    return name


def dataset_description(dataset: str | DatasetInfo) -> str:
    """What a dataset holds, in a sentence or two of the current language."""
    return (dataset if isinstance(dataset, DatasetInfo) else dataset_info(dataset)).description
