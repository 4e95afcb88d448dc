"""The lesson bar at 80 columns: the lesson's number, the step counter and the step's title, whole
(the title may end in "…" after a whole word); the lesson's title with what room is left. At 80
columns 4.4's last step read "4.4 The training … Step 6/6 · Why not the numerical …". Every step of
every lesson is checked with `check_bar` in the footer's walk (test_footer_named_keys.py), which opens
them all at 80×24 already."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app


def bar(screen) -> tuple[str, str]:
    return str(screen.query_one("#lesson-title").render()), str(screen.query_one("#step-counter").render())


def whole_or_cut_at_a_word(shown: str, title: str) -> bool:
    """`shown` is `title`, or its first whole words and " …"."""
    if shown == title:
        return True
    words = shown.removesuffix(" …").split()
    return shown.endswith(" …") and bool(words) and words == title.split()[:len(words)]


def check_bar(screen, width: int) -> None:
    lesson, step = screen.lesson, screen.step
    title_line, counter = bar(screen)
    where = (width, lesson.number, screen.index + 1, title_line, counter)
    assert title_line.split()[0] == lesson.number, where
    rest = title_line[len(lesson.number):].strip()
    assert not rest or whole_or_cut_at_a_word(rest, lesson.title), where
    head, after = screen.query_one("#step-counter").head, screen.query_one("#step-counter").after
    assert counter.startswith(head) and counter.endswith(after), where
    shown = counter[len(head):len(counter) - len(after)]
    assert whole_or_cut_at_a_word(shown, step.title), where
    if width >= 80:
        assert shown == step.title, where
    assert cell_len(title_line) + 2 + cell_len(counter) <= width - 2, where


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_last_step_of_4_4_shows_its_title_whole_and_its_lesson_title_as_it_fits(lang):
    app = make_app(lesson_id="training-loop", step=5, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        check_bar(screen, 80)
        for width in (100, 120):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert bar(screen)[0] == f"4.4 {screen.lesson.title}", width
            assert screen.step.title in bar(screen)[1], width
        for width in (70, 60):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            check_bar(screen, width)
