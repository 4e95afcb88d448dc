"""What a learner or a projector must be able to read: overflowing text, the colours of both themes,
numbers with a true minus, notices with their path whole (issue 13, items 4, 10, 11 and 12)."""
import re
import tempfile
from pathlib import Path

import pytest
from textual.color import Color

from workbench.app.app import make_app
from workbench.app.panes.activation_plot import COLORS, ActivationPlot
from workbench.app.plotting import Plot
from workbench.app.themes import DARK, LIGHT
from workbench.course.files import load_course
from workbench.i18n import t

SIZE = (80, 24)
COURSE = load_course()
ASCII_NEGATIVE = re.compile(r"(?<![\w.])-\d")
PLOT_COLORS = {*COLORS.values(), "text-primary", "text-success", "text-error"}
"""Every colour the two panes draw curves, lines and marks in."""


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            value /= 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        r, g, b_ = color.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b_)
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_text_below_the_fold_is_marked_until_scrolled_to():
    app = make_app(lesson_id="activation-functions", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = app.screen.query_one("#text")
        mark = text.query_one("#text-mark")
        assert text.max_scroll_y > 0, "the test needs a step whose text overflows at 80×24"
        assert mark.display and t("lesson.more") in str(mark.render())
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert not mark.display
        await pilot.press("up")
        await pilot.pause()
        assert mark.display


async def test_text_that_fits_has_no_mark():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = app.screen.query_one("#text")
        assert text.max_scroll_y == 0 and not text.query_one("#text-mark").display


@pytest.mark.parametrize("theme", [DARK, LIGHT])
async def test_the_scrollbar_stands_out_in_both_themes(theme):
    app = make_app(lesson_id="activation-functions", step=1)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        styles = app.screen.query_one("#text").styles
        track = styles.scrollbar_background
        thumb = track + styles.scrollbar_color          # the thumb's colour blended over its track
        assert contrast(thumb, track) >= 3, (thumb, track)


@pytest.mark.parametrize("theme", [DARK, LIGHT])
async def test_every_plot_colour_reads_at_4_5_to_1_in_both_themes(theme):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        variables = app.theme_variables
        for ground in ("background", "surface", "panel"):
            for name in PLOT_COLORS:
                ratio = contrast(Color.parse(variables[name]), Color.parse(variables[ground]))
                assert ratio >= 4.5, f"{name} on {ground} in {theme}: {ratio:.1f}"
        chapter = Color.parse(variables["text-accent"])             # chapter headings on home
        assert contrast(chapter, Color.parse(variables["background"])) >= 4.5


async def test_a_light_theme_saved_before_ours_opens_ours(private_state_dir):
    private_state_dir.mkdir(parents=True)
    (private_state_dir / "progress.json").write_text('{"version": 1, "theme": "textual-light"}', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE):
        assert app.theme == LIGHT


def screen_text(pane) -> str:
    parts = [str(widget.render()) for widget in pane.query("Static")]
    parts += [str(plot.render()) for plot in pane.query(Plot)]
    return "\n".join(parts)


def negative_probe(pane) -> None:
    if isinstance(pane, ActivationPlot):           # a negative probe, read out below the plot
        pane.apply(probe=min(pane.settings.probe, 0) - 0.5)


@pytest.mark.parametrize("lesson_id", ["activation-functions", "perceptron"])
async def test_the_two_panes_write_negative_numbers_with_a_true_minus(lesson_id):
    lesson = COURSE.lesson(lesson_id)
    app = make_app(lesson_id=lesson.id)
    async with app.run_test(size=SIZE) as pilot:
        for step in range(len(lesson.steps)):
            if step:
                await pilot.press("right")
            if lesson.steps[step].pane == "exercises":   # 3.1's last step: the learner's table, no numbers
                continue
            pane = app.screen.query_one("Pane")
            negative_probe(pane)
            await pilot.pause()                        # the pane draws: screen_text renders its plots at once
            text = screen_text(pane)
            assert "−" in text and not ASCII_NEGATIVE.search(text), (step, text)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_notice_shows_its_path_on_one_line(lang, monkeypatch):
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="wb") as folder:
        blocker = Path(folder) / "workbench-state-folder-in-the-way"      # a path of about 50 cells
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("WORKBENCH_STATE_DIR", str(blocker))
        app = make_app(lang=lang)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            toast = app.screen.query_one("Toast")
            lines = [strip.text for strip in toast.render_lines(toast.region.reset_offset)]
            assert any(str(blocker) in line for line in lines), lines


async def test_a_state_folder_that_is_a_file_is_said_once_not_again_at_every_save(monkeypatch, tmp_path):
    blocker = tmp_path / "state-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(blocker))
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("right", "right")
        await pilot.pause()
        assert len(app._notifications) == 1
        toast = app.screen.query_one("Toast")
        assert toast.region.x < app.screen.query_one("#pane-area").region.x, "bottom left, over the text"
