"""The training pane with impl = mine: SimpleConvNet built from the learner's parts (the tests' reference
solution) trains in the sandbox with the same curves and epoch records as the library's run on the same
seed; x kills the child at once and keeps what was done; a broken part is named in place with its
traceback and nothing from the library stands in; their network is saved beside the library's."""
import os
import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.models.catalog import pane
from workbench.models.train import default_save_path
from screen_text import widget_text as text, until

SIZE = (80, 24)
ENTRY = pane("train")
SOLUTION = Path(__file__).parent.parent / "exercises" / "solution"
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=2", "impl=mine")


FEW = ("train_size=40", "test_size=20")
"""Enough images for more than five prints of im2col (two steps, the scoring of each epoch), a fifth of
the time of TINY's."""


def solution(tmp_path, file: str = "", old: str = "", new: str = "") -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if file:
        source = (folder / file).read_text()
        assert old in source
        (folder / file).write_text(source.replace(old, new))
    return folder


def opened(folder, *assignments):
    return make_app(pane=("train", ENTRY.parse([*TINY, f"folder={folder}", *assignments])))


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def test_their_simpleconvnet_trains_with_the_librarys_curves_and_is_saved_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(tmp_path / "state"))
    folder = solution(tmp_path)
    app = opened(folder, "optimizer=sgd", "lr=0.1")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.pause()
        plan = text(app, "#train-plan")
        assert "Your code: im2col, Convolution, col2im, Relu, Pooling, Affine, SoftmaxWithLoss from" in plan
        assert "your SGD" in plan and "time limit" in plan
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert p.failure is None and len(p.losses) == 20 and [r.epoch for r in p.records] == [0, 1, 2]
        assert "epoch 2: loss" in text(app, "#train-epoch-text").replace("\u00a0", " ")     # a figure and its name: no-break
        assert p.progress.get("library_rate", 0) > 0
        mine_losses, mine_acc = list(p.losses), [r.test_acc for r in p.records]
        await pilot.press("4")                                   # their weights, drawn by the library's layers
        assert "your weights, drawn through the library's layers" in text(app, "#train-scrubber-filters")
        await pilot.press("w")
        path = default_save_path(p.run_settings, "synthetic-digits")
        assert path.name == "simple-synthetic-digits-mine.npz" and path.is_file()
        assert "saved apart from the library's" in text(app, "#train-status")
    library = make_app(pane=("train", ENTRY.parse([*TINY[:-1], "optimizer=sgd", "lr=0.1"])))
    async with library.run_test(size=SIZE) as pilot:
        p = library.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert [r.test_acc for r in p.records] == pytest.approx(mine_acc, abs=0.011)
        assert p.losses == pytest.approx(mine_losses, rel=1e-3)


async def test_x_kills_their_process_at_once_and_keeps_what_was_done(tmp_path):
    app = opened(solution(tmp_path), "epochs=1000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: len(p.losses) >= 3)
        assert "x stops" in text(app, "#train-status") and "pause" not in text(app, "#train-status")
        assert not app.screen.active_bindings.get("space") or not p.check_action("pause", ())   # cannot pause
        started = time.monotonic()
        await pilot.press("x")
        await until(pilot, lambda: p.state == "done", seconds=10)
        assert time.monotonic() - started < 5
        assert p.stop is not None and p.stop.reason == "stopped" and p.losses and p.failure is None
        assert not [c for c in _children() if "workbench.exercises.child" in c]
        await pilot.press("l")                                   # a saved network is the library's business
        assert "for impl = library" in text(app, "#train-status")


def _children() -> list[str]:
    mine = os.getpid()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if entry.name.isdigit() and int(stat[1]) == mine:
                found.append((entry / "cmdline").read_text().replace("\0", " "))
        except (OSError, IndexError, ValueError):
            continue
    return found


async def test_a_broken_convolution_is_named_with_its_traceback_and_nothing_stands_in(tmp_path):
    folder = solution(tmp_path, "convolution.py", "col = im2col(x, FH, FW, self.stride, self.pad)",
                      "col = im2col(x, FH, FW, self.stride, self.pad).T")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: p.state in ("done", "idle") and not p.running())
        assert p.failure is not None and p.failure.part == "Convolution"
        assert "Your Convolution failed" in text(app, "#train-status")
        assert "convolution.py:46 in forward" in text(app, "#train-epoch-text")
        assert not p.losses                                      # no library run instead


async def test_what_their_code_printed_is_shown_in_place(tmp_path):
    """Their print() went nowhere in a run of their code; it is shown as the exercises show what a part
    printed while it was graded (the first five lines and how many): above the plan after a run, under
    the traceback after a failure."""
    folder = solution(tmp_path, "convolution.py", "col = im2col(x, FH, FW, self.stride, self.pad)",
                      "col = im2col(x, FH, FW, self.stride, self.pad); print('col', col.shape)")
    app = opened(folder, "epochs=1", *FEW)
    async with app.run_test(size=(120, 40)) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running(), seconds=120)
        count = p.printed["count"]
        await pilot.press("1")
        await until(pilot, lambda: "Your code printed" in text(app, "#train-plan"))
        assert count > 5 and f"Your code printed {count:,} lines in this run; the first 5:" in text(app, "#train-plan")
    (folder / "convolution.py").write_text((folder / "convolution.py").read_text().replace(
        "print('col', col.shape)", "print('col', col.shape); undefined_name"))
    app = opened(folder, *FEW)
    async with app.run_test(size=(120, 40)) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: p.state in ("done", "idle") and not p.running(), seconds=60)
        assert p.failure is not None and "Your code printed:\n    col (" in text(app, "#train-epoch-text")
