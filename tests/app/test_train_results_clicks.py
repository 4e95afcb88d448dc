"""The training results answer the mouse: a click on a cell of the confusion matrix lists the mistakes
of that pair (true i taken for j) under it, a second click (or one on the diagonal, or Escape) lists
all of them again; a click on a mistake draws it large with the three classes the trained network finds
likeliest for it, computed then; Escape or a click closes it. [ ] go through the confused pairs. On a
follower, whose presenter keeps the network and the images, the cell says so in place.

Before, the matrix and the images were pictures: a click did nothing."""
import numpy as np
import pytest

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.app.panes.train_views import CELL, IMAGE
from workbench.models.catalog import pane
from workbench.models.evaluation import answer, confusion_matrix, misclassified, worst_pairs
from follow_fixtures import NOWHERE, followed, presenter_publishes, trained
from screen_text import meta_at, until, widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=50", "batch_size=20", "epochs=1")


def opened(lang="en"):
    return make_app(pane=("train", pane("train").parse(list(TINY))), lang=lang)


async def click_at(pilot, key: str, value) -> None:
    """Scroll the results until what names `value` is on screen, and click it."""
    view = pilot.app.screen.query_one("#view-results")
    view.scroll_home(animate=False)
    await pilot.pause()
    for _ in range(20):
        spot = meta_at(pilot.app, key, value)
        if spot is not None:
            await pilot.click(offset=spot)
            await pilot.pause()
            return
        view.scroll_relative(y=5, animate=False)
        await pilot.pause()
    raise AssertionError(f"nothing on screen names {key}={value}")


async def trained_results(pilot) -> TrainPane:
    p = pilot.app.screen.query_one(TrainPane)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done")
    await pilot.press("3")
    await until(pilot, lambda: "t\\p" in text(pilot.app, "#train-confusion"))
    return p


def confused(p: TrainPane) -> tuple[np.ndarray, tuple[int, int, int]]:
    record = p.shown_record()
    cm = confusion_matrix(p.data.t_test, record.predictions, 10)
    return cm, worst_pairs(cm, 1)[0]


async def test_a_click_on_a_cell_lists_its_mistakes_a_second_click_or_the_diagonal_all_and_brackets_step():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = await trained_results(pilot)
        cm, (true, predicted, count) = confused(p)
        assert "test images wrong" in text(app, "#train-misclassified")
        await click_at(pilot, CELL, (true, predicted))
        shown = text(app, "#train-misclassified")
        assert p.pair == (true, predicted)
        assert f"true {true} → predicted {predicted}: {count} image" in shown and "test images wrong" not in shown
        wrong = misclassified(p.data.t_test, p.shown_record().predictions, pair=(true, predicted))
        assert len(wrong) == count and f"#{wrong[0]}" in shown            # its own images, named by index
        await click_at(pilot, CELL, (true, predicted))                    # again: all mistakes
        assert p.pair is None and "test images wrong" in text(app, "#train-misclassified")
        await click_at(pilot, CELL, (true, predicted))
        await click_at(pilot, CELL, (true, true))                         # the diagonal: all mistakes
        assert p.pair is None and "test images wrong" in text(app, "#train-misclassified")
        await click_at(pilot, CELL, (true, predicted))
        await pilot.press("escape")                                       # Escape: all, and the pane stays
        assert p.pair is None and app.screen.query(TrainPane)
        await brackets_go_through_the_confused_pairs_most_confused_first(pilot, p, cm)


async def brackets_go_through_the_confused_pairs_most_confused_first(pilot, p: TrainPane, cm) -> None:
    """[ ] from all the mistakes listed (the same trained pane as the clicks: a run of its own cost a
    second app and training for the same matrix)."""
    pairs = [(i, j) for i, j, _ in worst_pairs(cm, cm.size)]
    await pilot.press("right_square_bracket")
    assert p.pair == pairs[0]
    await pilot.press("right_square_bracket")
    assert p.pair == pairs[1 % len(pairs)] if len(pairs) > 1 else p.pair is None
    await pilot.press("left_square_bracket", "left_square_bracket")
    assert p.pair is None and "test images wrong" in text(pilot.app, "#train-misclassified")


@pytest.mark.parametrize("lang, said", [("en", ("Test image", "after epoch 1 gives it", "Escape or a click")),
                                        ("ko", ("시험 이미지", "1에폭 학습한", "Escape를 누르거나"))])
async def test_a_click_on_a_mistake_draws_it_large_with_the_networks_three_likeliest_classes(lang, said):
    app = opened(lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await trained_results(pilot)
        _, (true, predicted, _) = confused(p)
        await click_at(pilot, CELL, (true, predicted))
        first = int(misclassified(p.data.t_test, p.shown_record().predictions, pair=(true, predicted))[0])
        await click_at(pilot, IMAGE, first)
        assert p.picked == first
        shown = text(app, "#train-misclassified").replace("\xa0", " ")
        for words in said:
            assert words in shown, shown
        top = answer(p.viewer(), p.data.x_test[first], 3)       # computed by the trained network, now
        assert top[0][0] == predicted and sum(q for _, q in top) <= 1.0
        for k, q in top:
            assert f"{k} " in shown and f"{100 * q:.1f} %" in shown
        await pilot.press("escape")                             # closes it, back to the pair's images
        assert p.picked is None and p.pair == (true, predicted)
        await click_at(pilot, IMAGE, first)
        await click_at(pilot, IMAGE, first)                     # a click on it closes it too
        assert p.picked is None and p.pair == (true, predicted)


async def test_on_a_follower_a_cell_picked_says_its_images_are_on_the_presenters_screen():
    """A click detaches a follower (its own run is shown then); a cell picked before it followed stays
    picked, and the presenter's matrix, without the presenter's images or network, says so in its place."""
    tiny = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=2",
            "net=two-layer")
    shared, presenter = await presenter_publishes("train", tiny, "g", trained, "3")
    theirs = np.array(shared.figures.matrix)
    true, predicted, count = worst_pairs(theirs, 1)[0]
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        train = await followed(pilot, shared, TrainPane)
        await until(pilot, lambda: "t\\p" in text(app, "#train-confusion"))
        train.pair = (true, predicted)
        train.show_results()
        await pilot.pause()
        shown = text(app, "#train-misclassified")
        assert f"true {true} → predicted {predicted}: {count} image" in shown
        assert "presenter's screen" in shown and train.presenters_run is not None
        assert meta_at(app, CELL, (true, predicted)) is not None
