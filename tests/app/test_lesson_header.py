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
    assert not rest or whole_or_cut_at_a_word(rest, lesson.title) or whole_or_cut_at_a_word(rest, lesson.short_title), where
    head, after = screen.query_one("#step-counter").head, screen.query_one("#step-counter").after
    assert counter.startswith(head) and counter.endswith(after), where
    shown = counter[len(head):len(counter) - len(after)]
    assert whole_or_cut_at_a_word(shown, step.title), where
    if width >= 80:
        assert shown == step.title, where
    assert cell_len(title_line) + 2 + cell_len(counter) <= width - 2, where


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_last_step_of_4_4_shows_its_title_whole_and_its_lesson_title_as_it_fits(lang):
    """At 80 columns the lesson's title is whole, or its short form ("Training loop"), never cut."""
    app = make_app(lesson_id="training-loop", step=5, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        check_bar(screen, 80)
        assert bar(screen)[0] in (f"4.4 {screen.lesson.title}", f"4.4 {screen.lesson.short_title}")   # not "4.4 The training …"
        for width in (100, 120):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            assert bar(screen)[0] == f"4.4 {screen.lesson.title}", width
            assert screen.step.title in bar(screen)[1], width
        for width in (70, 60):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            check_bar(screen, width)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_last_step_of_4_2_reads_its_lesson_and_step_titles_from_70_to_120_columns(lang):
    """4.2's last step: at 100 columns the lesson's title read "Numerical differentiation …" (it needed 102
    cells of 98), at 70 "4.2" alone. Where the whole title does not fit beside the step's, the bar shows
    the lesson's short title (its language's own); below 80 columns the step's title gives way first."""
    app = make_app(lesson_id="numerical-gradient", step=9, lang=lang)
    async with app.run_test(size=(120, 24)) as pilot:
        screen = app.screen
        lesson, step = screen.lesson, screen.step
        for width in (120, 100, 90, 80, 70):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            title_line, counter = bar(screen)
            check_bar(screen, width)
            assert title_line in (f"4.2 {lesson.title}", f"4.2 {lesson.short_title}"), (width, title_line)
            assert "…" not in title_line, (width, title_line)
            if width >= 80:
                assert step.title in counter, (width, counter)
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert bar(screen)[0] == f"4.2 {lesson.title}"
    if lang == "en":
        assert lesson.short == "Numeric gradient"
    else:                                   # the English short title is no Korean one
        assert lesson.short == "" and lesson.short_title == lesson.title
