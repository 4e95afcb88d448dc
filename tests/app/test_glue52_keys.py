"""A key stays with the words it belongs to on every row break (`no_break.glue_keys`): 7.3 step 1 broke
"Press" above ". to step through the rows" and in Korean "씁니다." above ". 키로 행을", a row starting
with a lone "." that reads as stray punctuation. A lone key (in code or in bold) is joined to the word
before it as well as to the one after it; what no_break already kept together stays so."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from textual.app import App

from screen_text import screen_lines
from test_lesson_text_rows import FILES, shown_rows
from workbench.app.keys_panel import PANEL_TEXT
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.no_break import JOINER, glue_keys, glue_markdown, paragraph_lines

BARE_KEY_START = re.compile(r"_[,:;]?[ \u00a0]")
"""A row that starts with a key (shown as "_", `shown_rows`), alone before a space: no parenthesis
before it ("(_ goes back" reads as an aside)."""


def test_a_key_joins_the_word_before_it_and_the_one_after_it_in_code_and_in_bold():
    assert glue_keys("Press `.` to step") == f"Press{JOINER}`.`{JOINER}to step"
    assert glue_keys("Press **.** to step") == f"Press**{JOINER}.{JOINER}**to step"
    assert glue_keys("씁니다. **.** 키로 행을") == f"씁니다.**{JOINER}.{JOINER}**키로 행을"
    assert glue_keys("press **.**, then") == f"press**{JOINER}.**,{JOINER}then"
    assert glue_keys("press `Esc` or **F1** now") == f"press{JOINER}`Esc`{JOINER}or**{JOINER}F1{JOINER}**now"
    assert glue_keys("press `Ctrl+P` now, `dx` stays") == f"press{JOINER}`Ctrl+P`{JOINER}now, `dx` stays"
    # a bold that opens before a key in code: the joiner goes inside it
    assert glue_keys("입니다. **`]` 키를 눌러**") == f"입니다.**{JOINER}`]`{JOINER}키를 눌러**"


def test_a_list_marker_a_table_cell_and_the_end_of_an_emphasis_keep_their_space():
    assert glue_keys("- `.` steps on") == f"- `.`{JOINER}steps on"
    assert glue_keys("1. **.** goes") == f"1. **.{JOINER}**goes"
    assert glue_keys("| `.` | next |") == "| `.` | next |"
    assert glue_keys("| **.** | next |") == "| **.** | next |"
    assert glue_keys("**해 보기:** `o`를 누르면") == "**해 보기:** `o`를 누르면"


def test_two_keys_in_bold_side_by_side_are_joined_by_a_no_break_space():
    """8.1's "**+** **-** its amount" broke as "and +" above "- its amount": "**" beside a joiner and "+"
    would end no emphasis, so a no-break space joins them, which Markdown reads as a space."""
    glued = glue_keys("and **+** **-** its amount")
    assert glued == f"and**{JOINER}+**\u00a0**-{JOINER}**its amount"
    children = MarkdownIt("gfm-like").parse(glued)[1].children
    assert [child.type for child in children].count("strong_open") == 2


def test_a_line_opening_with_a_key_in_bold_joins_the_paragraph_so_it_keeps_the_word_before():
    """6.4: "Their seeds are in" above "**3**, and their curves" (a new line in the source)."""
    assert paragraph_lines("are in\n**3**, and\n* item\n***\n") == "are in **3**, and\n* item\n***\n"
    assert glue_markdown("are in\n**3**, and") == f"are in**{JOINER}3**,{JOINER}and"


def test_in_a_narrow_column_a_key_breaks_from_a_formula_before_the_formula_breaks():
    """F1's panel is PANEL_TEXT cells wide: "9 + 9 = 18개입니다. . 키와" is wider, and broke inside its
    formula, "9 + 9" above "= 18개입니다.", once the key joined it; it breaks before the key now."""
    glued = glue_markdown("한 쌍마다 9 + 9 = 18개입니다. **.** 키와 **,** 키로 계층을", column=PANEL_TEXT)
    assert f"9{JOINER}+{JOINER}9{JOINER}={JOINER}18개입니다. **.{JOINER}**키와" in glued, glued


@pytest.mark.parametrize("width", (36, 38, 46, 58))
@pytest.mark.parametrize("path", FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_no_row_of_a_lesson_starts_with_a_bare_key(path: Path, width: int):
    """At the text column's widths (80×24 with and without a scrollbar, 120×40, 60×24): 7.3 step 1's
    "Press" above ". to step", 5.1's "Press" above "e to run it"."""
    assert [(upper, lower) for _, rows in shown_rows(path, width) for upper, lower in zip(rows, rows[1:])
            if BARE_KEY_START.match(lower)] == []


class Narrow(App):
    CSS = "LessonMarkdown { width: 15; }"

    def compose(self):
        yield LessonMarkdown()


async def test_the_lesson_text_keeps_a_key_with_its_verb_and_two_keys_in_bold_together():
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update("Then press **.** to go.\n\nNow do so **+** **-** its")
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert rows == ["Then", "press\u00a0.\u00a0to", "go.", "Now do", "so\u00a0+\u00a0-\u00a0its"], rows
