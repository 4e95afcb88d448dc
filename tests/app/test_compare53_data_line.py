"""The comparison's data line under its status ("Synthetic digits (built in, not MNIST): 300 training /
1,000 test images") is wrapped with no word alone on its last row: at 120×40 beside a lesson's text its
"images" stood alone on a row of its own (and left to Textual's wrapping, a row started "/ 1,000 test")."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from workbench.app.panes.compare import ComparePane
from workbench.datasets.sources import dataset_label
from workbench.i18n import cell_len, set_language, t


def rows_at(line: str, width: int) -> list[str]:
    """The data lines of a finished comparison of `line`'s data, `width` cells wide."""
    shown = SimpleNamespace(progress={}, presenters_run=None, state="done", width=lambda: width,
                            data=SimpleNamespace(short_text=lambda: line))
    return ComparePane.progress_lines(shown)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("fell_back", [False, True], ids=["asked", "fell-back"])
def test_the_data_line_leaves_no_word_alone(lang, fell_back):
    set_language(lang)
    try:
        line = t("train.data.short", name=dataset_label("synthetic-digits"), train="300", test="1,000")
        if fell_back:
            line = t("train.data.short_fell_back", asked=dataset_label("mnist")) + " " + line
        for width in range(30, cell_len(line) + 1):
            rows = rows_at(line, width)
            assert " ".join(rows) == line, rows
            assert all(cell_len(row) <= width for row in rows), (width, rows)
            assert len(rows) == 1 or " " in rows[-1].strip(), (width, rows)
            assert not any(row.startswith("/") for row in rows), (width, rows)
    finally:
        set_language("en")
