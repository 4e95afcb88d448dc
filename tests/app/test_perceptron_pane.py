"""The perceptron pane in lessons 2.1 and 2.2, as a reader sees it at 80×24."""
import pytest

from workbench.app.app import make_app
from screen_text import screen_lines


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_plot_says_what_its_markers_are(lang):
    """2.2 step 2 talks of the points XOR needs as 1; the plot marks each input by the perceptron's
    output, ● or ○ (green when it matches the gate, red when not), and says so under the plot."""
    app = make_app(lesson_id="xor", step=1, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        legend = [line for line in screen_lines(app) if "x₁ →" in line]
        assert len(legend) == 1 and "● y = 1" in legend[0] and "○ y = 0" in legend[0], legend
