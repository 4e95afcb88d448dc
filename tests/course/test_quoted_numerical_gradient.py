"""Every number lessons 4.2 (numerical differentiation) and 4.4's numerical-versus-backprop step quote is
what the step's pane computes, in English and Korean."""
import pytest

from quoted import assert_quoted, computed

LESSON = "numerical-gradient"


def test_the_slope_at_5():
    result = computed(LESSON, "slope")
    assert_quoted(LESSON, "slope", "0.1999999999990898", result.estimates["central"].value)
    assert_quoted(LESSON, "slope", "0.2", result.exact)


def test_forward_against_central_at_10():
    result = computed(LESSON, "forward")
    assert_quoted(LESSON, "forward", "0.2999999999986347", result.estimates["central"].value)
    assert_quoted(LESSON, "forward", "1.4e-12", result.estimates["central"].error)
    assert_quoted(LESSON, "forward", "0.3", result.exact)
    assert_quoted(LESSON, "forward", "0.3000009999976072", result.estimates["forward"].value)
    assert_quoted(LESSON, "forward", "1.0e-6", result.estimates["forward"].error)


def test_too_small_a_step_gives_zero():
    result = computed(LESSON, "too-small")
    assert result.x_plus_h_is_x
    assert_quoted(LESSON, "too-small", "0.0", result.estimates["forward"].value)
    assert_quoted(LESSON, "too-small", "0.2", result.estimates["forward"].error)   # the whole slope


@pytest.mark.parametrize("step, dtype, h, error", [("error-curve", "float64", "1e-7", "1.0e-9"),
                                                   ("float32", "float32", "1e-3", "3.3e-5")])
def test_the_best_h_of_the_forward_difference(step, dtype, h, error):
    result = computed(LESSON, step)
    assert result.settings.dtype == dtype and result.settings.difference == "forward"
    assert_quoted(LESSON, step, h, result.best_h)
    assert_quoted(LESSON, step, error, result.best[("forward", dtype)][1])


def test_the_central_differences_v():
    result = computed(LESSON, "central-error")
    assert_quoted(LESSON, "central-error", "1e-6", result.best_h)
    assert_quoted(LESSON, "central-error", "2.5e-11", result.best[("central", "float64")][1])
    assert_quoted(LESSON, "central-error", "1.0e-8", result.estimates["central"].error)
    assert_quoted(LESSON, "central-error", "1e-8", result.best[("forward", "float64")][0])
    assert_quoted(LESSON, "central-error", "4.0e-9", result.best[("forward", "float64")][1])


def test_the_partial_derivatives_at_3_4():
    result = computed(LESSON, "partial")
    assert_quoted(LESSON, "partial", "6.00000000000378", result.numerical[0])
    assert_quoted(LESSON, "partial", "7.999999999999119", result.numerical[1])


def test_the_gradient_at_0_2_and_on_the_long_bowl():
    result = computed(LESSON, "gradient")
    assert (result.settings.x0, result.settings.x1) == (0, 2)
    assert_quoted(LESSON, "gradient", "4", result.exact[1])
    result = computed(LESSON, "not-at-the-minimum")
    assert_quoted(LESSON, "not-at-the-minimum", "−0.7", result.exact[0])
    assert_quoted(LESSON, "not-at-the-minimum", "−0.7", result.numerical[0])


def test_simplenet():
    net = computed(LESSON, "simplenet").net
    assert_quoted(LESSON, "simplenet", "0.928", net.loss)
    for quote, value in zip(("0.219", "0.144", "−0.363", "0.329", "0.215", "−0.544"), net.numerical.ravel()):
        assert_quoted(LESSON, "simplenet", quote, value)
    assert_quoted(LESSON, "simplenet", "1.4e-7", net.largest_difference)


def test_the_training_loops_numerical_versus_backprop_step():
    plan = computed("training-loop", "numerical-vs-backprop")
    assert plan.call == "TwoLayerNet(784, 20, 10)"
    assert_quoted("training-loop", "numerical-vs-backprop", "15,910", plan.parameters)
    assert_quoted("training-loop", "numerical-vs-backprop", "31,820", plan.evaluations)
