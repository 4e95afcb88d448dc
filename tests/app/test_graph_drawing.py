"""The graph pane's pictures on their own (no app): what an array's gradient shows on the drawing and in
the outline, and the output's name over its wire where the drawing is narrow."""
import re

import pytest
from rich.cells import cell_len

from workbench.app.panes.graph_drawing import Diagram, Look, Marks, cell_width, diagram, outline
from workbench.i18n import set_language
from workbench.models.graph import GraphSettings, compute


def walked(graph: str, step: int | None = None):
    """(the graph at `step`, the same graph walked to its end)."""
    final = compute(GraphSettings(graph=graph, step=compute(GraphSettings(graph=graph)).graph.total_steps)).graph
    return (final if step is None else compute(GraphSettings(graph=graph, step=step)).graph), final


def cells(row: str) -> list[str]:
    """A row of the drawing cell by cell: a wide character (사) takes two cells, the second empty."""
    return [part for char in row for part in ([char, ""] if cell_len(char) == 2 else [char])]


def bare_arrows(text: str) -> list[str]:
    """Rows where a ← has nothing after it (a gradient drawn without its value)."""
    return [row for row in text.split("\n") if re.search(r"←(\s|$)", row)]


def test_a_short_array_gradient_is_written_out_on_the_drawing():
    """The ReLU graph where there is room: each edge's gradient in full, the mask's 0 in x's, so the
    picture reads without the table (it drew a bare ← on every array's edge)."""
    graph, final = walked("relu")
    shown = diagram(graph, final, Look(), Marks(), 80).plain
    for gradient in ("←[0.5 0 −1]", "←[1.5 0 2]", "←[0.5 3 −1]", "←[1 1 1]"):
        assert gradient in shown, shown
    assert not bare_arrows(shown), shown


def test_where_arrays_do_not_fit_the_drawing_shows_their_shapes_and_stays_a_picture():
    """Beside the lesson text at 80×24 (35 cells) the ReLU graph's arrays written out would take 42:
    their shapes keep it a drawing rather than the outline."""
    graph, final = walked("relu")
    shown = diagram(graph, final, Look(), Marks(), 35)
    assert shown is not None and cell_width(shown) <= 35
    assert shown.plain.count("←(3,)") == 4 and not bare_arrows(shown.plain), shown.plain


def test_the_outline_gives_an_array_gradient_its_shape_or_its_numbers():
    graph, _ = walked("softmax-with-loss")
    shown = outline(graph, Look(), Marks()).plain
    assert "Affine a = (2, 3)  ←(2, 3)" in shown and "b = (3,)  ←(3,)" in shown
    assert "L = 1.24  ←1" in shown and not bare_arrows(shown), shown
    graph, _ = walked("relu")
    assert "x = (3,)  ←[0.5 0 −1]" in outline(graph, Look(), Marks()).plain


@pytest.mark.parametrize(("lang", "name"), [("ko", "지불 금액"), ("en", "price")])
def test_the_output_name_sits_over_its_wire_before_its_value_is_known(lang, name):
    """Where the output's name goes above its value (a narrow pane), its wire runs on under the name
    from the start: at step 0 지불 금액 sat above nothing, right of a bare "├×─"."""
    set_language(lang)
    try:
        for step in (0, 2):
            graph, final = walked("apple", step)
            rows = [cells(row) for row in Diagram(graph, final, Look(), Marks(), 0, stacked=True).draw().plain.split("\n")]
            top = next(i for i, row in enumerate(rows) if name in "".join(row))
            start = next(x for x in range(len(rows[top])) if "".join(rows[top][x:]).startswith(name))
            under = rows[top + 1][start:start + cell_len(name)]
            value = "220" if step else ""
            assert "".join(under) == value + "─" * (cell_len(name) - len(value)), ("".join(rows[top + 1]), step)
            assert "×" in "".join(rows[top + 1][:start])
    finally:
        set_language("en")
