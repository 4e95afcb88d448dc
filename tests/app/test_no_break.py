"""A number and its % stay on one row in the lesson text (Korean writes "96 %"), and code is left alone."""
from rich.console import Console
from rich.text import Text
from textual.app import App

from screen_text import screen_lines
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.no_break import JOINER, glue_units, install, unjoin


def test_glue_units_joins_a_number_and_its_percent_but_not_code():
    assert glue_units("정확도 96 %입니다. 12.5 %p 올랐다") == f"정확도 96{JOINER}%입니다. 12.5{JOINER}%p 올랐다"
    assert glue_units("`10 % 3` and\n```python\nx = 10 % 3\n```\n7 %") == f"`10 % 3` and\n```python\nx = 10 % 3\n```\n7{JOINER}%"
    assert glue_units("100 %s and a % b") == "100 %s and a % b"
    assert unjoin(glue_units("96 %")) == "96\u00a0%"


def test_rich_wraps_before_the_number_not_between_it_and_the_percent():
    install()
    lines = Text("accuracy 96\u00a0%").wrap(Console(width=40), 11)
    assert [line.plain.rstrip() for line in lines] == ["accuracy", "96\u00a0%"]


class Narrow(App):
    CSS = "LessonMarkdown { width: 15; }"

    def compose(self):
        yield LessonMarkdown()


async def test_the_lesson_text_keeps_96_percent_on_one_row():
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update("정확도가 96 %에 이른다\n\n| 정확도 |\n|---|\n| 정확도가 96 %에 |")
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert rows[0] == "정확도가" and rows[1].startswith("96\u00a0%에"), rows   # plain: "정확도가 96" / "%에 …"
        assert "96\u00a0%에" in "".join(rows[2:]), rows                          # in a table cell too
