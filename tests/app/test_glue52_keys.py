"""A key stays with the words it belongs to on every row break (`no_break.glue_keys`): 7.3 step 1 broke
"Press" above ". to step through the rows" and in Korean "씁니다." above ". 키로 행을", a row starting
with a lone "." that reads as stray punctuation. A lone key (in code or in bold) is joined to the word
before it as well as to the one after it; what no_break already kept together stays so."""
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from screen_text import screen_lines
from test_lesson_text_rows import FILES, shown_rows
from test_no_break import Narrow                     # the lesson text in a 15-cell column
from workbench.app.keys_panel import PANEL_TEXT
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.no_break import JOINER, KEY_SPACE as K, glue_keys, glue_markdown, paragraph_lines

BARE_KEY_START = re.compile(r"_[,:;]?[ \u00a0]")
"""A row that starts with a key (shown as "_", `shown_rows`), alone before a space: no parenthesis
before it ("(_ goes back" reads as an aside)."""


def test_a_key_joins_the_word_before_it_and_the_one_after_it_in_code_and_in_bold():
    assert glue_keys("Press `.` to step") == f"Press{K}`.`{JOINER}to step"
    assert glue_keys("Press **.** to step") == f"Press{K}**.{JOINER}**to step"
    assert glue_keys("씁니다. **.** 키로 행을") == f"씁니다.{K}**.{JOINER}**키로 행을"
    assert glue_keys("press **.**, then") == f"press{K}**.**,{JOINER}then"
    assert glue_keys("press `Esc` or **F1** now") == f"press{K}`Esc`{JOINER}or{K}**F1{JOINER}**now"
    assert glue_keys("press `Ctrl+P` now, `dx` stays") == f"press{K}`Ctrl+P`{JOINER}now, `dx` stays"
    # a bold that opens before a key in code
    assert glue_keys("입니다. **`]` 키를 눌러**") == f"입니다.{K}**`]`{JOINER}키를 눌러**"


def test_a_list_marker_and_a_table_cell_keep_their_space_and_emphasis_stays_as_it_was():
    """KEY_SPACE is whitespace to Markdown: "**" beside it opens and ends emphasis as beside a space
    ("**해 보기:** `o`를", "**+** **-** its amount", which 8.1 broke as "and +" above "- its amount")."""
    assert glue_keys("- `.` steps on") == f"- `.`{JOINER}steps on"
    assert glue_keys("1. **.** goes") == f"1. **.{JOINER}**goes"
    assert glue_keys("| `.` | next |") == "| `.` | next |"
    assert glue_keys("| **.** | next |") == "| **.** | next |"
    for text in ("**해 보기:** `o`를 누르면", "and **+** **-** its amount", "Press **.**, then"):
        glued = glue_keys(text)
        assert [(child.type, child.content.replace(K, " ").replace(JOINER, " ").strip()) for child in
                MarkdownIt("gfm-like").parse(glued)[1].children] == \
               [(child.type, child.content.strip()) for child in MarkdownIt("gfm-like").parse(text)[1].children], glued
    assert glue_keys("and **+** **-** its amount") == f"and{K}**+**{K}**-{JOINER}**its amount"


def test_a_line_opening_with_a_key_in_bold_joins_the_paragraph_so_it_keeps_the_word_before():
    """6.4: "Their seeds are in" above "**3**, and their curves" (a new line in the source)."""
    assert paragraph_lines("are in\n**3**, and\n* item\n***\n") == "are in **3**, and\n* item\n***\n"
    assert glue_markdown("are in\n**3**, and") == f"are in{K}**3**,{JOINER}and"


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


async def test_the_lesson_text_keeps_a_key_with_its_verb_and_two_keys_in_bold_together():
    app = Narrow()
    async with app.run_test(size=(40, 16)) as pilot:
        await app.query_one(LessonMarkdown).update("Then press **.** to go.\n\nNow do so **+** **-** its")
        await pilot.pause()
        rows = [line.strip() for line in screen_lines(app) if line.strip()]
        assert rows == ["Then", "press .\u00a0to", "go.", "Now do", "so + -\u00a0its"], rows
