"""The training pane's run, shared with followers, is named by its network's class as the pane names it
("SimpleConvNet"): without a plan (`result`) yet, it went as the setting's value, "simple"."""
import time

import pytest

from workbench.app.app import make_app
from workbench.models.catalog import pane


async def until(pilot, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.02)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("net, named", [("simple", "SimpleConvNet"), ("two-layer", "TwoLayerNet")])
async def test_a_shared_run_is_named_by_its_class_with_or_without_a_plan(lang, net, named):
    settings = pane("train").parse(["dataset=synthetic-digits", f"net={net}", "train_size=40", "test_size=20",
                                    "batch_size=20", "epochs=1"])
    app = make_app(pane=("train", settings), presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        train = app.screen.query_one("#pane-area > *")
        await pilot.press("g")
        await until(pilot, lambda: train.state == "done")
        assert train.shared_run().network == named == train.result.network_name
        train.result = None                              # no plan yet: the run is named as the pane names it
        assert train.shared_run().network == named
