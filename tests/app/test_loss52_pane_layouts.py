"""A pane redraws at its first size in the layout that size came from, not one refresh later (loss52):
`Pane.on_resize` left the redraw to after the next refresh, so every pane opened took a layout more
(the loss pane, drawn first at a guessed width, six from the command line; the graph and im2col panes four).
The loss pane's part that scrolls takes its scrollbar and "more ↓" in the layout that sizes it, too
(test_loss52_scroll_bars): four, at most."""
import pytest

from workbench.app.app import make_app
from test_fields52_pane_layouts import pane_layouts, until_settled  # noqa: F401 - the fixture

MOST = {"loss": 3, "graph": 3, "im2col": 3}   # loss 3 since width52: drawn at its width class first


@pytest.mark.parametrize("name", sorted(MOST))
async def test_a_pane_is_drawn_at_its_first_size_in_the_layout_that_gave_it(pane_layouts, name):  # noqa: F811
    app = make_app(pane=(name, None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        assert len(pane_layouts) <= MOST[name], len(pane_layouts)
