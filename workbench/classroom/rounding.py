"""The presenter's float16 measurement (8.2's "Fewer bits") in figures, so followers see its table.

Running the chapter-3 network in three forms over its test images takes a second or more of a core, so
a follower's measurement waits while it follows (forty at once would slow the class, and every
follower's table stayed empty); the presenter's comes with its position instead
(`workbench.classroom.figures`): each form's right answers, changed answers and largest change of a
probability (and where), and what rounding did to the parameters and the pixels. Reading it checks every
field; the follower's pane shows it only where the presenter's settings are its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.classroom.figures import BadFigures, count, number

FORMS = ("float32", "values", "arrays")
"""The forms measured, in order (`workbench.models.float16.FORMS`; this package imports no models)."""
MAX_IMAGES = 10 ** 6


@dataclass(frozen=True)
class FormFigures:
    """One form's figures, as `workbench.models.float16.FormResult` has them."""

    form: str
    correct: int
    changed: int
    largest: float
    where: tuple[int, int] | None
    before: float
    after: float


@dataclass(frozen=True)
class RoundingSummary:
    """The presenter's measurement: images measured, each form's figures, and the parameters' rounding
    (the eight fields of `workbench.models.float16.WeightRounding`, in order)."""

    KIND = "float16"
    images: int
    forms: tuple[FormFigures, ...]
    weights: tuple

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.KIND, "images": self.images,
                "forms": [[f.form, f.correct, f.changed, f.largest, list(f.where) if f.where else None, f.before,
                           f.after] for f in self.forms],
                "weights": list(self.weights)}

    @classmethod
    def from_json(cls, data: Any) -> "RoundingSummary":
        """The summary `data` describes; BadFigures for anything else."""
        if not isinstance(data, dict):
            raise BadFigures("not an object")
        images = count(data.get("images"), "images", MAX_IMAGES)
        forms, weights = data.get("forms"), data.get("weights")
        if not isinstance(forms, list) or [f[0] if isinstance(f, list) and f else None for f in forms] != list(FORMS):
            raise BadFigures("bad forms")
        if not (isinstance(weights, list) and len(weights) == 8):
            raise BadFigures("bad weights")
        return cls(images, tuple(_form(raw, images) for raw in forms), _weights(weights))


def _form(raw: list, images: int) -> FormFigures:
    if len(raw) != 7:
        raise BadFigures(f"bad form {raw!r}")
    form, correct, changed, largest, where, before, after = raw
    if where is not None and not (isinstance(where, list) and len(where) == 2):
        raise BadFigures("bad place")
    return FormFigures(form, count(correct, "right answers", images), count(changed, "changed answers", images),
                      number(largest, "change", high=1.0),
                      None if where is None else (count(where[0], "image", images), count(where[1], "class", 9)),
                      number(before, "probability", high=1.0), number(after, "probability", high=1.0))


def _weights(raw: list) -> tuple:
    parameters, bytes32, bytes16, relative, tiny, largest_tiny, to_zero, largest_input = raw
    return (count(parameters, "parameters"), count(bytes32, "bytes"), count(bytes16, "bytes"),
            number(relative, "relative error", high=1.0), count(tiny, "tiny parameters"), number(largest_tiny, "error"),
            count(to_zero, "zeros"), number(largest_input, "error"))
