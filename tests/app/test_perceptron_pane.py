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


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_verdict_wraps_between_its_parts_never_inside_the_gates_it_is_not(lang):
    """2.2 step 1 with b raised to 0.6 (every output 1) read "XOR: 틀린 행 2/4 · AND, NAND, OR, XOR" over
    "어느 게이트와도 다름" at 80×24: the first row alone says the perceptron is all four gates."""
    app = make_app(lesson_id="xor", step=0, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.pane.apply(b=0.6)
        await pilot.pause()
        lines = [line.split("▏", 1)[1].replace("\u00a0", " ").strip() for line in screen_lines(app) if "▏" in line]
        negation = "none of" if lang == "en" else "다름"
        gates = next(i for i, line in enumerate(lines) if "NAND" in line)
        assert negation in " ".join(lines[gates - 1:gates + 1]), lines        # by the time the gates are read
