"""The first screen as a new learner meets it: its first frame, and what its footer says before a key is pressed."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.i18n import t


def footer(app) -> str:
    return str(app.screen.query_one("KeyBar").render()).rstrip()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(60, 24), (80, 24)])
async def test_the_home_footer_shows_the_palette_key(lang, size):
    """It said "⏎ Open  ^q Quit  ? Help": the way to every pane and to the other language was behind ?."""
    app = make_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert f"^p {t('app.key.palette')}" in footer(app)
        assert footer(app).endswith(f"? {t('app.key.help')}")
        line = footer(app)
        await pilot.click("KeyBar", offset=(cell_len(line[:line.index("^p")]) + 1, 0))   # a click presses it
        await pilot.pause()
        assert type(app.screen).__name__ == "Palette"


async def test_a_lesson_footer_keeps_its_room_for_the_lesson_keys():
    """Only the home screen lists ^p: in a lesson the footer is the step's and the pane's."""
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "^p" not in footer(app)


@pytest.mark.parametrize("width, details", [(60, False), (80, False), (120, True)])
async def test_the_first_frame_of_home_is_laid_out_for_the_terminal_width(monkeypatch, width, details):
    """Textual sets the width classes at the screen's first Resize, after the first frame: at 80×24 that
    frame showed an empty details column beside a list squeezed to 40 columns. Read as mounted, before
    any Resize, the screen already has its width's layout."""
    at_mount = []
    mounted = HomeScreen.on_mount

    def on_mount(screen):
        mounted(screen)
        at_mount.append(screen.query_one("#details").styles.display)

    monkeypatch.setattr(HomeScreen, "on_mount", on_mount)
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        assert at_mount == ["block" if details else "none"]
        assert app.screen.query_one("#details").display is details


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_f1_on_home_explains_the_list_as_well_as_its_keys(lang):
    """F1's panel on the home screen listed keys only; what ✓ and • mean was behind ? alone."""
    from workbench.app.keys_panel import KeysPanel

    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = app.screen.query_one(KeysPanel).query_one("Markdown").source
        assert t("help.keys_here") in text and t("home.help").splitlines()[1] in text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_home_and_up_show_the_first_chapter_heading_again(tmp_path, monkeypatch, lang):
    """Chapter headings cannot be highlighted: after End, Home (or ↑ back to 1.1) scrolled only as far as
    "1.1", leaving "Chapter 1 · Hello Python" above the top row, where no key could bring it."""
    from tests.app.screen_text import screen_lines

    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        heading = t("home.chapter", chapter=1, title=app.course.chapter_titles[1])
        lessons = app.screen.query_one("LessonList")
        await pilot.press("end", "home")
        await pilot.pause()
        assert lessons.highlighted == 1 and screen_lines(app)[1].strip() == heading
        await pilot.press("end")
        while lessons.highlighted != 1:
            await pilot.press("up")
        await pilot.pause()
        assert screen_lines(app)[1].strip() == heading


async def test_the_highlighted_lesson_stays_in_view_when_the_terminal_shrinks(tmp_path, monkeypatch):
    """8.2 highlighted at 120×40, then 80×24: the list kept the scroll of the larger size and showed 4.4 to
    6.4, with End no help (8.2 was highlighted already)."""
    from tests.app.screen_text import screen_lines

    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        last = app.course.lessons[-1]
        for size in ((80, 24), (100, 30), (120, 40), (60, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            assert any(f"{last.number}  {last.title}" in line for line in screen_lines(app)), size


@pytest.mark.parametrize("lang, chapter3, chapter5", [("en", "Chapter 3 · ", "○ 1/6 parts in ex"),
                                                     ("ko", "3장 · ", "○ ex 폴더의 부분 1/6")])
async def test_a_chapter_with_exercises_graded_says_how_many_pass(tmp_path, lang, chapter3, chapter5):
    """The list showed no exercise progress: a chapter graded now says beside its heading how many of its
    parts passed, from what the last grading kept, and in which folder; a chapter never graded says nothing.
    Chapter 5 graded last in another folder counts that folder's, and chapter 3 keeps the first's."""
    from workbench.exercises import saved
    from workbench.exercises.parts import chapter_parts

    done = [{"name": part.name, "rows": {"present": "pass", "interface": "pass", "forward": "pass"}}
            for part in chapter_parts(3)]
    (tmp_path / "first").mkdir(), (tmp_path / "ex").mkdir()
    saved.record(tmp_path / "first", done + [{"name": "MulLayer", "rows": {"present": "pass", "forward": "fail"}}])
    saved.record(tmp_path / "ex", [{"name": "MulLayer", "rows": {"present": "pass", "forward": "pass"}},
                                   {"name": "Relu", "rows": {"present": "pass", "forward": "fail"}}])
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons")
        headings = {option.id: str(option.prompt).replace("\u00a0", " ") for option in lessons._options
                    if option.id.startswith("chapter-")}
        assert headings["chapter-3"].startswith(chapter3) and headings["chapter-3"].endswith(
            "  ✓ 5/5 parts in first" if lang == "en" else "  ✓ first 폴더의 부분 5/5")
        assert headings["chapter-5"].endswith("  " + chapter5)
        assert "part" not in headings["chapter-2"] and "부분" not in headings["chapter-2"]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_summary_as_long_as_the_lesson_check_allows_fits_one_row_of_the_list_at_80(lang):
    """The check allowed 70 cells, but the list's rows at 80 columns hold 69 after the number: 8.1's
    70-cell summary wrapped onto a third row. The limit and the list's width must agree, and every
    shipped summary must fit."""
    from workbench.app.home import LessonList, LessonPrompt
    from workbench.course.files import MAX_LENGTH

    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        width = app.screen.query_one(LessonList).scrollable_content_region.width
        assert LessonPrompt.INDENT + MAX_LENGTH["summary"] <= width
        for lesson in app.course.lessons:
            assert len(LessonPrompt("", lesson.number, lesson.title, lesson.summary).lines(width)) == 2, lesson.summary
