"""What lessons 5.5 and 7.5 say of each gradient check is what the check computes at that step, in English
and Korean: which rows fail, the 0.75 of a forgotten batch division, the referee's errors, DeepConvNet's
false alarm and its kinks, the sampled entries of a large parameter."""
import dataclasses

import pytest

from quoted import assert_quoted, step
from workbench.models.gradcheck import compute, run_check
from workbench.nn.gradient import FAIL, PASS, WARN

LANGS = ("en", "ko")


def report(lesson_id: str, step_id: str, **changes):
    """The check the step runs, after the learner's `changes` (a key such as `-` for h ÷ 10)."""
    settings = dataclasses.replace(step(lesson_id, step_id).pane_settings, **changes)
    return run_check(compute(settings))


def failing(checks) -> list[str]:
    return [name for name, check in checks.items() if check.verdict == FAIL]


def assert_says(lesson_id: str, step_id: str, **texts: str) -> None:
    """The step's text says texts[lang] in each language (a count written in words, a list of rows), however
    its lines are broken."""
    for lang, text in texts.items():
        said = " ".join(step(lesson_id, step_id, lang).text.split())
        assert text in said, f"{lesson_id}/{step_id} ({lang}) does not say {text}"


# -- 5.5 Gradient check -------------------------------------------------------------------------------

def test_a_large_parameter_is_sampled():
    checks = report("gradient-check", "reference")
    assert checks.verdict == PASS
    assert_quoted("gradient-check", "reference", "30", checks["W1"].checked)
    assert_quoted("gradient-check", "reference", "240", checks["W1"].size)


def test_each_tenth_of_h_cuts_the_central_error_about_a_hundredfold_and_the_forward_one_tenfold():
    errors = {h: report("gradient-check", "central", h=h) for h in (1e-2, 1e-3)}
    forward = {h: report("gradient-check", "central", h=h, bug="forward-difference") for h in (1e-2, 1e-3)}
    for name in errors[1e-2]:
        assert 50 < errors[1e-2][name].max_relative_error / errors[1e-3][name].max_relative_error < 200
        assert 5 < forward[1e-2][name].max_relative_error / forward[1e-3][name].max_relative_error < 20


def test_too_small_an_h_warns():
    assert report("gradient-check", "too-small").verdict == WARN


def test_the_multilayer_net_passes_around_1e_minus_9():
    checks = report("gradient-check", "relative")
    worst = max(check.max_relative_error for check in checks.values())
    assert 1e-10 < worst < 1e-8, "the text says errors around 1e−9"
    assert_quoted("gradient-check", "relative", "1e−9", 1e-9)


def test_batch_norm_warns_on_one_row_with_the_books_delta():
    checks = report("gradient-check", "batch-norm")
    assert [name for name, check in checks.items() if check.verdict != PASS] == ["beta2"]
    assert report("gradient-check", "batch-norm", book_delta=False).verdict == PASS


def test_bug_one_fails_the_rows_before_the_relu_between_affine2_and_affine3():
    assert failing(report("gradient-check", "bug-one")) == ["W1", "b1", "W2", "b2"]
    assert_says("gradient-check", "bug-one", en="W1, b1, W2 and b2 fail; W3 and b3 pass")


def test_bug_two_fails_every_row_by_exactly_three_quarters():
    checks = report("gradient-check", "bug-two")
    assert failing(checks) == list(checks)
    for check in checks.values():
        assert_quoted("gradient-check", "bug-two", "0.75", check.max_relative_error)


def test_bug_three_fails_w2_alone():
    assert failing(report("gradient-check", "bug-three")) == ["W2"]


def test_the_referee_fails_between_1e_minus_2_and_5e_minus_2_and_only_warns_at_the_books_h():
    checks = report("gradient-check", "checker")
    assert failing(checks) == list(checks)
    errors = [check.max_relative_error for check in checks.values()]
    assert 1e-2 <= min(errors) and max(errors) <= 5e-2
    for quote in ("1e−2", "5e−2"):
        assert_quoted("gradient-check", "checker", quote, float(quote.replace("−", "-")))
    assert report("gradient-check", "checker", h=1e-4).verdict == WARN


# -- 7.5 Checking a CNN's gradients -------------------------------------------------------------------

def test_simple_convnet_passes_with_30_sampled_entries_of_each_parameter():
    checks = report("cnn-gradient-check", "simple")
    assert checks.verdict == PASS
    assert_quoted("cnn-gradient-check", "simple", "2,500", checks["W2"].size)
    assert_says("cnn-gradient-check", "simple", en=f"{checks['W1'].checked}/{checks['W1'].size} for W1",
                ko=f"W1은 {checks['W1'].checked}/{checks['W1'].size}")


@pytest.mark.slow
def test_deepconvnets_false_alarm_fails_nine_of_sixteen_rows():
    checks = report("cnn-gradient-check", "false-alarm")
    assert (len(checks), len(failing(checks))) == (16, 9)
    assert_says("cnn-gradient-check", "false-alarm", en="Nine of its sixteen rows fail", ko="16개 행 중 9개가 실패")
    assert checks["b4"].max_relative_error > 1


@pytest.mark.slow
def test_skipping_the_kinks_passes_and_b4_loses_26_of_its_30_entries():
    checks = report("cnn-gradient-check", "skip")
    assert checks.verdict == PASS
    assert_quoted("cnn-gradient-check", "skip", "26", checks["b4"].kinks)
    assert_quoted("cnn-gradient-check", "skip", "30", checks["b4"].checked)


@pytest.mark.slow
def test_the_pooling_bug_fails_the_first_eight_rows():
    checks = report("cnn-gradient-check", "bug-pool")
    assert failing(checks) == list(checks)[:8] and list(checks)[7] == "b4"


def test_the_convolution_bug_fails_b1_alone():
    assert failing(report("cnn-gradient-check", "bug-conv")) == ["b1"]
