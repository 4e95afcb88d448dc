"""The descent and optimizers panes through their keys, at 80×24 and 120×40, in English and Korean:
stepping, the rate on its ladder, divergence shown as numbers, the optimizers' numbers as the library
holds them, bad values kept out, `workbench open`, and SVG snapshots (each reviewed by eye)."""
import re

import pytest


from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.descent import DescentPane
from workbench.app.panes.optimizers import OptimizersPane
from workbench.app.widgets.contour import ContourPlot
from workbench.models.catalog import pane
from screen_text import screen_lines, until, widget_text


def text(app, selector: str) -> str:
    """A widget's text with its no-break spaces read as spaces (each item of a status line is whole)."""
    return widget_text(app, selector).replace("\u00a0", " ")

SIZE = (80, 24)


def opened(name, *assignments):
    return make_app(pane=(name, pane(name).parse(list(assignments))))


def plot(app) -> str:
    return str(app.screen.query_one(ContourPlot).render())


def plain(readout: str) -> str:
    """A readout on one line with plain spaces (its no-break spaces and line breaks read as spaces)."""
    return readout.replace("\n", " ").replace("\u00a0", " ")


def still(app):
    app.animation_level = "none"
    return app


async def test_descent_steps_and_writes_each_step_out():
    app = opened("descent", "step=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(DescentPane)
        assert "x = (−3, 4)" in text(app, "#descent-readout") and "press ." in text(app, "#descent-readout")
        await pilot.press(".")
        readout = text(app, "#descent-readout")
        assert p.settings.step == 1 and "x = (−2.4, 3.2)" in readout and "(−3, 4) − 0.1·(−6, 8)" in readout
        assert "∇f ≈ (−4.8, 6.4)" in readout and "●" in plot(app)
        await pilot.press(">", ",")
        assert p.settings.step == 10
        await pilot.press("e")
        assert p.settings.step == 100 and "Reaches the minimum" in text(app, "#descent-readout")
        await pilot.press("r")
        assert p.settings.step == 0


async def test_plus_twice_diverges_and_the_numerical_gradient_freezes():
    app = opened("descent")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(DescentPane)
        await pilot.press("+")
        assert p.settings.lr == 1.0 and "Bounces" in text(app, "#descent-readout")
        await pilot.press("+")
        readout = text(app, "#descent-readout").replace("\n", " ")
        assert p.settings.lr == 10.0 and "x = (−2.59e13, −1.295e12)" in readout
        assert "Stuck since descent step 10" in readout and "η 10" in text(app, "#descent-status")
        assert any(arrow in plot(app) for arrow in "↖↗↙↘←→↑↓")
        await pilot.press("g")
        assert p.settings.gradient == "exact" and "∇f = (" in text(app, "#descent-readout")
        for _ in range(11):                      # 10 → 1e−10
            await pilot.press("-")
        assert p.settings.lr == 1e-10 and "Barely moves" in text(app, "#descent-readout")
        assert "x = (−2.99999994, 3.99999992)" in text(app, "#descent-readout")   # 4.3 step 6 quotes it


async def test_overflow_shows_inf_and_nan_not_a_traceback():
    app = opened("descent", "lr=100", "gradient=exact", "steps=300")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        readout = text(app, "#descent-readout")
        assert "nan" in readout and "overflow" in readout
        assert not app.screen.query_one(ErrorLine).display


async def test_space_runs_the_walk_to_the_end_and_stops():
    """A walk of 4 steps runs at the slowest tick (0.25 s a step): 12 took 3 s of the test's time."""
    app = opened("descent", "steps=4", "step=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(DescentPane)
        await pilot.press("space")
        assert p.running
        await until(pilot, lambda: not p.running, seconds=15)
        assert p.settings.step == 4 and not p.running


async def test_a_bad_value_is_refused_in_place_and_the_last_good_walk_stays():
    app = opened("descent", "lr=10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(DescentPane)
        before = text(app, "#descent-readout")
        assert not p.edit("lr", "0")
        line = p.query_one(ErrorLine)
        assert line.display and "lr" in str(line.render())
        assert p.settings.lr == 10.0 and text(app, "#descent-readout") == before
        assert not p.edit("steps", "many") and p.settings.steps == 100
        assert p.edit("lr", "0.1") and not line.display


async def test_optimizers_keys_select_show_all_layout_and_rate():
    app = opened("optimizers", "layout=overlay")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(OptimizersPane)
        legend = text(app, "#optimizers-legend")
        assert "S SGD" in legend and "zig-zags" in legend and "steps shrink" in legend
        readout = text(app, "#optimizers-readout")
        assert "p = (−0.3504, 0.08478)" in readout and "crosses y = 0 on 30 of 30 updates" in plain(readout)
        await pilot.press("6")
        assert p.settings.selected == "Adam"
        readout = text(app, "#optimizers-readout")
        assert "η_t" in readout and "p = (0.136, 0.3182)" in readout
        await pilot.press("3")
        assert p.settings.selected == "Nesterov" and "Nesterov" in p.settings.optimizers
        await pilot.press("a")
        assert len(p.settings.optimizers) == 6
        await pilot.press("a")
        assert p.settings.optimizers == ("Nesterov",)
        await pilot.press("1")
        assert p.settings.optimizers == ("SGD",) and p.settings.selected == "SGD"
        await pilot.press("-")
        assert p.settings.lr_sgd == 0.7
        await pilot.press("-")
        assert p.settings.lr_sgd == 0.5 and "Crawls" in text(app, "#optimizers-readout")
        await pilot.press("g")
        assert p.settings.layout == "grid"


async def test_optimizers_rate_keys_dim_at_the_ends_of_the_ladder():
    """At η 100 `+` did nothing, and at 0.0001 `-`, with both keys lit."""
    app = opened("optimizers", "lr_sgd=70")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(OptimizersPane)
        assert p.check_action("rate", (1,)) and p.check_action("rate", (-1,))
        await pilot.press("+")
        assert p.settings.lr_sgd == 100 and p.check_action("rate", (1,)) is None and p.check_action("rate", (-1,))
        assert p.apply(lr_sgd=0.0001)
        await pilot.pause()
        assert p.check_action("rate", (-1,)) is None and p.check_action("rate", (1,))
        await pilot.press("2")                          # Momentum's rate, 0.1: both ways open again
        assert p.check_action("rate", (-1,)) and p.check_action("rate", (1,))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_grid_beside_the_text_says_what_every_path_does(lang):
    """6.1 step 5 at 80×24, `g`: each tile's tag is whole (Momentum's and AdaGrad's had no room beside
    their names): under the name while the tiles have room, else beside the letter alone (Adam's
    update, written out in full in English, leaves them 4 rows)."""
    from workbench.i18n import t
    from workbench.models.optimizer_paths import MARKS, compute

    app = make_app(lesson_id="optimizers", step=4, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        p = app.screen.query_one(OptimizersPane)
        result = compute(p.settings)
        tags = {name: t(f"optimizers.tag.{result.observe(name).kind}") for name in p.settings.optimizers}
        for name, tag in tags.items():
            assert tag in tiles(app) and any(piece.startswith(f"{MARKS[name]} {name}") for piece in tiles(app))
        await pilot.press("6")
        await pilot.pause()
        for name, tag in tags.items():
            assert tag in tiles(app) or f"{MARKS[name]} {tag}" in tiles(app), (name, tiles(app))


def tiles(app) -> list[str]:
    """The plot's text cut into the pieces its tiles show side by side (2 spaces or more apart)."""
    return [piece for line in plot(app).split("\n") for piece in re.split(r"\s{2,}", line.strip())]


async def test_the_update_is_written_out_with_the_librarys_numbers():
    app = opened("optimizers", "optimizers=Momentum", "selected=Momentum", "step=0")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press(".", ".")
        readout = text(app, "#optimizers-readout")
        assert "v ← 0.9·v − η·∇f" in readout and "= 0.9·(0.07, −0.4) − 0.1·(−0.693, 3.2)" in readout
        assert "= (0.1323, −0.68)" in readout and "p ← p + v" in readout


async def test_selecting_an_optimizer_not_drawn_by_hand_is_refused():
    app = opened("optimizers")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(OptimizersPane)
        assert not p.edit("selected", "RMSprop")
        assert p.query_one(ErrorLine).display and p.settings.selected == "SGD"
        assert not p.edit("momentum", "1.2") and p.settings.momentum == 0.9


async def test_the_ascii_drawing_marks_each_optimizer_with_its_letter():
    app = opened("optimizers", "drawing=ascii", "layout=overlay", "optimizers=SGD,AdaGrad", "step=5")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drawn = plot(app)
        assert "S" in drawn and "G" in drawn and "s" in drawn and "g" in drawn
        assert not any(0x2800 <= ord(c) <= 0x28FF for c in drawn)


@pytest.mark.parametrize("name", ["descent", "optimizers"])
async def test_korean_readouts(name):
    app = make_app(pane=(name, None), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        readout = text(app, f"#{name}-readout")
        assert ("최솟값에 닿습니다" if name == "descent" else "지그재그로 갑니다") in readout
        status = text(app, f"#{name}-status")
        assert ("단계" if name == "descent" else "갱신") in status


@pytest.mark.parametrize("lang, header, sentence", [
    ("en", "update 12/30", "crosses y = 0 on 12 of 12 updates."),
    ("ko", "갱신 12/30", "갱신 12번 중 12번 y = 0 선을 넘습니다."),
])
async def test_optimizers_count_updates_and_keep_y_equals_0_on_one_row(lang, header, sentence):
    """6.1's header counts updates, so its sentence does too (not "12단계 중 12번"), and at 80 columns
    the line it crosses never breaks as "y =" above "0"."""
    from screen_text import screen_lines

    app = make_app(lesson_id="optimizers", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(12):
            await pilot.press(".")
        await pilot.pause()
        assert header in text(app, "#optimizers-status")
        readout = text(app, "#optimizers-readout")
        assert sentence in plain(readout) and "단계" not in readout and " step" not in readout
        rows = [row.replace("\u00a0", " ") for row in screen_lines(app)]
        assert any("y = 0" in row for row in rows), "y = 0 broken across two rows"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("kind", ["zigzag", "overshoot"])
@pytest.mark.parametrize("counts", ["observe", "update"])
def test_the_line_a_path_crosses_wraps_as_one_word(lang, kind, counts):
    """At any width, "y = 0" in the sentence moves to the next row whole, never "y =" above "0"."""
    import io

    from rich.console import Console
    from rich.text import Text

    from workbench.app.panes.walking import observation_text
    from workbench.i18n import set_language
    from workbench.models.surface_path import Observation

    numbers = {"axis": 1, "at": 0.0, "flips": 12, "steps": 12, "step": 3, "peak": -1.5, "peak_step": 5}
    set_language(lang)
    try:
        sentence = observation_text(Observation(kind, numbers), counts=counts)
    finally:
        set_language("en")
    console = Console(width=200, file=io.StringIO())
    for width in range(12, 60):
        rows = [line.plain.replace("\u00a0", " ") for line in Text(sentence).wrap(console, width)]
        assert any("y = 0" in row for row in rows), (width, rows)


@pytest.mark.parametrize("lang, words", [("en", "on 3 of 3 descent steps"), ("ko", "하강 3번 중 3번")])
async def test_descent_still_counts_steps(lang, words):
    """Its descent steps, as its header names them ("하강 단계 3/100"), not in the lesson's word ("3단계")."""
    app = make_app(pane=("descent", pane("descent").parse(["function=valley", "lr=0.95", "step=3"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert words in plain(text(app, "#descent-readout"))


@pytest.mark.parametrize(("name", "function", "formula"), [
    ("descent", "valley", "x₀²/20 + x₁²"), ("descent", "rosenbrock", "(1 − x₀)² + 100(x₁ − x₀²)²"),
    ("optimizers", "bowl", "x² + y²"), ("optimizers", "saddle", "x² − y²")])
async def test_each_pane_writes_its_function_in_its_chapter_s_variables(name, function, formula):
    """Descent (chapter 4: f(x₀, x₁) = x₀² + x₁²) drew axes x₀, x₁ under "x²/20 + y²"; the optimizers
    (chapter 6: f(x, y) = x²/20 + y²) wrote the bowl as "x₀² + x₁²" over axes x, y. The formula now
    uses the names its axes, its caption and its sentences use."""
    from workbench.app.panes import descent, optimizers
    from workbench.i18n import t

    axes = {"descent": descent.AXES, "optimizers": optimizers.AXES}[name]
    assert t(f"{name}.caption", x0="", x1="", x="", y="").startswith(f"{axes[0]} , {axes[1]} ")    # the axes
    app = opened(name, f"function={function}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert formula in text(app, f"#{name}-status")


def test_workbench_open_takes_the_settings(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "descent", "--set", "lr=10", "--set", "gradient=exact"]) == 0
    assert apps[0]._start[2][1].lr == 10.0
    assert cli.main(["open", "optimizers", "--set", "optimizers=SGD,Adam", "--set", "selected=Adam"]) == 0
    assert apps[1]._start[2][1].selected == "Adam"
    assert cli.main(["open", "optimizers", "--set", "selected=Nesterov"]) == 2
    assert "Nesterov" in capsys.readouterr().err


# -- snapshots ----------------------------------------------------------------------------------------

def test_descent_lesson_first_step_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="gradient-descent", step=0)), press=["."], terminal_size=(80, 24))


def test_descent_diverging_in_korean_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="gradient-descent", step=3, lang="ko")), terminal_size=(80, 24))


def test_descent_full_screen_at_120x40(snap_compare):
    app = make_app(pane=("descent", pane("descent").parse(["step=6"])))
    assert snap_compare(still(app), terminal_size=(120, 40))


def test_optimizers_lesson_all_together_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="optimizers", step=4)), terminal_size=(80, 24))


def test_optimizers_adam_in_korean_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="optimizers", step=3, lang="ko")), press=[".", "."],
                        terminal_size=(80, 24))


def test_optimizers_grid_of_six_at_120x40(snap_compare):
    app = make_app(pane=("optimizers", pane("optimizers").parse(["optimizers=" + ",".join(
        ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]), "selected=Adam"])))
    assert snap_compare(still(app), terminal_size=(120, 40))


@pytest.mark.parametrize("theme", ["textual-dark", "workbench-light"])
async def test_every_optimizer_colour_reads_at_4_5_to_1_and_they_differ(theme):
    from textual.color import Color

    from test_readability import contrast
    from workbench.app.panes.optimizers import optimizer_colors

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        colors = optimizer_colors(app)
        background = Color.parse(app.theme_variables["background"])
        for name, color in colors.items():
            assert contrast(Color.parse(color), background) >= 4.5, (theme, name, color)
        assert len({Color.parse(c).hex for c in colors.values()}) == 6


async def test_descent_beside_the_korean_text_keeps_its_step_count_on_one_row():
    """4.3 step 6: "단계" ended a row and "100/100" began the next (there the count is "하강 100/100")."""
    app = make_app(lesson_id="gradient-descent", step=5, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any(re.search(r"하강 (단계 )?100/100", row.replace("\u00a0", " ")) for row in screen_lines(app)), \
            text(app, "#descent-status")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_frozen_walks_sentence_keeps_its_formula_whole(lang):
    """4.3 step 4 in Korean: "|x| ≈" ended a row and "2.6e13에서는" began the next."""
    from workbench.app.panes.walking import observation_text
    from workbench.i18n import set_language
    from workbench.models.surface_path import Observation

    set_language(lang)
    try:
        sentence = observation_text(Observation("frozen", {"step": 10, "size": 2.59e13}))
    finally:
        set_language("en")
    assert "|x|\u00a0≈\u00a02.6e13" in sentence


@pytest.mark.parametrize("name", ["descent", "optimizers"])
async def test_the_footer_dims_the_keys_that_step_past_either_end(name):
    """At step 100/100 the footer went on offering `. Step`, and the key did nothing."""
    from workbench.app.key_bar import KeyBar

    app = opened(name, "step=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p, bar = app.screen.query_one(DescentPane if name == "descent" else OptimizersPane), app.screen.query_one(KeyBar)
        step_enabled = lambda: next(on for b, on, *_ in bar.items() if b.key == "full_stop")  # noqa: E731
        assert step_enabled() and p.check_action("step", (-1,)) is None        # `,` at the start
        await pilot.press("e")
        await pilot.pause()
        assert p.settings.step == p.settings.steps and not step_enabled() and p.check_action("step", (-1,))


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_descent_rate_keys_dim_at_the_ends_of_the_ladder(lang):
    """At η 100 descent's `+` did nothing, and at 1e−12 its `-`, with both keys lit in the footer (the
    optimizers' were dimmed already: the rule is now the shared walk's)."""
    from workbench.app.key_bar import KeyBar

    app = make_app(pane=("descent", pane("descent").parse(["lr=10"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p, bar = app.screen.query_one(DescentPane), app.screen.query_one(KeyBar)
        lit = lambda action: next(on for b, on, *_ in bar.items() if b.action == action)  # noqa: E731
        assert lit("rate(1)") and lit("rate(-1)")
        await pilot.press("+")
        await pilot.pause()
        assert p.settings.lr == 100 and p.check_action("rate", (1,)) is None and not lit("rate(1)")
        assert p.check_action("rate", (-1,)) and lit("rate(-1)")
        assert p.apply(lr=1e-12)
        await pilot.pause()
        assert p.check_action("rate", (-1,)) is None and not lit("rate(-1)") and lit("rate(1)")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_descent_beside_the_text_keeps_its_status_on_one_row(lang):
    """4.3 at 80×24: "descent step 0/100" pushed the count to a second row, a row less for the plot, at
    every step of the lesson (η 0.1, 10 and 1e−10, up to 300 steps)."""
    from screen_text import until

    app = make_app(lesson_id="gradient-descent", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, seen = app.screen, 0
        for index, step in enumerate(screen.lesson.steps):
            if step.pane != "descent":
                continue
            assert screen.go_to_step(index) or screen.index == index
            await until(pilot, lambda: screen.index == index and screen.query(DescentPane)
                        and screen.query_one(DescentPane).settings.step == step.settings.get("step", 0))
            await pilot.pause()
            status = screen.query_one("#descent-status")
            assert status.size.height == 1, (index, str(status.render()))
            assert re.search(r"\d+/\d+", str(status.render()))
            seen += 1
        assert seen >= 6
