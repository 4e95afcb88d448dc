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


async def test_the_biases_the_answer_quotes_are_where_plus_first_matches_or_and_stops():
    """2.1 step 4 asks at which bias `+` first makes the table match OR, and at which it stops; step 5
    answered "one answer: b = −0.2" and never named either. It quotes both as the pane reaches them."""
    from workbench.course.files import load_course
    from workbench.i18n.numbers import num

    app = make_app(lesson_id="perceptron", step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        pane, seen = app.screen.pane, []
        for _ in range(12):
            await pilot.press("plus")
            await pilot.pause()
            seen.append((pane.settings.b, not pane.result.wrong_rows))
    first = next(b for b, right in seen if right)
    stop = next(b for b, right in seen if b > first and not right)
    for lang in ("en", "ko"):
        answer = next(s for s in load_course(lang=lang).lesson("perceptron").steps if s.id == "bias").text
        assert f"b = {num(first)}" in answer and f"b = {num(stop)}" in answer, (lang, first, stop)
