"""The graph's messages about the learner's own layers count nodes as its status does ("node 5/8",
"노드 단계 5/8"): they said "Step 5 (…)" / "5단계(…)", the lesson's word for its own steps, beside a
lesson's "2/6단계"."""
import re

import pytest
from mine_fixtures import change, folder, ran  # noqa: F401 - a fixture

from workbench.app.app import make_app
from workbench.app.panes.graph import GraphPane
from workbench.i18n import strings
from workbench.models.catalog import pane
from screen_text import widget_text as text

LESSON_WORD = {"en": re.compile(r"(?:^|[·:;,(])\W*steps? \{|\bof \{\w+\} steps\b", re.IGNORECASE),
               "ko": re.compile(r"(?:^|[·:;,(])\W*단계 \{|\{\w+\}\s*단계")}
"""The lesson's word for a step next to a number, as a graph message might still say it."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_graph_message_counts_in_the_lessons_word(lang):
    said = {key: text for key, text in strings(lang).items() if key.startswith("graph.")}
    assert "graph.mine.wrong" in said, "the catalog moved?"
    like = {key: text for key, text in said.items() if LESSON_WORD[lang].search(text)}
    assert not like, like


@pytest.mark.parametrize("lang, words", [(None, "Node 5 (× mul_tax_layer · backward)"),
                                         ("ko", "노드 단계 5(× mul_tax_layer · 역전파)")])
async def test_a_wrong_backward_is_named_by_its_node(folder, lang, words):
    change(folder / "layers.py", "return dout * self.y, dout * self.x", "return dout * self.x, dout * self.y")
    settings = pane("graph").parse(["graph=apple-orange", "impl=mine", f"folder={folder}", "step=8"])
    app = make_app(pane=("graph", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await ran(pilot, app.screen.query_one(GraphPane))
        said = " ".join(text(app, "#graph-mine").split())
        assert words in said, said
