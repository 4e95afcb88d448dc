"""Lessons 4.1–4.3 and 5.1–5.3 beside their panes at 80×24: each code block fits the text column, so
none is folded with ↪ (5.2's backward pass broke as "→" over "↪ 사과 개수 (apple_num" and "↪ )")."""
import re

import pytest

from workbench.course.files import load_course
from workbench.i18n.cells import cell_len

LESSONS = ("loss-functions", "numerical-gradient", "gradient-descent",
           "computational-graph", "layer-nodes", "activation-layers")
CODE_WIDTH = 32
"""Cells a code line has beside a pane at 80×24: the text column is 36 cells when the lesson opens at
that step with its scrollbar (38 when a step reached with → fits without one), less the block's
padding of 2 each side. 4.1's 33-cell batch formula was folded as "log(yₙₖ +" over "↪ δ)"."""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_each_code_block_beside_a_pane_fits_the_column(lesson_id, lang):
    lesson = load_course(lang=lang).lesson(lesson_id)
    for step in lesson.steps:
        if not step.pane:
            continue
        for block in re.findall(r"```[a-z]*\n(.*?)```", step.text, re.DOTALL):
            for line in block.splitlines():
                assert cell_len(line) <= CODE_WIDTH, (step.id, line)
