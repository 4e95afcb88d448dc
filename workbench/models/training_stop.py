"""A training run that went wrong, said in the reader's language: what happened and what to try.

The library's `Trainer` (which never reads the catalog) ends such a run with a `StopEvent` holding a
stable `code`, the cause, and the `figures` it rests on (iteration, epoch, learning rate, λ,
accuracies, the value that broke, the parameter …); it also keeps its not-learning diagnosis as a
`Diagnosis` with the same two. Here they become sentences from the catalog (`train.diag.*`), the
numbers written as the interface writes them (1e9, 10.5 %, 2.3 → 14.6). A stop without a code (one
the trainer did not diagnose, or from an older child process) falls back to the trainer's English.
"""
from __future__ import annotations

import math
from typing import Any

from workbench.i18n import t
from workbench.i18n.numbers import MINUS, exponent_form, num, percent

NON_FINITE, NOT_LEARNING = "non-finite", "not-learning"
START_CAUSES = ("input-scale", "initial-weights", "first-step")
"""Causes found in the first step, before any update (with `decay-penalty` for a non-finite loss)."""
KNOWN = ("bad-data", "input-scale", "initial-weights", "decay-penalty", "first-step", "decay-too-strong",
         "learning-rate", "steps-too-large")
"""The trainer's causes (`workbench.nn.trainer.CAUSES`) this module words."""


def what_happened(stop: Any) -> str:
    """What happened, in the reader's language: `stop` is a StopEvent or a Diagnosis (`reason`,
    `code`, `figures`; `what_happened` or `message`, the trainer's English, when its code is unknown)."""
    if not _worded(stop):
        return getattr(stop, "what_happened", "") or getattr(stop, "message", "")
    f = _shown(stop.figures)
    if stop.reason == NON_FINITE:
        parts = [t(f"train.diag.head.{stop.figures.get('what', 'loss')}", **f)]
        if stop.figures.get("first_step") or stop.code == "decay-penalty":
            parts.append(t("train.diag.first_step"))
    else:
        parts = [t("train.diag.head.not_learning", **f), _loss_sentence(stop.code, stop.figures, f)]
    parts.append(_cause(stop.code, stop.reason, stop.figures, f))
    return " ".join(part for part in parts if part)


def what_to_try(stop: Any) -> str:
    """What to try, in the reader's language (the trainer's English when the code is unknown)."""
    if not _worded(stop):
        return getattr(stop, "what_to_try", "")
    code, figures, f = stop.code, stop.figures, _shown(stop.figures)
    if code == "learning-rate" and stop.reason == NOT_LEARNING:
        return t("train.diag.try.learning-rate.default" if figures.get("book_default")
                 else "train.diag.try.learning-rate.lower", **f)
    return t(f"train.diag.try.{code}", **f)


def the_cause(stop: Any) -> str:
    """The cause alone, in the reader's language ("The learning rate 100 is far too large for SGD."): a
    stop's explanation folded to the line that says why (what happened when the cause is not worded)."""
    if not _worded(stop):
        return what_happened(stop)
    return _cause(stop.code, stop.reason, stop.figures, _shown(stop.figures))


def in_a_line(stop: Any) -> str:
    """Both halves in one paragraph: a table's note under a run that went wrong."""
    return " ".join(part for part in (what_happened(stop), what_to_try(stop)) if part)


def as_data(cause: Any) -> dict | None:
    """A cause as JSON holds it, for `--json`: its reason, code and figures (a figure that is not a
    finite number written "inf", "-inf" or "nan", which JSON has no number for); None for no cause
    (a run that went well, or a stop the trainer did not diagnose)."""
    if cause is None or not getattr(cause, "code", ""):
        return None
    return {"reason": cause.reason, "code": cause.code,
            "figures": {key: _json_number(value) for key, value in cause.figures.items()}}


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


def _worded(stop: Any) -> bool:
    return (getattr(stop, "code", "") in KNOWN and getattr(stop, "reason", "") in (NON_FINITE, NOT_LEARNING)
            and isinstance(getattr(stop, "figures", None), dict))


def _loss_sentence(code: str, figures: dict, f: dict) -> str:
    """How the data loss went in a run that does not learn: near its cap from the start when the cause is
    the start's, else it rose, or (weight decay wiping out each step) it stayed flat; and that weight
    decay's penalty is left out of it, when the penalty is large enough to change the figures quoted."""
    if code in START_CAUSES:
        key = "train.diag.loss.stayed"
    elif figures.get("capped"):
        key = "train.diag.loss.rose_capped"
    else:
        key = "train.diag.loss.rose" if figures.get("rose", True) else "train.diag.loss.flat"
    sentence = t(key, **f)
    mean, penalty = figures.get("mean", 0.0), figures.get("penalty", 0.0)
    if figures.get("lam") and three_figures(mean + penalty) != three_figures(mean):   # the curve shows more
        sentence += " " + t("train.diag.loss.penalty_left_out", **f)
    return sentence


def _cause(code: str, reason: str, figures: dict, f: dict) -> str:
    """The cause's sentence; the learning rate's and the input's depend on what the figures show."""
    if code == "learning-rate":
        if reason == NOT_LEARNING:
            return t("train.diag.cause.learning-rate.far", **f)
        return t("train.diag.cause.learning-rate.rose" if figures.get("rose")
                 else "train.diag.cause.learning-rate.probably", **f)
    if code == "input-scale" and not figures.get("first_step", True):
        return t("train.diag.cause.input-scale.steps", **f)
    if code == "first-step" and "layer" not in figures:         # a network without weights named W1, W2, …
        return t("train.diag.cause.first-step.no_weights", **f)
    if code == "decay-too-strong" and figures.get("factor", -1) < -1:
        return t("train.diag.cause.decay-too-strong.grows", **f)
    if code == "decay-too-strong" and figures.get("factor", -1) == 0:
        return t("train.diag.cause.decay-too-strong.zero", **f)
    return t(f"train.diag.cause.{code}", **f)


def _shown(figures: dict) -> dict[str, str]:
    """Each figure as the sentences quote it."""
    shown: dict[str, str] = {}
    for key, value in figures.items():
        if key in ("acc", "train_acc", "chance"):
            shown[key] = percent(value)
        elif key in ("lr", "lower", "lam", "limit"):
            shown[key] = num(value)
        elif key == "cap":
            shown[key] = num(value, 1)
        elif key == "value":
            shown[key] = _not_a_number(value)
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            shown[key] = str(value)
        elif isinstance(value, int):
            shown[key] = f"{value:,}"
        else:
            shown[key] = three_figures(value)
    if "train_acc" in shown:
        shown["acc"] = shown["train_acc"]
    return shown


def three_figures(value: float) -> str:
    """A loss, a weight or a factor to three significant figures: 2.3, 14.6, −19, 12,400 (grouped below a
    million, as a count is read), 5.91e20."""
    value = float(value)
    if not math.isfinite(value):
        return num(value)
    if 1e3 <= abs(value) < 1e6:
        return f"{float(f'{value:.3g}'):,.0f}".replace("-", MINUS)
    return exponent_form(f"{value:.3g}")


def _not_a_number(value: float) -> str:
    """The loss that broke, in words: infinite, minus infinity or NaN."""
    value = float(value)
    if math.isnan(value):
        return t("train.diag.value.nan")
    if math.isinf(value):
        return t("train.diag.value.inf" if value > 0 else "train.diag.value.minus_inf")
    return three_figures(value)
