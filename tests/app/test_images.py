"""Half-block images: two pixels a cell, scaled to the array's range, in theme colours."""
import numpy as np
import pytest
from textual.color import Color

from workbench.app.app import make_app
from workbench.app.images import UPPER_HALF, colours, image_text


async def test_a_digit_is_half_as_many_lines_as_rows_and_ink_is_the_foreground():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        digit = np.zeros((28, 28))
        digit[10:18, 13:15] = 1.0
        text = image_text(digit, app)
        lines = text.plain.split("\n")
        assert len(lines) == 14 and all(line == UPPER_HALF * 28 for line in lines)
        rgb = colours(digit, app)
        assert tuple(rgb[12, 13]) == Color.parse(app.theme_variables["foreground"]).rgb
        assert tuple(rgb[0, 0]) == Color.parse(app.theme_variables["background"]).rgb


async def test_signed_values_take_two_colours_and_zero_the_background():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        w = np.array([[-1.0, 0.0, 0.5], [1.0, 0.0, -0.5], [0.0, 0.0, 0.0]])
        rgb = colours(w, app, signed=True)
        assert tuple(rgb[0, 0]) == Color.parse(app.theme_variables["error"]).rgb
        assert tuple(rgb[1, 0]) == Color.parse(app.theme_variables["primary"]).rgb
        assert tuple(rgb[0, 1]) == Color.parse(app.theme_variables["background"]).rgb
        assert len(image_text(w, app, signed=True).plain.split("\n")) == 2   # 3 rows → 2 lines


async def test_a_flat_or_non_finite_image_does_not_fail():
    app = make_app()
    async with app.run_test(size=(80, 24)):
        image_text(np.ones((4, 4)), app)
        image_text(np.full((4, 4), np.nan), app, signed=True)
        with pytest.raises(ValueError, match="2-D"):
            image_text(np.ones(4), app)
