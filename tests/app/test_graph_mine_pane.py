"""The graph stepper with impl = mine: the learner's MulLayer and AddLayer walk the graph in the sandbox,
and the pane shows their values, or says in place which part stopped and where it differs."""
import re
import shutil
import time
from pathlib import Path

import pytest
from mine_fixtures import SOLUTION, change, folder, ran  # noqa: F401 - a fixture
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.graph import GraphPane
from workbench.exercises.sandbox import SERVED
from workbench.models.catalog import pane
from workbench.models.graph_mine import Replayed
from screen_text import cells_of, screen_lines, widget_text as text

SIZE = (80, 24)
ENTRY = pane("graph")


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def opened(folder, *assignments):
    return make_app(pane=("graph", ENTRY.parse(["graph=apple-orange", "impl=mine", f"folder={folder}",
                                                *assignments])))


def swap_mul_backward(folder: Path) -> None:
    change(folder / "layers.py", "return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y")


async def test_the_learners_layers_walk_the_graph_and_the_pane_says_whose_they_are(folder):
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        assert "Your layers: MulLayer, AddLayer" in text(app, "#graph-mine")
        unwrapped = re.sub(r"\s*\n\s*", "", text(app, "#graph-mine"))   # the folder's path may wrap anywhere
        assert "layers.py" in unwrapped and "⚠" not in unwrapped
        assert all(isinstance(node.layer, Replayed) for node in p.result.graph.nodes)
        await pilot.press(*"....")
        assert p.settings.step == 4 and "715" in text(app, "#graph-drawing")
        await pilot.press("e")
        for gradient in ("←2.2", "←110", "←3.3", "←165", "←650"):
            assert gradient in text(app, "#graph-drawing")


async def test_a_wrong_backward_shows_the_learners_values_and_names_the_first_that_differs(folder):
    swap_mul_backward(folder)
    app = opened(folder, "step=8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        said = " ".join(text(app, "#graph-mine").split())
        assert "Node 5 (× mul_tax_layer · backward): your MulLayer gave dx → all_price = 650; " \
               "the library's gives 1.1. i: in full" in said
        assert "←65,000" in text(app, "#graph-drawing")          # their dx for apple, not the library's 2.2 (nor 6.5e4)
        assert "workbench exercises check" not in said           # at 80×24 the hints fold away first
        await pilot.press("i")
        assert "workbench exercises check" in " ".join(text(app, "#graph-mine").split())
        assert p.error is None


async def test_the_rule_line_says_the_rule_and_beside_it_what_a_swapped_mul_layer_returned(folder, monkeypatch,
                                                                                             tmp_path):
    """Lesson 5.5's step on the learner's graph, in Korean at 80×24 beside the text: the rule's own
    arithmetic (650 × 2 = 1,300, not "= 6.5e4"), then what their MulLayer returned, each value whole on a
    row: in short beside the drawing, in full after `i`."""
    swap_mul_backward(folder)
    shutil.copytree(folder, tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    app = make_app(lesson_id="gradient-check", step=11, lang="ko", state_dir=tmp_path / "state")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        await pilot.press("e")
        await pilot.pause()
        assert p.settings.step == 8
        rule = " ".join(text(app, "#graph-rule").split())
        assert "dx = dout × self.y = 650 × 2 = 1,300" in rule and "dy = dout × self.x = 650 × 100 = 65,000" in rule
        assert "⚠ 여러분의 값: dx = 65,000, dy = 1,300 (x와 y가 뒤바뀐 듯)" in rule
        rows = [row.replace("\u00a0", " ") for row in screen_lines(app)]
        assert any("(x와 y가 뒤바뀐 듯)" in row for row in rows)
        await pilot.press("i")
        rule = " ".join(text(app, "#graph-rule").split())
        assert "⚠ 여러분의 MulLayer가 돌려준 값은 dx = 65,000, dy = 1,300입니다. 규칙과 다르며, x와 y가 뒤바뀐 것 " \
               "같습니다(dout × self.x, dout × self.y)." in rule
        rows = [row.replace("\u00a0", " ") for row in screen_lines(app)]
        assert any("dx = 65,000," in row for row in rows) and any("dout × self.y)." in row for row in rows)


async def test_a_part_still_to_write_is_named_and_the_walk_does_not_fall_back_to_the_library(folder):
    change(folder / "layers.py", "        return x + y\n", "        raise NotImplementedError\n")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        said = " ".join(text(app, "#graph-mine").split())
        assert "i: in full" in said and "workbench exercises check" not in said   # the hint folds away first,
        assert "got through node 2 of 8" in said and "raise NotImplementedError" in said    # their traceback stays
        await pilot.press("i")
        said = " ".join(text(app, "#graph-mine").split())
        assert "workbench exercises check" in said
        assert "Your layers got through node 2 of 8:" in said
        assert "AddLayer.forward still raises NotImplementedError" in said
        assert "layers.py:" in said and "raise NotImplementedError" in said        # their trimmed traceback
        await pilot.press(*"....")
        assert p.settings.step == 2 and "650" not in text(app, "#graph-drawing")


async def test_a_folder_not_made_yet_says_how_to_make_it_and_not_that_code_stopped(tmp_path):
    app = opened(tmp_path / "not-yet")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = " ".join(text(app, "#graph-mine").split())
        assert "workbench exercises init" in said
        assert "stops here" not in text(app, "#graph-rule")          # no code of theirs has run


async def test_saving_the_file_walks_again(folder):
    swap_mul_backward(folder)
    app = opened(folder, "step=8")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        assert "⚠" in text(app, "#graph-mine")
        shutil.copy(SOLUTION / "layers.py", folder / "layers.py")
        end = time.monotonic() + 30
        while "⚠" in text(app, "#graph-mine") or p.result.mine.pending:
            assert time.monotonic() < end, "the saved file was not walked again"
            await pilot.pause(0.1)
        assert "←2.2" in text(app, "#graph-drawing")


async def test_an_expression_runs_the_learners_layers_and_says_which_nodes_stay_the_librarys(folder):
    app = opened(folder, "expression=1/(1 + exp(-x))", "inputs=x=1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        said = " ".join(text(app, "#graph-mine").split())
        assert "Your layers: MulLayer, AddLayer" in said
        assert "exp, 1/x: the library's" in said
        await pilot.press("e")
        assert "every gradient of the backward pass agrees" in " ".join(text(app, "#graph-check").split())


async def test_a_served_session_refuses_impl_mine(folder, monkeypatch):
    monkeypatch.setenv(SERVED, "1")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        assert p.error is not None and "served session" in str(p.error)
        assert not p.jobs


def drawing_rows(app) -> list[str]:
    """The rows of the graph's drawing the screen shows (its body's region, the "more" mark left out)."""
    region = app.screen.query_one("#graph-body").region
    rows = screen_lines(app)[region.y:region.bottom]
    return [cells_of(row, region.x, region.right) for row in rows if "more ↓" not in row and "아래에 더" not in row]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_beside_the_text_a_wrong_layers_messages_fold_and_leave_the_drawing_its_rows(folder, monkeypatch,
                                                                                          tmp_path, lang):
    """Lesson 5.5's step on the learner's graph at 80×24 beside the text, a MulLayer with its gradients
    swapped: the rule and ⚠ lines in full took 17 of the pane's 22 rows and left the drawing one. Folded
    to their gist, they leave it DRAWING_ROWS, with the node of the step and its values in view (the
    oranges' node, below the apples' in the outline, too); `i` shows them in full, and again folds them."""
    from workbench.app.panes.graph import DRAWING_ROWS

    swap_mul_backward(folder)
    shutil.copytree(folder, tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    app = make_app(lesson_id="gradient-check", step=11, lang=lang, state_dir=tmp_path / "state")
    orange = "귤" if lang == "ko" else "orange"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        for step, node, values in ((8, "mul_apple_layer", ("65,000", "1,300")), (7, "mul_orange_layer",
                                                                                  ("97,500", "1,950"))):
            await pilot.press("e", *[","] * (8 - step))
            await pilot.pause()
            assert p.settings.step == step and p.folds and not p.unfolded
            assert node in text(app, "#graph-rule")
            shown = drawing_rows(app)
            assert len(shown) >= DRAWING_ROWS - 1, shown             # the "more" mark takes the last
            said = "\n".join(shown)
            assert all("←" + value in said for value in values), said   # the step's gradients on their edges
            if step == 7:
                assert f"{orange} = 150" in said
        await pilot.press("i")
        await pilot.pause()
        assert p.unfolded and "workbench exercises check" in " ".join(text(app, "#graph-mine").split())
        await pilot.press("i")
        await pilot.pause()
        assert not p.unfolded and "workbench exercises check" not in text(app, "#graph-mine")


async def test_with_room_the_messages_stay_whole_and_i_does_nothing(folder):
    """At 100×40 the pane alone has room for every message and the drawing: nothing folds, and `i`
    (not in the footer) changes nothing."""
    swap_mul_backward(folder)
    app = opened(folder, "step=8")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        assert not p.folds and "workbench exercises check" in " ".join(text(app, "#graph-mine").split())
        assert "in full" not in text(app, "#graph-mine") + text(app, "#graph-rule")
        await pilot.press("i")
        assert not p.unfolded


def test_snapshot_a_wrong_backward_at_the_end(snap_compare, folder, monkeypatch):
    monkeypatch.chdir(folder.parent)                     # the pane names the file as "mine/layers.py"
    swap_mul_backward(folder)
    app = opened("mine", "step=8")
    app.animation_level = "none"

    async def walk(pilot):
        await pilot.pause()
        await ran(pilot, pilot.app.screen.query_one(GraphPane))

    assert snap_compare(app, terminal_size=SIZE, run_before=walk)


async def test_a_time_limit_before_any_of_the_learners_code_ran_does_not_say_their_code_stops_here(folder):
    """The walk's child ran out of time before it used a part of theirs: the failure says so, and the
    rule under it stays empty instead of "your code stops here: fix the file"."""
    from dataclasses import replace

    from workbench.exercises.runner import timeout_message

    app = opened(folder, "step=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        mine = replace(p.result.mine, limit=0, failure={"message": timeout_message("graph_mine", [], "10")})
        view = replace(p.result, mine=mine)
        assert not view.graph.steps
        assert p.rule(view).plain == ""
        stuck = replace(mine, failure={"message": timeout_message("graph_mine", ["MulLayer.forward"], "10")})
        assert p.rule(replace(p.result, mine=stuck)).plain != ""         # their code ran: the hint stays


async def test_an_endless_loop_shows_the_line_it_was_stopped_at(folder):
    """A trace cut at the time limit ends at the learner's line that was running (it has no error line
    to leave out): the pane keeps that line."""
    from dataclasses import replace

    from workbench.exercises.runner import message

    app = opened(folder, "step=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        stopped = {"message": message("timeout", where="MulLayer.forward", seconds="10"), "part": "MulLayer",
                   "traceback": "layers.py:12 in forward\n    while True:"}
        shown = p.mine_text(replace(p.result, mine=replace(p.result.mine, failure=stopped))).plain
        assert shown.endswith("layers.py:12 in forward\n    while True:"), shown
        raised = dict(stopped, traceback="layers.py:12 in forward\n    x[0]\nIndexError: too many indices")
        shown = p.mine_text(replace(p.result, mine=replace(p.result.mine, failure=raised))).plain
        assert shown.endswith("layers.py:12 in forward\n    x[0]"), shown         # the error: in the message


def test_what_the_learners_layer_returned_keeps_each_value_and_name_whole():
    from workbench.app.panes.graph import yours_text

    line = yours_text("⚠ 여러분의 MulLayer가 돌려준 값은 사과 가격 = 102입니다. x와 y가 뒤바뀐 것 같습니다(dout × self.x).",
                      ["사과 가격"])
    assert "사과\u00a0가격\u00a0=\u00a0102입니다." in line and "(dout\u00a0×\u00a0self.x)." in line


async def test_what_the_learners_layers_printed_in_the_walk_is_shown_under_whose_they_are(folder):
    """Their print() in MulLayer.forward went nowhere; it is shown as the exercises show what a part
    printed while it was graded: the first five lines and how many."""
    change(folder / "layers.py", "        return x * y", "        print('mul', x, y)\n        return x * y")
    app = opened(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(GraphPane)
        await ran(pilot, p)
        lines = text(app, "#graph-mine").splitlines()
        assert lines[-4:] == ["Your code printed:", "    mul 100.0 2.0", "    mul 150.0 3.0", "    mul 650.0 1.1"]
        assert p.result.mine.printed["count"] == 3
