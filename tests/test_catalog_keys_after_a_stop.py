"""No catalog line puts a lone key right after the end of a sentence or a clause ("마지막 단계입니다. ,로
돌아갑니다", "the last stage; , goes back", "시작점입니다. .을 누르면"): on screen the key reads as a second
stop or a stray comma. Lesson texts have their own rule (test_en51b_sentence_keys); this one reads the
panes' own lines, in English and Korean."""
import re
import tomllib
from pathlib import Path

import pytest

import workbench

CATALOG = Path(workbench.__file__).parent / "i18n"
AFTER_A_STOP = re.compile(r"[.;:!?]\s+[.,](?=[\s을를로은는이가]|$)")
"""A sentence's or clause's end, then a lone `.` or `,` key (a word or a particle follows it)."""


def lines(lang: str):
    for path in sorted((CATALOG / lang).glob("*.toml")):
        def walk(value, key=""):
            if isinstance(value, dict):
                for inner, item in value.items():
                    yield from walk(item, inner)
            elif isinstance(value, str):
                yield f"{path.name} {key}", value
        yield from walk(tomllib.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_line_puts_a_lone_key_right_after_a_stop(lang):
    found = [f"{where}: …{text[max(m.start() - 20, 0):m.end() + 15]}…"
             for where, text in lines(lang) for m in AFTER_A_STOP.finditer(text)]
    assert not found, "\n".join(found)
