"""The highlighted lesson on the home screen reads at 4.5:1 or more (WCAG's level for text) in every theme:
Textual's cursor, its text on solid $primary, left the lesson's dim summary at 2.5:1 and its title at
3.8:1 in the dark theme, the one a learner starts in."""
import io

import pytest
from rich.console import Console

from workbench.app.app import make_app
from workbench.app.themes import CONTRAST_DARK, CONTRAST_LIGHT, DARK, LIGHT


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two colours."""
    def luminance(rgb):
        def channel(value):
            value /= 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        r, g, b_ = map(channel, rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawn(app, words: str) -> list[tuple[tuple[int, int, int], tuple[int, int, int]]]:
    """(text colour, background) of every piece of the screen drawn with `words` in it, as the terminal gets
    them (Textual's dim already mixed into the colour)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    colours = []
    for segment in console._record_buffer:
        style = segment.style
        if style is not None and words in segment.text:
            fg, bg = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            fg, bg = (tuple(fg), tuple(bg)) if not style.reverse else (tuple(bg), tuple(fg))
            colours.append((fg, bg))
    return colours


@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("theme", [DARK, LIGHT, CONTRAST_DARK, CONTRAST_LIGHT])
async def test_the_highlighted_lessons_title_and_summary_read_at_4_5_to_1(theme, no_color, monkeypatch):
    """Without colour (NO_COLOR) too, where the band must stand out from the list by its grey alone."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("down")
        await pilot.pause()
        lesson = app.screen.selected
        assert lesson is not None and lesson.number == "2.1"
        for words in (lesson.title, lesson.summary[:20]):
            pieces = drawn(app, words)
            assert pieces, words
            for fg, bg in pieces:
                assert contrast(fg, bg) >= 4.5, (theme, words, fg, bg)
        plain = drawn(app, app.course.lessons[0].title)         # 1.1, not highlighted: the band stands out
        band = pieces[0][1]
        assert plain and all(bg != band for _, bg in plain)
        if no_color:                # grey on grey: a band its hue no longer tells apart (1.2:1 at 20 % of $primary)
            assert all(contrast(bg, band) >= 1.25 for _, bg in plain), (plain, band)
