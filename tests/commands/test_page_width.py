"""Every console command's charts and tables, written into a file or a pipe, fit a page of 80 cells
($COLUMNS when set), en and ko, Hangul counted as two cells: they were 99 wide there (the console's width
for no terminal) and wrapped when read in `less` or pasted into a handout. Prose stays one line into a
pipe, for grep, as it was; it is told apart here by recording what went out as prose."""
from __future__ import annotations

import pytest

from workbench import cli
from workbench.i18n import cell_len, set_language

TINY = ["--set", "dataset=synthetic-digits", "--set", "train_size=200", "--set", "test_size=100",
        "--set", "batch_size=50"]
COMMANDS = [
    ["compare", "free", *TINY, "--set", "epochs=2", "--set", "runs=lr=0.1; lr=0.01; optimizer=adam lr=0.001"],
    ["compare", "weight-init", *TINY[:-2], "--set", "iterations=3", "--set", "batch_size=50"],
    ["compare", "batch-norm", *TINY, "--set", "epochs=1"],
    ["search", "--trials", "3", "--epochs", "2", "--set", "dataset=synthetic-digits", "--set", "train_size=100",
     "--set", "batch_size=20"],
    ["train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "200", "--test-size", "100",
     "--epochs", "2"],
    ["shapes", "simple"],
    ["shapes", "conv", "--input", "1000,3,224,224", "--filter", "64,7,7", "--stride", "1", "--pad", "3"],
    ["gradcheck"],
    ["graph", "sigmoid(w*x + b), w=2, x=-1, b=0.5"],
]


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


@pytest.fixture
def prose(monkeypatch):
    """The lines written as prose (`tell`, the consoles' `say`), which into a pipe stay whole."""
    from workbench.commands import _console, train

    said: set[str] = set()

    def recording(original):
        def record(*args, **kwargs):
            texts = [a for a in args if isinstance(a, str)][:1] or [kwargs.get("text", "")]
            said.update(texts[0].splitlines())
            return original(*args, **kwargs)
        return record

    monkeypatch.setattr(cli, "tell", recording(cli.tell))
    monkeypatch.setattr(_console.JobConsole, "say", recording(_console.JobConsole.say))
    monkeypatch.setattr(train.Console, "say", recording(train.Console.say))
    return said


def too_wide(out: str, prose: set[str], columns: int) -> list[str]:
    """The lines wider than `columns` cells but prose and a command to copy (one line into a pipe)."""
    return [line for line in out.splitlines() if cell_len(line) > columns and line.strip() not in
            {p.strip() for p in prose} and not line.startswith("  workbench ")]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("argv", COMMANDS, ids=lambda argv: " ".join(argv[:2]))
def test_charts_and_tables_into_a_pipe_fit_80_columns(capsys, monkeypatch, prose, lang, argv):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.main(["--lang", lang, *argv]) in (0, 1)
    out, err = capsys.readouterr()
    assert out.strip() and too_wide(out, prose, 80) == [] and too_wide(err, prose, 80) == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_columns_sets_the_page_into_a_pipe(capsys, monkeypatch, prose, lang):
    """$COLUMNS says how wide the page is (as for argparse and Rich): narrower and wider than 80."""
    from workbench.commands._console import table_width

    monkeypatch.setenv("COLUMNS", "64")
    assert cli.main(["--lang", lang, *COMMANDS[0]]) == 0
    out, _ = capsys.readouterr()
    assert too_wide(out, prose, 64) == [] and max(cell_len(line) for line in out.splitlines() if "┐" in line) > 56
    monkeypatch.setenv("COLUMNS", "120")
    assert table_width() == 119
    monkeypatch.setenv("COLUMNS", "none")
    assert table_width() == 79
