"""The item a pane highlights on $primary (broadcast's stage, the forward pass's array, the graph's node)
is drawn in white or black, whichever reads at 4.5:1 or more on it, in all four themes: in the theme's
foreground it was near black on dark blue in the light theme (1.9:1), unreadable on a projector."""
import pytest
from rich.style import Style

from workbench.app.app import make_app
from workbench.app.themes import CONTRAST_DARK, CONTRAST_LIGHT, DARK, LIGHT, on_primary
from workbench.i18n import t
from test_nav53_home_highlight import contrast, drawn

THEMES = [DARK, LIGHT, CONTRAST_DARK, CONTRAST_LIGHT]


async def test_on_primary_reads_at_4_5_to_1_in_every_theme():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            style = Style.parse(on_primary(app.theme_variables))
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            assert style.bold and contrast(tuple(fg), tuple(bg)) >= 4.5, theme


@pytest.mark.parametrize("theme", [DARK, LIGHT])
async def test_broadcasts_current_stage_reads_on_the_screen(theme):
    app = make_app(lesson_id="numpy-arrays", step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        await pilot.press("full_stop")           # to the last stage, "result"
        await pilot.pause()
        pieces = drawn(app, t("broadcast.stage.result"))
        assert pieces
        for fg, bg in pieces:
            assert contrast(fg, bg) >= 4.5, (theme, fg, bg)
