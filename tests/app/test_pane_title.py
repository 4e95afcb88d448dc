"""A pane on its own: its title whole in the bar at 80 columns, the hint beside it shortened to make room."""
import pytest
from rich.cells import cell_len

from workbench.app.app import make_app
from workbench.app.pane_screen import BAR_MARGINS, hint_for, sentence_case
from workbench.i18n import set_language, t
from workbench.models.catalog import PANES


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_pane_title_fits_beside_its_hint_at_80_columns(lang):
    set_language(lang)
    for entry in PANES.values():
        title = sentence_case(entry.title)
        for typing in (False, True):
            assert cell_len(title) + cell_len(t(hint_for(title, 80, typing))) + BAR_MARGINS <= 80, title
    assert hint_for("Gradient check", 80) == "pane_screen.hint"            # the whole hint where it fits


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_softmax_panes_title_is_whole_at_80x24_and_the_hint_whole_at_120(lang):
    """"Softmax, the book's first …" at 80 columns: the hint beside it took 45 of them."""
    app = make_app(pane=("softmax", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = str(app.screen.query_one("#lesson-title").render())
        assert bar == PANES["softmax"].title[:1].upper() + PANES["softmax"].title[1:]
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert str(app.screen.query_one("#step-counter").render()) == t("pane_screen.hint")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_hint_says_what_enter_and_escape_do_while_a_field_has_the_keys(lang):
    """In the training pane's setup, with a field focused, the bar said "s: edit" while s typed an s."""
    from textual.widgets import Input

    app = make_app(pane=("train", None), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        counter = app.screen.query_one("#step-counter")
        assert str(counter.render()) == t("pane_screen.hint")
        app.screen.query_one("#train-form Input").focus()
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(app.screen.focused, Input) and app.screen.focused.value.endswith("s")   # s typed
        assert str(counter.render()) == t("pane_screen.hint.typing")
        assert "s:" not in str(counter.render())
        await pilot.press("escape")                    # the pane takes the keys back
        await pilot.pause()
        assert not isinstance(app.screen.focused, Input)
        assert str(counter.render()) == t("pane_screen.hint")


def test_a_title_opens_with_a_capital_unless_it_opens_with_a_name_from_the_code():
    """The bar read "Im2col inspector": im2col is the book's function, spelt as in its code."""
    assert sentence_case("im2col inspector") == "im2col inspector"
    assert sentence_case("col2im, step by step") == "col2im, step by step"
    assert sentence_case("gradient check") == "Gradient check"
    assert sentence_case("softmax, the book's first version") == "Softmax, the book's first version"
    assert sentence_case("im2col 들여다보기") == "im2col 들여다보기"
    assert sentence_case("기울기 확인") == "기울기 확인"
    assert sentence_case("sin과 cos, 책의 첫 그래프") == "sin과 cos, 책의 첫 그래프"     # not "Sin과"
    assert sentence_case("sin and cos, the book's first plot") == "Sin and cos, the book's first plot"


async def test_the_im2col_panes_bar_spells_im2col_as_the_code_does():
    app = make_app(pane=("im2col", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#lesson-title").render()).startswith("im2col inspector")
