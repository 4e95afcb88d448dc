"""The inference pane's timing keeps how the two loops compare on one row ("(18× faster)", "(18배 빠름)"):
at 120×40, where the pane is 60-odd cells wide, "faster)" stood alone on the last row (walk53a)."""
import pytest

from workbench.app.panes.inference import InferencePane
from workbench.app.widgets.folded import fold
from workbench.i18n import set_language
from workbench.models.inference import Timing


@pytest.mark.parametrize("lang, compared", [("en", "(18× faster)"), ("ko", "(18배 빠름)")])
@pytest.mark.parametrize("width", range(40, 80))
def test_how_the_loops_compare_is_never_broken_across_rows(lang, compared, width):
    set_language(lang)
    try:
        sentence = InferencePane.timing_sentence(Timing(1000, 100, 0.282, 0.016))
    finally:
        set_language("en")
    rows = [row.replace("\u00a0", " ") for row in fold(sentence, width).plain.split("\n")]
    assert any(compared in row for row in rows), rows
