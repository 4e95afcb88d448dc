"""The `?` help screen lists our keys, each once, and the screen's and the pane's help (issue 13)."""
import pytest

from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen, help_text, key_name
from workbench.app.localize import is_ours

SIZE = (80, 24)
OPENED = {"home": {}, "lesson": {"lesson_id": "perceptron"}, "pane": {"pane": ("activation-plot", None)}}


def key_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- **")]


@pytest.mark.parametrize("where", OPENED)
async def test_help_lists_each_of_our_actions_once_and_none_of_textuals(where):
    app = make_app(**OPENED[where])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        lines = key_lines(help_text(screen))
        ours = {active.binding.id for active in screen.active_bindings.values() if is_ours(active.binding)}
        assert len(lines) == len(ours), lines
        assert len(set(lines)) == len(lines)
        theirs = [active.binding for active in screen.active_bindings.values() if not is_ours(active.binding)]
        for binding in theirs:
            assert not any(binding.description and binding.description in line for line in lines), binding


async def test_lesson_help_puts_the_lesson_keys_first_and_the_pane_keys_under_the_pane():
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("Markdown").source
        lesson_keys, pane_help, pane_keys, everywhere = (text.index("**→ n**"), text.index("## Perceptron"),
                                                         text.index("**3** Adjust the bias"),
                                                         text.index("## Everywhere"))
        assert lesson_keys < pane_help < pane_keys < everywhere
        assert "**PgDn** Scroll the text down a page" in text


def test_keys_are_spelled_as_on_the_keyboard():
    assert [key_name(k) for k in ("⏎", "esc", "pgdn", "^q", "f1", "+", "space", "hjkl", "1–6", "shift+tab")] == \
        ["Enter", "Esc", "PgDn", "Ctrl+Q", "F1", "+", "Space", "h j k l", "1–6", "Shift+Tab"]     # "hjkl" read "Hjkl"


HOME_KEYS = {None: ["**↑ ↓ k j** The lesson above or below", "**Home End** The first or the last lesson",
                    "**PgUp PgDn** A page of lessons up or down", "**Enter** Open the highlighted lesson (a click opens"],
             "ko": ["**↑ ↓ k j** 위나 아래의 레슨으로", "**Home End** 첫 레슨이나 마지막 레슨으로",
                    "**PgUp PgDn** 레슨 목록을 한 페이지", "**Enter** 선택한 레슨을 엽니다 (레슨을 클릭해도"]}


@pytest.mark.parametrize("lang", HOME_KEYS)
async def test_home_help_lists_the_keys_the_lesson_list_answers_to(lang):
    """The home screen's "keys here" listed Enter only, not the arrows, Home/End and page keys of its list."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys_here = help_text(app.screen).split("\n## ")[0]       # before the "Everywhere" section
        for row in HOME_KEYS[lang]:
            assert row in keys_here, keys_here
        await pilot.press("end")
        await pilot.pause()
        lessons = app.screen.query_one("#lessons")
        assert lessons.highlighted == lessons.option_count - 1          # the keys still do what they say


async def test_k_and_j_move_through_the_lessons_as_the_arrows_do():
    """The panes move with h j k l; the home screen's list answered to ↑ ↓ only."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one("#lessons")
        first = lessons.highlighted
        await pilot.press("j", "j")
        after_j = lessons.highlighted
        await pilot.press("k")
        after_k = lessons.highlighted
        await pilot.press("k", "down", "down", "up")
        arrows = lessons.highlighted
    assert after_j > first and first < after_k < after_j and arrows == after_k


@pytest.mark.parametrize("key, size", [("question_mark", SIZE), ("f1", (70, 30))])
async def test_the_key_that_opened_the_help_closes_it(key, size):
    """The help is a modal screen, which hides the app's bindings: ? (and F1 where it opens the help)
    did nothing there, though the footer's "? Help" reads as a switch."""
    app = make_app(lesson_id="perceptron")
    async with app.run_test(size=size) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_keeps_short_formulas_whole_as_the_lessons_do():
    """The help is Markdown like a lesson's text, and wrapped like it: "t = 2" broke after t and
    "½(yₖ − tₖ)²" inside its brackets in the loss pane's help at 80×24."""
    from screen_text import screen_lines

    app = make_app(lesson_id="loss-functions", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = []
        for _ in range(4):
            rows += screen_lines(app)
            await pilot.press("pagedown")
            await pilot.pause()
    text = [row.replace("\xa0", " ") for row in rows if "│" in row]
    assert any("t = 2" in row for row in text) and any("½(yₖ − tₖ)²" in row for row in text)
