"""The gradient-check pane through its keys: TwoLayerNet passes row by row, a bug fails the right row,
a running check cancels, the hidden bug is revealed, the map, a step shown twice checks again, and
snapshots at 80×24 and 120×40 (review new SVGs by eye). Checks are tiny; every test waits for the
job before it asserts (a busy thread stalls pilot.press)."""
import time

import pytest


from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.app.panes.gradcheck_quiz import BugQuiz
from workbench.models.catalog import pane
from workbench.nn import gradient
from screen_text import help_as_read, until, widget_text as text

SIZE = (80, 24)
ENTRY = pane("gradcheck")


def opened(*assignments):
    return make_app(pane=("gradcheck", ENTRY.parse(list(assignments))))


async def settled(pilot, gradcheck: GradcheckPane, timeout: float = 60) -> None:
    """Wait until the pane's jobs are over and their last events are shown."""
    await pilot.pause()
    await until(pilot, lambda: not (gradcheck.running or (gradcheck.own.report is None and gradcheck.own.ended is None)),
                timeout)
    await pilot.pause()


def verdicts(gradcheck: GradcheckPane) -> dict[str, str]:
    return {name: check.verdict for name, check in gradcheck.own.checks.items()}


async def test_twolayernet_passes_in_every_row():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        assert verdicts(gradcheck) == {"W1": "pass", "b1": "pass", "W2": "pass", "b2": "pass"}
        table = text(app, "#gc-table")
        assert table.splitlines()[0].split()[:3] == ["param", "shape", "checked"]
        assert "30 of 240" in table and table.count("pass") == 4
        assert "All 4 parameters pass." in text(app, "#gc-status")
        assert "TwoLayerNet(20, 12, 10): built in float32, checked in float64" in text(app, "#gc-head")


@pytest.mark.parametrize(("lang", "sampled"), [("en", "30 of 2,500"), ("ko", "2,500개 중 30개")])
async def test_counts_are_grouped_by_thousands_as_the_lessons_write_them(lang, sampled):
    """SimpleConvNet's W2 has 2,500 entries: the table wrote "30 of 2500" ("2500개 중 30개") where
    7.5's text and the other panes write 2,500."""
    app = make_app(pane=("gradcheck", ENTRY.parse(["net=simple"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app.screen.query_one(GradcheckPane))
        assert sampled in text(app, "#gc-table")


def test_the_maps_legend_groups_its_counts():
    """DeepConvNet's first Affine weight is 1,024 inputs × 50 outputs; its legend wrote "1024 inputs"."""
    from types import SimpleNamespace

    emap = SimpleNamespace(name="W7", shape=(1024, 50), layout=(1024, 50), cells=(32, 50), scale=1.0, worst=None)
    legend = GradcheckPane.map_legend(None, emap).plain
    assert "1,024 inputs (rows) × 50 outputs" in legend and "each of 1,600 blocks" in legend


async def test_breaking_it_fails_the_right_row_and_revealing_names_the_bug():
    app = opened("hide_bug=true")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        await pilot.press("b")                      # the first bug: Affine's dW without its transpose
        await settled(pilot, gradcheck)
        assert gradcheck.settings.bug == "affine-dw-no-transpose"
        assert verdicts(gradcheck) == {"W1": "fail", "b1": "pass", "W2": "pass", "b2": "pass"}
        assert "A bug is hidden in this network" in text(app, "#gc-bug")
        await pilot.press("w")                      # the same bug in the second Affine layer
        await settled(pilot, gradcheck)
        assert verdicts(gradcheck) == {"W1": "pass", "b1": "pass", "W2": "fail", "b2": "pass"}
        await pilot.press("r")                      # a hidden bug: first say where and what it is
        await pilot.pause()
        assert isinstance(app.screen, BugQuiz)
        await pilot.press("down", "down", "enter")  # Affine1, Relu1, Affine2
        await pilot.press("enter")                  # the first bug of the list: Affine's dW
        await pilot.pause()
        assert isinstance(app.screen.query_one(GradcheckPane), GradcheckPane)
        assert "Bug in Affine2: Affine's dW is dout.T·x" in text(app, "#gc-bug")     # what it does, then its id
        assert "(affine-dw-no-transpose)" in text(app, "#gc-bug")
        assert "✓ in Affine2 · ✓ affine-dw-no-transpose  found 1 of 1" in text(app, "#gc-bug")
        assert "1 of 4 fail: W2" in text(app, "#gc-status")
        status = text(app, "#gc-status").replace("\u00a0", " ")        # a value kept with its name
        assert "worst entry W2[" in status and "backprop a = " in status


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_quiz_lists_what_each_bug_does_before_its_id(lang):
    """The list read "affine-dw-no-transpose  Affine's dW is …": a learner met the id, a name for
    `workbench gradcheck --break`, before what the bug does. Each option now starts with what it does."""
    from textual.widgets import OptionList

    from workbench.models.gradcheck_quiz import bug_label

    app = make_app(pane=("gradcheck", ENTRY.parse(["bug=softmax-no-batch-divide", "hide_bug=true"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app.screen.query_one(GradcheckPane))
        await pilot.press("r")
        await pilot.pause()
        bugs = app.screen.query_one("#quiz-bugs", OptionList)
        prompts = [bugs.get_option_at_index(i) for i in range(bugs.option_count)]
        assert len(prompts) >= 4
        for option in prompts:
            shown = option.prompt.plain
            assert shown.startswith(bug_label(option.id)) and shown.endswith(option.id), shown


async def test_a_wrong_guess_is_scored_before_the_bug_shows_and_escape_shows_nothing():
    app = opened("bug=softmax-no-batch-divide", "hide_bug=true")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")                 # not now: still hidden, nothing scored
        await pilot.pause()
        assert "A bug is hidden" in text(app, "#gc-bug") and gradcheck.score == [0, 0]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter", "enter")  # Relu1 and Affine's dW: both wrong
        await pilot.pause()
        shown = text(app, "#gc-bug")
        assert "✗ not in Relu1 but in SoftmaxWithLoss (last_layer) · ✗ not affine-dw-no-transpose" in shown
        assert "found 0 of 1" in shown and "Bug in SoftmaxWithLoss (last_layer): softmax-with-loss backward" in shown


async def test_a_running_check_cancels_and_checks_again_on_g():
    app = opened("net=deep", "samples=5000")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await progressing(pilot, gradcheck)
        assert gradcheck.running and "checking W1" in text(app, "#gc-status")
        await pilot.press("x")
        await settled(pilot, gradcheck)
        assert gradcheck.own.ended.reason == "cancelled" and gradcheck.own.report is None
        assert "cancelled" in text(app, "#gc-status") and "g\u00a0checks\u00a0again" in text(app, "#gc-status")
        gradcheck.apply(samples=2, batch=2)
        await settled(pilot, gradcheck)
        assert gradcheck.own.report is not None and gradcheck.own.report.verdict == "pass"


async def test_the_map_of_the_worst_parameter_and_the_next():
    app = opened("net=simple", "bug=conv-db-wrong-axis")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        assert gradcheck.shown_map_name() == "b1" and "b1" in gradcheck.own.maps
        await pilot.press("m")
        assert gradcheck.settings.view == "map" and gradcheck.own.report is not None   # no new check
        assert "|a − n| over b1 (10)" in text(app, "#gc-map-title")
        assert "10 entries in a row" in text(app, "#gc-map-legend")
        await pilot.press("right_square_bracket")
        await settled(pilot, gradcheck)
        assert gradcheck.shown_map_name() == "W2" and "W2" in gradcheck.own.maps
        assert "|a − n| over W2 (250×10)" in text(app, "#gc-map-title")
        assert "one entry checked in each of 240 blocks" in text(app, "#gc-map-legend")


async def progressing(pilot, gradcheck: GradcheckPane, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while gradcheck.own.progress is None and time.monotonic() < deadline:
        await pilot.pause(0.1)


async def test_a_step_shown_again_after_leaving_checks_again():
    app = opened("net=deep", "samples=5000")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await progressing(pilot, gradcheck)
        first = gradcheck.jobs["check"]
        gradcheck.leave()                           # the lesson does this, then gives the same settings again
        deadline = time.monotonic() + 30
        while not (first.done and gradcheck.jobs["check"] is not first) and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert first.reason == "cancelled" and gradcheck.jobs["check"] is not first and gradcheck.running
        await pilot.press("x")
        await settled(pilot, gradcheck)


async def test_keys_change_the_network_and_h():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        await pilot.press("2")
        await settled(pilot, gradcheck)
        assert gradcheck.settings.net == "multi-layer" and list(gradcheck.own.checks) == ["W1", "b1", "W2", "b2",
                                                                                       "W3", "b3"]
        await pilot.press("minus", "minus")
        await settled(pilot, gradcheck)
        assert gradcheck.settings.h == 1e-6 and "h 1e−6" in text(app, "#gc-head")
        await pilot.press("k")
        assert gradcheck.settings.kinks == "skip"


async def test_a_bug_without_a_place_is_refused_in_place():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        assert not gradcheck.apply(bug="pool-wrong-element")
        await pilot.pause()
        assert gradcheck.settings.bug == "none" and gradcheck.own.report is not None
        assert "the two-layer network has no Pooling layer" in str(gradcheck.error)


@pytest.fixture
def no_clock(monkeypatch):
    """Every check takes 0 s, so the time column and the status line are the same in every run; and
    errors at float64's rounding level read "<1e−7", since their digits differ from one CPU's BLAS
    kernel to another's (a snapshot must not depend on the machine)."""
    monkeypatch.setattr(gradient.time, "perf_counter", lambda: 0.0)
    from workbench.models import gradcheck_table

    exact = gradcheck_table.error_text
    monkeypatch.setattr(gradcheck_table, "error_text", lambda value: "<1e−7" if value < 1e-7 else exact(value))


def still_after_the_check(app):
    app.animation_level = "none"

    async def run_before(pilot):
        await settled(pilot, app.screen.query_one(GradcheckPane))
    return app, run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_a_revealed_bug(snap_compare, no_clock, size):
    app, run_before = still_after_the_check(opened("net=simple", "bug=pool-wrong-element"))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_the_map(snap_compare, no_clock):
    app, run_before = still_after_the_check(opened("bug=affine-dw-no-transpose", "view=map"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_in_a_lesson_beside_the_text(snap_compare, no_clock):
    app = make_app(lesson_id="gradient-check", step=6)
    app.animation_level = "none"

    async def run_before(pilot):
        await settled(pilot, app.screen.query_one(GradcheckPane))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_progress_bar_says_100_percent_only_when_it_is_full():
    from workbench.jobs import JobProgress

    app = opened("net=simple", "samples=2", "batch=2")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        gradcheck.own.progress = JobProgress(0, "check", 996, 1000, {"param": "W1"}, ())
        almost = gradcheck.status_text(gradcheck.result, 80).plain
        gradcheck.own.progress = JobProgress(0, "check", 1000, 1000, {"param": "W1"}, ())
        done = gradcheck.status_text(gradcheck.result, 80).plain
        gradcheck.own.progress = None
        assert "99 %" in almost and "100 %" not in almost and "░" in almost
        assert "100 %" in done and "░" not in done


async def test_r_and_w_are_offered_only_while_a_bug_is_in():
    """With no bug, r (answer) and w (the bug's layer) did nothing, yet the footer showed "r Answer"
    and the help listed both."""
    from workbench.app.help_screen import help_text

    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)

        def offered() -> set[str]:
            return {active.binding.action for active in app.screen.active_bindings.values()}

        assert not {"reveal", "next_where"} & offered() and "**r**" not in help_as_read(help_text(app.screen))
        await pilot.press("b")
        await settled(pilot, gradcheck)
        assert "next_where" in offered() and "reveal" not in offered()     # a bug not hidden is named already
        assert gradcheck.apply(hide_bug=True)
        await settled(pilot, gradcheck)
        assert {"reveal", "next_where"} <= offered() and "**r**" in help_as_read(help_text(app.screen))


async def test_r_reads_answer_then_hide_bug_and_show_bug_and_is_gone_for_a_bug_in_plain_sight():
    """With hide_bug off the bug is named at once and r did nothing, yet the footer read "r Answer"; after
    an answer r hid and showed the bug under the same label. Now the label says what r does."""
    app = opened("bug=softmax-no-batch-divide")
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)

        def label() -> str | None:
            return next((active.binding.description for key, active in app.screen.active_bindings.items()
                         if key == "r" and active.enabled), None)

        assert "Bug in SoftmaxWithLoss" in text(app, "#gc-bug") and label() is None
        assert gradcheck.apply(hide_bug=True)
        await settled(pilot, gradcheck)
        assert label() == "Answer"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert "Bug in SoftmaxWithLoss" in text(app, "#gc-bug") and label() == "Hide bug"
        await pilot.press("r")
        await pilot.pause()
        assert "hidden again: press r to show it" in text(app, "#gc-bug") and label() == "Show bug"
        assert "Press r to choose the layer" not in text(app, "#gc-bug")
        await pilot.press("r")
        await pilot.pause()
        assert "Bug in SoftmaxWithLoss" in text(app, "#gc-bug") and label() == "Hide bug"


@pytest.mark.parametrize(("lang", "column"), [("en", "{kinks} column"), ("ko", "{kinks} 열")])
async def test_the_help_names_the_kinks_column_as_its_header_reads_and_h_keys_as_the_footer(lang, column):
    """The Korean help spoke of the "kinks 열", whose header reads 꺾임; + was listed as "+ =" beside the
    footer's "+"."""
    from workbench.app.help_screen import help_text
    from workbench.i18n import t

    app = make_app(pane=("gradcheck", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot, app.screen.query_one(GradcheckPane))
        text = help_as_read(help_text(app.screen))
        assert column.format(kinks=t("gradcheck.column.kinks")) in " ".join(text.split())
        assert f"- **+** {t('gradcheck.key.bigger_h.tip')}" in text


@pytest.mark.parametrize("keys", [["left_square_bracket"], ["t", "right_square_bracket"]])
async def test_the_map_with_its_legend_fits_the_body_in_lesson_7_5(keys):
    """7.5's map step at 80×24: W1's map (or W2's, with the text folded) ran past the body, hiding
    the legend's scale and largest |a − n| under the fold."""
    app = make_app(lesson_id="cnn-gradient-check", step=6)
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        await pilot.press(*keys)
        await settled(pilot, gradcheck)
        await until(pilot, lambda: "largest |a − n| at" in text(app, "#gc-map-legend"), 10)
        body = gradcheck.query_one("#gc-body")
        assert gradcheck.shown_map_name() in ("W1", "W2")
        await until(pilot, lambda: body.max_scroll_y == 0, 5)     # once the layout has settled (slow under load)


async def test_the_map_is_fitted_again_when_the_body_shrinks_after_it_was_drawn():
    """Seen on a busy machine (CI): the body shrank from 12 rows to 9 after the map was drawn and fitted,
    and the map stayed 12 rows under "more ↓", its legend out of sight. A line above or below the body
    taking more rows later has the map fitted to the body it is left."""
    app = make_app(lesson_id="cnn-gradient-check", step=6)
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        body = gradcheck.query_one("#gc-body")
        await until(pilot, lambda: body.max_scroll_y == 0, 10)
        before = body.size.height
        gradcheck.query_one("#gc-status").update("\n".join("1234567"))   # more rows than it had, no new drawing
        await until(pilot, lambda: body.size.height < before, 10)
        await until(pilot, lambda: body.max_scroll_y == 0 and gradcheck.map_height == body.size.height, 10)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_progress_line_never_breaks_inside_its_hint(lang):
    """7.5 steps 3 and 4 at 80×24, while the map was drawn: "지도 그리는 중: W2 ███░░░░░  41 %  x:" over "취소"."""
    from rich.console import Console

    from workbench.i18n import t
    from workbench.jobs import JobProgress

    app = make_app(pane=("gradcheck", ENTRY.parse(["net=simple", "samples=2", "batch=2"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        gradcheck.own.progress = JobProgress(0, "check", 41, 100, {"param": "W2", "phase": "map"}, ())
        hint = t("gradcheck.status.cancel_hint")
        for width in range(20, 60):
            text = gradcheck.status_text(gradcheck.result, width)
            lines = [line.plain.replace("\u00a0", " ").strip() for line in text.wrap(Console(width=width), width)]
            assert hint in "\n".join(lines), (width, lines)
        gradcheck.own.progress = None
