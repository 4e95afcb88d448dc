"""The lesson bar: the lesson's number and short title whole first, then the step counter with the
step's title (cut after a whole word where it must be, "…" after it), then the lesson's whole title
where there is room. At 80 columns 4.4's last step read "4.4 The training … Step 6/6 · Why not the
numerical …", and 7.5's last in Korean "7.5 CNN의 기울기": a title cut, or a short title that reads as
one. Every step of every lesson is measured in both languages at 70 columns with its text and pane
left out (`test_every_steps_bar_...`), and at 80 with them in the footer's walk (test_footer_named_keys.py)."""
from dataclasses import replace

import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.course.files import load_course
from workbench.i18n.cells import DANGLING_MARKS

from screen_text import until


def bar(screen) -> tuple[str, str]:
    return str(screen.query_one("#lesson-title").render()), str(screen.query_one("#step-counter").render())


def whole_or_cut_at_a_word(shown: str, title: str) -> bool:
    """`shown` is `title`, or its first whole words (the last without a comma or colon after it) and " …"."""
    if shown == title:
        return True
    words, whole = shown.removesuffix(" …").split(), title.split()[:len(shown.split()) - 1]
    return (shown.endswith(" …") and bool(words) and len(words) == len(whole)
            and words[:-1] == whole[:-1] and words[-1] == whole[-1].rstrip(DANGLING_MARKS))


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
    if rest not in (lesson.title, lesson.short_title):      # the step's title gave way first
        assert len(shown.removesuffix(" …").split()) == 1, where
    if width >= 80:
        assert rest in (lesson.title, lesson.short_title) and shown == step.title, where
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
        assert lesson.short == "Numerical gradient"
    else:                                   # the English short title is no Korean one
        assert lesson.short == "" and lesson.short_title == lesson.title


def without_texts_and_panes(course):
    """`course` with no text and no pane in any step: the lesson bar is what there is to lay out."""
    return replace(course, lessons=tuple(
        replace(lesson, steps=tuple(replace(step, text="", pane=None, settings={}) for step in lesson.steps))
        for lesson in course.lessons))


@pytest.mark.parametrize("lesson_id, step, lang", [("forward-pass", 5, "en"), ("output-layer", 0, "ko")])
async def test_at_70_columns_the_steps_title_gives_way_before_the_lessons(lesson_id, step, lang):
    """3.2's last step read "3.2 A forward … Step 6/6 · A batch at once → next lesson": the lesson's
    title was cut to its first word for the whole of the step's. Now the lesson's title (it has no
    short one) stays whole and the step's is cut at a word."""
    app = make_app(lesson_id=lesson_id, step=step, lang=lang)
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        check_bar(screen, 70)
        title_line, counter = bar(screen)
        assert title_line == f"{screen.lesson.number} {screen.lesson.title}", title_line
        assert screen.step.title not in counter and counter.split(" · ")[1].split()[0] in screen.step.title


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_steps_bar_keeps_the_lessons_number_and_short_title_whole_before_the_steps_title(lang):
    """At 70 columns every step's bar shows the lesson's short title whole while the step's is cut, down
    to its first word. At 80 columns, where both titles are whole, the footer's walk checks every step's
    bar with its text and pane (test_footer_named_keys.bar_whole_at_80, in both languages): this walk
    measured the same bar there too, a second walk of every step."""
    course = without_texts_and_panes(load_course(lang=lang))
    app = make_app(course=course, lang=lang)
    async with app.run_test(size=(70, 24)) as pilot:
        for lesson in course.lessons:
            await app.open_lesson(lesson.id, 0)
            await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.lesson is lesson)
            screen = app.screen
            for index, step in enumerate(lesson.steps):
                screen.set_reactive(LessonScreen.index, index)
                screen.show_counter()
                await pilot.pause(0)        # the bar laid out again (no wait for idle: 6 s less a language)
                check_bar(screen, 70)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_short_title_reads_as_its_title_cut(lang):
    """A short title made of its title's first words ends where a phrase does, before "and" ("NumPy
    arrays" of "NumPy arrays and broadcasting"), never inside one: 7.5's Korean short title was "CNN의
    기울기", of "CNN의 기울기 확인", and in the bar it read as that title cut short."""
    for lesson in load_course(lang=lang).lessons:
        if lesson.title.startswith(f"{lesson.short} "):
            assert lesson.title[len(lesson.short):].split()[0] == "and", (lesson.number, lesson.short)
