"""The graph pane through its keys: stepping the apple and orange graph, predicting gradients, a bad
input field, `workbench open graph`, and snapshots of graphs 2 and 4 and of lessons 5.1–5.3 (review new
SVGs by eye)."""
import re

import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.graph import GraphPane
from workbench.models.catalog import pane
from screen_text import screen_lines, until

SIZE = (80, 24)
ENTRY = pane("graph")


def opened(*assignments, size=SIZE):
    return make_app(pane=("graph", ENTRY.parse(list(assignments))))


def drawing(app) -> str:
    return str(app.screen.query_one("#graph-drawing", Static).render())


def rule(app) -> str:
    """The rule's text, its no-break spaces read as spaces (each side of an = is kept whole)."""
    return str(app.screen.query_one("#graph-rule", Static).render()).replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def test_stepping_the_apple_and_orange_graph_shows_715_then_650():
    app = opened("graph=apple-orange")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        assert "715" not in drawing(app)
        await pilot.press(*"....")
        assert p.settings.step == 4 and "715" in drawing(app)
        assert "price = all_price × tax = 650 × 1.1 = 715" in rule(app)
        await pilot.press(".")
        assert "←650" in drawing(app) and "dy = dout × self.x = 1 × 650 = 650" in rule(app)
        await pilot.press(",")
        assert p.settings.step == 4 and "←650" not in drawing(app)


async def test_back_before_the_first_step_and_step_after_the_last_are_dimmed():
    """`,` at step 0 and `.` once every gradient is in did nothing with the keys lit, where the other
    stepping panes dim a key that would do nothing."""
    app = opened("graph=apple")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)

        def lit() -> set[str]:
            return {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}

        assert "step(-1)" not in lit() and "step(1)" in lit()
        await pilot.press(".")
        assert {"step(-1)", "step(1)"} <= lit()
        await pilot.press("e")
        assert p.settings.step == 4 and "step(1)" not in lit() and "step(-1)" in lit()
        await pilot.press("r")
        assert p.settings.step == 0 and "step(-1)" not in lit()


async def test_tab_passes_the_idle_expression_line_and_goes_to_the_first_field():
    """5.1 says of an input "click it or press Tab"; Tab put the cursor in the empty expression line, and
    the 100 typed there became an expression with nothing to compute. f and a click still reach it."""
    from workbench.app.panes.graph import ExpressionInput

    app = make_app(lesson_id="computational-graph", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#graph-expression", ExpressionInput)
        await pilot.press("tab")
        assert app.focused is not line and isinstance(app.focused, Input) and app.focused.value == "100"
        await pilot.press("escape", "f")
        await until(pilot, lambda: app.focused is line)
        await pilot.press("escape")
        await until(pilot, lambda: app.focused is not line)
        await pilot.click(line)
        await until(pilot, lambda: app.focused is line)


async def test_running_to_the_end_shows_every_gradient_and_reset_goes_back():
    app = opened("graph=apple-orange")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        await pilot.press("e")
        shown = drawing(app)
        for gradient in ("←2.2", "←110", "←3.3", "←165", "←650", "←1.1", "←1"):
            assert gradient in shown
        await pilot.press("r")
        assert app.screen.query_one(GraphPane).settings.step == 0 and "←" not in drawing(app)


async def test_predicting_right_and_wrong_keeps_a_score():
    app = opened("graph=apple", "mode=predict", "step=2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        p = app.screen.query_one(GraphPane)
        await pilot.press(".")                                   # asks before the tax node's backward
        assert p.settings.step == 2 and p.has_class("-asking")
        assert app.focused.id == "graph-answer"
        await pilot.press(*"1.1", "enter")                     # dx → apple_price: right
        await pilot.press(*"100", "enter")                     # dy → tax: wrong (200)
        assert p.settings.step == 3 and p.score == [1, 2]
        feedback = str(app.screen.query_one("#graph-feedback", Static).render())
        assert "✓ dx → apple_price = 1.1" in feedback and "you said 100, it is 200" in feedback
        assert "dy = dout × self.x = 1 × 200 = 200" in rule(app)
        await pilot.press(".", *"1.1*2", "enter", *"oops", "enter")
        assert "cannot read oops" in str(app.screen.query_one("#graph-feedback", Static).render())
        await pilot.press("escape")                              # put away, nothing scored
        assert not p.has_class("-asking") and p.score == [1, 2] and p.settings.step == 3


async def test_a_gradient_over_a_thousand_is_predicted_as_the_pane_writes_it():
    """With 1,000 oranges' worth, the tax node sends 3,200 back to the tax: the drawing and the rule
    write it grouped, and "3,200" is right. "1,1" is refused in place (not read as 11), and its ⚠ goes
    once the question is answered; Enter on an empty line says what to type."""
    app = opened("graph=apple-orange", "mode=predict", "step=4", "inputs=orange=1,000")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        assert "3,200" in drawing(app) and "3,200 × 1.1 = 3,520" in rule(app)
        await pilot.press(".", "enter")
        assert "type the gradient first" in str(app.screen.query_one("#graph-feedback", Static).render())
        await pilot.press(*"1,1", "enter")
        feedback = " ".join(str(app.screen.query_one("#graph-feedback", Static).render()).split())
        assert "1,1 reads two ways" in feedback and p.score == [0, 0]
        app.screen.query_one("#graph-answer", Input).value = ""
        await pilot.press(*"1.1", "enter")
        assert not p.feedback                                   # the ⚠ was about the answer given now
        await pilot.press(*"3,200", "enter")
        assert p.score == [2, 2] and p.settings.step == 5
        assert "✓ dy → tax = 3,200" in str(app.screen.query_one("#graph-feedback", Static).render())


async def test_a_bad_input_is_marked_and_the_graph_keeps_its_last_good_values():
    app = opened("graph=apple-orange", "step=4")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        await pilot.pause()                  # the fields are made when the pane first shows its result
        p = app.screen.query_one(GraphPane)
        field = app.screen.query_one("#input-apple", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"abc", "enter")
        await pilot.pause()                                       # beside other work a press can lag a frame
        line = p.query_one(ErrorLine)
        assert line.display and "apple: abc is not a number" in str(line.render())
        assert field.parent.has_class("-invalid") and "715" in drawing(app)
        field.value = ""
        await pilot.press(*"200", "enter")
        await pilot.pause()
        assert not line.display and not field.parent.has_class("-invalid")
        assert "price 935" in drawing(app).replace("\xa0", " ")     # (400 + 450) × 1.1, recomputed at once


async def test_inputs_that_overflow_are_refused_in_place_naming_the_node():
    """1e200 apples at 1e200 each: the × node's output would be ∞, so the field is marked and the graph
    keeps its last good values, as an expression's exp(1000) is refused."""
    app = opened("graph=apple-orange", "step=4", "inputs=apple=1e200")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        field = app.screen.query_one("#input-apple_num", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"1e200", "enter")
        await pilot.pause()
        line = p.query_one(ErrorLine)
        assert line.display and "the × node mul_apple_layer overflows: apple_price would be ∞" in str(line.render())
        assert field.parent.has_class("-invalid") and p.settings.input_values()["apple_num"] == 2
        assert "∞" not in drawing(app)


async def test_a_lesson_step_sets_the_graph_and_how_far_it_has_run():
    app = make_app(lesson_id="computational-graph", step=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()                   # the first result is drawn just after mount
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        assert (p.settings.graph, p.settings.step) == ("apple", 3)
        assert "dx = dout × self.y = 1 × 1.1 = 1.1" in rule(app)
        await pilot.press("right")
        assert (p.settings.graph, p.settings.step) == ("chain", 3)


async def test_the_korean_apple_graph_stays_drawn_at_every_step_beside_the_text():
    """At 80×24 the output's value ("지불 금액 220") made the drawing too wide at the second step, and it
    turned into the outline; the layout is chosen on the walked graph, the name above its value."""
    app = make_app(lesson_id="computational-graph", step=0, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        firsts = []
        for _ in range(5):
            shown = drawing(app)
            assert "─┐" in shown and "└─ " not in shown, shown
            firsts.append([row.find("├") for row in shown.split("\n")])
            await pilot.press(".")
        assert all(first == firsts[0] for first in firsts), firsts     # the wires never move


async def test_a_rule_folds_before_its_equals_signs_never_inside_a_name_or_a_side():
    """"사과 가격 = 사과 × 사과" over "개수 = 100 × 2 = 200", and "650 ×" over "1.1 = 715", at 80×24."""
    app = make_app(lesson_id="computational-graph", step=0, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(".")
        assert "사과 가격 = 사과 × 사과 개수" in rule(app).split("\n")
        await pilot.press("right")                              # apple-orange, forward done
        await pilot.pause()
        rows = rule(app).split("\n")
        assert "= 650 × 1.1 = 715" in rows or "지불 금액 = 합계 × 소비세 = 650 × 1.1 = 715" in rows, rows


async def test_the_status_breaks_between_its_items():
    app = make_app(lesson_id="computational-graph", step=5)              # 5.1 step 6: the sigmoid typed out
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = str(app.screen.query_one("#graph-status", Static).render()).replace("\u00a0", " ").split("\n")
        assert any(row.strip() == "not started" or row.endswith("· not started") for row in rows), rows


async def test_escape_is_offered_in_the_footer_while_a_gradient_is_asked_for():
    """5.2 step 4 says Escape puts a question away; the footer showed only ^q."""
    app = make_app(lesson_id="layer-nodes", step=3)                      # 5.2 step 4: predict mode
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(".")
        assert app.focused.id == "graph-answer"
        assert "esc Not now" in str(app.screen.query_one(KeyBar).render())


async def test_the_relu_rule_names_the_mask_it_reads():
    app = make_app(lesson_id="activation-layers", step=1)                # 5.3 step 2: ReLU backward
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "mask = [False True False]: dx is 0 where True" in " ".join(rule(app).split())


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_beside_the_text_the_relu_graph_draws_every_gradient_with_its_shape(lang):
    """5.3 step 2 at 80×24: each array's gradient on the drawing had a bare ←, its numbers only in the
    table under it; beside the text there is room for their shapes, and the drawing stays a picture."""
    app = make_app(lesson_id="activation-layers", step=1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = drawing(app)
        assert "─ReLU─" in shown and shown.count("←(3,)") == 4, shown
        assert not re.search(r"←(\s|$)", shown, re.MULTILINE), shown


async def test_a_question_about_an_array_names_the_dout_that_arrives_in_its_shape():
    """The ReLU graph's walk back starts with ∂z/∂z = [1 1 1]: the question said "dout = 1" and asked
    for three numbers, while the rule after it read [1 1 1] × [0.5 3 −1]."""
    app = opened("graph=relu", "mode=predict", "step=2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(".")
        assert "dout = [1 1 1] arrives from the right" in " ".join(rule(app).split())
        await pilot.press(*"0.5 3 -1", "enter", *"1.5 0 2", "enter", ".")
        assert "dout = [0.5 3 −1] arrives from the right" in " ".join(rule(app).split())


def widest(text: str) -> int:
    return max(cell_len(row) for row in text.split("\n"))


@pytest.mark.parametrize(("make", "size"), [
    (lambda: make_app(lesson_id="softmax-with-loss", step=2), (100, 30)),
    (lambda: make_app(lesson_id="layer-nodes", step=2, lang="ko"), (100, 30)),
    (lambda: make_app(lesson_id="activation-layers", step=1), (80, 24)),
    (lambda: opened("graph=sigmoid", "step=8"), (61, 24)),
    (lambda: opened("graph=softmax-with-loss", "step=4"), (120, 40)),
])
async def test_the_drawing_keeps_a_cell_free_before_the_scrollbar(make, size):
    """At 100×30 beside the text the Softmax-with-Loss graph ran up to the scrollbar; the drawing and
    the arrays leave its column and one more free (at 61 columns the sigmoid filled all but one)."""
    app = make()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.pause()
        body = app.screen.query_one("#graph-body")
        for part in ("#graph-drawing", "#graph-arrays"):
            assert widest(str(app.screen.query_one(part, Static).render())) <= body.size.width - 2, part


def test_workbench_open_graph_takes_the_graph_and_its_inputs(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "graph", "--set", "graph=apple-orange", "--set", "inputs=orange=100"]) == 0
    name, settings = apps[0]._start[2]
    assert name == "graph" and settings.graph == "apple-orange" and settings.inputs == (("orange", 100.0),)
    assert cli.main(["open", "graph", "--set", "graph=apple", "--set", "inputs=orange=1"]) == 2
    assert "the apple graph has no input orange" in capsys.readouterr().err


def still(app):
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_apple_orange_at_the_end(snap_compare, size):
    assert snap_compare(still(opened("graph=apple-orange", "step=6")), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_sigmoid_stepped_back(snap_compare, size):
    assert snap_compare(still(opened("graph=sigmoid", "step=7")), terminal_size=size)


def test_snapshot_in_a_lesson_beside_the_text(snap_compare):
    assert snap_compare(still(make_app(lesson_id="layer-nodes", step=0)), terminal_size=(80, 24))


def test_snapshot_the_relu_mask_beside_the_text(snap_compare):
    """5.3 step 2: the mask as True/False, each array's gradient on the drawing by its shape."""
    assert snap_compare(still(make_app(lesson_id="activation-layers", step=1)), terminal_size=(80, 24))


def test_snapshot_in_korean_the_price_over_its_wire_before_the_first_step(snap_compare):
    """5.1 step 1 in Korean: 지불 금액 above its output's wire, not beside a bare ├×─."""
    assert snap_compare(still(make_app(lesson_id="computational-graph", step=0, lang="ko")), terminal_size=(80, 24))


def test_a_matrix_in_a_rule_folds_between_its_rows_only():
    """Beside the text (36 cells), y = softmax(a) of a batch of two folded inside its first row, "0.2715;
    0.2401 0.5906" sharing a line; each row now stays whole and the fold comes after its "; "."""
    from workbench.app.panes.graph import rule_text
    from workbench.app.widgets.folded import fold

    line = rule_text("y = softmax(a) = [0.4948 0.2337 0.2715; 0.2401 0.5906 0.1692]", [])
    assert fold(line, 36).plain.replace("\u00a0", " ").split("\n") == \
        ["y = softmax(a)", "= [0.4948 0.2337 0.2715;", "0.2401 0.5906 0.1692]"]


@pytest.mark.parametrize("lang, predict, watch", [("en", "m Predict", "m Watch"), ("ko", "m 예측", "m 지켜보기")])
async def test_m_is_labelled_with_the_mode_it_goes_to(lang, predict, watch):
    """5.2 step 4 opens in predict mode and says `m` switches back to watching; the footer said "m Predict"."""
    app = make_app(lesson_id="layer-nodes", step=3, lang=lang)           # 5.2 step 4: predict mode
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = lambda: screen_lines(app)[-1]                          # as drawn, not as it would render
        assert watch in footer() and predict not in footer(), footer()
        await pilot.press("m")
        await until(pilot, lambda: app.screen.query_one(GraphPane).settings.mode == "watch")
        await pilot.pause()
        assert predict in footer() and watch not in footer(), footer()
