"""The training pane writes its counts of images and iterations grouped by thousands, as the console
and the rest of the app do ("1000 training images" and "훈련 이미지 1000장" read raw beside "1,000/s")."""
from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.models.catalog import pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
THOUSAND = ("dataset=synthetic-digits", "net=two-layer", "train_size=1000", "test_size=1000", "batch_size=1",
            "epochs=100")
"""A thousand of each, and a run too long to end before the test pauses it."""


def opened(lang: str = "en"):
    return make_app(pane=("train", pane("train").parse(list(THOUSAND))), lang=lang)


async def test_the_plan_and_the_progress_group_their_counts():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await until(pilot, lambda: "iterations an epoch" in text(app, "#train-plan"))
        assert "1,000 training images, 1,000 test images; 1,000 iterations an epoch, 100,000 in all" in text(app, "#train-plan")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training" and p.progress.get("done", 0) > 0)
        await pilot.press("space")
        await until(pilot, lambda: p.state == "paused")
        progress = text(app, "#train-progress")
        assert ": 1,000 training / 1,000 test images" in progress and "/100,000" in progress


async def test_in_korean_too():
    app = opened("ko")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "반복" in text(app, "#train-plan"))
        assert "훈련 이미지 1,000장, 시험 이미지 1,000장" in text(app, "#train-plan")
