"""The exercises pane: the table of the learner's folder, graded again after a file is saved, the failing
part's message and the learner's traceback; refused in a served session."""
import os
import shutil
import time
from pathlib import Path

import pytest

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.exercises import ExercisesPane
from workbench.models.catalog import pane as catalog_pane

SIZE = (80, 24)
SOLUTION = Path(__file__).parents[1] / "exercises" / "solution"


def text_of(pane, part) -> str:
    return str(pane.query_one(f"#exercises-{part}", CellView).render())


async def wait_for(pilot, pane, condition, seconds=20.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        await pilot.pause(0.1)
        if not pane.grading and condition():
            return True
    raise AssertionError(f"not reached: {text_of(pane, 'table')}\n{text_of(pane, 'message')}")


def copy_solution(tmp_path) -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def settings(folder, chapter="5"):
    return catalog_pane("exercises").build({"folder": str(folder), "chapter": chapter})


async def test_a_saved_file_is_graded_again_and_the_failing_part_says_why(tmp_path):
    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        assert "All 6 parts pass" in text_of(pane, "message")
        assert "SGD" not in text_of(pane, "table")                 # chapter 5 only

        layers = folder / "layers.py"
        layers.write_text(layers.read_text().replace("self.mask = (x <= 0)", "self.mask = (x > 0)"))
        stamp = os.stat(layers).st_mtime_ns
        os.utime(layers, ns=(stamp + 10**9, stamp + 10**9))      # a later save, even on a coarse clock
        await wait_for(pilot, pane, lambda: "FAIL" in text_of(pane, "table"))
        message = text_of(pane, "message")
        assert "Relu (layers.py)" in message and "inverted" in message
        relu_line = next(line for line in text_of(pane, "table").splitlines() if line.startswith("Relu"))
        assert relu_line.split()[2:5] == ["pass", "pass", "FAIL"]


async def test_the_learners_traceback_is_trimmed_to_their_file_and_keys_choose_the_part(tmp_path):
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return x + y", "return x + z"))
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        message = text_of(pane, "message")
        assert "AddLayer (layers.py)" in message and "NameError" in message
        assert "layers.py:" in message and "return x + z" in message and "grader" not in message
        await pilot.press("full_stop")
        assert "Relu (layers.py)" in text_of(pane, "message")
        await pilot.press("comma", "comma")
        assert "MulLayer (layers.py)" in text_of(pane, "message")


async def test_a_folder_that_is_not_there_says_how_to_make_it_and_is_graded_once_made(tmp_path):
    app = make_app(pane=("exercises", settings(tmp_path / "nothing")))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await pilot.pause(0.3)
        assert "workbench exercises init" in text_of(pane, "message")
        shutil.copytree(SOLUTION, tmp_path / "nothing", ignore=shutil.ignore_patterns("__pycache__"))
        # made in another terminal while the pane is open: graded within a poll or two
        assert await wait_for(pilot, pane, lambda: "workbench exercises init" not in text_of(pane, "message")
                              and "All 6 parts pass" in text_of(pane, "message"))


@pytest.mark.parametrize("chapter, file", [("all", "layers.py"), ("5", "layers.py"), ("6", "optimizers.py"),
                                           ("7", "convolution.py")])
async def test_a_folder_that_is_not_there_names_the_file_of_the_chapter_shown(tmp_path, chapter, file):
    app = make_app(pane=("exercises", settings(tmp_path / "nothing", chapter)))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause(0.3)
        message = " ".join(text_of(app.screen.query_one(ExercisesPane), "message").split())
        assert f"open {file} in an editor" in message


@pytest.mark.parametrize("chapter, headings", [("5", ["present", "interface", "forward", "backward"]),
                                               ("6", ["present", "interface", "path", "backward"])])
async def test_the_tables_headings_fit_the_parts_shown(tmp_path, chapter, headings):
    """An optimizer's forward row is its path on the valley: chapter 6's table heads it so."""
    app = make_app(pane=("exercises", settings(copy_solution(tmp_path), chapter)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        assert text_of(pane, "table").splitlines()[0].split()[-4:] == headings


async def test_a_served_session_refuses_the_pane(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SERVED", "1")
    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await pilot.pause(0.5)
        assert pane.results is None and not pane.grading
        assert "served session" in str(pane.error)


async def test_milestones_unlock_in_order_and_are_remembered_with_the_progress(tmp_path):
    from workbench.course.progress import ProgressStore

    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.milestones >= {"apple", "gradcheck"} and not pane.milestone_running)
        assert "train" not in pane.milestones                 # it needs SGD, which chapter 5's table does not grade
        assert "✓ apple graph  ✓ gradient check  ○ TwoLayerNet trained" in text_of(pane, "message")
    assert ProgressStore().load()[0].milestones == {"apple", "gradcheck"}


async def test_beside_a_lessons_text_the_one_column_table_is_headed_for_what_it_shows():
    app = make_app(lesson_id="regularization", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: "SGD" in text_of(pane, "table"))
        heading = text_of(pane, "table").splitlines()[0]
        assert heading.split() == ["part", "how", "far", "it", "gets"]
