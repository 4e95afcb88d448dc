"""Find the bug: the places and bugs offered, and how a guess is scored, for every bug in its network."""
import pytest

from workbench.i18n import set_language
from workbench.models.gradcheck import GradcheckSettings, compute
from workbench.models.gradcheck_quiz import NUMERICAL, answer_line, bugs, grade, places, true_place
from workbench.models.gradcheck_table import distinct_pair, worst_entry, worst_line
from workbench.models.gradcheck import GradcheckPlan, run_check


@pytest.mark.parametrize("net, bug, where, place", [
    ("multi-layer", "relu-mask-inverted", 2, "Activation_function2"),   # the book's MultiLayerNet names it so
    ("two-layer", "softmax-no-batch-divide", 1, "last_layer"),
    ("multi-layer", "affine-dw-no-transpose", 2, "Affine2"),
    ("two-layer", "forward-difference", 1, NUMERICAL),
    ("simple", "conv-db-wrong-axis", 1, "Conv1"),
])
def test_the_true_place_and_bug_are_among_the_choices_and_score_right(net, bug, where, place):
    plan = compute(GradcheckSettings(net=net, bug=bug, where=where, hide_bug=True))
    assert true_place(plan) == place
    assert place in places(plan) and bug in bugs(plan)
    assert grade(plan, place, bug).right
    wrong_place = next(p for p in places(plan) if p != place)
    answer = grade(plan, wrong_place, bug)
    assert not answer.right and answer.bug_right and not answer.place_right


def test_bugs_offered_are_only_those_with_a_place_in_the_network():
    plan = compute(GradcheckSettings(net="two-layer", bug="relu-mask-inverted"))
    assert "pool-wrong-element" not in bugs(plan) and "conv-db-wrong-axis" not in bugs(plan)
    assert places(plan) == ["Affine1", "Relu1", "Affine2", "last_layer", NUMERICAL]


def test_the_answer_line_names_the_guess_and_the_truth_in_korean():
    plan = compute(GradcheckSettings(net="two-layer", bug="softmax-no-batch-divide"))
    set_language("ko")
    try:
        line = answer_line(plan, grade(plan, "Relu1", "softmax-no-batch-divide"))
    finally:
        set_language("en")
    assert line == "✗ 위치: Relu1이 아니라 SoftmaxWithLoss (last_layer) · ✓ 버그: softmax-no-batch-divide"


def test_the_worst_entry_gives_the_two_values_behind_the_largest_error():
    plan = compute(GradcheckSettings(net="two-layer", bug="softmax-no-batch-divide"))
    report = run_check(plan)
    name, index, a, n, error = worst_entry(report)
    assert name == report.worst and error == pytest.approx(report[name].max_relative_error)
    assert a == pytest.approx(4 * n)                # the batch of 4, not divided by
    assert worst_line(report).startswith(f"worst entry {name}[")


def test_the_worst_entry_of_a_warning_shows_a_and_n_with_digits_that_differ():
    """At h = 1e−10 (lesson 5.5, step 3) the two values agree to three digits: two digits each
    showed the same number twice beside a relative error of 2e−04."""
    plan = compute(GradcheckSettings(net="two-layer", h=1e-10))
    report = run_check(plan)
    _, _, a, n, error = worst_entry(report)
    assert 1e-4 <= error < 1e-2
    a_text, n_text = distinct_pair(a, n)
    assert a_text != n_text and f"a = {a_text}, numerical n = {n_text}" in worst_line(report).replace("\xa0", " ")
    assert float(a_text.replace("−", "-")) == pytest.approx(a, rel=error) and a_text.count("e") == 1


def test_distinct_pair_keeps_two_digits_when_they_differ_and_stops_at_equal_values():
    assert distinct_pair(4.0e-2, 1.0e-2) == ("4.0e−2", "1.0e−2")
    assert distinct_pair(0.012345, 0.012349) == ("1.2345e−2", "1.2349e−2")
    assert distinct_pair(0.5, 0.5) == ("5.000000000e−1", "5.000000000e−1")
