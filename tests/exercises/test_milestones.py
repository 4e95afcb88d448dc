"""Milestones unlock in order, each once the parts it runs pass; a wrong layer misses the apple graph."""
import os
import shutil
import time
from pathlib import Path

import pytest

from workbench.exercises.report import milestone_text
from workbench.exercises.sandbox import run_milestone
from workbench.exercises.unlock import next_milestone

SOLUTION = Path(__file__).parent / "solution"


def results(**statuses):
    return [{"name": name, "rows": {"present": "pass" if ok else "fail"}} for name, ok in statuses.items()]


def test_the_next_milestone_is_the_first_not_reached_and_only_when_its_parts_pass():
    chapter5 = dict(MulLayer=True, AddLayer=True, Affine=True, Relu=True, SoftmaxWithLoss=True)
    assert next_milestone(results(**chapter5), set()) == "apple"
    assert next_milestone(results(**chapter5), {"apple"}) == "gradcheck"
    assert next_milestone(results(**chapter5), {"apple", "gradcheck"}) is None          # no SGD graded
    assert next_milestone(results(**dict(chapter5, MulLayer=False)), set()) is None      # in order: apple first


def test_the_apple_graph_with_the_learners_layers(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    outcome = run_milestone(folder, "apple")
    assert outcome["passed"] and "715" in milestone_text(outcome) and "650" in milestone_text(outcome)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y"))
    outcome = run_milestone(folder, "gradcheck")
    assert outcome["passed"]                                  # MulLayer is not in TwoLayerNet
    outcome = run_milestone(folder, "apple")
    assert not outcome["passed"] and "Milestone not yet: apple graph" in milestone_text(outcome)
    assert "d(price)/d(apple) = 65000; the book's is 2.2" in milestone_text(outcome)


def learners_parts(tmp_path) -> Path:
    """A copy of the reference solution, as a learner's folder of parts."""
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("name", ["train", "convnet"])
def test_the_training_milestones_with_the_learners_parts(tmp_path, name):
    """3: their TwoLayerNet and SGD; 4: the book's SimpleConvNet from their im2col, Convolution and Pooling.
    Right parts reach the library's accuracy. Each milestone a test of its own, so that the workers share
    their training (the three runs in one test took 25 s on a busy machine)."""
    outcome = run_milestone(learners_parts(tmp_path), name)
    assert outcome["passed"], milestone_text(outcome)
    assert outcome["message"]["values"]["got"] == outcome["message"]["values"]["expected"]


@pytest.mark.slow
def test_a_convolution_whose_filters_climb_the_loss_misses_milestone_4(tmp_path):
    """A Convolution whose filters climb the loss (dW with its sign flipped) does not reach the library's
    accuracy. (A Convolution with no dW at all still passes: the Affine layers learn on random filters.)"""
    convolution = learners_parts(tmp_path) / "convolution.py"
    source = convolution.read_text()
    assert "self.dW = np.dot(self.col.T, dout)" in source
    convolution.write_text(source.replace("self.dW = np.dot(self.col.T, dout)", "self.dW = -np.dot(self.col.T, dout)"))
    outcome = run_milestone(convolution.parent, "convnet")
    assert not outcome["passed"] and "more than 1 point apart" in milestone_text(outcome), milestone_text(outcome)


def milestone_children() -> list[int]:
    """This process's living milestone children (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == os.getpid() and fields[0] != "Z" and b"--milestone" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_milestone_whose_pane_has_closed_is_cancelled_and_its_process_ended(tmp_path):
    from workbench.jobs import Cancelled

    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    start, seen = time.monotonic(), []

    def cancelled():
        seen.extend(milestone_children())
        return time.monotonic() - start > 1.0

    with pytest.raises(Cancelled):
        run_milestone(folder, "convnet", cancelled=cancelled)            # ~13 s if it ran to its end
    assert time.monotonic() - start < 5
    assert seen and not milestone_children()                            # it ran, and it is gone


def test_the_gradient_check_milestone_writes_its_error_as_the_pane_does(tmp_path):
    """It wrote "relative error 1.8e+00" where the gradient check's pane writes 1.8 (and 3.2e−9, not 3.2e-09)."""
    import re

    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    passed = milestone_text(run_milestone(folder, "gradcheck"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("dout[self.mask] = 0", "dout[~self.mask] = 0"))
    failed = milestone_text(run_milestone(folder, "gradcheck"))
    for text in (passed, failed):
        error = re.search(r"relative error (\S+?)[ ,]", text).group(1)
        assert re.fullmatch(r"\d\.\d(e−?[1-9]\d*)?|0", error), text


@pytest.mark.parametrize("file, text", [("optimizers.py", "import tensorflow as tf\n"),
                                         ("convolution.py", "def im2col(input_data, filter_h\n")])
def test_the_apple_graph_needs_only_layers_py_and_a_broken_other_file_does_not_stop_it(tmp_path, file, text):
    folder = learners_parts(tmp_path)
    (folder / file).write_text(text)
    outcome = run_milestone(folder, "apple")
    assert outcome["passed"], milestone_text(outcome)
