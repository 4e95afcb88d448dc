"""The console search's chart of the best five: each curve told apart by its rank, the best on top, and a
key that names each trial by its settings, at 80 columns, without colour, into a file, en and ko."""
from __future__ import annotations

import io
import os

import pytest

from workbench.i18n import cell_len, set_language


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def trial(index, lr, wd, accs):
    from workbench.models.search import TrialResult

    return TrialResult(index, 7, lr, wd, accs[-1], accs[-1], tuple(accs), tuple(accs), None, 1.0)


FLAT = [0.1] * 8
TRIALS = [trial(3, 4.1e-5, 8.57e-5, FLAT), trial(5, 1e-4, 1e-6, FLAT), trial(8, 2e-4, 1e-7, FLAT),
          trial(18, 0.0649, 7.61e-7, [0.1, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.35]),
          trial(6, 0.00229, 4.84e-6, [0.1, 0.1, 0.1, 0.1, 0.12, 0.15, 0.18, 0.2]),
          trial(1, 1e-6, 1e-8, [0.05] * 8)]
"""Three flat curves at 10 % (the lines that hid the others), two that climb out of it, one below."""


def curves(monkeypatch, trials, tty=True, columns=80, color=False):
    from workbench.commands import _console
    from workbench.commands._console import JobConsole
    from workbench.commands.search import SearchConsole
    from workbench.models.catalog import pane

    class Terminal(io.StringIO):
        def isatty(self):
            return tty

    if color:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
    else:
        monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    monkeypatch.setattr(_console, "_isatty", lambda stream: tty)
    console = object.__new__(SearchConsole)
    console.console, console.settings, console.trials = JobConsole(Terminal()), pane("search").settings(), trials
    return console.pictures().split("\n\n")[1]


def plot_rows(picture):
    return [line.partition("┤")[2] or line.partition("│")[2] for line in picture.splitlines()
            if "┤" in line or line.lstrip().startswith("│")]


def test_every_curve_of_the_best_five_shows_and_the_best_lies_over_the_rest(monkeypatch):
    """Drawn cell by cell in its marker, the flat 10 % line drawn last hid the best's first epochs and
    two other curves whole; each is now marked by its rank at its own values, the best (1) on top."""
    apart = [trial(i, 1e-4, 1e-6, [0.1 + 0.1 * i + 0.01 * e for e in range(8)]) for i in range(5)]
    rows = plot_rows(curves(monkeypatch, apart))
    assert all(any(mark in row for row in rows) for mark in "12345"), rows
    picture = curves(monkeypatch, TRIALS)
    rows = plot_rows(picture)
    assert sum(row.count("1") for row in rows) == 8, picture       # the best at each of its 8 epochs
    assert "*" not in "".join(rows) and "#" not in "".join(rows)
    assert max(cell_len(line) for line in picture.splitlines()) <= 79


@pytest.mark.parametrize("lang, words", [("en", "hidden under 3"), ("ko", "3에 가려짐")])
def test_a_trial_alike_to_a_better_one_says_where_it_is(monkeypatch, lang, words):
    """Three trials flat at 10 %: the two worse ones lie under the third to the cell, and their lines of
    the key say so, where their marks were just not there."""
    set_language(lang)
    key = curves(monkeypatch, TRIALS).splitlines()[-6:-1]
    assert [line.endswith(words) for line in key] == [False, False, False, True, True], key


@pytest.mark.parametrize("lang, first, note", [
    ("en", "1  #19  lr 0.0649   weight decay 7.61e−7  validation 35.0 %", "the better one's number shows"),
    ("ko", "1  #19  학습률 0.0649   가중치 감소 7.61e−7  검증 35.0 %", "더 좋은 시행의 번호가 보입니다")])
@pytest.mark.parametrize("tty", [True, False])
def test_the_key_names_each_trial_by_its_settings_best_first(monkeypatch, lang, first, note, tty):
    set_language(lang)
    picture = curves(monkeypatch, TRIALS, tty=tty)
    key = picture.splitlines()[-6:]
    assert key[0].strip() == first, picture
    assert cell_len(key[0]) <= 79 if tty else True
    assert [line.split()[:2] for line in key[:5]] == [["1", "#19"], ["2", "#7"], ["3", "#4"], ["4", "#6"],
                                                     ["5", "#9"]], picture
    assert note in key[5] and "\x1b[" not in picture
    assert max(cell_len(line) for line in picture.splitlines()) <= (79 if tty else 99)     # a file: 100 columns


def test_in_colour_the_marks_are_drawn_over_the_lines(monkeypatch):
    picture = curves(monkeypatch, TRIALS, color=True)
    import plotext

    plain = plotext.uncolorize(picture)
    assert "\x1b[" in picture and sum(row.count("1") for row in plot_rows(plain)) == 8, plain
    assert "1  #19  lr 0.0649" in plain


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_on_a_narrow_terminal_the_key_breaks_under_its_own_text(monkeypatch, lang):
    set_language(lang)
    picture = curves(monkeypatch, TRIALS, columns=50)
    key = picture.splitlines()[picture.splitlines().index(next(l for l in picture.splitlines() if "#19" in l)):]
    assert max(cell_len(line) for line in key) <= 49, key
    assert key[0].startswith("    1  #19  ") and key[1].startswith("       "), key
