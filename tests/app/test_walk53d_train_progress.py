"""The training pane's two bars: the epoch's with the speed, the run's with its count and the run's time
left. The time left (the whole run's) stood on the epoch's bar ("epoch 2 ███ 97 % 974/s 0:19"), where a
reader took it for the epoch's (walk53d)."""
from types import SimpleNamespace

import pytest

from workbench.app.panes.train_status import TrainStatus
from workbench.i18n import set_language


@pytest.fixture
def english():
    set_language("en")
    yield
    set_language("en")


def bars(width: int = 37) -> list[str]:
    """The progress lines of a run 118 iterations of 300 in, 19 s left, drawn by the pane's own method."""
    pane = SimpleNamespace(presenters_run=None, download_progress=None, data=None, state="training",
                           view="curves", mine_run=False, width=lambda: width,
                           progress={"iter_per_epoch": 60, "total": 300, "done": 118, "epoch": 2, "in_epoch": 58,
                                     "samples_per_sec": 974.2, "seconds_left": 19.0})
    return TrainStatus.progress_lines(pane)


def test_the_time_left_is_on_the_runs_bar_and_the_speed_on_the_epochs(english):
    epoch, run = bars()
    assert epoch.startswith("epoch 2 ") and epoch.endswith(" 974 images/s") and "0:19" not in epoch
    assert run.startswith("run ") and run.endswith(" 118/300 · 0:19 left")


def test_both_bars_fit_the_pane_beside_a_lessons_text_at_80_columns(english):
    assert all(len(line) <= 37 for line in bars(37))
