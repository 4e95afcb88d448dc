"""Every number lessons 3.2, 3.3 and 4.1 quote is what their pane computes at that step (or, where the
text asks for a key or an edit, what the pane computes after it), in English and Korean."""
import dataclasses

import numpy as np
import pytest

from quoted import assert_quoted, computed, step
from workbench.models.catalog import pane
from workbench.models.loss import with_correct
from workbench.models.softmax import EXP_LIMIT


def after(lesson_id: str, step_id: str, **changes):
    """What the step's pane computes once the learner has changed `changes` (a key or a field)."""
    found = step(lesson_id, step_id)
    return pane(found.pane).compute(dataclasses.replace(found.pane_settings, **changes))


# -- 3.2 A forward pass in matrices ---------------------------------------------------------------

def test_forward_pass_layers():
    a = computed("forward-pass", "layers").arrays
    assert_quoted("forward-pass", "layers", "0.2", a["W1"][1, 0])          # w⁽¹⁾₁₂: row 2, column 1
    assert_quoted("forward-pass", "layers", "1.0", a["X"][0])
    assert_quoted("forward-pass", "layers", "0.5", a["X"][1])


def test_forward_pass_matrix_form():
    a = computed("forward-pass", "matrix-form").arrays
    for quote, value in zip(("0.3", "0.7", "1.1"), a["A1"]):
        assert_quoted("forward-pass", "matrix-form", quote, value)
    assert_quoted("forward-pass", "matrix-form", "0.3", 1 * 0.1 + 0.5 * 0.2 + 0.1)
    changed = after("forward-pass", "matrix-form", x=((2.0, 0.5),)).arrays["A1"]     # "change x to 2 0.5"
    np.testing.assert_allclose(changed - a["A1"], a["W1"][0])                          # "grows by W1's first row"


def test_forward_pass_activation():
    z1 = computed("forward-pass", "activation").arrays["Z1"]
    for quote, value in zip(("0.5744", "0.6682", "0.7503"), z1):
        assert_quoted("forward-pass", "activation", quote, value)


def test_forward_pass_shapes_chain():
    a2 = computed("forward-pass", "shapes-chain").arrays["A2"]
    assert_quoted("forward-pass", "shapes-chain", "0.5162", a2[0])
    assert_quoted("forward-pass", "shapes-chain", "1.214", a2[1])


def test_forward_pass_output():
    y = computed("forward-pass", "output").arrays["Y"]
    assert_quoted("forward-pass", "output", "0.3168", y[0])
    assert_quoted("forward-pass", "output", "0.6963", y[1])
    identity = after("forward-pass", "output", w3=((1.0, 0.0), (0.0, 1.0)), b3=(0.0, 0.0)).arrays
    np.testing.assert_allclose(identity["Y"], identity["Z2"])                           # "now Y is just Z2"


def test_forward_pass_batch():
    result = computed("forward-pass", "batch")
    assert result.arrays["X"].shape == (3, 2) and result.arrays["A1"].shape == (3, 3)
    for quote, value in zip(("0.35", "0.75", "1.15"), result.arrays["A1"][1]):
        assert_quoted("forward-pass", "batch", quote, value)
    assert_quoted("forward-pass", "batch", "0.5", result.arrays["X"][1, 0])


# -- 3.3 The output layer and softmax ---------------------------------------------------------

def test_output_layer_identity_or_softmax():
    r = computed("output-layer", "identity-or-softmax")
    assert_quoted("output-layer", "identity-or-softmax", "1.35", r.exp[0])
    assert_quoted("output-layer", "identity-or-softmax", "54.6", r.exp[2])
    assert_quoted("output-layer", "identity-or-softmax", "74.12", r.exp_sum)
    for quote, value in zip(("0.018", "0.245", "0.737"), r.stable):
        assert_quoted("output-layer", "identity-or-softmax", quote, value)
    edited = after("output-layer", "identity-or-softmax", scores=(4.0, 2.9, 4.0))          # "change 0.3 to 4"
    assert_quoted("output-layer", "identity-or-softmax", "1.000", edited.stable_sum)


def test_output_layer_overflow():
    r = computed("output-layer", "overflow")
    assert r.problem == "overflow" and np.isnan(r.naive).all() and np.isinf(r.exp[0])
    # 1.8e308 itself overflows float64, so quoted.py cannot read it as a number: checked by hand
    assert f"{np.finfo(np.float64).max:.1e}" == "1.8e+308" and f"{np.exp(EXP_LIMIT):.1e}" == "1.8e+308"
    for lang in ("en", "ko"):
        assert "1.8e308" in step("output-layer", "overflow", lang).text
    assert_quoted("output-layer", "overflow", "709.78", EXP_LIMIT)
    for quote, value in zip(("1.000", "4.54e−5", "2.06e−9"), r.stable):
        assert_quoted("output-layer", "overflow", quote, value)
    assert_quoted("output-layer", "overflow", "1.000", r.stable_sum)


def test_output_layer_subtract_max():
    r = computed("output-layer", "subtract-max")
    assert r.problem is None
    for quote, naive, stable in zip(("0.018", "0.245", "0.737"), r.naive, r.stable):
        assert_quoted("output-layer", "subtract-max", quote, naive)
        assert_quoted("output-layer", "subtract-max", quote, stable)
    shifted = after("output-layer", "subtract-max", scores=tuple(v + 100 for v in r.scores))    # `]`
    assert_quoted("output-layer", "subtract-max", "804", shifted.shift)
    assert_quoted("output-layer", "subtract-max", "709.78", EXP_LIMIT)
    assert shifted.problem == "overflow" and np.isnan(shifted.naive).all()
    np.testing.assert_allclose(shifted.stable, r.stable)                                    # "does not move"


def test_output_layer_probabilities():
    r = computed("output-layer", "probabilities")
    assert_quoted("output-layer", "probabilities", "73.7", 100 * r.stable[2])
    assert_quoted("output-layer", "probabilities", "2", r.argmax_scores)
    assert_quoted("output-layer", "probabilities", "2", r.argmax_stable)
    mine = after("output-layer", "probabilities", scores=(2.0, -1.0, 0.5, 2.5))
    assert mine.argmax_scores == mine.argmax_stable == 3 and round(mine.stable_sum, 12) == 1


def test_output_layer_temperature():
    r = computed("output-layer", "temperature")
    assert_quoted("output-layer", "temperature", "2", r.temperature)
    for quote, value in zip(("0.091", "0.333", "0.577"), r.stable):
        assert_quoted("output-layer", "temperature", quote, value)
    assert_quoted("output-layer", "temperature", "2", r.argmax_stable)
    colder = after("output-layer", "temperature", temperature=r.temperature * 0.5 * 0.5)      # `-` twice
    assert_quoted("output-layer", "temperature", "0.5", colder.temperature)
    assert colder.argmax_stable == 2 and colder.stable[2] > r.stable[2]


# -- 4.1 Loss functions -----------------------------------------------------------------------

def test_loss_sum_of_squares():
    r = computed("loss-functions", "sum-of-squares")
    assert r.form == "one-hot"
    assert_quoted("loss-functions", "sum-of-squares", "0.08", r.squares[0, 2])
    assert_quoted("loss-functions", "sum-of-squares", "0.005", r.squares[0, 0])
    assert_quoted("loss-functions", "sum-of-squares", "0.0975", r.sse[0])


def test_loss_second_example():
    r = computed("loss-functions", "second-example")
    assert_quoted("loss-functions", "second-example", "0.405", r.squares[0, 2])
    assert_quoted("loss-functions", "second-example", "0.18", r.squares[0, 7])
    assert_quoted("loss-functions", "second-example", "0.5975", r.sse[0])


def test_loss_cross_entropy():
    r = computed("loss-functions", "cross-entropy")
    assert r.form == "label" and np.count_nonzero(r.logs) == 1
    assert_quoted("loss-functions", "cross-entropy", "0.51", r.cee[0])
    assert_quoted("loss-functions", "cross-entropy", "0.51", r.logs[0, 2])
    assert_quoted("loss-functions", "cross-entropy", "1e-7", 1e-7)
    one_hot = after("loss-functions", "cross-entropy", t=(tuple(float(v) for v in r.t[0]),))   # `o`
    assert one_hot.form == "one-hot" and one_hot.cee_mean == r.cee_mean


def presses(lesson_id: str, step_id: str, direction: int, count: int):
    """The pane after `+` (direction 1) or `-` (−1) pressed `count` times, as the pane's key does it."""
    found = step(lesson_id, step_id)
    settings = found.pane_settings
    entry = pane(found.pane)
    result = entry.compute(settings)
    for _ in range(count):
        label = int(result.labels[0])
        settings = dataclasses.replace(settings, y=with_correct(settings.y, 0, label,
                                                               round(float(result.y[0, label]) + 0.05 * direction, 6)))
        result = entry.compute(settings)
    return result


def test_loss_the_curve():
    r = computed("loss-functions", "the-curve")
    assert_quoted("loss-functions", "the-curve", "0.1", r.correct[0])
    assert_quoted("loss-functions", "the-curve", "2.30", r.cee[0])
    ten_up = presses("loss-functions", "the-curve", 1, 10)
    assert_quoted("loss-functions", "the-curve", "0.6", ten_up.correct[0])
    assert_quoted("loss-functions", "the-curve", "0.51", ten_up.cee[0])
    to_zero = presses("loss-functions", "the-curve", -1, 2)
    assert to_zero.correct[0] == 0
    assert_quoted("loss-functions", "the-curve", "16.12", to_zero.cee[0])


def test_loss_mini_batch():
    r = computed("loss-functions", "mini-batch-loss")
    assert r.batch_size == 2 and r.labels.tolist() == [2, 2]
    assert_quoted("loss-functions", "mini-batch-loss", "0.51", r.cee[0])
    assert_quoted("loss-functions", "mini-batch-loss", "2.30", r.cee[1])
    assert_quoted("loss-functions", "mini-batch-loss", "1.41", r.cee_mean)


@pytest.mark.parametrize("count, quote", [(0, "2.30"), (1, "1.90"), (2, "1.61")])
def test_loss_why_not_accuracy(count, quote):
    assert_quoted("loss-functions", "why-not-accuracy", quote, presses("loss-functions", "why-not-accuracy", 1, count).cee[0])


def test_loss_accuracy_is_a_step_while_the_loss_slides():
    first = computed("loss-functions", "why-not-accuracy")
    assert_quoted("loss-functions", "why-not-accuracy", "7", first.predicted[0])
    losses, verdicts = [], []
    for count in range(12):
        r = presses("loss-functions", "why-not-accuracy", 1, count)
        losses.append(float(r.cee[0]))
        verdicts.append(bool(r.right[0]))
    assert all(b < a for a, b in zip(losses, losses[1:]))                     # E falls at every press
    flip = verdicts.index(True)
    assert 0 < flip and all(verdicts[flip:]) and not any(verdicts[:flip])     # wrong … wrong, right … right
