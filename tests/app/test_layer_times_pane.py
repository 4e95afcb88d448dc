"""The time-per-layer pane at 80×24 in lesson 8.2: a tiny timing runs to the end as a job with its
progress, the engine and the batch by key, x stops and g times again; snapshots with a clock whose
readings are the same on every machine (review by eye)."""
import threading
import time

from screen_text import until, widget_text

from workbench.app.app import make_app
from workbench.app.panes.layer_times import LayerTimesPane, milliseconds, step_in
from workbench.course.files import load_course
from workbench.models import layer_times
from workbench.models.catalog import pane as entry

SIZE = (80, 24)
STEP = [step.id for step in load_course().lesson("deep-learning-today").steps].index("speed")


def opened(*assignments):
    return make_app(pane=("layer-times", entry("layer-times").parse(list(assignments))))


async def settled(pilot, timing: LayerTimesPane, timeout: float = 60) -> None:
    """Wait until the pane's job is over and its last events are shown."""
    await pilot.pause()
    await until(pilot, lambda: not (timing.running or timing.ended is None), timeout)
    await pilot.pause()


class Ticking(threading.local):
    """A clock read twice a step: a convolution takes 2 ms, a pooling 0.5 ms, anything else 0.01 ms, so
    the times on screen are fixed. One sequence per thread: a timing the pane has stopped may still be
    running in its own thread while the next one starts."""

    def __init__(self, plan_kinds):
        self.costs = [{"conv": 2e-3, "pool": 5e-4}.get(kind, 1e-5) for kind in plan_kinds]
        self.readings = None

    def __call__(self) -> float:
        if self.readings is None:
            self.readings = self._tick()
        return next(self.readings)

    def _tick(self):
        now = 0.0
        while True:
            for cost in self.costs:
                yield now
                now += cost
                yield now


KINDS = [kind for _, kind in layer_times.compute(layer_times.LayerTimesSettings(batch=1)).layers]


async def test_a_timing_runs_to_its_end_and_shows_every_kind_and_layer(monkeypatch):
    monkeypatch.setattr(layer_times, "CLOCK", Ticking(KINDS))
    app = opened("batch=2", "rounds=2")
    async with app.run_test(size=SIZE) as pilot:
        timing = app.screen.query_one(LayerTimesPane)
        await settled(pilot, timing)
        kinds = widget_text(app, "#lt-kinds")
        assert "Convolution" in kinds and "Pooling" in kinds and "Dropout" in kinds
        assert "12.0 ms" in kinds and "1.50 ms" in kinds           # six convolutions of 2 ms, three poolings
        assert "The whole pass: 13.6 ms (6.81 ms an image), the median of 2 rounds" in kinds.replace("\n", " ")
        layers = widget_text(app, "#lt-layers")
        assert "Conv6" in layers and "Softmax" in layers and "2.00 ms" in layers


async def test_the_engine_and_the_batch_by_key_each_time_again(monkeypatch):
    monkeypatch.setattr(layer_times, "CLOCK", Ticking(KINDS))
    app = opened("batch=1", "rounds=1")
    async with app.run_test(size=SIZE) as pilot:
        timing = app.screen.query_one(LayerTimesPane)
        await settled(pilot, timing)
        first = timing.jobs["measure"].run_id
        await pilot.press("e")
        await settled(pilot, timing)
        assert timing.settings.engine == "book" and timing.jobs["measure"].run_id != first
        assert "the book's layers" in widget_text(app, "#lt-head")
        assert "fast engine applies the ReLU" not in widget_text(app, "#lt-kinds")
        await pilot.press("plus")
        await settled(pilot, timing)
        assert timing.settings.batch == 10 and timing.times.batch == 10


async def test_x_stops_a_timing_and_g_times_again():
    app = opened("batch=50", "rounds=50", "engine=book")
    async with app.run_test(size=SIZE) as pilot:
        timing = app.screen.query_one(LayerTimesPane)
        deadline = time.monotonic() + 30
        while timing.progress is None and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert "Timing every layer" in widget_text(app, "#lt-kinds")
        await pilot.press("x")
        await settled(pilot, timing)
        assert timing.ended.reason == "cancelled" and timing.times is None
        assert "g times it again" in widget_text(app, "#lt-status").replace("\u00a0", " ")   # kept whole
        timing.apply(rounds=1, batch=1)                         # g on a short one
        await settled(pilot, timing)
        await pilot.press("g")
        await settled(pilot, timing)
        assert timing.ended.reason == "finished" and timing.times is not None


def test_times_and_batches_as_the_pane_writes_them():
    assert [milliseconds(s) for s in (0.0784, 0.00107, 0.000012)] == ["78.4 ms", "1.07 ms", "0.012 ms"]
    assert step_in((1, 10, 50, 100, 200, 256), 100, 1) == 200 and step_in((1, 10, 50), 1, -1) == 1


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_in_the_lesson(snap_compare, monkeypatch):
    monkeypatch.setattr(layer_times, "CLOCK", Ticking(KINDS))
    assert snap_compare(still(make_app(lesson_id="deep-learning-today", step=STEP)), terminal_size=SIZE,
                        run_before=lambda pilot: settled(pilot, pilot.app.screen.query_one(LayerTimesPane)))


def test_snapshot_on_its_own_in_korean_at_120x40(snap_compare, monkeypatch):
    monkeypatch.setattr(layer_times, "CLOCK", Ticking(KINDS))
    app = make_app(pane=("layer-times", entry("layer-times").parse(["batch=10"])), lang="ko")
    assert snap_compare(still(app), terminal_size=(120, 40),
                        run_before=lambda pilot: settled(pilot, pilot.app.screen.query_one(LayerTimesPane)))


async def test_plus_is_dim_at_the_largest_batch_and_minus_at_the_smallest():
    """+ at 256 images and - at 1 changed nothing, yet + stayed lit in the footer."""
    from workbench.app.key_bar import KeyBar

    app = opened("batch=1", "rounds=1")
    async with app.run_test(size=SIZE) as pilot:
        timing = app.screen.query_one(LayerTimesPane)
        await settled(pilot, timing)
        assert timing.check_action("batch", (-1,)) is None and timing.check_action("batch", (1,)) is True
        timing.apply(batch=256)
        await pilot.pause()
        assert timing.check_action("batch", (1,)) is None
        assert not {b.id: on for b, on, _ in app.screen.query_one(KeyBar).items()}["layer-times.bigger"]
        timing.action_cancel()


async def test_a_batch_of_one_is_one_image():
    """The heading read "1 images" for a batch of 1."""
    app = opened("batch=1", "rounds=1")
    async with app.run_test(size=SIZE) as pilot:
        timing = app.screen.query_one(LayerTimesPane)
        await settled(pilot, timing)
        assert "forward pass, 1 image," in widget_text(app, "#lt-head")
