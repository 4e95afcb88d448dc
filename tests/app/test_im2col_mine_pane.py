"""The im2col inspector with impl = mine: col, dx and the coverage from the learner's im2col and col2im,
run in the sandbox; the first entry that differs from the library's is marked with both values."""
import numpy as np
from mine_fixtures import change, folder, ran  # noqa: F401 - a fixture

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.im2col import Im2colPane
from workbench.app.panes.im2col_views import Marks
from workbench.models.catalog import pane
from workbench.models.im2col import compute
from workbench.models.im2col_mine import dcol_of

SIZE = (80, 24)
ENTRY = pane("im2col")


def break_it(folder, old: str, new: str) -> None:
    change(folder / "convolution.py", old, new)


def opened(folder, *assignments):
    return make_app(pane=("im2col", ENTRY.parse(["impl=mine", f"folder={folder}", *assignments])))


def shown(app, widget: str) -> str:
    """What a CellView shows, its lines joined and its runs of spaces made one."""
    return " ".join(app.screen.query_one(widget, CellView).canvas.render().plain.split())


async def came_back(pilot) -> Im2colPane:
    """The pane, once the run of the learner's code has come back."""
    await pilot.pause()
    p = pilot.app.screen.query_one(Im2colPane)
    await ran(pilot, p)
    return p


def style_of(view: CellView, key) -> str:
    """The style the cell placed with `key` was drawn in."""
    return next(str(piece.style) for line in view.canvas._lines.values() for _, piece, placed in line
                if placed == key)


async def test_the_learners_im2col_and_col2im_agree_with_the_library(folder):
    app = opened(folder, "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        p = await came_back(pilot)
        said = shown(app, "#im2col-mine")
        assert "Your im2col and col2im" in said and "convolution.py" in said and "✓" in said
        assert not p.result.mine.differs and not p.result.mine.failures


async def test_a_wrong_column_order_marks_the_first_entry_with_both_values(folder):
    break_it(folder, "col.transpose(0, 4, 5, 1, 2, 3)", "col.transpose(0, 4, 5, 1, 3, 2)")
    app = opened(folder, "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        p = await came_back(pilot)
        assert "Your im2col: col[0, 1] = 5; the library's is 2." in shown(app, "#im2col-mine")
        a = p.result.arrays
        assert a.col[0, 1] == 5                               # their col is the one drawn
        view = app.screen.query_one("#im2col-view", CellView)
        assert style_of(view, ("col", 0, 1)) == Marks.of(app.theme_variables).wrong
        assert style_of(view, ("col", 0, 2)) != Marks.of(app.theme_variables).wrong


async def test_col2im_with_assignment_instead_of_adding_shows_their_dx_and_coverage(folder):
    break_it(folder, "x:x_max:stride] += col", "x:x_max:stride] = col")
    app = opened(folder, "view=col2im")
    async with app.run_test(size=SIZE) as pilot:
        p = await came_back(pilot)
        said = shown(app, "#im2col-mine")
        assert "Your col2im: dx[0, 0, 0, 1] =" in said and "Your col2im of ones" in said
        assert np.all(p.result.arrays.coverage == 1)          # theirs: every pixel once, overlaps lost
        assert "col[" not in said                             # their im2col is right


async def test_a_part_still_to_write_is_said_in_place_of_its_numbers(folder):
    break_it(folder, "    N, C, H, W = input_shape\n", "    raise NotImplementedError\n")
    app = opened(folder, "view=col2im")
    async with app.run_test(size=SIZE) as pilot:
        await came_back(pilot)
        said = shown(app, "#im2col-view")
        assert "col2im still raises NotImplementedError" in said
        assert "convolution.py:" in said and "workbench exercises check" in said
        assert "dx[0, 0]" not in said                          # no library numbers in its place
        await pilot.press("2")
        assert "Your im2col" in shown(app, "#im2col-mine") and "col (4, 9)" in shown(app, "#im2col-view")


def test_the_pooling_gradient_handed_to_col2im_is_the_books():
    from workbench.models.im2col import Im2colSettings
    from workbench.nn.im2col import col2im

    result = compute(Im2colSettings(layer="pool", input=(2, 2, 4, 4), stride=2, values="random"))
    a, z = result.arrays, result.sizes
    assert np.array_equal(col2im(dcol_of(a, z), a.x.shape, z.FH, z.FW, z.S, z.P), a.dx)


async def test_a_folder_not_made_yet_says_how_to_make_it_without_running_anything(tmp_path):
    app = opened(tmp_path / "not-yet", "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(Im2colPane)
        assert "workbench exercises init" in shown(app, "#im2col-view") and not p.jobs
        # no col2im there either, but none that differs: the view 3 it pointed to says the same (lesson 7.5)
        assert "col2im does not give" not in shown(app, "#im2col-mine"), shown(app, "#im2col-mine")


def test_snapshot_a_swapped_transpose_in_the_windows(snap_compare, folder, monkeypatch):
    monkeypatch.chdir(folder.parent)                     # the pane names the file as "mine/convolution.py"
    break_it(folder, "col.transpose(0, 4, 5, 1, 2, 3)", "col.transpose(0, 4, 5, 1, 3, 2)")
    app = opened("mine", "view=windows")
    app.animation_level = "none"

    async def run(pilot):
        await pilot.pause()
        await ran(pilot, pilot.app.screen.query_one(Im2colPane))

    assert snap_compare(app, terminal_size=SIZE, run_before=run)


async def test_a_batch_too_big_to_draw_runs_nothing_and_claims_nothing(folder):
    app = opened(folder, "view=windows", "input=1,1,40,40")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(Im2colPane)
        assert "Your im2col and col2im" in shown(app, "#im2col-mine") and "✓" not in shown(app, "#im2col-mine")
        assert not p.jobs


async def test_an_endless_loop_is_shown_at_the_line_it_was_stopped(folder, monkeypatch):
    """The runner's trace of a time limit ends at the learner's line that was running: it stays on screen."""
    from workbench.models import im2col_mine

    monkeypatch.setattr(im2col_mine, "TIME_LIMIT", 1.0)
    break_it(folder, "    N, C, H, W = input_data.shape\n", "    while input_data is not None:\n        pass\n")
    app = opened(folder, "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        await came_back(pilot)
        said = shown(app, "#im2col-view")
        assert "im2col did not finish within 1 s" in said, said
        assert "convolution.py:6 in im2col" in said and "while input_data is not None:" in said, said


async def test_a_list_is_refused_as_the_grader_refuses_it(folder):
    """A list of rows is no array: the grader fails it, and the pane says so instead of drawing it."""
    break_it(folder, "    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)\n",
             "    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1).tolist()\n")
    app = opened(folder, "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        await came_back(pilot)
        said = shown(app, "#im2col-view")
        assert "Your im2col returned a Python list; it must return a NumPy array of numbers" in said, said


async def test_channels_in_another_order_get_no_tick_from_the_default_input(folder):
    """One image of one channel cannot tell (filter_h, filter_w, C) from the book's (C, filter_h, filter_w):
    the pane says their im2col is right on its input, not on a hidden batch of 2 images of 2 channels."""
    break_it(folder, "col.transpose(0, 4, 5, 1, 2, 3)", "col.transpose(0, 4, 5, 2, 3, 1)")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        p = await came_back(pilot)
        said = shown(app, "#im2col-mine")
        assert "✓" not in said, said
        assert "Your im2col is right on this input, not on x of shape (2, 2, 4, 5) with a 3×3 window" in said, said
        assert "pad 0: col[0, 1] = 21, not the library's 2." in said and "(C, filter_h, filter_w)" in said, said
        assert "Input 2, 2, 4, 5 shows it here." in said, said
        assert not p.result.mine.differs                          # their col, drawn, is the library's here
        await pilot.press("2")
        assert "col (4, 9)" in shown(app, "#im2col-view") and "✓" not in shown(app, "#im2col-mine")


async def test_a_col2im_still_to_write_takes_the_tick_from_the_windows_view_too(folder):
    """The ✓ speaks for their im2col and col2im: the windows view, which shows col only, says where to
    see what is wrong with col2im instead of ticking it."""
    break_it(folder, "    N, C, H, W = input_shape\n", "    raise NotImplementedError\n")
    app = opened(folder, "view=windows")
    async with app.run_test(size=SIZE) as pilot:
        await came_back(pilot)
        said = shown(app, "#im2col-mine")
        assert "✓" not in said and "Your col2im does not give the library's entries yet: view 3 (col2im)" in said, said
        await pilot.press("3")
        assert "col2im still raises NotImplementedError" in shown(app, "#im2col-view")
        assert "view 3" not in shown(app, "#im2col-mine")


async def test_what_the_learners_code_printed_is_shown_under_the_verdict(folder):
    """The exercises show what a part printed while it was graded; the pane ran their im2col and showed
    nothing of it, though print() is how the book's reader debugs. Shown as the exercises show it: the
    first five lines and how many there were, after a ✓ or a failure alike."""
    break_it(folder, "    N, C, H, W = input_data.shape\n", "    N, C, H, W = input_data.shape\n    print('im2col of', N, C, H, W)\n")
    app = opened(folder, "view=windows")
    async with app.run_test(size=(120, 40)) as pilot:
        p = await came_back(pilot)
        said = shown(app, "#im2col-mine")
        count = p.result.mine.printed["count"]
        assert count > 5 and f"Your code printed {count} lines in this run; the first 5: im2col of 1 1" in said
        assert said.count("im2col of") == 5 and "✓" in said
    break_it(folder, "    return col.transpose(0, 4, 5, 1, 2, 3)", "    raise ValueError('no')\n    return col.transpose(0, 4, 5, 1, 2, 3)")
    app = opened(folder, "view=windows")
    async with app.run_test(size=(120, 40)) as pilot:
        await came_back(pilot)
        assert "ValueError: no" in shown(app, "#im2col-view")
        assert "lines in this run; the first 5: im2col of 1 1 4 4" in shown(app, "#im2col-mine")
