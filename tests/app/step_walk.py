"""One walk through the steps of some lessons, each step opened once, with every check a walk test makes
there: opening a step (building its pane, laying out and drawing the screen) is what a walk costs, so
the tests that read different things off the same steps at the same size and in the same language
share one opening of each (test_footer_named_keys.py at 80×24, test_whole_screens.py at 60×24).

    failures = Failures(lang)
    async for screen, lesson, index in every_step(pilot, lessons):
        failures.check(screen, footer_has_no_bare_key)       # a check: a function that asserts
    failures.assert_none()

A check that fails does not end the walk: each failure is noted with the lesson, the step, the language
and the check's name, and the test fails at the end naming every one of them. A check that any walk may
run is here (`no_text_row_starts_with_a_bare_key`).
"""
from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable

from workbench.app.lesson_screen import LessonScreen


async def every_step(pilot, lessons: Iterable, *, folded: bool | None = None,
                     only: Callable[[object], bool] = lambda step: True) -> AsyncIterator[tuple]:
    """(screen, lesson, index) at each step of `lessons` (those `only` keeps), each shown as a key press
    shows it (its pane built before Pilot's wait for idle) and then drawn: a lesson opens at the first
    step it shows (the screen is composed, and shows that step), the next steps are set on that screen.
    `folded` sets the text folded away (or not) at each step, as `t` does."""
    app = pilot.app
    for lesson in lessons:
        indices = [index for index, step in enumerate(lesson.steps) if only(step)]
        for index in indices:
            screen = app.screen
            if not isinstance(screen, LessonScreen) or screen.lesson.id != lesson.id:
                await app.open_lesson(lesson.id, index)
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, LessonScreen) and screen.lesson.id == lesson.id, lesson.number
            elif screen.index != index:
                screen.set_reactive(LessonScreen.index, index)
                await screen.show_step()          # what a key press runs, without Pilot's wait for idle
            if folded is not None:
                screen.text_folded = folded
            await pilot.pause()                   # the footer and the bar as drawn (8.1 step 5 lost a label before it)
            assert screen.index == index, (lesson.number, index + 1)
            yield screen, lesson, index


class Failures:
    """The checks' failures of one walk, each named by lesson, step, language and check."""

    def __init__(self, lang: str):
        self.lang = lang
        self.found: list[str] = []

    def check(self, screen, check: Callable, *args) -> None:
        """Run `check(screen, *args)`; a failed assertion is noted, not raised."""
        self.at(f"{screen.lesson.number} step {screen.index + 1}", check, screen, *args)

    def at(self, where: str, check: Callable, *args) -> None:
        """Run `check(*args)` for `where` (a step, a lesson); a failed assertion is noted, not raised."""
        try:
            check(*args)
        except AssertionError as error:
            self.found.append(f"{where} ({self.lang}) {check.__name__}: {error}")

    def assert_none(self) -> None:
        assert not self.found, "\n".join([f"{len(self.found)} failed:", *self.found])


BARE_KEY = re.compile(r"([^\w\s=+−×·*/<>≈→≤≥(\[{])[ \u00a0]")
"""A row that starts with a key that reads as punctuation (".", ",", "]"…) alone before a space: not a
letter (a variable, "A and B", as often as a key), a digit or a formula's sign ("* y"), nor an opening
bracket ("(, steps back" is an aside)."""


def text_rows(screen, widths: Iterable[int] = ()) -> list[list[str]]:
    """The rows each block of the step's text (a paragraph, a list item's, a table cell) is laid out in,
    in view or scrolled out of it, as drawn; with `widths`, as each block's text wraps in rows of each of
    those widths (the text folded away at a size where text and pane take turns is not laid out at all)."""
    blocks = screen.query_one("#step-text").query("NoBreakParagraph, NoBreakTD, NoBreakTH")
    if widths:
        return [[line.plain.strip() for line in block._content.wrap(width)] for block in blocks for width in widths]
    return [[block.render_line(y).text.strip() for y in range(block.size.height)] for block in blocks]


def no_text_row_starts_with_a_bare_key(screen, widths: Iterable[int] = ()) -> None:
    """No row of the step's text (drawn, or wrapped at `widths`: `text_rows`) starts with a key of one
    character cut from its phrase: 7.3 step 1 read "Press" above ". to step through the rows" (a lone
    "." that reads as stray punctuation), and in Korean "씁니다." above ". 키로 행을" (no_break.glue_keys).
    A block's first row may: it has nothing before it ("**.** 키를 눌러" opening a paragraph). Keys that
    are letters are checked, knowing which words are keys, by test_glue52_keys.py."""
    from workbench.course.keys import is_key

    bare = [row for rows in text_rows(screen, widths) for row in rows[1:]
            if (key := BARE_KEY.match(row)) and is_key(key[1])]
    assert bare == [], bare
