"""The contour lines of the descent and optimizer plots read at 3:1 or more against the plot's background
in both themes, WCAG's level for the lines of a graph: drawn 60 % of the way to the background, they
were at 2.6:1 in the light theme, the one for a projector, and the path crossing them lost its map."""
import pytest
from textual.color import Color

from workbench.app.app import make_app
from workbench.app.panes.descent import plot_colors
from workbench.app.themes import CONTRAST_DARK, CONTRAST_LIGHT, DARK, LIGHT
from test_nav53_home_highlight import contrast


@pytest.mark.parametrize("theme", [DARK, LIGHT, CONTRAST_DARK, CONTRAST_LIGHT])
async def test_contour_lines_read_at_3_to_1(theme):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        contour = Color.parse(plot_colors(app, {})["contour"])
        background = Color.parse(app.theme_variables["background"])
        assert contrast(contour.rgb, background.rgb) >= 3, (theme, contour.hex)
        foreground = Color.parse(app.theme_variables["foreground"])
        assert contrast(foreground.rgb, background.rgb) > contrast(contour.rgb, background.rgb) * 1.5   # still faint beside the path
