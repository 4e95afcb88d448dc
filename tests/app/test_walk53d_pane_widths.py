"""The layer-times and float16 panes draw their first frame at the width the screen told them
(`Pane.width_of`, width52), not at a guessed 38 cells: opened at 80x24, each was laid out three times
(a narrow drawing, then again at its width), two since walk53d. Their measuring job is held back here,
so that only the drawing is counted."""
import pytest

from workbench.app.app import make_app
from workbench.app.panes.measuring import MeasuringPane
from test_fields52_pane_layouts import pane_layouts, until_settled  # noqa: F401 - the fixture


@pytest.fixture
def no_measuring(monkeypatch):
    monkeypatch.setattr(MeasuringPane, "ensure_run", lambda self: None)


@pytest.mark.parametrize("pane", ["layer-times", "float16"])
async def test_a_measuring_pane_opened_on_its_own_is_drawn_at_its_width_first(pane_layouts, no_measuring,  # noqa: F811
                                                                              pane):
    app = make_app(pane=(pane, None), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until_settled(pilot, pane_layouts)
        assert len(pane_layouts) <= 2, len(pane_layouts)
