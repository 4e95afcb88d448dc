"""The sin-cos pane's model without the app: the book's x = np.arange(0, 6, 0.1) and NumPy's sin and cos
of it, and the ranges its settings refuse."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from workbench.models.sin_cos import SinCosSettings, compute

ENTRY = pane("sin-cos")


def test_the_books_x_and_both_curves():
    r = compute(SinCosSettings())
    np.testing.assert_array_equal(r.x, np.arange(0, 6, 0.1))
    assert len(r.x) == 60 and r.x[-1] == pytest.approx(5.9)
    np.testing.assert_array_equal(r.curves["sin"], np.sin(r.x))
    np.testing.assert_array_equal(r.curves["cos"], np.cos(r.x))


def test_only_the_functions_asked_for_are_computed():
    assert list(compute(SinCosSettings(functions=("cos",))).curves) == ["cos"]
    assert compute(SinCosSettings(functions=())).curves == {}


@pytest.mark.parametrize("assignments, key, message", [
    (["start=6", "stop=0"], "stop", "start (6) must be less than stop (0)"),
    (["step=0.001", "stop=100"], "step",
     "that makes 100,000 x values, more than the 2,000 a plot takes; use a larger step"),
    (["step=0"], "step", "step = 0 is out of range"),
])
def test_ranges_that_make_no_plot_are_refused(assignments, key, message):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse(assignments)
    assert caught.value.key == key and message in str(caught.value)


def test_the_names_the_settings_repeat_are_the_models():
    from workbench.models import sin_cos, sin_cos_settings

    assert sin_cos_settings.FUNCTION_NAMES == tuple(sin_cos.FUNCTIONS)
