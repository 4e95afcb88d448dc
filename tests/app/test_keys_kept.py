"""A key a pane's hint names stays with its particle or verb at any width: the graph pane's start hint
broke between "e" and "키는" (a key and its particle torn apart), and the forward and broadcast
panes' "press ." hints could leave the key at the end of a row, or start one with it, "Press" above
". to run", a lone "." that reads as stray punctuation (`no_break.keys_kept`)."""
import pytest
from rich.cells import cell_len
from textual.content import Content

from workbench.app.app import make_app
from workbench.app.no_break import keys_kept
from workbench.app.panes.graph import GraphPane
from workbench.course.keys import is_key
from workbench.i18n import set_language, t
from workbench.models.catalog import pane


def rows(text: str, width: int) -> list[str]:
    """`text` as a Static `width` cells wide shows it, row by row."""
    return [line.plain.rstrip() for line in Content(str(text)).wrap(width)]


def lone_key(row: str) -> bool:
    """Whether `row` ends in a key standing alone (not a digit or a formula's sign, which may end a row)."""
    last = row.split()[-1].lstrip("(") if row.split() else ""
    return len(last) == 1 and is_key(last) and not last.isdigit() and last not in "=+-−×·/<>"


def starts_on_a_lone_key(row: str) -> bool:
    """Whether `row` starts with a key standing alone ("." of "Press" above ". to run"): stray punctuation
    to a reader."""
    first = row.split()[0] if row.split() else ""
    return len(first) == 1 and is_key(first) and not first.isdigit() and first not in "=+-−×·/<>"


NARROWEST = 18
"""Cells below which a row cuts the words a hint keeps together anyway ("Press . to" is 10, "stage; ,
goes" 13, "실행합니다(, 키는" 17): no pane is that narrow."""


def torn(text: str) -> list[tuple[int, list[str]]]:
    """The widths at which a row of `text` ends in a lone key (its word on the next row), or one starts
    with it (its verb on the row before)."""
    assert max(cell_len(word) for word in text.split(" ")) < NARROWEST, text
    bad = []
    for width in range(NARROWEST, 60):
        shown = rows(text, width)
        if any(lone_key(row) for row in shown[:-1]) or any(starts_on_a_lone_key(row) for row in shown[1:]):
            bad.append((width, shown))
    return bad


def test_keys_kept_joins_a_lone_key_to_the_words_beside_it_and_nothing_else():
    assert keys_kept(". 키로 실행합니다(, 키는 뒤로, e 키는 끝까지)") == ".\u00a0키로 실행합니다(,\u00a0키는 뒤로,\u00a0e\u00a0키는 끝까지)"
    assert keys_kept("press . for A1 = X · W1 + B1") == "press\u00a0.\u00a0for A1 = X · W1 + B1"
    assert keys_kept("- 키와 + 키로, press 1 or 2") == "-\u00a0키와\u00a0+\u00a0키로, press 1 or 2"
    assert keys_kept("the last stage; , goes back") == "the last stage;\u00a0,\u00a0goes back"
    assert keys_kept("no keys in this line") == "no keys in this line"


@pytest.mark.parametrize("key", ["graph.hint.start", "graph.hint.predict", "broadcast.last", "forward.next",
                                 "sin-cos.none_shown", "activation-plot.none_shown"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_hint_never_ends_a_row_with_the_key_it_names(lang, key):
    set_language(lang)
    try:
        assert not torn(keys_kept(t(key, formula="Z1 = σ(A1)")))
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_graph_panes_start_hint_keeps_e_with_its_particle(lang):
    app = make_app(pane=("graph", pane("graph").parse([])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        hint = p.rule(p.result).plain
        assert hint == keys_kept(t("graph.hint.start")) and not torn(hint)
