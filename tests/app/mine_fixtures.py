"""For Pilot tests of panes with impl = mine: a copy of the reference solution to break, and a wait
for the learner's code to come back from the sandbox (a child process: Python and NumPy start)."""
import time
from pathlib import Path

import pytest

SOLUTION = Path(__file__).parents[1] / "exercises" / "solution"


@pytest.fixture
def folder(solution_copy):
    """The reference solution of the exercises, copied where a test may change it."""
    return solution_copy


def change(path: Path, old: str, new: str) -> None:
    """Edit the learner's file as they would, checking the text to change is there."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


async def ran(pilot, pane, seconds: float = 30.0) -> None:
    """Wait until the pane's run of the learner's code has come back."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await pilot.pause(0.1)
        mine = pane.result.mine if pane.result is not None else None
        if mine is not None and not mine.pending:
            await pilot.pause()
            return
    raise AssertionError("the run of the learner's code did not come back")
