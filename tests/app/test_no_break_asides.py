"""A word and a number alone in parentheses stay on one row (no_break.glue_asides): 2.2 step 4 broke
"▲(클래스 0)입니다" as "▲(클래스" at the end of a row and "0)입니다" at the start of the next."""
from textual.app import App

from screen_text import screen_lines
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.no_break import JOINER, glue_asides, glue_markdown

SENTENCE = "좌표 하나만 양수인 곳은 ●(클래스 1), 두 좌표의 부호가 같은 곳은 ▲(클래스 0)입니다."
"""2.2 step 4's sentence (lessons/xor/ko.md)."""


def test_a_word_and_a_number_in_parentheses_are_joined():
    assert glue_asides(SENTENCE) == SENTENCE.replace("스 ", f"스{JOINER}")
    assert glue_asides("● (class 1), (x −2.5)") == f"● (class{JOINER}1), (x{JOINER}−2.5)"


def test_a_tuple_code_prose_and_a_longer_aside_are_left_as_they_are():
    text = "(0, 0), (N, 3), `(a 1)`, (the class 1), (3 classes), (클래스가 열 개인 1)"
    assert glue_asides(text) == text
    assert glue_asides("```\n(a 1)\n```") == "```\n(a 1)\n```"


def test_the_lessons_glue_joins_them():
    assert f"(클래스{JOINER}0)" in glue_markdown(SENTENCE)


class Narrow(App):
    CSS = "LessonMarkdown { width: 23; }"

    def compose(self):
        yield LessonMarkdown()


async def test_the_lesson_text_keeps_the_class_and_its_number_on_one_row():
    """23 cells wide, "두 좌표의 부호가 같은 곳은 ▲(클래스" fills a row, the 0 going to the next without the glue."""
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update(SENTENCE)
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert any("▲(클래스\u00a00)입니다." in row for row in rows), rows
        assert not any(row.endswith("(클래스") for row in rows), rows
