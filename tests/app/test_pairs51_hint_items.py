"""A pane's hint of items between " · " breaks between its items, each kept whole: 8.2's layer times read
"g times again · e the other" over "engine · + - the batch" beside the text, and "g 다시 재기 · e 다른
엔진 · + - 배치" over "크기" in Korean."""
from types import SimpleNamespace

import pytest
from rich.console import Console
from rich.text import Text

from workbench.app.no_break import item_lines
from workbench.app.panes.canvas import CanvasPane
from workbench.app.panes.layer_times import LayerTimesPane
from workbench.i18n import set_language, t
from workbench.i18n.cells import cell_len, wrap

def items_on_lines(lines: list[str]) -> list[list[str]]:
    return [line.replace("\u00a0", " ").strip().removesuffix(" ·").split(" · ") for line in lines]


def kept_whole(lines: list[str], hint: str) -> bool:
    """Whether each of `hint`'s items is on one of `lines`, whole, and no line starts with the dot."""
    found = [item for line in items_on_lines(lines) for item in line]
    return found == hint.split(" · ") and not any(line.lstrip().startswith("·") for line in lines)


@pytest.fixture(params=["en", "ko"])
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def room(hint: str) -> range:
    """The widths from 14 to 60 cells that hold the widest of `hint`'s items and its dot."""
    return range(max(14, max(cell_len(item) for item in hint.split(" · ")) + 2), 61)


def test_item_lines_breaks_a_hint_between_its_items_where_a_wrap_broke_inside_one(lang):
    hint = t("layer-times.status.done")
    broken = [width for width in room(hint) if not kept_whole(wrap(hint, width), hint)]
    assert broken                                   # the plain wrap breaks inside an item somewhere
    for width in room(hint):
        lines = item_lines(hint, width)
        assert kept_whole(lines, hint) and max(map(cell_len, lines)) <= width, (width, lines)


def test_an_item_wider_than_a_row_breaks_at_its_words_on_rows_of_its_own():
    lines = item_lines("g times again · e the other engine · + - the batch", 12)
    assert lines == ["g times", "again ·", "e the other", "engine ·", "+ - the", "batch"], lines


def test_the_layer_times_status_breaks_between_its_items(lang):
    """The status under the layer times, at the widths of the pane beside the text and narrower."""
    hint = t("layer-times.status.done")
    for width in room(hint):
        status = LayerTimesPane.run_status(SimpleNamespace(PANE="layer-times"), False, None, width)
        assert kept_whole(str(status).split("\n"), hint), (width, str(status))


def rich_lines(text, width: int) -> list[str]:
    """`text` as Rich (and so Textual's Static) wraps it in `width` cells."""
    return [str(line) for line in Text(text).wrap(Console(width=width), width)]


@pytest.mark.parametrize("focused", [True, False])
def test_the_canvas_hint_breaks_between_its_items(lang, focused):
    canvas = SimpleNamespace(has_focus=focused)
    pane = SimpleNamespace(query_one=lambda _kind: canvas)
    hint = t("canvas.hint.keys" if focused else "canvas.hint.mouse")
    assert any(not kept_whole(rich_lines(hint, width), hint) for width in room(hint))
    for width in room(hint):
        lines = rich_lines(CanvasPane.hint(pane), width)
        assert kept_whole(lines, hint), (width, lines)


@pytest.mark.parametrize("lang_", ["en", "ko"])
async def test_the_gradient_checks_quiz_hint_breaks_between_its_items_at_60_columns(lang_):
    """The quiz's "↑ ↓ choose · Enter: next list, then answer · Tab: the other list · Escape: not now"
    broke as "Tab:" over "the other list" in a 60-column terminal."""
    from screen_text import cells_of, screen_lines
    from test_gradcheck_pane import settled
    from workbench.app.app import make_app
    from workbench.app.panes.gradcheck import GradcheckPane
    from workbench.app.panes.gradcheck_quiz import BugQuiz
    from workbench.models.catalog import pane

    app = make_app(pane=("gradcheck", pane("gradcheck").parse(["bug=softmax-no-batch-divide", "hide_bug=true"])),
                   lang=lang_)
    async with app.run_test(size=(60, 24)) as pilot:
        await settled(pilot, app.screen.query_one(GradcheckPane))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, BugQuiz)
        region = app.screen.query_one("#quiz-hint").region
        lines = [cells_of(line, region.x, region.right) for line in screen_lines(app)[region.y:region.bottom]]
        hint = t("gradcheck.quiz.hint")
        assert len(lines) > 1 and kept_whole(lines, hint), lines
