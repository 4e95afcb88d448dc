"""The shared model of a path on a 2-D function: the surfaces, what a path does (read from its points),
and the learning-rate ladder the + and - keys climb."""
import numpy as np
import pytest

from workbench.models.surface_path import SURFACES, SurfacePath, next_rate, pair, rates, short


def path(points, surface="valley"):
    return SurfacePath(SURFACES[surface], np.array(points, dtype=np.float64))


@pytest.mark.parametrize("name", list(SURFACES))
def test_each_surface_gradient_is_its_derivative(name):
    s = SURFACES[name]
    for x, y in [(-1.3, 0.7), (0.4, -2.0), (2.5, 1.5)]:
        h = 1e-6
        numeric = ((s.value(x + h, y) - s.value(x - h, y)) / (2 * h), (s.value(x, y + h) - s.value(x, y - h)) / (2 * h))
        np.testing.assert_allclose(s.grad(x, y), numeric, rtol=1e-5, atol=1e-6)


def test_the_marked_point_is_where_the_gradient_vanishes():
    for s in SURFACES.values():
        assert s.grad(*s.mark) == (0.0, 0.0) or np.allclose(s.grad(*s.mark), 0)
    assert not SURFACES["saddle"].has_minimum and SURFACES["valley"].has_minimum


def test_a_path_that_flips_every_step_zigzags():
    points = [(-7 + k * 0.1, 2 * (-0.9) ** k) for k in range(11)]
    seen = path(points).observe()
    assert seen.kind == "zigzag" and seen.numbers == {"axis": 1, "at": 0.0, "flips": 10, "steps": 10}


def test_two_flips_in_ten_steps_are_not_a_zigzag_but_an_overshoot():
    ys = [2, 1, 0.3, -0.5, -0.8, -0.6, -0.3, -0.1, -0.05, -0.02, -0.01]
    seen = path([(-7 + 0.7 * k, y) for k, y in enumerate(ys)]).observe()
    assert seen.kind == "overshoot" and seen.numbers["step"] == 3 and seen.numbers["peak"] == -0.8


def test_shrinking_steps_far_from_the_start_and_a_run_away():
    shrinking = [(-7 + 3 * (1 - 0.6 ** k), 0.0) for k in range(12)]
    assert path(shrinking).observe().kind == "crawl"          # still 4 of 7 away after 11 steps
    closing = [(-7 * 0.5 ** k - 0.01 * k, 0.0) for k in range(12)]
    assert path(closing).observe().kind in ("shrink", "distance")
    away = [(-7 * 3 ** k, 0.0) for k in range(6)]
    seen = path(away).observe()
    assert seen.kind == "diverge" and seen.numbers["times"] == pytest.approx(243)


def test_non_finite_points_and_a_path_that_does_not_move():
    seen = path([(-7, 2), (1e200, 1e200), (np.inf, np.inf), (np.nan, np.nan)]).observe()
    assert seen.kind == "overflow" and seen.numbers == {"step": 2}
    assert path([(-7, 2)] * 5).observe().kind == "still"
    assert path([(-7, 2)]).observe().kind == "start"


def test_a_bounce_between_two_points():
    points = [(-3, 4) if k % 2 == 0 else (3, -4) for k in range(9)]
    seen = path(points, "bowl").observe()
    assert seen.kind == "bounce" and seen.numbers["distance"] == 5


def test_the_rate_ladders():
    assert rates("decades", 1e-3, 10) == [0.001, 0.01, 0.1, 1.0, 10.0]
    assert next_rate(0.1, 1, "decades", 1e-12, 100) == 1.0
    assert next_rate(0.3, 1, "decades", 1e-12, 100) == 1.0 and next_rate(0.3, -1, "decades", 1e-12, 100) == 0.1
    assert next_rate(100, 1, "decades", 1e-12, 100) == 100
    value = 0.1
    for _ in range(9):
        value = next_rate(value, -1, "decades", 1e-12, 100)
    assert value == 1e-10
    assert next_rate(0.95, -1, "fine", 1e-4, 100) == 0.7 and next_rate(0.7, -1, "fine", 1e-4, 100) == 0.5
    assert next_rate(0.95, 1, "fine", 1e-4, 100) == 1.0 and next_rate(1.5, 1, "fine", 1e-4, 100) == 2.0


def test_numbers_are_written_short_with_a_true_minus():
    assert short(-2.58983747e13, 2) == "−2.6e13"
    assert short(-6.335) == "−6.335" and short(0.0) == "0" and short(float("inf")) == "inf"
    assert short(float("-inf")) == "−inf" and short(float("nan")) == "nan"
    assert pair((-0.7, 4.0)) == "(−0.7, 4)"
