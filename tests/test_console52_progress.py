"""The live progress line, redrawn with \\r while a run works, never passes the terminal's width (less the
cells kept free for ^C's echo), in Korean too, where Hangul takes two cells: a row it wrapped onto
would be left behind at every redraw. Checked on a pseudo-terminal 60 columns wide, every version of
the line as it was redrawn, for train and compare in Korean (English at 50 columns: test_console_terminal)."""
from __future__ import annotations

import re

import pytest

from tests.test_console_terminal import on_a_terminal
from workbench.i18n.cells import cell_len
from workbench.textout import PROGRESS_MARGIN

WIDTH = 60
RUNS = {
    "train": ["train", "--net", "simple", "--dataset", "synthetic-digits", "--epochs", "1", "--train-size", "300",
              "--test-size", "50", "--batch-size", "10"],
    "compare": ["compare", "free", "--set", "dataset=synthetic-digits", "--set", "train_size=1000", "--set",
                "test_size=50", "--set", "epochs=8", "--set", "batch_size=5"],
}
"""Runs long enough for a few redraws (one each 0.1 s at most; compare's three runs of 2 epochs of 300 took
0.0 s each on a quiet machine and drew none); network's line (stderr), gradcheck's and
search's are no wider than these (measured by hand at 60 and 80 columns: 50, 57 and 55 cells in Korean)."""


def redrawn(args: list[str], lang: str, home) -> list[str]:
    """Every version of the progress line a terminal `WIDTH` wide was shown by `workbench ARGS`."""
    status, shown = on_a_terminal(args, home, WIDTH, lang, term="xterm-256color")
    assert status == 0, shown.decode("utf-8", "replace")[-2000:]
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace")).replace("\r\n", "\n")
    return [piece for line in text.split("\n") for piece in line.split("\r") if re.search(r"\[[#.]{4,}\]", piece)]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS))
def test_the_progress_line_at_60_columns_stays_one_row_in_korean(name, tmp_path):
    bars = redrawn(RUNS[name], "ko", tmp_path)
    assert bars, "no progress line was drawn"
    too_wide = [bar for bar in bars if cell_len(bar) > WIDTH - PROGRESS_MARGIN]
    assert too_wide == []
