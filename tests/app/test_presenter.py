"""Presenter mode, going to any step, and step keys while a pane builds (issue 20)."""
import asyncio
import time

import pytest
from textual import events
from textual.color import Color

from workbench.app.app import make_app
from workbench.app.goto import GoToScreen, NoSuchStep, find_step
from workbench.app.key_bar import KeyBar
from workbench.app.lesson_screen import LessonScreen
from workbench.app.localize import Pair
from workbench.app.presenter import PRESENTER_KEYS, BigCounter, ClassroomLine, PresenterBar, big_rows
from workbench.app.themes import CONTRAST_DARK, CONTRAST_DARK_THEME, CONTRAST_LIGHT, CONTRAST_LIGHT_THEME
from workbench.course.files import load_course
from chapter3_fixtures import tiny_data  # noqa: F401 - fixtures
from screen_text import palette_searched, until

COURSE = load_course()
CONV = next(lesson for lesson in COURSE.lessons if lesson.number == "7.1")
PERCEPTRON = COURSE.lesson("perceptron")


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = color.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_wcags_known_values():
    assert contrast(Color.parse("#000000"), Color.parse("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), Color.parse("#FFFFFF")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", [CONTRAST_LIGHT_THEME, CONTRAST_DARK_THEME], ids=["light", "dark"])
def test_every_text_colour_of_the_presenter_themes_is_at_7_to_1_against_every_background(theme):
    variables = theme.to_color_system().generate()
    texts = ["foreground", "footer-foreground", "footer-key-foreground"] + sorted(
        name for name in variables if name.startswith("text-") and not name.startswith("text-disabled")
        and not variables[name].startswith("auto"))
    assert {"text-primary", "text-accent", "text-warning", "text-error", "text-success", "text-muted"} <= set(texts)
    for text in texts:
        for background in ("background", "surface", "panel", "footer-background"):
            ratio = contrast(Color.parse(variables[text]), Color.parse(variables[background]))
            assert ratio >= 7.0, f"{theme.name}: {text} on {background} is {ratio:.2f}:1"


def test_the_big_counter_has_three_rows_of_equal_width_in_both_glyph_modes():
    for ascii_only in (False, True):
        rows = big_rows("12/8", ascii_only)
        assert len(rows) == 3 and len({len(row) for row in rows}) == 1
        assert all(row.isascii() for row in rows) == ascii_only


async def test_presenter_mode_shows_the_big_counter_the_contrast_theme_the_presenters_keys_and_how_to_follow():
    app = make_app(lesson_id=CONV.id, step=1, presenting=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert app.theme in (CONTRAST_DARK, CONTRAST_LIGHT)
        bar = screen.query_one(PresenterBar)
        assert bar.display and bar.region.height == 3
        assert not screen.query_one("#lesson-bar").display
        counter = str(screen.query_one(BigCounter).render())
        assert counter.splitlines() == big_rows(f"2/{len(CONV.steps)}")
        line = screen.query_one(ClassroomLine)
        assert line.display and f"workbench lesson 7.1 --step 2" in line.render().plain
        shown = [binding.id for binding, _, _, _ in screen.query_one(KeyBar).choose(100)]
        first = ["lesson.previous", "lesson.next", "lesson.home", "lesson.text", "app.goto"]
        assert shown[:5] == first and shown[-1] == "app.help"       # the presenter's keys first, ? last …
        assert set(shown) - PRESENTER_KEYS                           # … and the pane's keys where they fit
        await pilot.press("right")
        await pilot.pause()
        assert "--step 3" in line.render().plain
        assert str(screen.query_one(BigCounter).render()).splitlines() == big_rows(f"3/{len(CONV.steps)}")
        await pilot.press("ctrl+t")                      # the theme stays high-contrast
        assert app.theme in (CONTRAST_DARK, CONTRAST_LIGHT)
        app.action_present()                             # the palette's command: back to normal
        await pilot.pause()
        assert app.theme not in (CONTRAST_DARK, CONTRAST_LIGHT)
        assert not screen.query_one(PresenterBar).display and not line.display
        assert len({binding.id for binding, _, _ in screen.query_one(KeyBar).items()} - PRESENTER_KEYS) > 0
        assert app.progress.theme not in (CONTRAST_DARK, CONTRAST_LIGHT)   # presenting is not remembered


def test_find_step_reads_lesson_and_step_lesson_alone_and_a_step_of_this_lesson():
    assert find_step("7.1/2", COURSE, None) == (CONV, 1)
    assert find_step(" 7.1 3 ", COURSE, None) == (CONV, 2)
    assert find_step(f"{CONV.id}/2", COURSE, None) == (CONV, 1)
    assert find_step("7.1", COURSE, None) == (CONV, 0)
    assert find_step("2", COURSE, CONV) == (CONV, 1)
    for text, current, words in [("2", None, "7.1/2"), ("9.9/1", None, "9.9"), ("7.1/99", None, "99"),
                                 ("", CONV, "7.1/2"), ("7.1/0", None, "not 0"),
                                 ("7.1/99999999999999999999", None, "not 99,999,999,999,999,999,999")]:
        with pytest.raises(NoSuchStep, match=words.replace(".", r"\.")):
            find_step(text, COURSE, current)


async def test_colon_opens_go_to_which_takes_a_lesson_and_step_and_explains_a_wrong_one():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("colon")
        assert isinstance(app.screen, GoToScreen)
        await pilot.press(*"7.1/9", "enter")
        await pilot.pause()
        assert isinstance(app.screen, GoToScreen)
        assert "steps 1 to" in str(app.screen.query_one("#goto-error").render())
        await pilot.press(*["backspace"] * 5, *"7.1/2", "enter")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and not app.screen.building)
        assert isinstance(app.screen, LessonScreen)
        assert (app.screen.lesson.id, app.screen.index) == (CONV.id, 1)
        await pilot.press("colon", "4", "enter")       # a step of this lesson
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.index == 3
                    and not app.screen.building)
        assert (app.screen.lesson.id, app.screen.index) == (CONV.id, 3)


async def test_the_palette_lists_steps_by_lesson_and_step_number():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"7.1/2")
        await until(pilot, lambda: palette_searched(app, "7.1/2"))
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith(f"7.1/2 {CONV.steps[1].title}") for p in prompts), prompts
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and not app.screen.building)
        assert isinstance(app.screen, LessonScreen) and (app.screen.lesson.id, app.screen.index) == (CONV.id, 1)


async def test_two_right_presses_during_a_slow_build_land_on_the_next_step_only(monkeypatch):
    slow_steps = []
    original = LessonScreen._show_pane

    async def slow_show_pane(self):
        slow_steps.append(self.index)
        await asyncio.sleep(0.4)                    # a pane that takes its time to build
        await original(self)

    app = make_app(lesson_id=PERCEPTRON.id, step=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(LessonScreen, "_show_pane", slow_show_pane)
        for _ in range(2):          # as a terminal delivers them: both queued before either is handled
            app.post_message(events.Key("right", None))
        await built(pilot, app.screen)
        assert (app.screen.index, slow_steps) == (1, [1])                     # built once, not twice
        await pilot.press("right")                   # once built, the next key works again
        await built(pilot, app.screen)
        assert app.screen.index == 2


async def built(pilot, screen, seconds: float = 20.0) -> None:
    """Until the lesson screen's step is on screen (slow on a loaded machine)."""
    await pilot.pause(0.2)
    deadline = time.monotonic() + seconds
    while screen.building:
        assert time.monotonic() < deadline, "the step was not built in time"
        await pilot.pause(0.05)


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_presenter_mode_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id=CONV.id, step=1, presenting=True)), terminal_size=(80, 24))


def test_snapshot_presenter_mode_light_in_korean_at_160x45(snap_compare):
    async def light(pilot):
        pilot.app.theme = CONTRAST_LIGHT
        await pilot.pause()

    assert snap_compare(still(make_app(lesson_id=PERCEPTRON.id, step=1, presenting=True, lang="ko")),
                        run_before=light, terminal_size=(160, 45))


def test_snapshot_go_to_a_step(snap_compare):
    assert snap_compare(still(make_app(lesson_id=PERCEPTRON.id, step=0, presenting=True)),
                        press=["colon", "7", ".", "9"], terminal_size=(80, 24))


async def test_a_presenter_going_home_is_published_so_the_followers_go_home_too():
    from workbench.classroom.position import Position

    class Recorder:
        def __init__(self):
            self.positions = []

        def publish(self, position):
            self.positions.append(position)

        def stop(self):
            pass

        def close(self):
            pass

    app = make_app(lesson_id=CONV.id, step=1, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing = Recorder()
        await pilot.press("escape")
        await pilot.pause()
        assert app.sharing.positions and app.sharing.positions[-1] == Position()


IM2COL = next(lesson for lesson in COURSE.lessons if lesson.number == "7.2")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("join", ["http://192.168.100.200:18704/?token=2e7IDiz0Qkj-", "http://192.168.0.10:8000/?token=2e7IDiz0Qkj-"])
async def test_the_shared_line_keeps_the_join_url_whole_and_the_counts_in_one_row_at_80_columns(lang, join):
    """It took two rows (the URL, how to follow, the count), so 7.2's caption under col fell below "more ↓"
    on the projector: one row now, the URL whole (without "http://" where even that does not fit), the
    students following and those exploring counted apart, the pane as tall as before sharing."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from screen_text import screen_lines

    from workbench.classroom.channel import Address, ChannelState

    class Quiet:
        def publish(self, position):
            pass

        def stop(self):
            pass

        def close(self):
            pass

    app = make_app(lesson_id=IM2COL.id, step=0, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = app.screen.pane.region.height
        app.sharing, app.share_address = Quiet(), Address("http://127.0.0.1:18704")
        app.share_state = ChannelState(True, join=join, followers=12, exploring=3)
        app._classroom_changed()
        await pilot.pause()
        assert app.screen.query_one(ClassroomLine).region.height == 1
        assert app.screen.pane.region.height == rows
        line = screen_lines(app)[-2].replace("\u00a0", " ")
        assert join.removeprefix("http://") in line, line
        counts = line.split("token=2e7IDiz0Qkj-")[1]
        assert ("12 following · 3 exploring" if lang == "en" else "12명 따라옴 · 3명 혼자") in counts, line


async def test_the_help_says_how_presenter_mode_works():
    app = make_app(lesson_id=CONV.id, step=1, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        from workbench.app.help_screen import HelpScreen
        assert isinstance(app.screen, HelpScreen)
        assert "## Presenter mode" in app.screen.query_one("Markdown").source


async def test_the_palette_offers_to_leave_presenter_mode_while_presenting():
    app = make_app(lesson_id=CONV.id, step=1, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Leave presenter mode" in titles and "Presenter mode" not in titles
        app.action_present()
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Presenter mode" in titles and "Leave presenter mode" not in titles


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_presenters_footer_lists_the_panes_keys_after_its_own_at_80_columns(lang):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from screen_text import screen_lines

    training = next(lesson for lesson in COURSE.lessons if lesson.number == "4.4")
    app = make_app(lesson_id=training.id, step=2, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = screen_lines(app)[-1]
        keys = [binding.id for binding, _, _, _ in app.screen.query_one(KeyBar).choose(80)]
        assert keys[:5] == ["lesson.previous", "lesson.next", "lesson.home", "lesson.text", "app.goto"]
        assert "train.start" in keys and keys[-1] == "app.help"
        assert (": Go to" if lang == "en" else ": ") in footer and " g " in footer and footer.rstrip().endswith(
            "? Help" if lang == "en" else "? 도움말")


@pytest.mark.parametrize("lang, presenting", [("ko", True), ("en", True), ("ko", False), ("en", False)])
async def test_the_pooling_shapes_table_keeps_its_columns_whole_beside_the_presenters_scrollbar(lang, presenting):
    """Lesson 7.3's table of a batch's shapes: 'bytes' and every size whole (the presenter's pane is two
    columns narrower, for its scrollbar: the Korean header was cut to '바이'); names wrap where the
    room is shorter still."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from screen_text import screen_lines

    pooling = next(lesson for lesson in COURSE.lessons if lesson.number == "7.3")
    app = make_app(lesson_id=pooling.id, step=pooling.step_ids.index("pool-shapes"), presenting=presenting, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        word = "바이트" if lang == "ko" else "bytes"            # the table shown: no fixed 0.3 s
        await until(pilot, lambda: word in "\n".join(screen_lines(app)))
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for shape in ("(100,30,24,24)", "(100,30,2,2,12,12)", "(432000,4)", "(100,30,12,12)"):
            row = next(line for line in shown.splitlines() if shape in line)
            assert row.rstrip(" ▁▂▃▄▅▆▇█").endswith("MB"), row


async def test_a_shapes_table_too_wide_for_its_names_wraps_them_and_keeps_shapes_and_sizes_whole():
    from rich.cells import cell_len

    from workbench.app.panes.cells import Shades
    from workbench.app.panes.im2col_views import Drawing, Marks

    pooling = next(lesson for lesson in COURSE.lessons if lesson.number == "7.3")
    app = make_app(lesson_id=pooling.id, step=pooling.step_ids.index("pool-shapes"), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        colors = app.theme_variables
        rows = Drawing(pane.result, pane.cursor, 33, Marks.of(colors), Shades(colors)).shapes().render().plain
        rows = rows.splitlines()
        assert rows[0].split() == ["배열", "형상", "바이트"] and all(cell_len(row.rstrip()) <= 33 for row in rows)
        first = next(i for i, row in enumerate(rows) if row.startswith("행별 "))
        assert rows[first].split()[1:] == ["(432000,4)", "6.6", "MB"] and rows[first + 1].strip() == "윈도우"
        assert "col 6차원" not in rows[0] and any(row.split()[-3:] == ["(100,30,2,2,12,12)", "6.6", "MB"]
                                                 for row in rows)


@pytest.mark.parametrize("lang, count", [("en", "3 following"), ("ko", "3명 따라옴")])
async def test_the_count_of_followers_wraps_whole_at_80_columns(lang, count):
    """The line wrapped inside the count, leaving '3명' at the end of a row and '따라옴' below it."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from screen_text import screen_lines

    from workbench.classroom.channel import Address, ChannelState

    class Quiet:
        def publish(self, position):
            pass

        def close(self):
            pass

    app = make_app(lesson_id=CONV.id, step=1, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing, app.share_address = Quiet(), Address("http://127.0.0.1:8743")
        app.share_state = ChannelState(True, join="http://127.0.0.1:8743/", followers=3)
        app._classroom_changed()
        await pilot.pause()
        lines = [line.replace("\u00a0", " ") for line in screen_lines(app)]
        assert any(count in line for line in lines), lines[-4:]


@pytest.mark.parametrize("lang, title", [("en", "im2col inspector"), ("ko", "im2col 들여다보기")])
async def test_a_presenter_on_a_pane_of_its_own_keeps_the_panes_title(lang, title):
    """Presenter mode hid every screen's title line for the presenter's bar, which only a lesson has:
    a pane opened from the palette showed the room no title at all."""
    from screen_text import screen_lines

    from workbench.models.catalog import pane

    app = make_app(pane=("im2col", pane("im2col").parse([])), presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_lines(app)[0].startswith(" " + title)
        assert app.screen.query_one("#lesson-bar").display


@pytest.mark.parametrize("start", [{}, {"lesson_id": "perceptron", "step": 1}])
async def test_a_sharing_presenter_publishes_where_it_starts_first(monkeypatch, start):
    """The publisher sends nothing before the app's first position (tests/test_classroom_channel.py): the
    app publishes home when it starts there, and its lesson's step, never home, when it starts on one."""
    from workbench.app import classroom
    from workbench.classroom.channel import Address

    class Recorder:
        def __init__(self, *args, **options):
            self.positions = []

        def start(self):
            return self

        def publish(self, position):
            self.positions.append(position)

        def close(self):
            pass

    monkeypatch.setattr(classroom, "Publisher", Recorder)
    app = make_app(share=Address("http://127.0.0.1:8799"), presenting=True, lang="en", **start)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.sharing.positions)
        first = app.sharing.positions[0]
        assert (first.lesson, first.step) == (start.get("lesson_id"), start.get("step", 0))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_presenters_text_keeps_its_margin_before_its_scrollbar(lang):
    """The presenter's right margin lay beyond the text's scrollbar, and the words ran into the thumb
    ("아직 아무것도 계산하지 않았습니다.▇▇" in 5.1 step 1 at 80×24): two blank cells come before the
    scrollbar now, and the text wraps at the width it had."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from screen_text import screen_lines
    from workbench.i18n.cells import cell_len

    graph = next(lesson for lesson in COURSE.lessons if lesson.number == "5.1")
    app = make_app(lesson_id=graph.id, step=0, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: not getattr(app.screen, "building", True) and bool(app.screen.query("#text")))
        await pilot.pause()
        text = app.screen.query_one("#text")
        assert text.show_vertical_scrollbar
        bar = text.region.right - text.styles.padding.right - text.styles.scrollbar_size_vertical
        mark = app.screen.query_one("#text-mark")
        rows = range(text.region.y + text.styles.padding.top, mark.region.y if mark.display else text.region.bottom)
        widths = set()
        for y in rows:
            line = screen_lines(app)[y]
            cells = "".join(char * cell_len(char) for char in line)
            assert cells[bar - 2:bar] == "  ", line
            widths.add(cell_len(cells[:bar].rstrip()))
        assert max(widths) >= bar - 4           # as wide as before: full rows reach the margin


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("number, step, named", [("7.2", 1, ["i", "."]), ("7.5", 7, ["m", "[", "]"]),
                                                ("3.4", 3, ["t", ".", ",", "+", "-"]), ("4.3", 5, [">", "<"])])
async def test_the_presenters_footer_never_shows_a_key_the_text_names_bare(lang, number, step, named, tiny_data):
    """At 80 columns the presenter's footer of 7.2 step 1 read "… . Next window/pixel  i  ? Help": on a
    projector a bare "i" says nothing. The presenter's keys the text does not name give way instead
    (go-to first, then Text; ? lists them), and come back where there is room. Prev and Next stay.
    3.4 trains chapter 3's network: on the tiny data, not for seconds into the worker's next tests. At
    3.4, 4.3 and 7.5 the pairs the text names, one item each (", . Step"), leave room for ": Go to"; at 7.2
    in Korean ", . 윈도우/픽셀" does too (". 다음 윈도우/픽셀" did not)."""
    import re

    lesson = next(lesson for lesson in COURSE.lessons if lesson.number == number)
    app = make_app(lesson_id=lesson.id, step=step - 1, presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)

        def items() -> list[str]:
            return re.split(r" {2,}", str(bar.render()).strip())

        assert [item for item in items() if " " not in item] == [], items()
        keys = [item.split(" ")[0] for item in items()]
        paired = {part for binding, _, key, _ in bar.choose(80) if isinstance(binding.group, Pair)
                  for part in key.split()}                           # ", . Step" lists , and .
        assert set(named) <= set(keys) | paired and keys[:2] == ["←", "→"], items()
        assert (":" in keys) == (number != "7.2" or lang == "ko"), items()   # the pairs, one item each, leave it room
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert ":" in [item.split(" ")[0] for item in items()], items()
