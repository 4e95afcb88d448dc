"""Numbers a lesson quotes, checked against what its pane computes at that step.

A lesson's text may say "softmax gives 0.737" only if the pane, at that step and with that step's
settings, computes 0.737 (to the digits quoted). A test per lesson lists the numbers its steps
quote and the model value each stands for:

    from quoted import assert_quoted   # tests/course is on sys.path in its tests
    assert_quoted("output-layer", "stable", "0.737", result.stable[2])

`assert_quoted` checks that the text of the step contains the quote in every language given, and
that the value, rounded to the digits the quote shows, is the quote.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from workbench.course.files import load_course
from workbench.models.catalog import pane

_MINUS = "\u2212"


@lru_cache(maxsize=None)
def _course(lang: str):
    return load_course(lang=lang)


def step(lesson_id: str, step_id: str, lang: str = "en"):
    """The step `step_id` of lesson `lesson_id`, as the app loads it in `lang`."""
    lesson = _course(lang).lesson(lesson_id)
    for candidate in lesson.steps:
        if candidate.id == step_id:
            return candidate
    raise KeyError(f"{lesson_id} has no step {step_id!r}")


def computed(lesson_id: str, step_id: str) -> Any:
    """What the step's pane computes with the step's settings (the pane's model, no Textual)."""
    found = step(lesson_id, step_id)
    assert found.pane is not None, f"{lesson_id}/{step_id} opens no pane"
    assert found.pane_settings is not None, f"{lesson_id}/{step_id}: {found.problem}"
    return pane(found.pane).compute(found.pane_settings)


def parse_quote(quote: str) -> tuple[float, int | None, int | None]:
    """(value, decimals, significant digits in an exponent form) of a number as a lesson writes it.

    Accepts a true minus sign, thousands commas, `1e-7`, `1e−7`, `2.6 × 10¹³` is not accepted:
    write such numbers as `2.6e13` in a quote.
    """
    text = quote.strip().replace(_MINUS, "-").replace(",", "").replace("\u2009", "")
    match = re.fullmatch(r"([-+]?)(\d*)(?:\.(\d+))?(?:[eE]([-+]?\d+))?", text)
    if not match or not (match.group(2) or match.group(3)):
        raise ValueError(f"not a number as lessons write them: {quote!r}")
    sign, whole, fraction, exponent = match.groups()
    value = float(f"{sign}{whole or '0'}.{fraction or '0'}e{exponent or '0'}")
    if exponent is not None:
        return value, None, len((whole or "").lstrip("0") + (fraction or "")) or 1
    return value, len(fraction or ""), None


def written_as(value: float, quote: str) -> bool:
    """Whether `value`, rounded to the digits `quote` shows, is `quote`."""
    quoted, decimals, significant = parse_quote(quote)
    if not math.isfinite(value):
        return False
    if decimals is not None:
        return math.isclose(round(value, decimals), quoted, rel_tol=0, abs_tol=0.5 * 10 ** -(decimals + 3))
    return f"{value:.{significant - 1}e}" == f"{quoted:.{significant - 1}e}"


def assert_about(lesson_id: str, step_id: str, quote: str, value: float, within: float,
                 langs: tuple[str, ...] = ("en", "ko")) -> None:
    """The step's text quotes `quote` as a rounded figure ("about 96 %"), and `value` is within `within` of it.

    For what a long training run ends at: other CPUs add in other orders, and the last digits of a run
    of many epochs differ from machine to machine, so a lesson rounds them and says so.
    """
    quoted, _, _ = parse_quote(quote)
    assert math.isfinite(value) and abs(value - quoted) <= within, (
        f"{lesson_id}/{step_id} quotes about {quote}, but the pane computes {value!r}")
    for lang in langs:
        text = step(lesson_id, step_id, lang).text
        assert re.search(rf"(?<![\d.]){re.escape(quote)}(?![\d.])", text), (
            f"{lesson_id}/{step_id} ({lang}) does not quote {quote}")


def assert_quoted(lesson_id: str, step_id: str, quote: str, value: float,
                  langs: tuple[str, ...] = ("en", "ko")) -> None:
    """The step's text in each of `langs` quotes `quote`, and `quote` is `value` to its digits."""
    assert written_as(float(value), quote), (
        f"{lesson_id}/{step_id} quotes {quote}, but the pane computes {value!r}")
    for lang in langs:
        text = step(lesson_id, step_id, lang).text
        variants = {quote, quote.replace("-", _MINUS), quote.replace(_MINUS, "-")}
        assert any(variant in text for variant in variants), (
            f"{lesson_id}/{step_id} ({lang}) does not quote {quote}")
