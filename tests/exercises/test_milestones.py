"""Milestones unlock in order, each once the parts it runs pass; a wrong layer misses the apple graph."""
import shutil
from pathlib import Path

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
