"""The gradient check's "find the bug": the learner names the layer and the bug, and is scored before
the answer shows. No Textual here: the pane's dialog offers `places` and `bugs` and calls `grade`.

A place is a layer of the network by its code name (Affine2, Relu1, Pool1, last_layer) or, for a bug
in the checker itself, `NUMERICAL` (the numerical side). Bugs are offered only where they could be:
those with a place in this network.
"""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.gradcheck import GradcheckPlan
from workbench.nn.bugs import BUGS, targets

NUMERICAL = "numerical"
"""The place of a bug in the numerical gradient, which is in no layer."""


def places(plan: GradcheckPlan) -> list[str]:
    """Every layer of the network in order, then its loss layer, then the numerical side."""
    layers = getattr(plan.network, "layers", None) or {}
    found = list(layers) if isinstance(layers, dict) else []
    if getattr(plan.network, "last_layer", None) is not None:
        found.append("last_layer")
    return found + [NUMERICAL]


def place_label(plan: GradcheckPlan, place: str) -> str:
    """Affine2; SoftmaxWithLoss (last_layer); the numerical side in the current language."""
    if place == NUMERICAL:
        return t("gradcheck.bug.numerical_side")
    if place == "last_layer":
        return f"{type(plan.network.last_layer).__name__} (last_layer)"
    return place


def bugs(plan: GradcheckPlan) -> list[str]:
    """The bugs that have a place in this network, in the catalog's order."""
    return [name for name, bug in BUGS.items() if bug.layer_kinds is None or targets(plan.network, name)]


def bug_label(name: str) -> str:
    """What the bug does, in the current language."""
    return t(f"gradcheck.bug.{name}")


@dataclass(frozen=True)
class Answer:
    """The learner's guess and how it scored."""

    place: str
    bug: str
    place_right: bool
    bug_right: bool

    @property
    def right(self) -> bool:
        return self.place_right and self.bug_right


def true_place(plan: GradcheckPlan) -> str:
    return plan.layer or NUMERICAL


def grade(plan: GradcheckPlan, place: str, bug: str) -> Answer:
    """Score a guess against the bug the plan injected (the plan must have one)."""
    if plan.settings.bug == "none":
        raise ValueError("there is no bug to find in this plan")
    return Answer(place, bug, place == true_place(plan), bug == plan.settings.bug)


def answer_line(plan: GradcheckPlan, answer: Answer) -> str:
    """✓/✗ for the place and for the bug, naming what was chosen."""
    place = t("gradcheck.quiz.place_right" if answer.place_right else "gradcheck.quiz.place_wrong",
              place=place_label(plan, answer.place), truth=place_label(plan, true_place(plan)))
    bug = t("gradcheck.quiz.bug_right" if answer.bug_right else "gradcheck.quiz.bug_wrong", bug=answer.bug)
    return f"{place} · {bug}"
