"""The comparison's data line under its status ("Synthetic digits (built in, not MNIST): 6,000 training /
1,000 test images") is wrapped with no word alone on its last row: at 120×40 beside a lesson's text its
"images" stood alone on a row of its own."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from workbench.app.panes.compare import ComparePane
from workbench.datasets.sources import dataset_label
from workbench.i18n import cell_len, set_language, t


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_data_line_leaves_no_word_alone(lang):
    set_language(lang)
    try:
        line = t("train.data.short", name=dataset_label("synthetic-digits"), train="6,000", test="1,000")
        for width in range(30, cell_len(line) + 1):
            shown = SimpleNamespace(progress={}, presenters_run=None, state="done", width=lambda width=width: width,
                                    data=SimpleNamespace(short_text=lambda: line))
            rows = ComparePane.progress_lines(shown)
            assert " ".join(rows) == line, rows
            assert all(cell_len(row) <= width for row in rows), (width, rows)
            assert len(rows) == 1 or " " in rows[-1].strip(), (width, rows)
    finally:
        set_language("en")
