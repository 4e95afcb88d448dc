"""The graph pane with the learner's own expression: typed in the expression line (f), stepped with the
same keys and predict mode as the book's graphs, a value read twice adding up, the numerical check at
the end, and a bad expression named in place while the last good graph stays. Snapshots in English and
Korean at 80×24 and 120×40 (review new SVGs by eye)."""
import pytest
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.graph import GraphPane
from workbench.models.catalog import pane

SIZE = (80, 24)
ENTRY = pane("graph")


def opened(*assignments, lang=None):
    app = make_app(pane=("graph", ENTRY.parse(list(assignments))), lang=lang)
    app.animation_level = "none"
    return app


def text_of(app, selector) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


def one_line(text: str) -> str:
    """`text` with its line breaks undone (a Folded line breaks where the pane's width ends)."""
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def type_expression(pilot, text):
    """Type `text` into the expression line and press Enter; a long text is pasted (300 key presses took 20 s)."""
    await pilot.press("f")
    line = pilot.app.screen.query_one("#graph-expression", Input)
    line.value = ""
    if len(text) > 40:
        line.insert_text_at_cursor(text)
        await pilot.press("enter")
    else:
        await pilot.press(*text, "enter")
    await pilot.pause()


async def test_an_expression_typed_with_its_values_is_drawn_and_stepped():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        await type_expression(pilot, "(x + y) * z, x=2, y=-1, z=3")
        assert p.settings.expression == "(x + y) * z" and p.settings.inputs == (("x", 2.0), ("y", -1.0), ("z", 3.0))
        assert app.focused is p                                       # the keys step again
        assert text_of(app, "#graph-status").startswith("f = (x + y) * z · node 0/4")
        assert app.screen.query_one("#graph-expression", Input).value == "(x + y) * z"
        assert [f.id for f in app.screen.query(".graph-input Input")] == ["input-x", "input-y", "input-z"]
        await pilot.press(".", ".")
        assert "f = t1 × z = 1 × 3 = 3" in text_of(app, "#graph-rule") and "f 3" in text_of(app, "#graph-drawing")
        await pilot.press(",")
        assert p.settings.step == 1 and "f 3" not in text_of(app, "#graph-drawing")
        await pilot.press("e")
        assert "every gradient of the backward pass agrees ✓" in one_line(text_of(app, "#graph-check"))
        assert "∂f/∂x = 3, ∂f/∂y = 3, ∂f/∂z = 1" in text_of(app, "#graph-check")


PROMPTS = {None: ("press f to type your own expression", "e.g. (x + y) * z"),
           "ko": ("f 키를 눌러 직접 수식을 입력하세요", "예: (x + y) * z")}


@pytest.mark.parametrize("lang", PROMPTS)
async def test_the_empty_expression_line_reads_as_an_instruction_not_as_f_equals(lang):
    """It read "f = press f to type your own: …", an equation at a glance; now "f =" stands only before
    an expression being typed or typed."""
    app = opened(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#graph-expression", Input)
        label = app.screen.query_one("#graph-expression-label")
        idle, example = PROMPTS[lang]
        assert (line.placeholder, label.display) == (idle, False)
        await pilot.press("f")
        await pilot.pause()
        assert line.placeholder.startswith(example) and label.display
        await pilot.press("escape")
        await pilot.pause()
        assert (line.placeholder, label.display) == (idle, False)
        await type_expression(pilot, "x * y, x=2, y=3")
        assert line.value == "x * y" and label.display and not line.has_focus


async def test_a_value_used_twice_adds_up_at_the_fork():
    app = opened("expression=(x + y) * x", "inputs=x=2, y=3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        await pilot.press(".", ".", ".")
        assert text_of(app, "#graph-check") == "x is read in 2 places: ? + ←5 (adding up as they arrive)"
        await pilot.press(".")
        assert one_line(text_of(app, "#graph-check")).startswith("x is read in 2 places: ←2 + ←5 = ←7 check:")
        drawing = text_of(app, "#graph-drawing")
        assert drawing.count("←2") >= 2 and "←5" in drawing


async def test_predict_mode_asks_for_an_expressions_gradients():
    app = opened("expression=x * y", "inputs=x=2, y=3", "mode=predict", "step=1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        await pilot.press(".")
        assert p.has_class("-asking") and app.focused.id == "graph-answer"
        await pilot.press("3", "enter", "5", "enter")                  # dx = 3 right, dy = 2 wrong
        assert p.settings.step == 2 and p.score == [1, 2]


async def test_a_bad_expression_is_named_in_place_and_the_last_good_graph_stays():
    app = opened("expression=x * y", "inputs=x=2, y=3", "step=1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        before = text_of(app, "#graph-drawing")
        line = app.screen.query_one("#graph-expression", Input)
        for bad, words in [("x * (y + 1", "column 5: this ( is never closed"),
                           ("sigmod(x)", "column 1: there is no function sigmod (did you mean sigmoid?)"),
                           ("x * w", "column 5: w has no value"),
                           ("x / (y - 3)", "column 3: division by zero at these values"),
                           ("(" * 300, "at most 200 fit")]:
            await type_expression(pilot, bad)
            error = str(p.query_one(ErrorLine).render())
            assert words in error and error.count("\n") <= 1, error
            assert line.has_class("-invalid") and app.focused is line
            assert text_of(app, "#graph-drawing") == before and p.settings.expression == "x * y"
        await pilot.press("escape")                                    # the line shows the graph again
        assert app.focused is p and line.value == "x * y" and not line.has_class("-invalid")
        assert not p.query_one(ErrorLine).display
        await pilot.press(".")
        assert p.settings.step == 2


async def test_keys_one_to_six_go_back_to_the_books_graphs():
    app = opened("expression=x * y", "inputs=x=2, y=3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        await pilot.press("1")
        assert (p.settings.graph, p.settings.expression, p.settings.inputs) == ("apple", "", ())
        assert [f.id for f in app.screen.query(".graph-input Input")] == ["input-apple", "input-apple_num", "input-tax"]


async def test_an_input_field_of_an_expression_recomputes_it():
    app = opened("expression=x * y", "inputs=x=2, y=3", "step=2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        field = app.screen.query_one("#input-y", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"-4", "enter")
        assert "f −8" in text_of(app, "#graph-drawing")


async def test_f_then_typing_replaces_the_expression_shown():
    """5.1 step 6 holds sigmoid(w*x + b) and says "press f and type your own": what is typed replaces it."""
    app = make_app(lesson_id="computational-graph", step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f", *"(x + y) * z, x=2, y=-1, z=3", "enter")
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        assert p.settings.expression == "(x + y) * z" and p.error is None
        await pilot.press("f", "end", *" + 1", "enter")                 # End keeps it to edit
        await pilot.pause()
        assert p.settings.expression == "(x + y) * z + 1"


def test_workbench_open_graph_with_an_expression(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "graph", "--set", "expression=sigmoid(w*x + b)", "--set", "inputs=w=2, x=-1, b=0.5"]) == 0
    assert apps[0]._start[2][1].expression == "sigmoid(w*x + b)"
    assert cli.main(["open", "graph", "--set", "expression=sigmoid(w*x + b)", "--set", "inputs=w=2"]) == 2
    assert "column 11: x, b have no values" in capsys.readouterr().err


SNAPSHOT = ("expression=1 / (1 + exp(-(w*x + b)))", "inputs=w=2, x=-1, b=0.5", "step=12")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_the_sigmoid_typed_out_at_the_end(snap_compare, size):
    assert snap_compare(opened(*SNAPSHOT), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_in_korean_a_value_read_twice(snap_compare, size):
    assert snap_compare(opened("expression=(x + y) * x", "inputs=x=2, y=3", "step=4", lang="ko"), terminal_size=size)


def test_snapshot_a_bad_expression_in_place(snap_compare):
    async def type_bad(pilot):
        await pilot.pause()
        await type_expression(pilot, "relu(a*b + c) * (d")

    assert snap_compare(opened("expression=relu(a*b + c) * d", "inputs=a=1, b=2, c=-0.5, d=3", "step=4"),
                        terminal_size=(80, 24), run_before=type_bad)
