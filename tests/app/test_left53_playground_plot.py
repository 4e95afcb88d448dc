"""The playground's one plot in a narrow pane reaches the loss it reports beside the map (left53)."""
import re

from workbench.app.app import make_app
from workbench.app.panes.playground import PlaygroundPane
from workbench.models.catalog import pane
from screen_text import screen_lines, until


async def test_a_loss_above_1_is_drawn_on_an_axis_that_reaches_it():
    """At 60 wide and lr 10 the figure read "loss 6.68" while the plot's axis stopped at 1, the curve cut
    flat along its top."""
    app = make_app(pane=("playground", pane("playground").parse(["lr=10", "epochs=20"])), lang="en")
    app.animation_level = "none"
    async with app.run_test(size=(60, 24)) as pilot:
        playground = app.screen.query_one(PlaygroundPane)
        await until(pilot, lambda: playground.training is not None and playground._layout is not None, 10)
        assert not playground._layout[2]                     # the narrow pane: one plot under the map
        await pilot.press(".", ".", ".")
        await until(pilot, lambda: playground.training.epoch == 3 and not playground.running(), 20)
        await pilot.pause(0.8)                               # the plot redraws at most 1.5 times a second
        await pilot.pause()
        loss = max(record.loss for record in playground.training.history)
        assert loss > 1.5
        labels = [float(m[1]) for row in screen_lines(app) if (m := re.match(r"\s*([\d.]+)┤", row))]
        assert labels and max(labels) >= round(loss, 1) - 0.1, (labels, loss)
