"""A follower's catch-ups run one at a time, and move a pane only once it is mounted (class51): a position
that arrives while the last one's new pane is still being mounted moves that pane once it is, not before.

Catching up as each position arrived (class50) ran a catch-up beside the one still mounting the
training pane the presenter opened: it found the pane in the screen, not mounted, and turned it to the
curves view; the pane's view switcher, mounted after, showed its first view again, and the loss plot
stayed 0×0, never drawn (tests/test_classroom_channel.py's follower training test, 2 runs of 4 under
load). Here the second catch-up runs in exactly that gap, every time.
"""
import asyncio

from textual.widgets import ContentSwitcher

from workbench.app.app import make_app
from workbench.app.pane_screen import PaneScreen
from workbench.classroom.position import Position, settings_text
from workbench.models.catalog import pane
from follow_fixtures import NOWHERE, arrived, as_if_live
from screen_text import until

TINY_SETTINGS = pane("train").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100", "net=two-layer"])
TINY = settings_text(TINY_SETTINGS)
LOOP_TURNS = 10_000
"""At most this many turns of the event loop to reach the gap (a few hundred do on a quiet machine)."""


async def until_a_new_panes_switcher_is_in_the_screen_but_not_mounted(app) -> None:
    for _ in range(LOOP_TURNS):
        await asyncio.sleep(0)          # one turn of the event loop: the mounting goes one step on
        screen = app.screen
        switcher = screen.query_one_optional("#train-views") if isinstance(screen, PaneScreen) else None
        if switcher is not None and not switcher.is_mounted and switcher.query_one_optional("#view-curves"):
            return
    raise AssertionError("the training pane was mounted before a turn of the loop found it mounting")


async def shows_the_curves(pilot, shown) -> None:
    """The pane shows the curves view, laid out: its switcher on it, the loss plot given a size."""
    await pilot.pause()
    assert shown.view == "curves"
    assert shown.query_one("#train-views", ContentSwitcher).current == "view-curves"
    assert shown.query_one("#view-curves").display and not shown.query_one("#view-setup").display
    await until(pilot, lambda: shown.query_one("#train-loss").size.area > 0)


async def test_a_position_arriving_while_the_last_ones_pane_mounts_moves_it_once_mounted():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        await pilot.pause()
        app.following.wanted = Position(None, 0, "train", TINY)                       # the presenter's pane
        opening = asyncio.create_task(app._catch_up())                                 # as a tick or a timer runs it
        await until_a_new_panes_switcher_is_in_the_screen_but_not_mounted(app)
        app.following.wanted = Position(None, 0, "train", TINY, cursor="curves")       # the presenter pressed g
        await app._catch_up()                       # as it arrives: after the opening, which it waited for
        assert opening.done() and app.following.done == app.following.wanted           # there, by itself
        await shows_the_curves(pilot, app.screen.query_one("#pane-area > *"))


async def test_a_pane_screen_pushed_but_not_yet_mounted_is_moved_once_mounted():
    """A catch-up that finds a pane in its screen but not yet mounted leaves it to its PaneShown."""
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        await pilot.pause()
        app.following.wanted = Position(None, 0, "train", TINY, cursor="curves")
        app.push_screen(PaneScreen(app.panes["train"], TINY_SETTINGS))
        await until_a_new_panes_switcher_is_in_the_screen_but_not_mounted(app)
        await app._catch_up()
        await arrived(pilot, app)
        await shows_the_curves(pilot, app.screen.query_one("#pane-area > *"))
