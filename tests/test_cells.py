"""Text measured in terminal cells: wrapping at words (never at a no-break space), and labels for plotext,
which counts every character as one cell."""
from workbench.i18n.cells import FILLER, NO_BREAK, cell_len, for_plotext, wrap


def test_wrap_breaks_at_spaces_measures_hangul_in_cells_and_keeps_no_break_spaces_together():
    text = "합성 숫자 (내장, MNIST 아님): 훈련 이미지 600장, 시험 이미지 200장"
    lines = wrap(text, 20)
    assert all(cell_len(line) <= 20 for line in lines) and " ".join(lines) == text
    assert wrap(f"right = 95.7{NO_BREAK}% (10 batches)", 12) == ["right =", f"95.7{NO_BREAK}% (10", "batches)"]
    assert wrap("abcdefghij kl", 4) == ["abcd", "efgh", "ij", "kl"]           # a word wider than the line
    assert wrap("one\ntwo three", 5) == ["one", "two", "three"]


def test_a_label_for_plotext_holds_a_cell_for_each_second_cell_and_loses_it_after():
    label = for_plotext("반복 loss")
    assert len(label) == cell_len("반복 loss") and label.replace(FILLER, "") == "반복 loss"
    assert for_plotext("loss") == "loss"


def test_wrap_keeps_an_implicit_product_whole_as_the_app_does():
    """A console line broke "E = ½ Σₖ" over "(yₖ − tₖ)²" and "−log" over "y": a product written without an
    operator is as much one formula as "b + w₁x₁"."""
    assert wrap("sum of squares error E = ½ Σₖ (yₖ − tₖ)², and more", 24) == [
        "sum of squares error", "E = ½ Σₖ (yₖ − tₖ)², and", "more"]
    assert wrap("terms and the curve −log y by term", 24) == ["terms and the curve", "−log y by term"]
    assert wrap("drawn on a log scale here", 12) == ["drawn on a", "log scale", "here"]
