"""One-line messages of the forward, inference and canvas panes fit one row of the pane beside a lesson's
text at 80×24, in both languages: "the pass is done: Y is the network's output", "Getting the data to
train the network on…" and "Getting the images to test the network on…" each left their last word alone
on a second row there (walk53a)."""
import pytest
from textual.geometry import Size

from workbench.app.pane_screen import pane_width
from workbench.i18n import set_language, t
from workbench.i18n.cells import cell_len

ROW = pane_width(Size(80, 24), True, False) - 1
"""The cells a pane's line has beside the text at 80×24: the pane less its scroll bar or padding."""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", ["forward.done", "trained.status.data", "trained.status.test_data"])
def test_the_message_fits_one_row_of_the_pane_beside_the_text(key, lang):
    set_language(lang)
    try:
        line = t(key)
    finally:
        set_language("en")
    assert cell_len(line) <= ROW, (line, cell_len(line), ROW)
