"""The settings' messages write a number of four or more figures grouped, as the panes and lessons write
it ("the 6,000 training images", "from 1 to 10,000"): every range error and range of every pane's
settings, and the errors their settings classes raise about counts."""
import re

import pytest

from workbench.i18n import set_language
from workbench.models.catalog import ENTRIES
from workbench.models.settings import Float, Int, IntList, Numbers, Seed, SettingError, Shape, kinds

UNGROUPED = re.compile(r"(?<![\d.,])\d{4,}")
"""Four figures or more in a row, not the decimals of a fraction (0.0001) nor a group (10,000)."""


def quoted_out(message: str) -> str:
    """The message without what it quotes as typed ("12345x" stays as the learner wrote it)."""
    return re.sub(r'"[^"]*"', '""', message)


def ungrouped(message: str) -> list[str]:
    return UNGROUPED.findall(quoted_out(message))


def beyond(kind, default) -> list[str]:
    """Texts out of `kind`'s range, above and below it: what a learner types after --set or in a field."""
    if isinstance(kind, Seed):
        return [str(2 ** 32), "-1"]
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    float_kind = isinstance(kind, (Float, Numbers))
    over = [] if high is None else [high * 10 + 1.5 if float_kind else high + 1]
    over += [] if low is None else [low * 10 - 1.5 if float_kind else low - 1]
    if isinstance(kind, (Int, IntList)):
        return [str(v) for v in over]
    if isinstance(kind, Float):
        return [f"{v:f}".rstrip("0") for v in over]
    if isinstance(kind, Shape):
        return [", ".join([str(v)] * len(kind.names)) for v in over]
    rows = [list(row) for row in default] if kind.rows is not None else [list(default)]
    texts = []
    for v in over:
        rows[0][0] = v
        texts.append("; ".join(" ".join(f"{x:f}" for x in row) for row in rows))
    return texts


RANGED = [(entry.name, key, kind, getattr(entry.settings(), key)) for entry in ENTRIES
          for key, kind in kinds(entry.settings).items() if isinstance(kind, (Int, Float, IntList, Shape, Numbers, Seed))]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_range_error_and_range_of_every_pane_groups_its_numbers(lang):
    set_language(lang)
    refused = 0
    large = []
    for name, key, kind, default in RANGED:
        assert not ungrouped(kind.describe()), (name, key, kind.describe())
        for text in beyond(kind, default):
            try:
                kind.from_text(key, text)
            except SettingError as error:
                refused += 1
                assert not ungrouped(str(error)), (name, key, text, str(error))
                large += re.findall(r"\d{1,3}(?:,\d{3})+", str(error))
    assert refused > 200 and {"10,000", "60,000", "100,000", "4,294,967,296"} <= set(large)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_settings_errors_about_counts_group_them(lang):
    from workbench.models import search
    from workbench.models.compare_settings import FreeSettings
    from workbench.models.search_settings import SearchSettings
    from workbench.models.shapes_settings import parse_layer
    from workbench.models.sin_cos_settings import SinCosSettings
    from workbench.models.train_settings import TrainSettings

    set_language(lang)
    made = {
        "train": lambda: TrainSettings(batch_size=10_000, train_size=6_000),
        "compare": lambda: FreeSettings(batch_size=10_000, train_size=6_000),
        "search": lambda: SearchSettings(batch_size=10_000, train_size=8_000),
        "sin-cos": lambda: SinCosSettings(start=-100, stop=100, step=0.001),
        "shapes": lambda: parse_layer("layers", "conv 200000"),
        "search's data": lambda: search.compute(SearchSettings(dataset="synthetic-digits", train_size=7_000)),
    }
    for name, make in made.items():
        with pytest.raises(SettingError) as refused:
            make()
        message = str(refused.value)
        assert not ungrouped(message) and re.search(r"\d,\d{3}", message), (name, message)
