"""The gradient model without Textual: (6, 8) at (3, 4), the field of −∇f as glyphs on a grid that keeps
x₀ and x₁ at one scale, and the book's simpleNet with its dW numerically and by backprop."""
import numpy as np
import pytest

from workbench.models import arrow_field
from workbench.models.catalog import pane
from workbench.models.gradient_field import BOOK_W, FUNCTIONS, GradientSettings, compute, field, simple_net
from workbench.models.settings import SettingError

ENTRY = pane("gradient")
BOOK_DW = np.array([[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]])
"""simpleNet's dW as the book prints it (section 4.4.2)."""


def test_the_books_gradient_at_3_4():
    result = compute(GradientSettings())
    assert result.numerical[0] == 6.00000000000378 and result.numerical[1] == 7.999999999999119
    assert np.allclose(result.numerical, [6, 8], atol=1e-9)
    assert tuple(result.exact) == (6.0, 8.0)


@pytest.mark.parametrize("name, point, exact", [("function_2", (0.0, 2.0), (0, 4)),
                                                ("elongated", (-7.0, 2.0), (-0.7, 4)),
                                                ("saddle", (1.0, 1.0), (2, -2))])
def test_each_function_numerically_and_exactly(name, point, exact):
    result = compute(GradientSettings(function=name, x0=point[0], x1=point[1]))
    assert np.allclose(result.numerical, exact, atol=1e-9) and np.allclose(result.exact, exact)


def test_the_field_points_downhill_and_fades_to_a_dot_at_the_minimum():
    fn = FUNCTIONS["function_2"]
    vectors = field(fn, np.array([-4.0, 0.0, 4.0]), np.array([4.0, 0.0, -4.0]))
    assert np.allclose(vectors[0, 2], [-8, -8], atol=1e-6)                    # at (4, 4): −∇f = (−8, −8)
    lay = arrow_field.layout(((-4.0, 4.0), (-4.0, 4.0)), 9, 5)
    shares = arrow_field.shares(vectors)
    glyphs = [[arrow_field.glyph(*arrow_field.screen_vector(*vectors[i, j], lay), shares[i, j], "arrows")
               for j in range(3)] for i in range(3)]
    assert glyphs == [["↘", "↓", "↙"], ["→", "·", "←"], ["↗", "↑", "↖"]]
    ascii_ = [arrow_field.glyph(*arrow_field.screen_vector(*vectors[i, j], lay), shares[i, j], "ascii")
              for i in range(3) for j in range(3)]
    assert ascii_ == ["\\", "v", "/", ">", ".", "<", "/", "^", "\\"] and all(c.isascii() for c in ascii_)


def test_the_layout_keeps_one_unit_as_long_across_as_down():
    lay = arrow_field.layout(((-5.0, 5.0), (-5.0, 5.0)), 60, 13)
    assert lay.height == 13 and lay.width == 25                 # 12 rows of 2 cell-widths = 24 cells across
    assert np.all(np.diff(lay.columns) == 2) and np.all(np.diff(lay.rows) == 1)
    wide = arrow_field.layout(((-10.0, 10.0), (-5.0, 5.0)), 36, 13)
    assert (wide.width - 1) / 20 == pytest.approx((wide.height - 1) * 2 / 10, rel=0.1)
    assert wide.cell_of(-10, 5) == (0, 0) and wide.cell_of(10, -5) == (wide.width - 1, wide.height - 1)
    assert wide.point_at(0, 0) == (-10.0, 5.0)


def test_a_probe_outside_the_square_widens_the_field():
    result = compute(GradientSettings(x0=9.0, x1=-8.0))
    (a, b), (c, d) = result.span
    assert a <= 9.0 <= b and c <= -8.0 <= d


def test_simplenet_with_the_books_weights_gives_the_books_dw():
    net = simple_net(BOOK_W, 2)
    assert net.loss == pytest.approx(0.92806853663411326, abs=1e-6)    # the book's W printed to 8 digits
    assert np.allclose(net.numerical, BOOK_DW, atol=1e-6)
    assert np.allclose(net.backprop, np.outer(net.x, net.y - net.t))     # xᵀ(y − t)
    assert 1e-8 < net.largest_difference < 1e-6                         # the 1e−7 inside the loss's log
    assert net.numerical.shape == net.W.shape == (2, 3)
    assert (net.numerical[:, 2] < 0).all() and (net.numerical[:, :2] > 0).all()


def test_another_label_moves_the_negative_column():
    net = compute(GradientSettings(view="simplenet", label=0)).net
    assert (net.numerical[:, 0] < 0).all() and (net.numerical[:, 1:] > 0).all()


def test_random_weights_follow_the_seed():
    one = compute(GradientSettings(weights="random", seed=1)).net
    again = compute(GradientSettings(weights="random", seed=1)).net
    other = compute(GradientSettings(weights="random", seed=2)).net
    assert np.array_equal(one.W, again.W) and not np.array_equal(one.W, other.W)


@pytest.mark.parametrize("assignment, key", [("x0=11", "x0"), ("x1=-10.5", "x1"), ("label=3", "label"),
                                             ("h=0", "h"), ("glyphs=braille", "glyphs"), ("view=map", "view")])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key


def test_a_large_field_spreads_its_arrows_and_keeps_the_scale():
    lay = arrow_field.layout(((-10.0, 10.0), (-5.0, 5.0)), 100, 30, arrow_field.SPARSE)
    assert np.all(np.diff(lay.columns) == 4) and np.all(np.diff(lay.rows) == 2)
    assert (lay.width - 1) / 20 == pytest.approx((lay.height - 1) * 2 / 10, rel=0.1)
