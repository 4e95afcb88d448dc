"""The exercises pane keeps the panes' left margin, and every exercises step's table stays whole beside
the lesson's text at 80×24, en and ko (margin52): names51 gave it the margin and took it back, as the
cell it cost sent 7.5's English table and chapter 4's to one column. The table now takes the last
cell, the scrollbar's lane, when it has no scrollbar."""
import shutil
from pathlib import Path

import pytest

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.exercises import ExercisesPane
from workbench.exercises.stubs import write_stubs
from workbench.i18n.cells import cell_len, char_width
from screen_text import screen_lines, until

SOLUTION = Path(__file__).parents[1] / "exercises" / "solution"
STEPS = [("activation-functions", 5, "3"), ("output-layer", 5, "3"), ("loss-functions", 7, "4"),
         ("numerical-gradient", 10, "4"), ("gradient-descent", 7, "4"), ("gradient-check", 10, "5"),
         ("regularization", 4, "6"), ("cnn-gradient-check", 7, "7")]
"""Each exercises lesson's exercises step (0-based) and the chapter its table shows."""
CHECKS = {"en": {"present", "interface"}, "ko": {"있음", "형식"}}
COMPACT = {"5"}
"""The chapters whose table is one column ("how far it gets") beside the text at 80×24, as before."""


async def graded(pilot, app, drawn: bool = True) -> ExercisesPane:
    """The exercises pane once its first grading has ended (and, `drawn`, the screen shows it)."""
    await until(pilot, lambda: app.screen.query(ExercisesPane))
    pane = app.screen.query_one(ExercisesPane)
    await until(pilot, lambda: pane.results is not None and not pane.grading)
    if drawn:
        await pilot.pause()
    return pane


def drawn_pane(app, pane) -> list[str]:
    """The pane's rows as the terminal shows them: its columns of the screen, counted in cells (a
    Korean syllable takes two)."""
    region = pane.region
    return [cells_of(row)[region.x:region.right].replace("\0", "") for row in screen_lines(app)[region.y:region.bottom]]


def cells_of(row: str) -> str:
    """`row` with a NUL after each wide character, so that a slice of it counts cells."""
    return "".join(piece for char in row for piece in ((char,) if char_width(char) < 2 else (char, "\0")))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson, step, chapter", STEPS)
async def test_every_exercises_step_keeps_the_margin_and_its_table_whole_at_80x24(
        tmp_path, monkeypatch, lesson, step, chapter, lang):
    monkeypatch.chdir(tmp_path)
    write_stubs(tmp_path / "exercises")          # the lesson's folder, as 'workbench exercises init' makes it
    app = make_app(lesson_id=lesson, step=step, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await graded(pilot, app)
        rows = drawn_pane(app, pane)
        table = str(pane.query_one("#exercises-table", CellView).render()).splitlines()
        body = pane.query_one("#exercises-body")
    written = [row for row in rows if row.strip()]
    assert written and all(row.startswith(" ") for row in written), written        # the panes' margin
    assert not body.show_horizontal_scrollbar
    for line in table:                                    # each of the table's rows on screen, whole
        assert any(row[1:].rstrip() == line.rstrip() for row in rows), (line, rows)
    headings = set(" ".join(table[:2]).split())
    if chapter in COMPACT:
        assert not CHECKS[lang] & headings, table
    else:
        assert CHECKS[lang] <= headings, table            # the check columns, not the one column


async def test_a_table_that_scrolls_leaves_its_scrollbar_the_last_cell(tmp_path, monkeypatch):
    """A table taller than its body scrolls, and is drawn a cell narrower, clear of its scrollbar: 7.5's
    English table, which needs the last cell, is then one column (a body made three rows high here;
    every chapter's 24 parts passing, in a pane beside the text of a wider terminal, scroll so)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOLUTION, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    app = make_app(lesson_id="cnn-gradient-check", step=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query(ExercisesPane))
        pane = app.screen.query_one(ExercisesPane)
        body = pane.query_one("#exercises-body")
        body.styles.max_height = 3
        await until(pilot, lambda: pane.results is not None and not pane.grading)
        pane.refresh_view()
        await pilot.pause()
        table = str(pane.query_one("#exercises-table", CellView).render()).splitlines()
        assert body.show_vertical_scrollbar and not body.show_horizontal_scrollbar
        assert max(cell_len(line) for line in table) <= body.scrollable_content_region.width, table
        assert table[0].split() == ["part", "how", "far", "it", "gets"], table


def solution_with(tmp_path, old: str, new: str) -> Path:
    """The solution's folder as ./exercises, with `old` in functions.py written as `new`."""
    folder = tmp_path / "exercises"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = (folder / "functions.py").read_text()
    assert old in source
    (folder / "functions.py").write_text(source.replace(old, new))
    return folder


def message_of(pane) -> list[str]:
    return str(pane.query_one("#exercises-message", CellView).render()).splitlines()


@pytest.mark.parametrize("lang, said", [("en", "Next: cross_entropy_error in functions.py"),
                                        ("ko", "다음: functions.py의 cross_entropy_error")])
async def test_a_passing_part_the_step_named_says_which_part_is_next(tmp_path, monkeypatch, lang, said):
    """4.1's step names mean_squared_error: once it passes, its message says which part does not pass
    yet (it said only "mean_squared_error passes." over a cross_entropy_error failing in the table)."""
    monkeypatch.chdir(tmp_path)
    solution_with(tmp_path, "def cross_entropy_error", "def _cross_entropy_error")
    app = make_app(lesson_id="loss-functions", step=7, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        message = message_of(await graded(pilot, app))
    assert message[0] == "mean_squared_error (functions.py)" and said in " ".join(message[1:4]), message


@pytest.mark.parametrize("lang, formula", [("en", "(f(x + h) − f(x − h)) / (2h),"),
                                           ("ko", "(f(x + h) − f(x − h)) / (2h)가")])
async def test_a_formula_in_a_message_stays_on_one_row(tmp_path, monkeypatch, lang, formula):
    """4.2's numerical_diff as a forward difference: the hint's central difference is on one row beside
    the text at 80×24 (it broke inside, "f(x −" over "h)) / (2h)"), and so are its values in brackets."""
    monkeypatch.chdir(tmp_path)
    solution_with(tmp_path, "(f(x + h) - f(x - h)) / (2 * h)", "(f(x + h) - f(x)) / h")
    app = make_app(lesson_id="numerical-gradient", step=10, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        message = message_of(await graded(pilot, app))
    assert any(formula in row for row in message), message


def test_a_message_keeps_a_formula_and_a_value_in_brackets_whole():
    from workbench.app.panes.exercises import message_wrap

    rows = message_wrap("The book's loss is a sum, 0.5 * np.sum((y - t)**2), not a mean.", 37)
    assert rows == ["The book's loss is a sum,", "0.5 * np.sum((y - t)**2), not a mean."]
    rows = message_wrap("Adam(lr=0.3) on the valley x²/20 + y² from (−7, 2): after step 1 expected "
                        "(x, y) = (−6.7, 1.7), got (−6.99, 1.99).", 37)
    assert rows[-1] == "(−6.99, 1.99)."
    rows = message_wrap("numerical_gradient raised IndexError: index 2 is out of bounds for axis 0 with size 2 "
                        "(for f(x) = Σ w·x³, x (2, 3))", 37)
    assert rows[-1] == "(2, 3))", rows                 # a shape inside a long group in brackets, whole


async def test_75s_table_runs_the_simpleconvnet_milestone_with_the_parts_graded_before(tmp_path, monkeypatch):
    """7.5's table grades chapter 7's parts alone: the SimpleConvNet milestone, which needs chapter 5's
    layers and chapter 6's SGD too, never ran there ("When every part of chapters 5 to 7 passes, the
    book's SimpleConvNet is trained", its text says); the parts graded passing before in the same folder
    now count for it."""
    from workbench.exercises.parts import PARTS
    from workbench.exercises.saved import record
    from workbench.exercises.unlock import remember

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "exercises"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    record(folder, [{"name": part.name, "rows": {"present": "pass"}} for part in PARTS if part.chapter in (5, 6)])
    for reached in ("apple", "gradcheck", "train"):
        remember(reached)
    app = make_app(lesson_id="cnn-gradient-check", step=7)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await graded(pilot, app, drawn=False)
        assert pane.milestone_running == "convnet", pane.milestone_tried


@pytest.mark.parametrize("lang, said", [("en", "Next: mean_squared_error in functions.py"),
                                        ("ko", "다음: functions.py의 mean_squared_error")])
async def test_a_table_whose_parts_all_pass_names_the_part_to_write_next(tmp_path, monkeypatch, lang, said):
    """3.3's five parts passing: under "All 5 parts pass." (which the folder line says too), the first part
    of the book not graded passing in this folder, chapter 4's first."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SOLUTION, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    app = make_app(lesson_id="output-layer", step=5, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        message = message_of(await graded(pilot, app))
    assert said in " ".join(message[1:3]), message


def test_a_syntax_errors_caret_stays_under_the_code_it_points_at():
    """3.1's relu with its bracket left open: "^" stood at the row's start, under "return", not under
    the "(" Python points at (its indent, wider than half the pane, was dropped as a wrap's would be)."""
    from workbench.app.panes.exercises import code_rows

    assert code_rows("                     ^", 37) == ["                     ^"]
    assert code_rows("    return np.exp(a) / np.sum(np.exp(a), axis=-1, keepdims=True)", 37)[0] == "    return"
