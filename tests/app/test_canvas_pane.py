"""The digit canvas pane: drawing with the mouse and the keys, clearing, the bars following the
drawing, the network trained on first use (or retrained, saying why), and snapshots (review by eye)."""
import re

import numpy as np
import pytest
from chapter3_fixtures import kept_network, settle, tiny_data  # noqa: F401 - fixtures
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.canvas import CanvasPane
from workbench.app.widgets.digit_canvas import DigitCanvas, stroke
from workbench.app.widgets.network_status import NetworkStatus
from workbench.jobs import JobProgress
from workbench.models import trained
from workbench.models.catalog import pane

SIZE = (80, 24)


def opened(*assignments, **kwargs):
    return make_app(pane=("canvas", pane("canvas").parse(list(assignments))), **kwargs)


def text_of(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render())


def status(app) -> str:
    return str(app.screen.query_one(NetworkStatus).render())


async def test_dragging_the_mouse_draws_a_stroke_and_the_bars_follow(kept_network):
    messages = []
    app = opened()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(app, pilot)
        canvas, p = app.screen.query_one(DigitCanvas), app.screen.query_one(CanvasPane)
        assert p.prediction.blank and "Draw a digit" in text_of(app, "#canvas-verdict")
        assert "%" not in text_of(app, "#canvas-bars")
        await pilot.mouse_down(canvas, offset=(6, 3))          # cell (6, 3): pixel row 7, column 6.5
        await pilot.hover(canvas, offset=(12, 3))
        await pilot.hover(canvas, offset=(12, 9))
        await pilot.mouse_up(canvas, offset=(12, 9))
        await pilot.pause()
        drawing = canvas.drawing
        assert drawing[7, 6:13].min() > 0.9 and drawing[7:19, 12].min() > 0.9   # along both segments
        assert drawing[:4].max() == 0 and drawing[:, 20:].max() == 0            # and nowhere else
        changed = [m for m in messages if isinstance(m, DigitCanvas.Changed)]
        np.testing.assert_array_equal(changed[-1].drawing, drawing)             # the last one is final
        assert app.focused is not canvas                # a click leaves the keys to the lesson
        assert p.prediction is not None and not p.prediction.blank
        bars = text_of(app, "#canvas-bars")
        winner = p.prediction.label
        assert f"{100 * p.prediction.probabilities[winner]:.1f} %" in bars
        assert f"reads {winner}" in text_of(app, "#canvas-verdict")


async def test_the_right_button_erases(kept_network):
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        canvas = app.screen.query_one(DigitCanvas)
        canvas.load(np.ones((28, 28), np.float32))
        await pilot.mouse_down(canvas, offset=(10, 5), button=3)
        await pilot.mouse_up(canvas, offset=(10, 5))
        assert canvas.drawing[11, 10] == 0 and canvas.drawing[0, 0] == 1


async def test_drawing_with_the_keys_and_clearing(kept_network):
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        canvas, p = app.screen.query_one(DigitCanvas), app.screen.query_one(CanvasPane)
        await pilot.press("d")
        assert app.focused is canvas and "space: pen" in text_of(app, "#canvas-hint").replace("\u00a0", " ")
        await pilot.press("space", "right", "right", "right", "space", "right")
        drawing = canvas.drawing
        assert drawing[14, 14:18].min() > 0.9 and drawing[14, 19] < 0.5       # lifted before the last move
        assert canvas.cursor == (14, 18)
        await pilot.press("left", "x", "left", "x")                             # eraser down at 17, moved to 16
        assert canvas.drawing[14, 16:18].max() == 0 and canvas.drawing[14, 14] > 0.9
        assert not p.prediction.blank
        await pilot.press("escape")
        assert app.focused is p and canvas.pen == "up"
        await pilot.press("c")
        assert canvas.is_blank and p.prediction.blank and "Draw a digit" in text_of(app, "#canvas-verdict")


async def test_the_network_sees_the_drawing_centred_unless_told_not_to(kept_network):
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        canvas, p = app.screen.query_one(DigitCanvas), app.screen.query_one(CanvasPane)
        drawing = np.zeros((28, 28), np.float32)
        drawing[1:8, 1:3] = 1.0
        canvas.load(drawing)
        await pilot.pause()
        assert p.prediction.prepared[:8, :8].max() == 0                      # moved to the middle
        await pilot.press("1")
        assert p.settings.centre is False
        np.testing.assert_array_equal(p.prediction.prepared, drawing)
        assert "as drawn" in text_of(app, "#canvas-verdict")


async def test_on_first_use_the_network_is_trained_with_a_progress_bar(tiny_data):
    messages = []
    app = opened()
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await settle(app, pilot)
        progress = [m.event for m in messages if type(m).__name__ == "NetworkUpdate"
                    and isinstance(m.event, JobProgress)]
        assert any(e.info.get("phase") == "train" and "No trained network" in e.info.get("why", "")
                   for e in progress)
        assert "synthetic digits" in status(app)
        assert re.search(r" [\d.]+\u00a0%", status(app)), status(app)      # "93.1 %" never split over two rows
        assert not app._notifications             # the status line says it; no notice over the lesson text
        assert trained.paths()[0].is_file()


async def test_a_damaged_network_file_is_retrained_and_the_pane_says_why(kept_network):
    trained.paths()[0].write_bytes(b"\x00" * 100)
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        notices = [(n.title, n.message) for n in app._notifications]
        assert len(notices) == 1 and notices[0][0] == "The kept network was replaced"
        assert "changed after its record was written" in notices[0][1]
        assert app.screen.query_one(CanvasPane).found is not None


def test_a_stroke_is_a_soft_round_line():
    line = stroke(np.zeros((28, 28), np.float32), (10.5, 5.5), (10.5, 15.5), 1.4)
    assert line[10, 5:16].min() == 1.0                                  # along the line
    assert line[9, 10] == line[11, 10] == pytest.approx(0.9)            # a pixel off it: 1.4 + 0.5 − 1
    assert line[12, 10] == 0 and line[10, 18] == 0                      # two off it, or past its end
    erased = stroke(line, (10.5, 10.5), (10.5, 10.5), 1.0, erase=True)
    assert erased[10, 10] == 0 and erased[10, 5] == 1.0


def test_the_canvas_scale_that_fits():
    assert DigitCanvas.fits(56, 28) == 2 and DigitCanvas.fits(55, 28) == 1
    assert DigitCanvas.fits(28, 14) == 1 and DigitCanvas.fits(27, 14) == 0


def loaded_digit(index: int):
    async def run_before(pilot):
        await settle(pilot.app, pilot)
        pilot.app.screen.query_one(DigitCanvas).load(trained.synthetic_data(300, 100).x_test[index].reshape(28, 28))
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_a_drawn_digit(snap_compare, kept_network, size):
    app = opened()
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=size, run_before=loaded_digit(3))


def test_snapshot_in_the_lesson_in_korean(snap_compare, kept_network):
    app = make_app(lesson_id="mnist-inference", step=5, lang="ko")
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded_digit(3))


async def test_the_korean_status_names_the_data_before_its_count(kept_network):
    """"합성 숫자의 300장으로" read as "300 of the synthetic digits"; the data and its count go together."""
    app = make_app(pane=("canvas", pane("canvas").parse([])), lang="ko")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "합성 숫자 300장으로" in " ".join(status(app).split())
