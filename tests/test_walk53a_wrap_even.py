"""`cells.wrap_even`: a paragraph's last row never holds one word alone where a slightly narrower wrap
brings a second word down without costing a row (walk53a: "place." under 1.1's result, "않습니다." under
the softmax pane's argmax line)."""
import pytest

from workbench.i18n.cells import cell_len, wrap, wrap_even

PARAGRAPHS = [
    "Element-wise: each value of the result comes from the two values at its place.",
    "argmax a = 2 → argmax y = 2: 같은 클래스입니다. 소프트맥스 함수는 순서를 바꾸지 않습니다.",
    "the second-to-last axes: B has none, so it counts as 1 and is stretched to\u00a02",
    "The stable version subtracts C = max = 4, so exp(a−C) ≤ 1.",
]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
@pytest.mark.parametrize("width", range(24, 90))
def test_no_lone_word_ends_a_paragraph_where_a_narrower_wrap_avoids_it(paragraph, width):
    rows, plain = wrap_even(paragraph, width), wrap(paragraph, width)
    assert len(rows) == len(plain), "never a row more"
    assert all(cell_len(row) <= width for row in rows)
    assert " ".join(rows).split() == " ".join(plain).split(), "the same words in the same order"
    avoidable = any(len(wrap(paragraph, narrower)) == len(plain) and " " in wrap(paragraph, narrower)[-1]
                    for narrower in range(width * 2 // 3 + 1, width))
    if len(rows) > 1 and avoidable:
        assert " " in rows[-1], rows


def test_the_words_the_walk_found_alone_come_down_with_another():
    assert wrap_even(PARAGRAPHS[0], 38)[-1] == "its place."
    assert wrap_even(PARAGRAPHS[1], 79)[-1] == "바꾸지 않습니다."


def test_a_line_break_still_starts_a_paragraph_of_its_own():
    assert wrap_even("one two three four five\nsix", 14) == ["one two three", "four five", "six"]
