"""The console's listings into a file or a pipe fit the page, 80 cells or $COLUMNS, en and ko (Hangul
counted as two cells): `data status` wrote a 94-cell line, `compare --list` a tab between its columns,
ragged in `less` and a handout, `panes` lines of 422 cells and the glossary of 128. Each is broken at
words, a list item's rows under its own indent; a command to copy stays whole where it fits. A run's
messages fit the page too since console52 (tests/test_console52_run_messages.py)."""
from __future__ import annotations

import pytest

from tests.console_text import printed
from workbench import cli
from workbench.i18n import cell_len

LISTINGS = [["data", "status"], ["compare", "--list"], ["gradcheck", "--list-bugs"], ["panes"], ["panes", "search"],
            ["glossary"], ["glossary", "loss"], ["lessons"]]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [None, "60"])
@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_every_listing_into_a_pipe_fits_the_page(capsys, monkeypatch, lang, columns, argv):
    out = printed(capsys, monkeypatch, lang, argv, columns)
    page = int(columns or 80)
    assert [line for line in out.splitlines() if cell_len(line) > page - 1 and not a_path_to_copy(line, page)] == []


def a_path_to_copy(line: str, page: int) -> bool:
    """A line that is too wide only for the path it ends in, which stays whole to copy: `data status`'s
    download cache under a long $HOME (the fresh-clone CI's /tmp/tmp.…/.cache/…) went past 60 cells."""
    label, _, last = line.rstrip().rpartition(" ")
    return last.startswith("/") and cell_len(label) <= page - 1


def test_only_a_path_at_the_end_of_a_line_may_go_past_the_page():
    assert a_path_to_copy("download cache: /tmp/tmp.4xXeSle8jy/.cache/workbench/datasets", 60)
    assert not a_path_to_copy("not ready: 'workbench data download mnist', or set WORKBENCH_DATA", 60)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_presets_are_two_columns_each_description_under_itself(capsys, monkeypatch, lang):
    lines = printed(capsys, monkeypatch, lang, ["compare", "--list"], "60").splitlines()
    column = len("overfitting") + 2
    assert "\t" not in "".join(lines) and len(lines) > 5                      # some go on under themselves
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == \
        ["optimizers", "weight-init", "batch-norm", "overfitting", "free"]
    assert all(line[column - 2:column] == "  " and line[column] != " " for line in lines)


def test_the_command_to_copy_stays_whole(capsys, monkeypatch):
    """`data status` names the command that downloads what is missing: on one line, broken around it."""
    out = printed(capsys, monkeypatch, "en", ["data", "status"], "60")
    said = [line for line in out.splitlines() if "workbench data download" in line]
    assert said or "not ready" not in out
    assert all("'workbench data download " in line and line.count("'") == 2 for line in said), said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_exercises_key_and_milestones_fit_the_page(capsys, monkeypatch, tmp_path, lang):
    """`exercises check` into a pipe: the note under its table (113 cells) and the milestones (113) fit
    60 cells, the milestones' rows under their first item; its message lines stay whole."""
    monkeypatch.chdir(tmp_path)
    printed(capsys, monkeypatch, lang, ["exercises", "init"], "60")
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["--lang", lang, "exercises", "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(("Milestones:", "이정표:")))
    milestones = lines[first:]
    assert len(milestones) > 1 and all(cell_len(line) <= 59 for line in milestones)
    head = cell_len(milestones[0].split(" ")[0]) + 1            # "이정표:" is 7 cells
    assert all(line[:head] == " " * head and line[head] in "○✓" for line in milestones[1:])
    key = [line for line in lines if line.startswith(("The output column", "출력"))]
    assert key and all(cell_len(line) <= 59 for line in lines[lines.index(key[0]):lines.index(key[0]) + 2])
