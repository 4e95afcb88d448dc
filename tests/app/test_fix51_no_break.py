"""A number and the Korean counter written apart after it ("70만 배", "100만 장", "수천 번") stay on one
row in the lesson text, as a number and its % do; a word that merely ends in 만 does not join."""
from test_no_break import narrow_rows               # the lesson text in a 15-cell column
from workbench.app.no_break import JOINER, glue_units


def test_glue_units_keeps_a_korean_counter_with_its_number():
    assert glue_units("약 70만 배나 나쁩니다, 기준선보다 십만 배 아래") == f"약 70만{JOINER}배나 나쁩니다, 기준선보다 십만{JOINER}배 아래"
    assert glue_units("이미지 100만 장 이상, 수천 개, 3 번") == f"이미지 100만{JOINER}장 이상, 수천{JOINER}개, 3{JOINER}번"
    assert glue_units("이것만 배우면 `x = 2 배`, float16 배열") == "이것만 배우면 `x = 2 배`, float16 배열"


async def test_the_lesson_text_never_leaves_bae_alone_on_a_row():
    rows = await narrow_rows("같은 h로 약 70만 배나 나쁩니다")
    assert not any(row.startswith("배") for row in rows) and "70만\u00a0배나" in "".join(rows), rows
