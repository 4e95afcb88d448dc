"""The `?` help and F1's keys panel keep the catalog's no-break spaces: a label kept with its value in the
pane ("4 뒤집기") was broken there in the help, whose Markdown made every space a plain one."""
import pytest

from workbench.app import help_screen
from workbench.app.app import make_app

SIZE = (80, 24)
KEPT = "4\u00a0뒤집기"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("where", ["help", "panel"])
async def test_a_label_kept_with_its_value_in_the_catalog_stays_with_it_in_the_help(where, lang, monkeypatch):
    from textual.widgets._markdown import MarkdownParagraph

    monkeypatch.setattr(help_screen, "focused_help", lambda screen: "말 " * 30 + KEPT + " 끝")
    app = make_app(pane=("activation-plot", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press({"help": "question_mark", "panel": "f1"}[where])
        await pilot.pause()
        shown = [paragraph._content.plain for paragraph in app.screen.query(MarkdownParagraph)]
    kept = [text for text in shown if "뒤집기" in text]
    assert kept and all(KEPT in text for text in kept), kept        # no-break: Rich wraps it as one word
