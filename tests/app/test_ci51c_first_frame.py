"""Every step's text is drawn wrapped as it stays: the first frame after → shows the text column as the
last does, at every step of every lesson, in English and Korean.

Textual chose the column's scrollbar after a layout, from the rows laid out at the width the
scrollbar had before: a text that started or stopped scrolling was drawn once at the old width, then
wrapped again beside (or without) the scrollbar, and "more ↓" came a layout later still. The column
now decides both in the layout itself (TextColumn._get_scrollable_region).
"""
import pytest

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.text_column import TextColumn
from workbench.course.files import load_course
from screen_text import screen_lines, until
from test_step_layouts import count_layouts_and_frames, settled

LESSONS = [lesson.id for lesson in load_course().lessons]


def column_rows(app, rows: list[str]) -> list[str]:
    """The text column's part of the screen's `rows`, with its scrollbar."""
    region = app.screen.query_one("#text", TextColumn).region
    return [row.ljust(region.right)[region.x:region.right] for row in rows[region.y:region.bottom]]


async def no_pane(screen) -> None:
    """The pane area left empty: the text's column is as wide with the step's pane or without (the
    screen's classes, `-no-pane` among them, set its width), and the walk takes seconds, not minutes."""


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "size"), [("en", (80, 24)), ("ko", (60, 24))])
async def test_every_frame_of_a_step_shows_its_text_as_it_stays(size, lang, monkeypatch):
    """Each lesson from its first step to its last with →: every frame drawn from the key on shows the
    text column (its rows, its wrap, its scrollbar and "more ↓") as the settled step does. Two walks,
    not six: on main before the change English failed at 80×24 and Korean at 60×24 (32 steps), and each
    walk costs about 10 s of CPU in a suite near its limit."""
    monkeypatch.setattr(LessonScreen, "_show_pane", no_pane)
    changed = []
    for lesson_id in LESSONS:
        app = make_app(lesson_id=lesson_id, step=0, lang=lang)
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            await until(pilot, lambda: not screen.building)
            await settled(pilot, count_layouts_and_frames(app, screen), pause=None)
            for index in range(1, len(screen.lesson.steps)):
                counts = count_layouts_and_frames(app, screen)
                await pilot.press("right")
                await until(pilot, lambda: not screen.building and screen.index == index)
                await settled(pilot, counts, pause=None)
                final = column_rows(app, screen_lines(app))
                drawn = [column_rows(app, rows) for rows in counts["rows"]]
                if screen.query_one("#text").region.area and any(rows != final for rows in drawn):
                    changed.append((lesson_id, index, next(rows for rows in drawn if rows != final), final))
    assert not changed, (len(changed), changed[:2])
