"""The layout at every size a learner or an instructor may have: 120×40, the 80×24 floor, 60 columns,
and below the smallest usable size (issue 13, items 2 and 3)."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen
from workbench.app.home import HomeScreen
from workbench.app.keys_panel import KeysPanel
from workbench.app.lesson_screen import LessonScreen
from workbench.app.panes.activation_plot import ActivationPlot
from workbench.app.panes.perceptron import PerceptronPane
from workbench.app.too_small import TooSmall
from workbench.course.files import load_course
from workbench.i18n import t
from screen_text import help_as_read, screen_lines, until

COURSE = load_course()


def shown(widget) -> bool:
    """On screen: displayed, inside displayed parents, with a non-empty region."""
    return widget.display and all(node.display for node in widget.ancestors_with_self
                                  if hasattr(node, "display")) and widget.region.area > 0


def key_bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


# -- the keys panel (F1) --------------------------------------------------------------------------

async def test_f1_at_80x24_puts_the_keys_beside_the_pane_in_place_of_the_text():
    app = make_app(lesson_id="perceptron", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        screen = app.screen
        panel, pane = screen.query_one(KeysPanel), screen.query_one(PerceptronPane)
        assert not shown(screen.query_one("#text"))
        assert pane.region.right <= panel.region.x and pane.region.width >= 44
        rule = pane.query_one("#rule").render()
        assert t("perceptron.rule") in str(rule).splitlines()[0], "the formula is on one line, not cut"
        text = help_as_read(panel.query_one("Markdown").source)
        lines = [line.replace("\u2060**", "** ") for line in text.splitlines() if line.startswith("- **")]
        # (a key's space is a word joiner inside its bold, which keeps it with its first word: no_break)
        assert len(lines) == len(set(lines)) and "- **+** Raise the chosen value by 0.1" in lines
        assert "Raise Raise" not in text and "## Perceptron and logic gates" in text
        assert "t Text" not in key_bar(app), "t cannot bring the text back while the panel stands in for it"


async def test_f1_keeps_the_text_of_a_step_without_a_pane_and_stays_on_from_step_to_step():
    xor = COURSE.lesson("xor")
    app = make_app(lesson_id=xor.id, step=len(xor.steps) - 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1", "right")
        await pilot.pause()
        assert app.screen.step.pane is None
        assert shown(app.screen.query_one("#text")) and app.screen.query_one("#text").region.width >= 40
        await pilot.press("right")                                  # the next lesson, on a new screen
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson != xor
        assert app.screen.query(KeysPanel)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.query(KeysPanel)
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query(KeysPanel)


@pytest.mark.parametrize("presses", [2, 3])
async def test_f1_pressed_again_before_the_panel_is_drawn_leaves_panel_and_text_agreeing(presses):
    """F1 twice before the panel had mounted ended the app with NoMatches (the panel, removed as it
    mounted, had lost its text); three times left the text folded away beside no panel (the panel on
    its way out was taken for one that stayed)."""
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(presses):
            app.simulate_key("f1")                  # queued at once, as keys typed faster than a frame
        await pilot.pause()
        await pilot.pause()
        panels = app.screen.query(KeysPanel)
        assert app.keys_shown is (presses % 2 == 1) and len(panels) == int(app.keys_shown)
        assert app.screen.has_class("-keys-shown") is app.keys_shown
        assert shown(app.screen.query_one("#text")) is not app.keys_shown      # at 80 columns, one of them
        if app.keys_shown:
            assert "s" in panels.first().query_one("Markdown").source


async def test_f1_at_120x40_keeps_text_and_pane():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert shown(app.screen.query_one("#text")) and shown(app.screen.query_one(KeysPanel))


async def test_f1_below_80_columns_opens_the_help_instead_of_squeezing_a_panel_in():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(70, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# -- the home title bar ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_home_title_keeps_the_finished_count_whole_at_every_width(lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        count = t("home.finished_count", done=0, total=len(COURSE.lessons))
        for width in (60, 70, 80, 100, 120, 79):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            if width == 80:
                await pilot.press("f1")                         # the keys panel beside, the bar as wide
                await pilot.pause()
            bar = app.screen.query_one("#title-bar")
            line = str(bar.render())
            assert line.endswith(count) and cell_len(line) <= bar.content_size.width, (width, line)
            assert line.startswith("workbench")


# -- a lesson's title bar ----------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "lesson_id"), [("en", "output-layer"), ("ko", "activation-layers")])
async def test_a_lesson_title_too_long_for_its_bar_ends_after_a_whole_word(lang, lesson_id):
    """Lessons without a short title (6.4 has one now: test_lesson_header.py checks those)."""
    lesson = COURSE.lesson(lesson_id)
    app = make_app(lesson_id=lesson.id, step=len(lesson.steps) - 1, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        cut = 0
        for width in (80, 70, 60, 100):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            bar = app.screen.query_one("#lesson-title")
            line = str(bar.render())
            assert cell_len(line) <= bar.content_size.width, (width, line)
            title = app.screen.lesson.title                        # in the app's language
            if line == lesson.number:                              # not even its first word fits with " …"
                cut += 1
            elif line.endswith("…"):
                cut += 1
                assert line.startswith(f"{lesson.number} ") and line.endswith(" …"), (width, line)
                words = line[len(lesson.number) + 1:].rstrip("…").split()
                whole = title.split()[:len(words)]          # whole words only, a comma after the last dropped
                assert words and words[:-1] == whole[:-1] and words[-1] == whole[-1].rstrip(",;:"), (width, line)
                assert words[-1] not in ("and", "or", "the", "및"), (width, line)   # never "… and …"
            else:
                assert line == f"{lesson.number} {title}", (width, line)
        assert cut, "the title was cut at one of these widths at least"


# -- the key bar -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("width", [120, 80, 70, 60])
async def test_the_key_bar_fits_on_one_line_keeps_help_and_never_skips_a_key(width, lang):
    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("KeyBar")
        line = str(bar.render())
        assert cell_len(line) <= width
        assert line.rstrip().endswith(f"? {t('app.key.help')}")
        every = [f"{key} {binding.description}" for group in bar.groups().values() for binding, _, key in group
                 if binding.id != "app.help"]                          # a pair as one item, "+ - Raise/lower"
        shown_items = [item for item in every if item in line]
        assert shown_items == every[:len(shown_items)], "the keys shown are the first ones, none skipped"
        assert f"→ {t('lesson.key.next')}" in line


# -- below 80 columns ---------------------------------------------------------------------------------

async def test_at_60x24_text_and_pane_take_turns_and_t_switches():
    app = make_app(lesson_id="perceptron", step=3)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        text, pane = screen.query_one("#text"), screen.query_one(PerceptronPane)
        assert shown(text) and not shown(pane)
        assert t("lesson.pane_hint") in str(text.query_one("#text-mark").render())
        await pilot.press("t")
        await pilot.pause()
        assert not shown(text) and shown(pane) and pane.region.height >= 20
        assert app.focused is pane
        await pilot.press("3", "plus")
        assert pane.settings.b == pytest.approx(-0.6)
        await pilot.press("t")
        await pilot.pause()
        assert shown(text) and not shown(pane)
        assert app.focused is pane, "the text in view names the pane's keys: they stay in the key bar"


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_at_60x24_t_twice_gives_the_key_bar_back_the_panes_keys(lang):
    """At 60×24 a lesson opening with its text showing listed the pane's keys; after `t` twice (fold,
    unfold) they were gone, the pane having lost the focus."""
    app = make_app(lesson_id="activation-functions", step=1, lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        await until(pilot, lambda: not app.screen.building and app.focused is not None)
        bar = lambda: screen_lines(app)[-1]
        opened = bar()
        assert f"1 {t('activation-plot.key.step')}" in opened, opened
        for folded in (True, False):
            await pilot.press("t")
            await until(pilot, lambda: app.screen.text_folded is folded)
        await until(pilot, lambda: bar() == opened)
        await pilot.press("1")                                   # and they work
        await until(pilot, lambda: "step" not in app.screen.query_one(ActivationPlot).settings.functions)


@pytest.mark.parametrize("size", [(70, 40), (60, 32)])
async def test_a_narrow_tall_terminal_stacks_the_text_above_a_pane_of_full_height(size):
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text, pane = app.screen.query_one("#text"), app.screen.query_one("#pane-area")
        assert shown(text) and shown(pane)
        assert text.region.bottom <= pane.region.y and pane.region.height >= 21 and text.region.height >= 8


async def test_from_80_columns_text_and_pane_sit_side_by_side():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text, pane = app.screen.query_one("#text"), app.screen.query_one("#pane-area")
        assert text.region.right <= pane.region.x and text.region.height == pane.region.height


# -- too small -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("screen_kind", ["lesson", "home", "help"])
async def test_below_60x24_every_screen_says_to_make_the_terminal_larger(screen_kind, lang):
    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*{"lesson": [], "home": ["escape"], "help": ["question_mark"]}[screen_kind])
        for size in ((40, 12), (20, 10), (59, 30), (100, 23)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            message = app.screen.query_one(TooSmall)
            assert shown(message)
            text = str(message.render())
            assert "60×24" in text and f"{size[0]}×{size[1]}" in text
            assert [widget for widget in app.screen.children if shown(widget)] == [message]


async def test_the_layout_comes_back_when_the_terminal_grows():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert shown(app.screen.query_one(TooSmall))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not shown(app.screen.query_one(TooSmall))
        assert shown(app.screen.query_one(PerceptronPane)) and shown(app.screen.query_one("#text"))


@pytest.mark.parametrize("screen_kind", ["home", "glossary"])
async def test_keys_reach_the_screen_again_after_it_was_too_small(tmp_path, monkeypatch, screen_kind):
    """Hidden while the terminal was too small, the home list lost the focus and nothing gave it back:
    shrunk to 70×20 and back to 80×24, the list took no key (↓, Enter) and the footer lost "⏎ Open"."""
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*{"home": [], "glossary": ["G"]}[screen_kind])
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.focused is focused
        if screen_kind == "home":
            await pilot.press("down")
            await pilot.pause()
            assert app.screen.query_one("LessonList").highlighted == 3      # 2.1, under chapter 2's heading


# -- a resize and back ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["conv", "forward", "train"])
async def test_a_pane_resized_and_back_looks_as_it_did(name):
    """The "more ↓" mark takes a row while shown: it used to stay after a resize and back over a last
    line that fits (conv), or to be missing where it was (forward), and a scrollbar with it."""
    from screen_text import screen_lines

    from workbench.models.catalog import pane

    async def still_lines():
        """The screen once it stays the same for 0.3 s (a busy machine lays out late), within 6 s."""
        last = None
        for _ in range(20):
            await pilot.pause(0.3)
            lines = screen_lines(app)
            if lines == last:
                break
            last = lines
        return last

    app = make_app(pane=(name, pane(name).parse([])), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        fresh = await still_lines()
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.3)
        await pilot.resize_terminal(80, 24)
        for _ in range(60):                         # a busy machine lays out late: wait up to 6 s for it
            await pilot.pause(0.1)
            if screen_lines(app) == fresh:
                break
        assert screen_lines(app) == fresh


@pytest.mark.parametrize(("lang", "needed", "now"), [("en", "at least 60×24", "this one is 60×20"),
                                                      ("ko", "60×24 이상", "지금은 60×20")])
async def test_the_too_small_notice_keeps_each_size_beside_its_words(lang, needed, now):
    """At 60×20 the Korean notice broke "최소 크기:" from its "60×24" at the end of a wrapped line."""
    from screen_text import screen_lines

    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert any(needed in line for line in lines) and any(now in line for line in lines), lines
