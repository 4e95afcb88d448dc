"""The `?` help screen lists our keys, each once, and the screen's and the pane's help (issue 13)."""
import pytest

from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen, help_text, key_name
from workbench.app.localize import is_ours
from screen_text import help_as_read as as_read

SIZE = (80, 24)
OPENED = {"home": {}, "lesson": {"lesson_id": "perceptron"}, "pane": {"pane": ("activation-plot", None)}}


def key_lines(text: str) -> list[str]:
    return [line for line in as_read(text).splitlines() if line.startswith("- **")]


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


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_help_and_the_keys_panel_list_the_panes_keys_first_in_one_text(lang):
    """`?` listed the lesson's keys before the pane's, F1 the pane's first: one order now, in one text,
    the pane's keys, the lesson's, the app's, then the pane's help and the lesson's."""
    from workbench.app.keys_panel import KeysPanel
    from workbench.i18n import t

    app = make_app(lesson_id="perceptron", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_ = as_read(app.screen.query_one("Markdown").source).replace("\u2060**", "** ")     # a key kept with its first word (no_break)
        await pilot.press("escape", "f1")
        await pilot.pause()
        panel = as_read(app.screen.query_one(KeysPanel).query_one("Markdown").source).replace("\u2060**", "** ")
    keys = [help_.index(f"### {t(section)}") for section in ("help.keys", "help.keys_here", "help.everywhere")]
    pane_key, lesson_key = help_.index("**3** "), help_.index("**← p**")
    pane_help, lesson_help = (help_.index(text.splitlines()[0]) for text in (t("perceptron.help"), t("lesson.help")))
    assert keys[0] < pane_key < keys[1] < lesson_key < keys[2] < pane_help < lesson_help
    assert "**PgDn** " in help_
    shown_in_both = [line for line in help_.splitlines() if line in panel.splitlines()]
    assert [line for line in panel.splitlines() if line in help_.splitlines()] == shown_in_both      # one order
    assert len(shown_in_both) >= len(help_.splitlines()) - 2       # F1 hides t (the panel stands in for the text)


@pytest.mark.parametrize("where", ["help", "panel", "pane"])
async def test_one_blank_line_before_every_heading_of_the_help(where):
    """In `?`, in F1's panel and beside a pane on its own, a ## heading (the pane's help, "Everywhere")
    had two blank lines above it and a ### heading one."""
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownHeader

    app = make_app(**({"pane": ("softmax", None)} if where == "pane" else {"lesson_id": "output-layer"}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press({"help": "question_mark", "panel": "f1", "pane": "t"}[where])
        await pilot.pause()
        markdown = app.screen.query_one({"help": "#help-box", "panel": "KeysPanel", "pane": "#text"}[where]).query_one(
            Markdown)
        blocks = list(markdown.children)
        gaps = {block.source.strip(): block.virtual_region.y - before.virtual_region.bottom
                for before, block in zip(blocks, blocks[1:]) if isinstance(block, MarkdownHeader)}
        top = blocks[0].virtual_region.y
    assert gaps and set(gaps.values()) == {1}, gaps
    assert top == 1


def test_keys_are_spelled_as_on_the_keyboard():
    assert [key_name(k) for k in ("⏎", "esc", "pgdn", "^q", "f1", "+", "space", "hjkl", "1–6", "shift+tab")] == \
        ["Enter", "Esc", "PgDn", "Ctrl+Q", "F1", "+", "Space", "h j k l", "1–6", "Shift+Tab"]     # "hjkl" read "Hjkl"


HOME_KEYS = {None: ["**↑ ↓ k j** The lesson above or below", "**Home End** The first or the last lesson",
                    "**PgUp PgDn** A page of lessons up or down", "**Enter** Open the highlighted lesson (a click opens"],
             "ko": ["**↑ ↓ k j** 위나 아래의 레슨으로", "**Home End** 첫 레슨이나 마지막 레슨으로",
                    "**PgUp PgDn** 레슨 목록을 한 페이지", "**Enter** 선택한 레슨을 엽니다(레슨을 클릭해도"]}


@pytest.mark.parametrize("lang", HOME_KEYS)
async def test_home_help_lists_the_keys_the_lesson_list_answers_to(lang):
    """The home screen's "keys here" listed Enter only, not the arrows, Home/End and page keys of its list."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys_here = as_read(help_text(app.screen)).split("\n### ")[0]       # before the "Everywhere" section
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


@pytest.mark.parametrize("pane", ["perceptron", "activation-plot", "inference", "canvas"])
async def test_the_help_names_the_plus_key_as_the_footer_does(pane):
    """Bound to + and to = (the same key unshifted), the help listed "+ =" where the footer and the other
    panes say "+" (the gradient check's help was mended alone)."""
    app = make_app(pane=(pane, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = [line for line in key_lines(help_text(app.screen)) if line.startswith("- **+")]
    assert len(rows) == 1 and rows[0].startswith("- **+** "), rows


@pytest.mark.parametrize(("pane", "several", "inside"), [("optimizers", "1–6", {"1", "2", "3", "4", "5", "6"}),
                                                      ("gradient", "h j k l", {"h", "j", "k", "l"})])
async def test_the_keys_a_line_stands_for_are_not_listed_again(pane, several, inside):
    """The optimizers' help listed "1–6" (which optimizer is written out) and then 2, 3, 4, 5 and 6 again,
    one line each; the gradient field's "h j k l" and then l, k and j (the initial weights' "+ -" and then
    - too, until + and - became a pair, a line each as every pair's keys are). The footer lists each once."""
    app = make_app(pane=(pane, None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = [line.split("**")[1] for line in key_lines(help_text(app.screen))]
    assert several in keys and not inside & set(keys), keys
