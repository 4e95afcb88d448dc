"""A run's messages (train, search, compare, network, gradcheck) fit the page into a pipe too, 80 cells
or $COLUMNS, en and ko (Hangul two cells): the search's trial line ran to 97 cells, network's summary
to 212, gradcheck's bug line to 124, and `less` or a handout cut them anywhere. Each is broken between
words, a value kept with its label and unit ("weight decay 5.72e−8", "h 1e−4", "0.0 s"), and the path
of a saved file on a row of its own, whole, to copy."""
from __future__ import annotations

import re

import pytest

from tests.console_text import joined, printed, said
from workbench.i18n import cell_len

TINY = ["--set", "dataset=synthetic-digits", "--set", "train_size=200"]
RUNS = {
    "train": ["train", "--net", "two-layer", "--dataset", "synthetic-digits", "--epochs", "1", "--train-size", "200",
              "--test-size", "100"],
    "search": ["search", "--trials", "2", "--epochs", "1", *TINY],
    "compare": ["compare", "free", *TINY, "--set", "test_size=100", "--set", "epochs=1", "--set", "hidden=20"],
    "gradcheck": ["gradcheck", "--break", "relu-mask-inverted"],
}
VALUES = [r"(?:weight decay|가중치 감소) \d\S*", r"(?:lr|학습률) \d\S*", r"(?<![\w.]) h \d\S*", r"ε \d\S*",
          r"(?:test accuracy|train accuracy|시험 정확도|훈련 정확도) [\d.]+ %", r"\d[\d.]* (?:s|pts|%p?)\b",
          r"(?:seed|시드) \d+", r"(?:batch size|미니배치) \d+"]
"""A value with its label or unit, which a row must hold whole."""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [None, "60"])
@pytest.mark.parametrize("name", list(RUNS))
def test_a_runs_messages_into_a_pipe_fit_the_page_broken_between_values(capsys, monkeypatch, lang, columns, name):
    out = printed(capsys, monkeypatch, lang, RUNS[name], columns, statuses=(0, 1))     # 1: gradcheck's bug
    page = int(columns or 80)
    rows = [row for row in out.splitlines() if not row.startswith("  workbench ")]    # search's command to copy
    assert [row for row in rows if cell_len(row) > page - 1] == []
    whole = joined(out)
    values = [found for pattern in VALUES for found in re.findall(pattern, whole)]
    assert values
    split = [value for value in values if not any(value in row for row in out.splitlines())]
    assert split == []


def test_the_trial_line_at_60_columns_keeps_weight_decay_with_its_value(capsys, monkeypatch):
    """It broke "weight" / "decay 5.72e−8": a label of two words is held with its value as one of one is."""
    out = printed(capsys, monkeypatch, "en", RUNS["search"], "60")
    trial = [row for row in out.splitlines() if "decay" in row and "→" in row]
    assert trial and all(re.search(r"weight decay \S+ →", row) and cell_len(row) <= 59 for row in trial)
    assert said(out, "trial 1/2: lr ")


@pytest.fixture
def short_folder():
    """A folder under /tmp with a short name, whose files' paths a test pads to the length it needs
    (pytest's own tmp_path is longer than a row)."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="c52"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("lang, kept", [("en", "Kept in"), ("ko", "저장 위치:")])
def test_networks_path_is_whole_on_a_row_of_its_own(capsys, monkeypatch, short_folder, lang, kept):
    """"Kept in /…/networks/" then "chapter3-….npz": the path broken after a "/" at 80 cells, where it
    fitted a row alone, was copied in two pieces."""
    from workbench.models import trained
    from workbench.paths import DATA_HOME_VARIABLE

    data = trained.synthetic_data(300, 100)
    monkeypatch.setattr(trained, "available_data", lambda: data)
    monkeypatch.setattr(trained, "best_source", lambda: "synthetic-digits")
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=1) for source in trained.SOURCES})
    home = short_folder / "h"
    home = short_folder / ("h" * (76 - len(str(trained.paths(home / "networks")[0])) + 1))
    monkeypatch.setenv(DATA_HOME_VARIABLE, str(home))
    path = str(trained.paths()[0])
    assert cell_len(path) == 76 and cell_len(f"{kept} {path}") > 79      # it fits a row alone, not after its label
    out = printed(capsys, monkeypatch, lang, ["network"], None)
    rows = out.splitlines()
    assert path in rows and rows[rows.index(path) - 1].endswith(kept), rows
    assert all(cell_len(row) <= 79 for row in rows)


def test_the_saved_path_of_train_is_whole_on_a_row_of_its_own(capsys, monkeypatch, short_folder):
    saved = short_folder / "two-layer.npz"
    saved = short_folder / ("n" * (76 - len(str(saved)) + len("two-layer")) + ".npz")
    assert cell_len(str(saved)) == 76
    out = printed(capsys, monkeypatch, "en", [*RUNS["train"], "--save", str(saved)], None)
    rows = out.splitlines()
    assert str(saved) in rows and rows[rows.index(str(saved)) - 1] == "saved to", rows


def test_a_message_puts_the_path_it_holds_on_a_row_of_its_own():
    """Whole where it fits a row, punctuation after it kept on its row; wider than any row, after a "/"."""
    from workbench.textout import message

    assert message("saved to /tmp/my net.npz", 40, "/tmp/my net.npz") == "saved to /tmp/my net.npz"
    assert message("saved to /tmp/my net.npz", 20, "/tmp/my net.npz") == "saved to\n/tmp/my net.npz"
    assert message("Kept in /tmp/networks/c3.npz.", 24, "/tmp/networks/c3.npz") == "Kept in\n/tmp/networks/c3.npz."
    assert message("Kept in /tmp/networks/c3.npz", 16, "/tmp/networks/c3.npz") == "Kept in\n/tmp/networks/\nc3.npz"
