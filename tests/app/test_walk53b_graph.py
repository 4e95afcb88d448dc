"""The graph pane beside a lesson's text at 80×24, as a new reader walked it (walk53b): the status line and
the rule's header break before their last item's words, never leaving "forward" alone on a row."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from screen_text import screen_lines

SIZE = (80, 24)
PHASES = {"forward", "backward", "done", "not started", "순전파", "역전파", "완료", "시작 전"}


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def pane_rows(app) -> list[str]:
    """The rows of the pane beside the text (right of the text column's edge)."""
    return [row.split("▏", 1)[1].replace("\u00a0", " ").strip() for row in screen_lines(app) if "▏" in row]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_no_pane_row_of_5_4_is_a_lone_phase(lang):
    """5.4 step 1 beside the text: "softmax-with-loss · node 2/4 ·" over a lone "forward", and the rule's
    "Softmax-with-Loss  last_layer ·" over "forward" again."""
    app = make_app(lesson_id="softmax-with-loss", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = pane_rows(app)
        assert not PHASES & set(rows), rows
        assert any(row.endswith(("2/4 · forward", "2/4 · 순전파")) for row in rows), rows


async def test_the_predict_status_keeps_the_node_with_its_phase():
    """5.2 step 4 (predict mode): "score 0/0 · apple-orange · node 4/8 ·" over "forward"."""
    app = make_app(lesson_id="layer-nodes", step=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = pane_rows(app)
        assert "forward" not in rows and "node 4/8 · forward" in rows, rows
