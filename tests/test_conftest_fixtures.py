"""What tests/conftest.py gives every test: its own folder (`tmp_path`), new, named after it and made
without listing the base folder, which holds a folder for every test the worker ran before (pytest's own
listing made every test's set-up slower than the one before); and the jobs it left running cancelled
as it ends, so that they do not take the CPU of the tests after it."""
import os

from worker_hygiene import jobs_cancelled_at_the_end, new_test_folder
from workbench.jobs import CANCELLED, FINISHED, JobRunner


def test_a_tests_folder_is_new_named_after_it_and_made_without_listing_the_others(tmp_path_factory, monkeypatch):
    listed = []
    for name in ("scandir", "listdir"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda path=".", real=real: listed.append(path) or real(path))
    folders = [new_test_folder(tmp_path_factory, name) for name in ("test_x[a-1]", "test_x[a-1]", "test_x[a-")]
    folders += [new_test_folder(tmp_path_factory, "test_z1") for _ in range(3)]    # test_z10, 11, 12
    folders += [new_test_folder(tmp_path_factory, "test_z") for _ in range(11)]    # test_z0 … 9, then 13
    monkeypatch.undo()
    assert listed == []
    base = tmp_path_factory.getbasetemp()
    assert len(set(folders)) == len(folders) and all(folder.parent == base and folder.is_dir() for folder in folders)
    assert [folder.name for folder in folders[:3]] == ["test_x_a_1_0", "test_x_a_1_1", "test_x_a_0"]   # as pytest's
    assert folders[-1].name == "test_z13" and not any(os.listdir(folder) for folder in folders), folders


def test_every_test_has_its_folder_named_after_it(tmp_path, tmp_path_factory):
    assert tmp_path.name.startswith("test_every_test_has_its_fold") and tmp_path.is_dir()
    assert tmp_path.parent == tmp_path_factory.getbasetemp()


def spin(ctx):
    while True:
        ctx.checkpoint()


def test_a_job_left_running_is_cancelled_as_its_test_ends_and_one_that_finished_is_left_as_it_was():
    runner = JobRunner(deliver=lambda event: None)
    with jobs_cancelled_at_the_end():
        running, finished = runner.start("spin", spin), runner.start("done", lambda ctx: 42)
        assert finished.wait(10)
        assert not running.done
    assert running.wait(10) and running.reason == CANCELLED
    assert finished.reason == FINISHED and finished.result == 42
