"""Gradient descent as the book's gradient_descent runs it, with the library's numerical_gradient: the
book's three figures, divergence without a crash, and every setting's bad values."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.descent import DescentSettings, compute, gradient_descent, telling_digits
from workbench.models.settings import SettingError
from workbench.nn.gradient import numerical_gradient

ENTRY = pane("descent")


def test_eta_0_1_from_minus_3_4_ends_within_1e_9_of_the_minimum():
    r = compute(DescentSettings(x0=-3.0, x1=4.0, lr=0.1, steps=100))
    assert r.step == 100 and np.all(np.abs(r.point) < 1e-9)
    np.testing.assert_allclose(r.point, [-6.11110793e-10, 8.14814391e-10], rtol=1e-6)
    assert r.observe().kind == "reach"


def test_eta_10_ends_at_the_books_numbers():
    r = compute(DescentSettings(lr=10.0))
    np.testing.assert_allclose(r.point, [-2.58983747e13, -1.29524862e12], rtol=1e-8)
    assert r.frozen_at == 10 and r.observe().kind == "frozen"
    assert r.observe().numbers["step"] == 10


def test_eta_1e_10_barely_moves():
    r = compute(DescentSettings(lr=1e-10))
    np.testing.assert_allclose(r.point, [-2.99999994, 3.99999992], atol=1e-8)
    assert r.point_text == "(−2.99999994, 3.99999992)"          # four digits would say (−3, 4)
    seen = r.observe()
    assert seen.kind == "still" and seen.numbers["moved"] == pytest.approx(1e-7, rel=1e-3)


def test_the_walk_is_the_books_loop_with_the_librarys_numerical_gradient():
    f = lambda x: x[0] ** 2 + x[1] ** 2      # noqa: E731 - the book's function_2
    x = np.array([-3.0, 4.0])
    for _ in range(20):
        x -= 0.1 * numerical_gradient(f, x)
    points, _ = gradient_descent(f, (-3.0, 4.0), lr=0.1, step_num=20)
    assert np.array_equal(points[-1], x)
    assert np.array_equal(compute(DescentSettings(steps=20)).point, x)


def test_the_exact_gradient_overflows_to_inf_then_nan_without_an_exception():
    with np.errstate(all="raise"):
        r = compute(DescentSettings(lr=10.0, gradient="exact", steps=300))
    assert r.value_overflow == 120 and r.path.first_bad() == 241
    assert np.isinf(r.values[120]) and np.isnan(r.point).all()
    assert r.observe().kind == "overflow" and r.frozen_at is None


def test_step_shows_part_of_the_walk_and_the_update_that_led_there():
    r = compute(DescentSettings(step=1))
    eq = r.equation()
    assert (eq.name, eq.rule, eq.terms, eq.value) == ("x", "x − η·∇f", ("(−3, 4)", "− 0.1·(−6, 8)"), "(−2.4, 3.2)")
    assert compute(DescentSettings(step=0)).equation() is None
    assert compute(DescentSettings(step=0)).observe().kind == "start"
    np.testing.assert_allclose(r.grad, [-4.8, 6.4])


def test_more_steps_shown_than_taken_shows_them_all():
    assert DescentSettings(steps=50).step == 50
    assert ENTRY.parse(["steps=20"]).step == 20


@pytest.mark.parametrize("assignment, key", [
    ("lr=0", "lr"), ("lr=-1", "lr"), ("lr=1000", "lr"), ("lr=abc", "lr"), ("lr=nan", "lr"),
    ("steps=0", "steps"), ("steps=1001", "steps"), ("steps=2.5", "steps"), ("step=-1", "step"),
    ("x0=1e6", "x0"), ("x1=inf", "x1"), ("function=ridge", "function"), ("gradient=both", "gradient"),
    ("drawing=png", "drawing"), ("eta=0.1", "eta"),
])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key and key in str(caught.value)


def test_x_shows_the_digits_that_tell_it_from_where_it_was():
    assert compute(DescentSettings(lr=0.1, step=1)).point_text == "(−2.4, 3.2)"       # a normal step: 4 digits
    first = compute(DescentSettings(lr=1e-10, step=1))
    assert first.point_text == "(−2.9999999994, 3.9999999992)"
    assert first.equation().terms[0] == "(−3, 4)" and first.equation().value == "(−2.9999999994, 3.9999999992)"
    assert telling_digits(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 4                # nothing moved
    assert telling_digits(np.array([np.inf, 2.0]), np.array([1.0, 2.0])) == 4
