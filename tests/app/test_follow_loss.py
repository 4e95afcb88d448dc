"""A follower's classroom line and the pane under it write the presenter's loss alike
(`numbers.significant`): on 4.4's playground the line said "loss 0.024" and the pane "0.0242"."""
from dataclasses import replace

import pytest

from workbench.app.app import make_app
from workbench.app.presenter import ClassroomLine
from workbench.classroom.position import Position, settings_text
from workbench.classroom.run import RunSummary
from workbench.models.catalog import pane
from follow_fixtures import NOWHERE, arrived, as_if_live
from screen_text import until


def presenters_run(network: str, dataset: str, loss: float, **more) -> RunSummary:
    return RunSummary.rounded(network, dataset, "paused", epoch=3, epochs=300, loss=loss, train_acc=0.9,
                              test_acc=0.9, losses=[0.5, 0.1, loss], accuracies=[(n, 0.9, 0.9) for n in (1, 2, 3)],
                              **more)


@pytest.mark.parametrize("name, network, dataset", [("playground", "PlaneNet", "circles"),
                                                    ("train", "TwoLayerNet", "synthetic-digits")])
@pytest.mark.parametrize("loss", [0.024213, 0.024249996])      # the second read 0.0243 when sent as 0.02425
async def test_the_classroom_line_writes_the_loss_as_the_pane_does(name, network, dataset, loss):
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(100, 30)) as pilot:
        as_if_live(app)
        where = Position(None, 0, name, settings_text(pane(name).parse([f"dataset={dataset}"])))
        app._presenter_moved(where)
        await arrived(pilot, app)
        shown = app.screen.query_one("#pane-area > *")
        weights = ([list(array.ravel()) for array in shown.training.network.params.values()]
                   if name == "playground" else None)
        run = presenters_run(network, dataset, loss, weights=weights)
        app._presenter_moved(replace(where, run=run))
        await until(pilot, lambda: app.following.run_shown == run and shown.presenters_run is not None)
        await pilot.pause()
        line = app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        in_pane = str(shown.query_one("#pg-numbers").render() if name == "playground" else shown.epoch_text())
        in_pane = in_pane.replace("\xa0", " ")           # the training pane's curves view (2) says it
        assert "loss 0.0242" in line, line
        assert "loss 0.0242" in in_pane, in_pane


@pytest.mark.parametrize("loss", [0.024249996, 0.12345, 2.3025849])
def test_the_loss_reaches_a_follower_as_the_presenters_pane_rounds_it(loss):
    """Sent to 4 significant digits, 0.024249996 went as 0.02425, which rounds to 0.0243 where the
    presenter's pane said 0.0242 (two roundings); the loss goes as it is, and is rounded once."""
    from workbench.classroom.run import RunSummary
    from workbench.i18n.numbers import significant

    sent = RunSummary.rounded("TwoLayerNet", "synthetic-digits", "running", loss=loss)
    received = RunSummary.from_json(sent.to_json())
    assert significant(received.loss) == significant(loss)
