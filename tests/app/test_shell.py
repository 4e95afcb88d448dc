"""The app driven by keys, as a learner would, at the 80×24 floor."""
import json

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from conftest import write_lesson
from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen
from workbench.app.keys_panel import KeysPanel
from workbench.app.home import HomeScreen
from workbench.app.lesson_screen import LessonScreen
from workbench.app.pane_screen import PaneScreen
from workbench.app.panes.activation_plot import ActivationPlot
from workbench.app.panes.perceptron import PerceptronPane
from workbench.course.progress import FILE_NAME
from workbench.course.files import load_course
from workbench.i18n import t

from screen_text import help_as_read, palette_searched, until

SIZE = (80, 24)
COURSE = load_course()


def counter(app) -> str:
    return str(app.screen.query_one("#step-counter").render())


def saved(state_dir) -> dict:
    return json.loads((state_dir / FILE_NAME).read_text(encoding="utf-8"))


async def test_home_opens_with_the_first_lesson_selected_and_enter_opens_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        options = app.screen.query_one(OptionList)
        assert app.focused is options
        assert options.get_option_at_index(options.highlighted).id == COURSE.lessons[0].id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == COURSE.lessons[0].id
        assert counter(app).startswith("Step 1/")


async def test_arrows_move_through_lessons_skipping_chapter_headings():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        assert app.screen.selected == COURSE.lessons[2]
        await pilot.press("up", "up")
        assert app.screen.selected == COURSE.lessons[0]


async def test_a_click_opens_a_lesson():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click(OptionList, offset=(10, 4))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson == COURSE.lessons[1]


async def test_steps_go_forward_and_back_and_drive_the_pane(private_state_dir):
    lesson = COURSE.lesson("activation-functions")
    app = make_app(lesson_id=lesson.id)
    async with app.run_test(size=SIZE) as pilot:
        assert counter(app).startswith(f"Step 1/{len(lesson.steps)} · {lesson.steps[0].title}")
        pane = app.screen.query_one(ActivationPlot)
        assert pane.settings.functions == tuple(lesson.steps[0].settings["functions"])
        await pilot.press("right")
        assert counter(app).startswith("Step 2/")
        assert app.screen.query_one(ActivationPlot) is pane, "same pane kind: settings change, widget stays"
        assert pane.settings.functions == tuple(lesson.steps[1].settings["functions"])
        await pilot.press("n", "p", "left")
        assert counter(app).startswith("Step 1/")
        before = COURSE.preceding(lesson)
        await pilot.press("left")              # at step 1, ← opens the lesson before at its last step
        assert counter(app).startswith(f"Step {len(before.steps)}/{len(before.steps)} ")
        await pilot.press("right")             # and → after its last step comes back
        assert counter(app).startswith("Step 1/")
        await pilot.press("n", "n")
        assert saved(private_state_dir)["last_step"][lesson.id] == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.selected == lesson


async def test_a_lesson_resumes_at_the_last_step_seen_and_finishing_marks_it():
    lesson = COURSE.lessons[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "right", "right", "escape", "enter")
        await pilot.pause()
        assert counter(app).startswith("Step 3/")
        await pilot.press(*["right"] * (len(lesson.steps) - 3))
        assert counter(app).startswith(f"Step {len(lesson.steps)}/")
        assert lesson.id in app.progress.finished
        await pilot.press("escape")
        await pilot.pause()
        prompt = app.screen.query_one(OptionList).get_option(lesson.id).prompt
        assert prompt.mark == "✓"
        assert "1 of" in str(app.screen.query_one("#title-bar").render())


async def test_next_on_the_last_step_opens_the_next_lesson():
    first, second = COURSE.lessons[:2]
    app = make_app(lesson_id=first.id, step=len(first.steps) - 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson == second
        assert counter(app).startswith("Step 1/")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_ctrl_q_quits_with_status_0_from_a_lesson():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_pane_keys_change_the_settings_and_the_numbers():
    app = make_app(lesson_id="perceptron", step=3)  # OR target, AND weights
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(PerceptronPane)
        assert tuple(pane.result.outputs) == (0, 0, 0, 1)
        await pilot.press("3", "plus", "plus", "plus")
        assert pane.settings.b == pytest.approx(-0.4)
        assert tuple(pane.result.outputs) == (0, 1, 1, 1)
        assert pane.verdict(pane.result) == "computes OR"


async def test_activation_keys_toggle_functions_zoom_and_move_the_probe():
    app = make_app(lesson_id="activation-functions")
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ActivationPlot)
        await pilot.press("2", "3", "1")
        assert pane.settings.functions == ("sigmoid", "relu")
        before = pane.settings
        await pilot.press("plus", "right_square_bracket")
        assert pane.settings.x_max - pane.settings.x_min == pytest.approx((before.x_max - before.x_min) / 2)
        assert pane.settings.probe > before.probe
        readout = str(pane.query_one("#readout").render()).replace("\xa0", " ")   # each item kept whole
        assert readout.startswith(f"x = {pane.settings.probe:g} →") and "sigmoid 0." in readout
        await pilot.press("2", "3")
        assert str(pane.query_one("#readout").render()) == t("activation-plot.none_shown")


async def test_the_palette_lists_every_lesson_and_every_pane_and_opens_a_pane():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await until(pilot, lambda: palette_searched(app))
        listed = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        for lesson in COURSE.lessons:
            assert any(f"Lesson {lesson.number} {lesson.title}" in text for text in listed)
        for spec in app.panes.values():
            assert any(f"Open {spec.title}" in text for text in listed)
        await pilot.press(*"open activation functions plot")
        await until(pilot, lambda: palette_searched(app, "open activation functions plot"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PaneScreen)
        assert app.screen.query_one(ActivationPlot).settings == app.panes["activation-plot"].settings()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_question_mark_shows_help_for_the_screen_and_its_pane():
    app = make_app(lesson_id="activation-functions")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_as_read(app.screen.query_one("Markdown").source)
        assert "Next step" in text and "Activation functions plot" in text and "Ctrl+Q" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("f1")
        assert app.screen.query(KeysPanel)
        await pilot.press("f1")
        assert not app.screen.query(KeysPanel)


async def test_the_theme_toggles_and_is_remembered(private_state_dir):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "workbench-light"
    assert saved(private_state_dir)["theme"] == "workbench-light"
    again = make_app()
    async with again.run_test(size=SIZE):
        assert again.theme == "workbench-light"


async def test_a_damaged_progress_file_gives_a_notice_not_a_crash(private_state_dir):
    private_state_dir.mkdir(parents=True)
    (private_state_dir / FILE_NAME).write_text("{oops", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("damaged" in n.message for n in app._notifications)
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
    assert any(p.name.startswith(FILE_NAME + ".bad-") for p in private_state_dir.iterdir())


async def test_a_step_with_bad_settings_shows_the_problem_in_place(lessons_dir):
    write_lesson(lessons_dir, "lesson-3", """
        id = "lesson-3"
        chapter = 3
        order = 1

        [[steps]]
        id = "bad"
        pane = "activation-plot"
        [steps.settings]
        x_min = 500.0
        """, """
        ---
        title: Broken
        summary: A step whose settings are out of range.
        ---

        ## Bad {#bad}

        Text.
        """)
    app = make_app(lessons_dir=lessons_dir, lesson_id="lesson-3")
    async with app.run_test(size=SIZE) as pilot:
        # the notice comes from the lessons' check, a job started after the first frame: waited for
        await until(pilot, lambda: app.screen.query(".pane-problem") and list(app._notifications))
        error = app.screen.query_one(".pane-problem")
        assert "x_min = 500 is out of range" in str(error.render())
        notice = " ".join(n.message for n in app._notifications)
        assert f"{lessons_dir / 'lesson-3' / 'lesson.toml'}:9:" in notice, "reported at start-up, file and line"


async def test_the_korean_palette_finds_a_pane_and_a_lesson_by_their_book_names():
    """Typing "im2col" or "softmax-with-loss" on a Korean screen finds the pane and the lesson, titled in Korean."""
    app = make_app(lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"softmax")
        await until(pilot, lambda: palette_searched(app, "softmax"))
        listed = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        softmax_pane = app.panes["softmax"].title
        assert softmax_pane != "softmax" and any(softmax_pane in text for text in listed), listed
        assert any("레슨 5.4" in text for text in listed), listed
        await pilot.press("escape")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_last_step_of_the_course_says_that_next_finishes_it(lang):
    """8.2's last step said "→ next lesson", where → ends the course and goes back to the list."""
    last = COURSE.lessons[-1]
    app = make_app(lesson_id=last.id, step=len(last.steps) - 1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert counter(app).endswith(t("lesson.course_done")) and t("lesson.next_lesson") not in counter(app)
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_click_on_next_lesson_in_the_bar_opens_the_next_lesson():
    """"→ next lesson" at the end of the step counter read as a link and did nothing."""
    first, second = COURSE.lessons[:2]
    app = make_app(lesson_id=first.id, step=len(first.steps) - 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        counter = app.screen.query_one("#step-counter")
        await pilot.click("#step-counter", offset=(counter.size.width - 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson == second
        await pilot.click("#step-counter", offset=(1, 0))          # the count itself: nothing
        await pilot.pause()
        assert app.screen.lesson == second and app.screen.index == 0
