"""The numerical-versus-backprop pane: a tiny measurement runs to the end with its ratio, difference and
table; x cancels a long one (the weights come back whole) and g measures again; leaving the step
cancels it; a bad value is refused in place; snapshots at 80×24 in lesson 4.4 and 120×40 with a
clock that ticks the same on every machine (review new SVGs by eye). Every test waits for the job
before it asserts (a busy thread stalls pilot.press)."""
import threading
import time

import numpy as np
import pytest


from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.numerical_vs_backprop import NumericalVsBackpropPane, duration, step_in
from workbench.course.files import load_course
from workbench.models import numerical_vs_backprop as model
from workbench.models.catalog import pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
ENTRY = pane("numerical-vs-backprop")
TINY = ("hidden_size=1", "batch_size=2")
LONG = ("hidden_size=100", "batch_size=100")
LESSON_STEP = [step.id for step in load_course().lesson("training-loop").steps].index("numerical-vs-backprop")
"""Where the pane's step is in lesson 4.4 (found by its id: other steps come before it)."""


def opened(*assignments):
    return make_app(pane=("numerical-vs-backprop", ENTRY.parse(list(assignments))))


async def settled(pilot, measuring: NumericalVsBackpropPane, timeout: float = 60) -> None:
    """Wait until the pane's job is over and its last events are shown."""
    await pilot.pause()
    await until(pilot, lambda: not (measuring.running or measuring.ended is None), timeout)
    await pilot.pause()


async def progressing(pilot, measuring: NumericalVsBackpropPane, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while measuring.progress is None and time.monotonic() < deadline:
        await pilot.pause(0.1)


class Clock(threading.local):
    """perf_counter for the model: a thousandth of a second a call, so the times on screen are fixed.

    One count per thread: a measurement the pane has cancelled may still be timing in its own thread
    while the next one starts, and their calls must not interleave on one clock (the snapshot then
    showed "median of 41" instead of 68 on a slower machine).
    """

    def __init__(self):
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += 1e-3
        return self.now


@pytest.fixture
def steady_clock(monkeypatch):
    monkeypatch.setattr(model, "time", Clock())


@pytest.fixture(autouse=True)
def quick_book_estimate(monkeypatch):
    """Time the book's network five times, not fifty (the model's tests time it in full)."""
    monkeypatch.setattr(model, "BOOK_REPEATS", 5)


async def test_a_tiny_measurement_shows_both_times_the_ratio_and_the_difference():
    app = opened(*TINY)
    async with app.run_test(size=SIZE) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        await settled(pilot, measuring)
        assert measuring.ended.reason == "finished" and measuring.run is not None
        head = text(app, "#nb-head")
        assert "TwoLayerNet(784, 1, 10) · float64" in head and "batch of 2 · 805 parameters" in head
        assert "numerically: 1,610 losses" in head
        times = text(app, "#nb-times")
        assert "backprop" in times and "median of" in times and "× as long" in times
        assert "largest |num − backprop|" in times
        table = text(app, "#nb-table")
        assert table.splitlines()[0].split()[:2] == ["param", "shape"] and "784×1" in table and "…" not in table
        book = text(app, "#nb-book")
        assert "The book's (784, 50, 10), batch 100:" in book and "1 iteration ≈" in book
        assert "10,000 iterations ≈" in book


async def test_x_is_in_the_footer_only_while_measuring_and_g_lit_only_when_not():
    """After the run x stayed lit in the footer and did nothing; during it g did nothing, lit too. The
    measuring panes' rule: x is there while a run goes on, and gone after it."""
    from workbench.app.key_bar import KeyBar

    app = opened(*TINY)
    async with app.run_test(size=SIZE) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        lit = lambda key: [on for b, on, *_ in app.screen.query_one(KeyBar).items() if b.key == key]  # noqa: E731
        await until(pilot, lambda: measuring.running)
        await until(pilot, lambda: lit("x") == [True] and lit("g") == [False])
        await settled(pilot, measuring)
        await until(pilot, lambda: lit("x") == [] and lit("g") == [True])


@pytest.mark.slow
async def test_x_cancels_a_long_measurement_and_g_measures_again():
    app = opened(*LONG)
    async with app.run_test(size=SIZE) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        # The job nudges the weights in place from the moment the pane opens: the weights to expect
        # are those of the same settings built afresh, not a copy taken while an entry may be nudged.
        weights = model.compute(measuring.settings).network.params
        await progressing(pilot, measuring)
        assert measuring.running and "%" in text(app, "#nb-times") and "Measuring" in text(app, "#nb-status")
        await pilot.press("x")
        await settled(pilot, measuring)
        assert measuring.ended.reason == "cancelled" and measuring.run is None
        assert "cancelled · g measures again" in text(app, "#nb-status").replace("\u00a0", " ")   # kept whole
        network = measuring.result.network
        assert all(np.array_equal(weights[name], p) for name, p in network.params.items())
        measuring.apply(hidden_size=1, batch_size=1)          # new settings measure at once
        await settled(pilot, measuring)
        assert measuring.ended.reason == "finished"
        await pilot.press("g")
        await settled(pilot, measuring)
        assert measuring.ended.reason == "finished" and measuring.run is not None


async def test_leaving_the_step_cancels_the_measurement():
    app = make_app(lesson_id="training-loop", step=LESSON_STEP)
    async with app.run_test(size=SIZE) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        assert measuring.settings.hidden_size == 20
        measuring.apply(hidden_size=100, batch_size=100)
        await progressing(pilot, measuring)
        deadline = time.monotonic() + 30                       # the first events carry backprop's time alone
        while "param" not in measuring.progress.info and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert measuring.progress.info["param"] == "W1"        # the bar names the parameter being nudged
        job = measuring.jobs["measure"]
        await pilot.press("left")
        assert job.wait(10) and job.reason == "cancelled"
        assert not app.screen.query(NumericalVsBackpropPane)


@pytest.mark.slow
async def test_keys_change_the_size_and_a_bad_value_is_refused_in_place():
    app = opened(*TINY)
    async with app.run_test(size=SIZE) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        await settled(pilot, measuring)
        await pilot.press("plus")
        await settled(pilot, measuring)
        assert measuring.settings.hidden_size == 2
        await pilot.press("left_square_bracket")
        await settled(pilot, measuring)
        assert measuring.settings.batch_size == 1
        good = measuring.result
        assert not measuring.edit("batch_size", "0")
        await pilot.pause()
        line = app.screen.query_one(ErrorLine)
        assert line.display and "batch_size = 0 is out of range" in str(line.render())
        assert measuring.result is good and not measuring.running


def test_durations_and_sizes_read_as_a_person_would():
    assert duration(7.7e-5) == "0.077 ms" and duration(3.31) == "3.31 s" and duration(1000) == "17 min"
    assert duration(36 * 3600) == "36 hours" and duration(10 * 86400) == "10 days"
    assert step_in((1, 2, 5, 10, 20, 50, 100), 20, 1) == 50 and step_in((1, 2, 5), 1, -1) == 1


def still(app):
    app.animation_level = "none"
    return app


async def finished(pilot) -> None:
    """The run over and shown, the body's "more ↓" mark drawn as the content below it asks (the mark
    follows a refresh later, and the snapshot at 80×24 showed it or not by the machine's speed)."""
    from workbench.app.widgets.marked_scroll import MarkedScroll

    measuring = pilot.app.screen.query_one(NumericalVsBackpropPane)
    await settled(pilot, measuring)
    measuring.query_one(MarkedScroll).update_mark()
    await pilot.pause()
    await pilot.pause()


def test_snapshot_in_the_lesson_at_80x24(snap_compare, steady_clock):
    app = still(make_app(lesson_id="training-loop", step=LESSON_STEP))

    async def tiny(pilot):
        pilot.app.screen.query_one(NumericalVsBackpropPane).apply(hidden_size=1, batch_size=2, book_delta=True)
        await finished(pilot)
    assert snap_compare(app, terminal_size=(80, 24), run_before=tiny)


def test_snapshot_in_korean_at_120x40(snap_compare, steady_clock):
    app = still(make_app(pane=("numerical-vs-backprop", ENTRY.parse([*TINY, "book_delta=true"])), lang="ko"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=finished)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [SIZE, (120, 40)])
async def test_the_times_labels_are_whole_and_every_line_fits_the_lesson_pane(lang, size):
    """4.4 in Korean called backprop 오차역전파, short of the book's 오차역전파법, which the lesson's text
    beside it says: whole, its row with "200번의 중앙값" wrapped into the label's column at 80×24."""
    from workbench.i18n import t
    from workbench.i18n.cells import cell_len
    from workbench.jobs import JobProgress
    from workbench.models.numerical_vs_backprop_shared import SpeedFigures

    app = make_app(lesson_id="training-loop", step=LESSON_STEP, lang=lang)
    async with app.run_test(size=size) as pilot:
        measuring = app.screen.query_one(NumericalVsBackpropPane)
        measuring.apply(hidden_size=1, batch_size=1)
        await settled(pilot, measuring)
        label, other = t("numerical-vs-backprop.backprop"), t("numerical-vs-backprop.numerical")
        assert label == {"en": "backprop", "ko": "오차역전파법"}[lang]
        progress = JobProgress(1, "measure", 1, 3, {"param": "W1"}, ())
        for shown in (measuring.own(), SpeedFigures((1.234e-4, 2000), [], progress, running=True)):
            measuring.query_one("#nb-times").update(measuring.times(shown))
            await pilot.pause()
            room = measuring.query_one("#nb-times").size.width
            lines = text(app, "#nb-times").splitlines()
            assert all(cell_len(line) <= room for line in lines), (room, lines)
            column = max(cell_len(label), cell_len(other)) + 2     # the values, the note and the bar in one column
            numerical = other + " " * (column - cell_len(other))
            assert lines[0].startswith(label + "  ") and any(line.startswith(numerical) for line in lines[1:3]), lines
            median = t("numerical-vs-backprop.median", repeats=shown.backprop[1])
            assert lines[0].endswith(median) or lines[1] == " " * column + median, lines
            assert all(line.startswith(" " * column + "█") for line in lines if "%" in line), lines


def test_a_time_at_the_edge_of_a_unit_reads_as_the_next_one_does():
    """4.4 step 6 listed b1 "1.9 ms" over b2 "1.000 ms": 0.99996 ms rounded up in the smaller unit's format."""
    assert duration(0.99996e-3) == "1.0 ms" and duration(0.9994e-3) == "0.999 ms"
    assert duration(0.99997) == "1.00 s" and duration(9.996) == "10.0 s"
