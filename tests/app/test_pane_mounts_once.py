"""A pane's base `on_mount` does its work once: Textual calls the `on_mount` of each class of a pane, and
ten panes (the training pane among them) also call `super().on_mount()` first, so the base computed,
subscribed to the theme and queued its first drawing twice."""
import pytest

from workbench.app.app import make_app
from workbench.app.panes import base
from workbench.app.panes.base import Pane
from workbench.models.catalog import pane
from screen_text import until

SIZE = (80, 24)
OPENED = {
    "train": ["dataset=synthetic-digits", "train_size=100", "test_size=100"],   # TrainPane(RunControls, Pane)
    "softmax": [],
    "activation-plot": [],                                                        # no on_mount of its own
}


@pytest.mark.parametrize("name", sorted(OPENED))
async def test_the_base_of_a_pane_mounts_once(name, monkeypatch):
    computed = []
    recompute = base.Pane._recompute
    monkeypatch.setattr(base.Pane, "_recompute", lambda self, settings: computed.append(self) or recompute(self, settings))
    app = make_app(pane=(name, pane(name).parse(OPENED[name])))
    async with app.run_test(size=SIZE) as pilot:
        shown = app.screen.query_one(Pane)
        await until(pilot, lambda: shown.result is not None)
        await pilot.pause()
        assert computed == [shown]
