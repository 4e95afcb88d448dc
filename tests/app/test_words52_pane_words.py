"""Every pane names the value of a list of choices as its list does, wherever a learner reads it without
having typed it: each value of each choice setting, set in turn, never shows on the pane as its raw
--set word where the list shows another (빠른 엔진, not fast; SGD, not sgd), in English and Korean.

A line that is a command to copy (`workbench data download mnist`) or a path keeps the typed words."""
import re

import pytest

from workbench.app.app import make_app
from workbench.i18n import language, set_language
from workbench.models.catalog import ENTRIES, pane
from workbench.models.settings import Choice, kinds
from screen_text import screen_lines, until

SKIPPED = {"exercises"}
"""Its parts are code names the learner writes (a list of the functions of their folder)."""


def renamed(name: str, lang: str) -> list[tuple[str, str, str]]:
    """(key, value, label) of each choice value the pane's lists show otherwise than its --set word."""
    before = language()
    set_language(lang)
    try:
        entry = pane(name)
        return [(key, value, entry.choice_label(key, value)) for key, kind in kinds(entry.settings).items()
                if isinstance(kind, Choice) for value in kind.choices if entry.choice_label(key, value) != value]
    finally:
        set_language(before)


CASES = [(name, lang) for lang in ("en", "ko") for name in (e.name for e in ENTRIES)
         if name not in SKIPPED and renamed(name, lang)]


COPIED = re.compile(r"workbench(?: +[\w.=/-]+)+|\S*/\S*")
"""A command to copy (its words as typed, "workbench data download mnist", wrapped or not) or a path."""


def raw_words(lines: list[str], value: str) -> list[str]:
    """Where the screen shows `value` as a word of its own (not inside np.random or a --set=like word),
    leaving out a command to copy and a path: the words around each, the rows read as one text."""
    text = COPIED.sub(" ", " ".join(line.strip() for line in lines))
    word = re.compile(rf"(?<![\w.=-]){re.escape(value)}(?![\w-])")
    return [text[max(match.start() - 30, 0):match.end() + 30] for match in word.finditer(text)]


def test_the_cases_are_the_korean_panes_and_no_english_one_renames_sgd():
    assert ("optimizers", "en") not in CASES    # SGD is shown as SGD: nothing renamed in English
    assert ("optimizers", "ko") in CASES and ("train", "ko") in CASES


@pytest.mark.slow
@pytest.mark.parametrize("name, lang", CASES)
async def test_a_pane_never_shows_a_renamed_value_by_its_set_word(name, lang):
    app = make_app(pane=(name, None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any(getattr(w, "PANE", None) == name for w in app.screen.query("*")), 20)
        widget = next(w for w in app.screen.query("*") if getattr(w, "PANE", None) == name)
        await pilot.pause()
        found = []
        for key, value, label in renamed(name, lang):
            if not widget.apply(**{key: value}) or getattr(widget.settings, key) != value:
                continue                        # a combination the pane refuses: nothing new shown
            await pilot.pause()
            found += [f"{key}={value} ({label}): …{words}…" for words in raw_words(screen_lines(app), value)]
        assert not found, "\n".join(found)
