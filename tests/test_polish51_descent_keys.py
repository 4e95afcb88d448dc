"""The descent pane's Korean keys speak of the walk's own steps (하강, 번), not of 단계: the lesson's
header counts its steps in 단계 ("5/8단계"), and a footer of ". 한 단계  < > ±10단계" read as a key that
moves the lesson on. The English keys say "step" as the book does; they are left as they were."""
from __future__ import annotations

import tomllib
from pathlib import Path

import workbench

CATALOG = Path(workbench.__file__).parent / "i18n" / "ko" / "descent.toml"


def descent_keys() -> dict[str, str]:
    texts = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    return {key: text for key, text in texts.items() if key.startswith("descent.key.")}


def test_no_korean_descent_key_or_its_tip_says_dangye():
    keys = descent_keys()
    assert keys and not {key: text for key, text in keys.items() if "단계" in text}


def test_the_keys_that_walk_name_the_descent_or_count_it():
    keys = descent_keys()
    assert keys["descent.key.step"] == keys["descent.key.steps"] == "하강"
    assert [keys[f"descent.key.{name}"] for name in ("tens", "ten", "ten_back")] == ["±10번", "+10번", "−10번"]
