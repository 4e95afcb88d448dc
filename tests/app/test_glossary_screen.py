"""The glossary screen as a learner uses it at 80×24: G (or the palette's "Glossary" / "용어집") opens it
over the list or a lesson, typing filters it by English, Korean or library name, ↑ ↓ or a click selects a
term, Enter or a click on "introduced in" opens that step, Escape closes; in both languages."""
import pytest

from workbench.app.app import make_app
from workbench.app.glossary_screen import GlossaryScreen, StepLink, TermList
from workbench.app.help_screen import help_text
from workbench.i18n import t

from screen_text import palette_searched, screen_lines, screen_text, until, widget_text

SIZE = (80, 24)


def still(app):
    app.animation_level = "none"
    return app


def on_glossary(app) -> bool:
    return isinstance(app.screen, GlossaryScreen)


def on_step(app, lesson_id: str, index: int) -> bool:
    screen = app.screen
    return getattr(screen, "lesson", None) is not None and screen.lesson.id == lesson_id and screen.index == index \
        and not screen.building


def listed(app) -> list[str]:
    return [term.en for term in app.screen.shown]


async def opened(app, pilot, typed: str = "") -> GlossaryScreen:
    await pilot.press("G")
    await until(pilot, lambda: on_glossary(app) and app.screen.is_mounted)
    if typed:
        await pilot.press(*typed)
        await until(pilot, lambda: app.screen.query_one("#glossary-search").value == typed)
    await pilot.pause()
    return app.screen


@pytest.mark.parametrize("where", [{}, {"lesson_id": "perceptron", "step": 1}])
async def test_G_opens_the_glossary_over_the_list_and_a_lesson_and_escape_closes_it(where):
    app = make_app(**where)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        under = type(app.screen)
        screen = await opened(app, pilot)
        assert len(screen.shown) == len(screen.glossary.terms) > 60
        assert screen_lines(app)[0].strip() == f"Glossary  {len(screen.shown)} of {len(screen.shown)} terms"
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen) is under)


@pytest.mark.parametrize("typed, first", [("backprop", "backpropagation"), ("오차역전파", "backpropagation"),
                                          ("SoftmaxWith", "Softmax-with-Loss"), ("기울기", "gradient")])
async def test_typing_filters_by_english_korean_or_library_name(typed, first):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot, typed)
        assert listed(app)[0] == first and len(listed(app)) < 5
        assert screen.selected.en == first
        assert screen.selected.means("en") in " ".join(widget_text(app, "#glossary-meaning").split())


async def test_a_word_of_no_term_says_so_in_the_lists_place_and_enter_does_nothing():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, "zebra")
        assert listed(app) == []
        shown = " ".join(screen_text(app).split())
        assert "No term matches “zebra”." in shown and "Library" not in shown
        await pilot.press("enter")
        await pilot.pause()
        assert on_glossary(app)


async def test_arrows_choose_a_term_and_enter_opens_the_step_that_introduces_it():
    """im2col's terms: im2col (7.2 step 1), col2im (7.2 step 5); ↓ goes to col2im and Enter opens its step."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, "col")
        assert listed(app)[:2] == ["col2im", "im2col"]          # col2im begins with "col"
        await pilot.press("down")
        assert app.screen.selected.en == "im2col"
        assert "Introduced in 7.2 step 1 · Unfold the windows" in widget_text(app, "#glossary-step")
        await pilot.press("up", "enter")
        await until(pilot, lambda: on_step(app, "im2col", 4))


async def test_from_a_lesson_a_step_of_the_same_lesson_is_shown_in_it():
    app = make_app(lesson_id="perceptron", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: on_step(app, "perceptron", 0))
        lesson_screen = app.screen
        await opened(app, pilot, "threshold")
        await pilot.press("enter")
        await until(pilot, lambda: on_step(app, "perceptron", 4))
        assert app.screen is lesson_screen and len(app.screen_stack) == 2


async def test_a_click_selects_a_term_and_a_click_on_its_step_opens_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot, "pool")
        assert listed(app) == ["pooling", "max pooling"]
        await pilot.click(TermList, offset=(4, 1))
        await until(pilot, lambda: screen.selected.en == "max pooling")
        assert on_glossary(app)                     # a click on a term only selects it
        await pilot.click(StepLink, offset=(3, 0))
        await until(pilot, lambda: on_step(app, "pooling", 0))


@pytest.mark.parametrize("lang, typed", [("en", "Glossary"), ("ko", "용어집"), ("ko", "glossary")])
async def test_the_palette_opens_the_glossary_in_either_language(lang, typed):
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *typed)
        await until(pilot, lambda: palette_searched(app, typed))
        options = app.screen.query_one("CommandList").options
        assert str(options[0].hit.text) == t("glossary.palette")
        await pilot.press("enter")
        await until(pilot, lambda: on_glossary(app))


@pytest.mark.parametrize("where", [{}, {"lesson_id": "perceptron", "step": 1}])
async def test_the_help_of_the_list_and_of_a_lesson_names_G(where):
    app = make_app(**where)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"[G](key:G)** {t('glossary.key.open.tip')}" in help_text(app.screen)


async def test_the_lists_footer_shows_G_and_the_glossarys_own_keys():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "G Glossary" in screen_lines(app)[-1]
        await opened(app, pilot)
        assert screen_lines(app)[-1].split() == ["esc", "Close", "F1", "Help", "⏎", "Open", "step", "^q", "Quit"]


async def test_in_korean_the_korean_term_comes_first_and_every_row_fits():
    app = make_app(lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot, "합성곱")
        lines = screen_lines(app)           # asserts no row is wider than 80 cells
        assert lines[4].split() == ["용어", "Term", "라이브러리"]
        assert lines[5].split()[:4] == ["합성곱", "신경망", "convolutional", "neural"]
        assert widget_text(app, "#glossary-step").startswith("처음 나오는 곳: 7.1 레슨 1단계 · ")


@pytest.mark.parametrize("lang, typed", [("en", ""), ("ko", "기울기")], ids=["en", "ko-searched"])
def test_snapshot(snap_compare, lang, typed):
    async def open_it(pilot):
        await pilot.press("G", *typed)
        await until(pilot, lambda: on_glossary(pilot.app)
                    and pilot.app.screen.query_one("#glossary-search").value == typed)
        await pilot.pause()

    assert snap_compare(still(make_app(lang=lang)), run_before=open_it, terminal_size=SIZE)


async def test_the_glossarys_help_lists_the_keys_that_move_through_the_list_and_page_down_moves_a_page():
    """The search field keeps the keys: Input's own ↑ ↓ and page keys hid the list's from the help."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(app, pilot)
        shown = help_text(screen)
        for key in ("move", "page", "go", "close"):
            assert t(f"glossary.key.{key}.tip") in shown
        rows = screen.query_one(TermList).size.height
        await pilot.press("pagedown")
        assert screen.query_one(TermList).highlighted == rows - 1


async def test_lessons_without_a_glossary_say_so_and_why(lessons_dir):
    app = make_app(lessons_dir=lessons_dir)
    async with app.run_test(size=SIZE) as pilot:
        await opened(app, pilot)
        assert widget_text(app, "#glossary-none").startswith(
            f"These lessons have no glossary terms. {lessons_dir / 'glossary.toml'}:1: ")
        assert "These lessons have no glossary terms." in screen_text(app)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_at_60x24_a_library_name_the_list_cuts_is_whole_in_the_selected_terms_meaning(lang):
    """At 60 columns the list cuts the library column first ("cross_e…"): the name was whole nowhere on
    screen. The selected term's meaning names it then, and every term's step link still shows below it."""
    app = make_app(lang=lang)
    async with app.run_test(size=(60, 24)) as pilot:
        screen = await opened(app, pilot, "cross_entropy")
        lines = screen_lines(app)
        row = next(line for line in lines if "cross" in line and "…" in line)
        assert "cross_entropy_error" not in row
        assert "cross_entropy_error" in widget_text(app, "#glossary-meaning")
        await pilot.press(*["backspace"] * len("cross_entropy"))
        await until(pilot, lambda: len(screen.shown) == len(screen.glossary.terms))
        detail, link = screen.query_one("#glossary-detail"), screen.query_one(StepLink)
        meaning, terms = screen.query_one("#glossary-meaning"), screen.query_one(TermList)

        def rows(index: int) -> int:                             # the rows its meaning and link take
            terms.highlighted = index
            screen.show_selected()
            return sum(part.get_content_height(detail.size, app.size, part.size.width) for part in (meaning, link))

        tallest = max(range(len(screen.shown)), key=rows)       # laid out and looked at: the term that needs the
        assert rows(tallest) >= 3                                # most rows, not each of 70 (9.7 s a language)
        await until(pilot, lambda: widget_text(app, "#glossary-meaning").startswith(
            f"{screen.shown[tallest].name(lang)}  "))
        await pilot.pause()
        assert link.region.bottom <= detail.region.bottom and link.region.height > 0, screen.shown[tallest].en
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:                  # at 80 the list shows it whole: said once
        await opened(app, pilot, "cross_entropy")
        assert "cross_entropy_error" not in widget_text(app, "#glossary-meaning")
        assert any("cross_entropy_error" in line for line in screen_lines(app))
