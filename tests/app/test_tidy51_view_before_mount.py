"""A view asked of the training, comparison or search pane before its view switcher mounted is the one
shown (tidy51): Textual's ContentSwitcher set its children's display from its `initial` as it mounted,
after the pane had set `current`, so the pane said "curves" and showed its setup (class51 met it in a
follower's catch-up; a lesson step's settings, a kept run taken up or a recompose can set a view as
early). Here the view is set in exactly that gap, every time."""
import asyncio

import pytest

from workbench.app.app import make_app
from workbench.app.pane_screen import PaneScreen
from workbench.models.catalog import pane

LOOP_TURNS = 10_000
"""At most this many turns of the event loop to reach the gap (a few hundred do on a quiet machine)."""
PANES = {        # pane, its switcher, the view asked for (not its first), tiny settings
    "train": ("#train-views", "curves", ["dataset=synthetic-digits", "train_size=200", "test_size=100"]),
    "compare-optimizers": ("#compare-views", "curves", []),
    "search": ("#search-views", "scatter", []),
}


async def its_switcher_in_the_screen_but_not_mounted(app, switcher_id: str):
    for _ in range(LOOP_TURNS):
        await asyncio.sleep(0)          # one turn of the event loop: the mounting goes one step on
        screen = app.screen
        switcher = screen.query_one_optional(switcher_id) if isinstance(screen, PaneScreen) else None
        if switcher is not None and not switcher.is_mounted and switcher.children:
            return switcher
    raise AssertionError("the pane was mounted before a turn of the loop found it mounting")


@pytest.mark.parametrize("name", sorted(PANES))
async def test_a_view_set_before_the_switcher_mounts_is_shown(name):
    switcher_id, view, assignments = PANES[name]
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(PaneScreen(app.panes[name], pane(name).parse(assignments)))
        switcher = await its_switcher_in_the_screen_but_not_mounted(app, switcher_id)
        shown = app.screen.query_one("#pane-area > *")
        shown.view = view                                   # as a catch-up, a step or a kept run would
        await pilot.pause()
        assert switcher.is_mounted and shown.view == view
        assert switcher.current == f"view-{view}"
        assert [child.id for child in switcher.children if child.display] == [f"view-{view}"]


@pytest.mark.parametrize("name", sorted(PANES))
async def test_a_view_set_before_the_pane_is_composed_is_shown(name):
    """A pane given its view before it is even composed (it used to raise NoMatches) shows it."""
    switcher_id, view, assignments = PANES[name]
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PaneScreen(app.panes[name], pane(name).parse(assignments)))
        await pilot.pause()
        area = app.screen.query_one("#pane-area")
        await area.remove_children()
        shown = app.panes[name].load_widget()(pane(name).parse(assignments))
        shown.view = view
        await area.mount(shown)
        await pilot.pause()
        switcher = shown.query_one(switcher_id)
        assert [child.id for child in switcher.children if child.display] == [f"view-{view}"]
