"""The im2col inspector in the app: views and layer keys, the cursor by key and by mouse, arrows left to a
lesson, every bad size refused in its field with the last good state kept, and SVG snapshots."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.cells import CellView
from workbench.app.panes.im2col import Im2colPane
from workbench.app.panes.im2col_views import wrap
from workbench.app.settings_form import SettingField
from workbench.models.im2col import Im2colSettings
from screen_text import screen_lines

SIZE = (80, 24)


def view_text(pane) -> str:
    return str(pane.query_one("#im2col-view", CellView).render())


def field(pane, key):
    return next(f for f in pane.query(SettingField) if f.key == key)


def hint(row) -> str:
    """The line under a field, with the no-break spaces that keep its formulas whole read as spaces."""
    return str(row.query_one(".setting-hint").render()).replace("\u00a0", " ")


async def type_into(pilot, pane, key, text):
    box = pane.query_one(f"#field-{key}", Input)
    box.focus()
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_keys_switch_views_and_layers():
    app = make_app(pane=("im2col", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        assert "col_W" in view_text(pane) or "col·col_W+b" in view_text(pane)
        await pilot.press("2")
        assert pane.settings.view == "windows" and "one row per window" in view_text(pane)
        await pilot.press("3")
        assert pane.settings.view == "col2im" and "dcol (4, 9)" in view_text(pane)
        await pilot.press("4")
        assert pane.settings.layer == "pool" and pane.settings.stride == 2    # the pool's usual stride
        assert "dout[0, 0]" in view_text(pane)
        assert not field(pane, "filter").display and field(pane, "pool").display


async def test_the_cursor_steps_through_windows_and_moves_with_hjkl():
    app = make_app(pane=("im2col", Im2colSettings(view="windows")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        assert pane.cursor == ("col", 0, 0)
        await pilot.press(".", ".")
        assert pane.cursor == ("col", 2, 0) and "Row 2 is window (1, 0)" in view_text(pane)
        await pilot.press(",", "l", "l", "j")
        assert pane.cursor == ("col", 2, 2)
        await pilot.press("i")                   # to the pixel that entry copies
        assert pane.cursor == ("x", 0, 0, 1, 2)
        assert "x[0, 0, 1, 2] = 7 is copied into 4 entries of col" in view_text(pane).replace("\n", " ")
        await pilot.press(".")              # back to the windows: the one after the row `i` came from
        assert pane.cursor == ("col", 3, 2)


async def test_dot_and_comma_from_a_pixel_go_on_from_where_the_reader_is():
    """`.` after `i` is the next window, not row 0 again; from a pixel reached with h j k l, `.` is
    the first window that holds it and `,` the last, at the entry that copies it."""
    app = make_app(pane=("im2col", Im2colSettings(view="windows")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await pilot.press(".", "l", "i")         # row 1, entry 1 → its pixel
        assert pane.cursor == ("x", 0, 0, 0, 2)
        await pilot.press(",")
        assert pane.cursor == ("col", 0, 1)
        await pilot.press("i", "j", "l")         # to x[0, 0, 1, 2], held by all four windows
        assert pane.cursor == ("x", 0, 0, 1, 2)
        await pilot.press(".")
        assert pane.cursor == ("col", 0, 5) and "Row 0 is window (0, 0)" in view_text(pane)
        await pilot.press("i", "j", "j")         # x[0, 0, 3, 2]: only windows 2 and 3 reach row 3
        await pilot.press(",")
        assert pane.cursor == ("col", 3, 7)
        await pilot.press("i")                   # back on x[0, 0, 3, 2]: `.` goes on after row 3
        await pilot.press(".")
        assert pane.cursor == ("col", 0, 7)
        await pilot.press("i", "j", "h", "h", ".")   # x[0, 0, 3, 0]: window 2 alone holds it
        assert pane.cursor == ("col", 2, 6)


def test_a_pixel_no_window_holds_steps_to_the_window_after_it():
    from workbench.models.im2col import sizes_of, window_from_pixel

    z = sizes_of(Im2colSettings(layer="pool", input=(1, 1, 5, 5), pool=(2, 2), stride=3))   # row 2, column 2 unread
    assert window_from_pixel(z, (0, 0, 2, 2), 1) == (2, 0) and window_from_pixel(z, (0, 0, 2, 2), -1) == (1, 0)
    assert window_from_pixel(z, (0, 0, 4, 4), 1) == (3, 3) and window_from_pixel(z, (0, 0, 4, 4), -1) == (3, 3)


async def test_arrows_move_the_cursor_on_their_own_but_step_a_lesson():
    app = make_app(pane=("im2col", Im2colSettings(view="windows")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await pilot.press("down", "right")
        assert pane.cursor == ("col", 1, 1)
    app = make_app(lesson_id="im2col", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.index == 1 and pane.cursor == ("col", 0, 0)


async def test_a_click_or_the_mouse_over_a_cell_moves_the_cursor():
    app = make_app(pane=("im2col", Im2colSettings(view="windows")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        view = pane.query_one("#im2col-view", CellView)
        x, y = view.canvas.find(("col", 3, 8))
        await pilot.click(view, offset=(x, y))
        assert pane.cursor == ("col", 3, 8)
        x, y = view.canvas.find(("x", 0, 0, 0, 0))
        await pilot.hover(view, offset=(x, y))
        await pilot.pause()
        assert pane.cursor == ("x", 0, 0, 0, 0)
        for key in (("col", 1, 4), ("x", 0, 0, 2, 1)):      # the space after an entry: it picked nothing
            x, y = view.canvas.find(key)
            await pilot.click(view, offset=(x + 2, y))
            assert pane.cursor == key


async def test_a_new_channel_count_is_carried_to_the_filters_and_enter_gives_the_keys_back():
    app = make_app(pane=("im2col", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await type_into(pilot, pane, "input", "2, 3, 5, 5")
        assert pane.settings.input == (2, 3, 5, 5) and pane.settings.filter == (1, 3, 3, 3)
        assert app.focused is pane
        await pilot.press("2")
        assert pane.settings.view == "windows"


@pytest.mark.parametrize("key, text, words", [
    ("stride", "0", "stride = 0 is out of range"),
    ("pad", "-1", "pad = −1 is out of range"),
    ("filter", "1, 1, 9, 9", "a window of 9 does not fit the height"),
    ("stride", "2", "(4 + 2·0 − 3)/2 + 1 = 1.5 is not a whole number"),
    ("filter", "1, 2, 3, 3", "the filters have C = 2 channels but the input has C = 1"),
    ("input", "64, 1, 1024, 1024", "more than the 256.0 MB this pane allows"),
    ("input", "1, 1, 4", "input must be sizes (N, C, H, W)"),
])
async def test_every_bad_size_is_explained_next_to_its_field_and_the_last_good_state_stays(key, text, words):
    app = make_app(pane=("im2col", Im2colSettings(view="windows")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        good, result, shown = pane.settings, pane.result, view_text(pane)
        await type_into(pilot, pane, key, text)
        row = field(pane, key)
        assert row.has_class("-invalid") and words in hint(row)
        assert not pane.query_one(ErrorLine).display                  # said once, beside the field
        assert pane.settings == good and pane.result is result and view_text(pane) == shown


async def test_a_refused_stride_says_why_across_the_pane_and_no_formula_breaks():
    """7.1's 6 × 6 input at stride 2: the reason goes under stride, which then takes the pane's whole width
    (beside pad it had half: "(6 + 2·1 − 3)/2 +" over "1 = 3.5"); a formula of a reason never wraps inside."""
    app = make_app(lesson_id="convolution", step=4, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        steps = pane.query_one("#im2col-steps")
        assert not steps.has_class("-stacked")
        await type_into(pilot, pane, "input", "1, 1, 6, 6")
        await pilot.pause()
        row = field(pane, "stride")
        assert row.has_class("-invalid") and steps.has_class("-stacked")
        assert row.region.width == steps.region.width and row.region.width > 30
        shown = [line.rstrip() for line in screen_lines(app)]
        assert any("(6 + 2·1 − 3)/2 + 1 = 3.5" in line.replace("\u00a0", " ") for line in shown), shown


async def test_enter_on_the_good_value_typed_back_clears_the_reason():
    """The reader types 1, 1, 6, 6, reads why not, and types 1, 1, 5, 5 again: the reason goes (it
    stayed, as Enter on the value in use was no edit), and the stride and pad sit side by side again."""
    app = make_app(lesson_id="convolution", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await type_into(pilot, pane, "input", "1, 1, 6, 6")
        assert pane.error is not None and field(pane, "stride").has_class("-invalid")
        await type_into(pilot, pane, "input", "1, 1, 5, 5")
        assert pane.error is None and not field(pane, "stride").has_class("-invalid")
        assert not pane.query_one("#im2col-steps").has_class("-stacked")


async def test_a_channel_mismatch_keeps_c_and_its_number_together():
    app = make_app(lesson_id="convolution", step=5, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await type_into(pilot, pane, "filter", "4, 1, 3, 3")
        rows = [line.split("▏")[-1].rstrip() for line in screen_lines(app)]
        assert any("C = 1," in row.replace("\u00a0", " ") for row in rows), rows
        assert not any(row.endswith(" C") or row.lstrip().startswith("= ") for row in rows), rows


def test_a_caption_wraps_between_words_never_inside_an_equation_or_a_size():
    caption = "행 순서로 읽은 것입니다. 원소 (0, 0) = 1, 출처: x[0, 0, 0, 0]."
    assert wrap(caption, 38)[-1] == "(0, 0) = 1, 출처: x[0, 0, 0, 0]."
    lines = wrap("col에 든 수는 x의 4.59배입니다(col은 6,750개, 26.4 KB, x는 1,470개, 5.7 KB). 픽셀마다 그", 38)
    assert not any(line.startswith(("KB", "=")) or line.endswith(("=", "5.7")) for line in lines), lines
    assert wrap("a = b", 3) == ["a = b"] and wrap("memory (limit 1 GB)", 12) == ["memory", "(limit 1 GB)"]


def test_a_size_keeps_its_unit_when_korean_is_written_onto_the_unit():
    """7.3 step 3 in Korean: "1,728,000개(6.6" above "MB)입니다." (the unit took only what is not a word
    after it, and 입니다 is)."""
    lines = wrap("col에 든 수는 x와 같은 1,728,000개(6.6 MB)입니다. 윈도우가 겹치지 않아", 38)
    assert lines[:2] == ["col에 든 수는 x와 같은", "1,728,000개(6.6 MB)입니다. 윈도우가"], lines


async def test_numbers_are_left_out_for_large_batches_with_the_reason():
    app = make_app(pane=("im2col", Im2colSettings(view="windows", input=(100, 1, 28, 28), filter=(30, 1, 5, 5))))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        text = view_text(pane).replace("\n", " ")
        assert "col has 57600 rows" in text
        await pilot.press("1")
        assert "(57600, 25)" in view_text(pane)


async def test_a_narrow_table_writes_large_counts_as_the_shape_tracer_does():
    """Three figures and a unit, as the shape tracer's compact table ("157k", not "156.8k")."""
    settings = Im2colSettings(view="shapes", input=(200, 1, 28, 28), filter=(30, 1, 5, 5))
    app = make_app(pane=("im2col", settings))
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        lines = view_text(app.screen.query_one(Im2colPane)).splitlines()
        rows = {line.split()[0]: line.split() for line in lines if line.split()[1:2] and line.split()[1][0] == "("}
        assert rows["x"][2] == "157k" and rows["col"][2] == "2.88M" and rows["col_W"][2] == "750"


def still(app):
    app.animation_level = "none"
    return app


def test_windows_in_the_lesson_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="im2col", step=1)), terminal_size=(80, 24),
                        press=[".", "l", "l"])


def test_col2im_with_numbers_at_120x40(snap_compare):
    assert snap_compare(still(make_app(lesson_id="im2col", step=5)), terminal_size=(120, 40), press=["."] * 5)


def test_pooling_ties_in_korean(snap_compare):
    from workbench.course.files import load_course

    ties = [step.id for step in load_course().lesson("pooling").steps].index("ties")
    assert snap_compare(still(make_app(lesson_id="pooling", step=ties, lang="ko")), terminal_size=(80, 24),
                        press=["."] * 3)


# -- the pane's scroll when t folds the text (the pane's width changes) --------------------------------

def cursor_row_in_view(pane) -> bool:
    """Whether the cursor's cell is on the body's screen rows, above the "more ↓" mark when it shows."""
    body = pane.query_one("#im2col-body")
    where = pane.query_one("#im2col-view", CellView).canvas.find(tuple(pane.cursor))
    mark = body.query_one(".more-mark")
    last = body.scroll_y + body.size.height - (2 if mark.display else 1)
    return where is not None and body.scroll_y <= where[1] <= last


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_t_on_a_col2im_step_shows_dcol_from_its_title(lang):
    """7.2's col2im step starts with the cursor on a pixel of dx, under dcol: the pane opened scrolled
    down to it and kept that offset when t gave it the whole width, dcol's title out of view (the text
    says to fold it away and scroll down to the sum)."""
    from workbench.course.files import load_course
    index = [s.id for s in load_course().lesson("im2col").steps].index("col2im-numbers")
    app = make_app(lesson_id="im2col", step=index, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        await pilot.press("t")
        await pilot.pause()
        body = pane.query_one("#im2col-body")
        assert body.scroll_y == 0 and body.max_scroll_y > 0
        title = str(view_text(pane)).splitlines()[0]
        assert title.startswith("dcol (") and title in "\n".join(screen_lines(app))
        await pilot.press(*"jjjj")                                # down to dx's last row: it scrolls into view
        await pilot.pause()
        assert body.scroll_y > 0 and cursor_row_in_view(pane)
        for _ in range(2):                                       # the text back and away again
            await pilot.press("t")
            await pilot.pause()
            assert cursor_row_in_view(pane), body.scroll_y


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_pooling_lesson_steps_through_the_books_example_window_by_window(lang):
    """7.3 shows the book's 4 × 4 max-pooling input: `.` steps the windows, each with its maximum from the
    library; the backward step routes each dout to its window's maximum."""
    from workbench.course.files import load_course
    from workbench.models.im2col import compute

    lesson = load_course().lesson("pooling")
    ids = [step.id for step in lesson.steps]
    app = make_app(lesson_id="pooling", step=ids.index("book-example"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(Im2colPane)
        assert pane.settings.values == "book"
        a = compute(pane.settings).arrays
        text = view_text(pane)
        for row, maximum in zip(a.rows, a.out.reshape(-1)):
            line = " ".join(str(int(v)) for v in row) + f" → {int(maximum)}"
            assert line in text, (line, text)
        for row in range(1, 4):
            await pilot.press(".")
            assert pane.cursor[:2] == ("col", row)
        await pilot.press(",")
        assert pane.cursor[:2] == ("col", 2)
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("right", "right", "right")
        await pilot.pause()
        screen = app.screen
        assert screen.step.id == "book-backward", screen.step.id
        pane = screen.query_one(Im2colPane)
        assert pane.settings.values == "book" and pane.settings.view == "col2im"
        assert all(symbol in view_text(pane) for symbol in ("d00", "d01", "d10", "d11"))
