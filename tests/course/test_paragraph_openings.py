"""No paragraph of a lesson opens with the `,` key: on screen the key is a bare comma at the start of a
line, which reads as a stray mark (3.2 step 3 in Korean opened ", 키와 . 키를 눌러 A1로 …")."""
import re

import pytest

from workbench.course.files import load_course


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_paragraph_opens_with_the_comma_key(lang):
    opening = []
    for lesson in load_course(lang=lang).lessons:
        for step in lesson.steps:
            for paragraph in re.split(r"\n\s*\n", step.text):
                words = paragraph.lstrip("*_ \n")
                if words.startswith("`,`"):
                    opening.append((lesson.number, step.id, paragraph[:30]))
    assert not opening
