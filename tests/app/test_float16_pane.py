"""The float16 pane at 80×24 in lesson 8.2: once chapter 3's network is there, the three forms are
measured as a job and tabled, x stops and g measures again, the image count is a setting; snapshots
with the tiny kept network (review by eye). Every test waits for the jobs before it asserts."""
import numpy as np
from chapter3_fixtures import kept_network, settle, tiny_data  # noqa: F401 - fixtures
from screen_text import widget_text

from workbench.app.app import make_app
from workbench.app.panes.float16 import Float16Pane, change
from workbench.course.files import load_course
from workbench.models import trained
from workbench.models.catalog import pane as entry
from workbench.models.float16 import measure

SIZE = (80, 24)
STEP = [step.id for step in load_course().lesson("deep-learning-today").steps].index("float16")


async def test_the_three_forms_are_measured_on_the_networks_test_images(kept_network):
    app = make_app(lesson_id="deep-learning-today", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(Float16Pane)
        x, t, _ = trained.evaluation_set(kept_network)
        expected = measure(pane.found.network, x, t)
        report = pane.report
        assert report.images == len(x) == 100
        assert [(f.correct, f.changed, f.largest) for f in report.forms] == \
            [(f.correct, f.changed, f.largest) for f in expected.forms]
        table = widget_text(app, "#f16-table")
        assert "On 100 test images:" in table and "f16 values" in table and "f16 arrays" in table
        details = widget_text(app, "#f16-details").replace("\n", " ")
        assert "Parameters: 45,360, 177 KB in float32, 89 KB in float16" in details
        assert "the book's code rounds the same way and computes in float64" in \
            widget_text(app, "#f16-what").replace("\n", " ")


async def test_fewer_images_x_stops_and_g_measures_again(kept_network):
    app = make_app(pane=("float16", entry("float16").parse(["images=30"])))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        pane = app.screen.query_one(Float16Pane)
        assert pane.report.images == 30 and "On 30 test images:" in widget_text(app, "#f16-table")
        first = pane.jobs["measure"].run_id
        await pilot.press("g")
        await settle(app, pilot)
        assert pane.jobs["measure"].run_id != first and pane.report.images == 30
        pane.apply(images=0)
        await settle(app, pilot)
        assert pane.report.images == 100


async def test_x_stops_a_measurement(kept_network, monkeypatch):
    import threading

    from workbench.models import float16 as model

    gate = threading.Event()
    real = model.softmax

    def slow(x):
        gate.wait(5)
        return real(x)

    monkeypatch.setattr(model, "softmax", slow)
    app = make_app(lesson_id="deep-learning-today", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(Float16Pane)
        for _ in range(200):
            if pane.running:
                break
            await pilot.pause(0.05)
        await pilot.press("x")
        gate.set()
        await settle(app, pilot)
        assert pane.ended.reason == "cancelled" and pane.report is None
        assert "g measures again" in widget_text(app, "#f16-status").replace("\u00a0", " ")   # kept whole


def test_a_change_of_a_probability_as_the_table_writes_it():
    assert [change(v) for v in (0.0, 0.0016, 3.1e-6)] == ["0", "0.0016", "3.1e−6"]
    assert np.isclose(float(change(0.00123456)), 0.0012)


def test_kilobytes_are_written_in_the_unit_the_im2col_and_shapes_panes_use():
    """A size counted in 1,024 bytes is "KB" on every pane of chapters 7 and 8 ("306.2 KB" for a batch of
    MNIST); float16 wrote the SI "kB" (1,000 bytes) for 1,024: "177 kB" where 181,440 bytes are 181 kB."""
    from workbench.app.panes.float16 import kilobytes
    from workbench.models.im2col import human_bytes

    assert kilobytes(45_360 * 4) == "177 KB"
    assert human_bytes(45_360 * 4) == "177.2 KB"


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_in_the_lesson(snap_compare, kept_network):
    app = still(make_app(lesson_id="deep-learning-today", step=STEP))
    assert snap_compare(app, terminal_size=SIZE, run_before=lambda pilot: settle(pilot.app, pilot))


def test_snapshot_in_korean_at_120x40(snap_compare, kept_network):
    app = still(make_app(pane=("float16", None), lang="ko"))
    assert snap_compare(app, terminal_size=(120, 40), run_before=lambda pilot: settle(pilot.app, pilot))
