"""A pane opened on its own (`workbench open loss`, or from the home screen) is laid out no more than its
pane asks (four times for the loss pane at 80x24 since loss52, six before: its width class, its curve sized): the
pane screen laid itself out again for each Resize of the size it already had (the one its first layout
sends, and the app's first size sent again as it goes idle), eight layouts from the command line and
seven from the home screen, as a lesson did before perf52."""
import pytest
from textual.screen import Screen

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.app.pane_screen import PaneScreen
from screen_text import until
from test_step_layouts import settled

MOST = 3
"""Three since width52: the loss pane is drawn at its width class before its first layout."""


@pytest.fixture
def pane_layouts(monkeypatch) -> list:
    """The size asked for in every layout of a pane screen from now on (not a scroll's reflow)."""
    asked = []
    lay_out = Screen._refresh_layout

    def noted(screen, size=None, scroll=False):
        reflow = scroll and not screen._layout_widgets
        asked.extend([size] if isinstance(screen, PaneScreen) and not reflow else [])
        return lay_out(screen, size, scroll)

    monkeypatch.setattr(Screen, "_refresh_layout", noted)
    return asked


async def until_settled(pilot, layouts) -> None:
    """Until the pane screen is up and a settled frame brings no more layouts."""
    await until(pilot, lambda: isinstance(pilot.app.screen, PaneScreen))
    seen = -1
    while seen != len(layouts):
        seen = len(layouts)
        await settled(pilot, {"layouts": seen, "frames": 0})


async def test_a_pane_opened_from_the_command_line_is_laid_out_no_more_than_its_pane_asks(pane_layouts):
    app = make_app(pane=("loss", None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        assert len(pane_layouts) <= MOST, len(pane_layouts)


async def test_a_pane_opened_from_the_home_screen_is_laid_out_no_more_than_its_pane_asks(pane_layouts):
    app = make_app(lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await app.open_pane("loss")
        await until_settled(pilot, pane_layouts)
        assert len(pane_layouts) <= MOST, len(pane_layouts)


@pytest.mark.parametrize("wide", [(100, 30), (70, 24)])
async def test_a_real_resize_still_lays_the_pane_screen_out_at_its_size(pane_layouts, wide):
    app = make_app(pane=("loss", None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        await pilot.resize_terminal(*wide)
        pane = app.screen.query_one("#pane-area > *")
        await until(pilot, lambda: app.screen.query_one("#lesson-body").size.width == wide[0] and pane.has_focus)
        assert pane.region.width > 0 and pane.region.right <= wide[0]
