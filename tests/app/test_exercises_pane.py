"""The exercises pane: the table of the learner's folder, graded again after a file is saved, the failing
part's message and the learner's traceback; refused in a served session."""
import os
import shutil
import time
from pathlib import Path

import pytest

from workbench.app.app import make_app
from workbench.course.files import load_course
from workbench.app.panes.cells import CellView
from workbench.app.panes.exercises import ExercisesPane
from workbench.models.catalog import pane as catalog_pane

SIZE = (80, 24)
SOLUTION = Path(__file__).parents[1] / "exercises" / "solution"


def text_of(pane, part) -> str:
    return str(pane.query_one(f"#exercises-{part}", CellView).render())


async def wait_for(pilot, pane, condition, seconds=20.0):
    """Until the pane is not grading and `condition()` holds, looked at every 0.05 s (as `until`; it was
    every 0.1 s) after the app has handled what it was sent."""
    end = time.monotonic() + seconds
    await pilot.pause()
    while time.monotonic() < end:
        if not pane.grading and condition():
            return True
        await pilot.pause(0.05)
    raise AssertionError(f"not reached: {text_of(pane, 'table')}\n{text_of(pane, 'message')}")


def copy_solution(tmp_path) -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def settings(folder, chapter="5"):
    return catalog_pane("exercises").build({"folder": str(folder), "chapter": chapter})


async def test_a_saved_file_is_graded_again_and_the_failing_part_says_why(tmp_path):
    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        assert "All 6 parts pass" in text_of(pane, "message")
        assert "SGD" not in text_of(pane, "table")                 # chapter 5 only

        layers = folder / "layers.py"
        layers.write_text(layers.read_text().replace("self.mask = (x <= 0)", "self.mask = (x > 0)"))
        stamp = os.stat(layers).st_mtime_ns
        os.utime(layers, ns=(stamp + 10**9, stamp + 10**9))      # a later save, even on a coarse clock
        await wait_for(pilot, pane, lambda: "FAIL" in text_of(pane, "table"))
        message = text_of(pane, "message")
        assert "Relu (layers.py)" in message and "inverted" in message
        relu_line = next(line for line in text_of(pane, "table").splitlines() if line.startswith("Relu"))
        assert relu_line.split()[2:5] == ["pass", "pass", "FAIL"]


async def test_the_learners_traceback_is_trimmed_to_their_file_and_keys_choose_the_part(tmp_path):
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return x + y", "return x + z"))
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        message = text_of(pane, "message")
        assert "AddLayer (layers.py)" in message and "NameError" in message
        assert "layers.py:" in message and "return x + z" in message and "grader" not in message
        await pilot.press("full_stop")
        assert "Relu (layers.py)" in text_of(pane, "message")
        await pilot.press("comma", "comma")
        assert "MulLayer (layers.py)" in text_of(pane, "message")


async def test_the_keys_scroll_the_detail_past_the_message_to_the_milestones(tmp_path):
    """At 80×24 with every chapter's table the message shows whole, the milestones under it: ↑ ↓ scroll
    to them (and "more ↓" says there is more)."""
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return x + y", "return x + z"))
    app = make_app(pane=("exercises", settings(folder, chapter="all")))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        # chapter 4's milestone runs once the table is graded: its sentence lengthens the detail, so the
        # rows to scroll are counted after it
        await wait_for(pilot, pane, lambda: pane.results is not None and not pane.milestone_running)
        detail = pane.query_one("#exercises-detail")
        await wait_for(pilot, pane, lambda: detail.max_scroll_y > 0, seconds=10)   # laid out: not a fixed pause
        assert detail.scroll_y == 0
        assert detail.query_one(".more-mark").display
        for _ in range(detail.max_scroll_y):
            await pilot.press("down")
        await wait_for(pilot, pane, lambda: detail.scroll_y == detail.max_scroll_y, seconds=10)
        bottom = detail.scroll_y
        assert bottom == detail.max_scroll_y and not detail.query_one(".more-mark").display
        await pilot.press("up")
        assert detail.scroll_y < bottom


def screen_rows(app) -> list[str]:
    from screen_text import screen_lines

    return screen_lines(app)


@pytest.mark.parametrize("lang, more", [("en", "below (. ,)"), ("ko", "더 (. ,)")])
@pytest.mark.parametrize("where", ["pane", "beside", "folded"])
async def test_at_80x24_every_chapters_table_leaves_the_message_the_rows_it_needs(tmp_path, lang, more, where):
    """Every chapter's fourteen parts took 16 rows of 20, and the message scrolled in 4 or 5: the grader's
    words, 'Your code:' and the learner's line were below the fold. The table now shows the parts around
    the one whose message shows and says how many more there are; the message shows whole."""
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return x + y", "return x + z"))
    wanted = settings(folder, chapter="all")
    app = make_app(pane=("exercises", wanted), lang=lang) if where == "pane" else \
        make_app(lesson_id="gradient-check", step=10, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ExercisesPane)
        pane.settings = wanted
        if where == "folded":
            await pilot.press("t")
        await wait_for(pilot, pane, lambda: pane.results is not None and "AddLayer" in text_of(pane, "message")
                       and not pane.milestone_running, seconds=40)    # chapter 4's milestone runs after the grading
        await pilot.pause()
        rows = screen_rows(app)
        last = next(line for line in reversed(text_of(pane, "message").splitlines()) if "NameError" in line)
        for line in ("AddLayer (layers.py)", "layers.py:", "return x + z", last.strip()):
            assert any(line in row for row in rows), (line, rows)
        table = text_of(pane, "table").splitlines()
        assert any(line.startswith("AddLayer") for line in table) and more in table[-1]
        assert not any(line.startswith("Pooling") for line in table)
        assert pane.query_one("#exercises-detail").scroll_y == 0


def test_a_table_too_long_shows_the_parts_around_the_chosen_one():
    from workbench.app.panes.exercises import MIN_PARTS, window

    names = [f"P{i}" for i in range(14)]
    assert window(names, "P5", None, 1) == (names, 0, 0)
    assert window(names, "P5", 15, 1) == (names, 0, 0)               # a heading and 14 parts: all of them
    assert window(names, "P0", 8, 1) == (names[:6], 0, 8)             # a heading, six parts, "8 more below"
    assert window(names, "P7", 8, 2) == (names[5:10], 5, 4)
    assert window(names, "P13", 8, 1) == (names[8:], 8, 0)
    assert window(names, "P6", 2, 1) == (names[5:5 + MIN_PARTS], 5, 14 - 5 - MIN_PARTS)


async def test_a_folder_that_is_not_there_says_how_to_make_it_and_is_graded_once_made(tmp_path):
    app = make_app(pane=("exercises", settings(tmp_path / "nothing")))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await pilot.pause()                            # a missing folder is said as the pane mounts
        assert "workbench exercises init" in text_of(pane, "message")
        shutil.copytree(SOLUTION, tmp_path / "nothing", ignore=shutil.ignore_patterns("__pycache__"))
        # made in another terminal while the pane is open: graded within a poll or two
        assert await wait_for(pilot, pane, lambda: "workbench exercises init" not in text_of(pane, "message")
                              and "All 6 parts pass" in text_of(pane, "message"))


@pytest.mark.parametrize("lang, words", [("en", "is a file, not a folder"), ("ko", "폴더가 아니라 파일입니다")])
async def test_a_file_where_the_folder_should_be_is_said_so_not_offered_to_init(tmp_path, lang, words):
    """'workbench exercises init' refuses a file: the pane said to run it ("No folder … yet")."""
    (tmp_path / "mine").write_text("not a folder")
    app = make_app(pane=("exercises", settings(tmp_path / "mine")), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await pilot.pause()
        message = " ".join(text_of(pane, "message").split())
        assert words in message and "init mine" not in message


@pytest.mark.parametrize("chapter, file", [("all", "functions.py"), ("3", "functions.py"), ("4", "functions.py"),
                                           ("5", "layers.py"), ("6", "optimizers.py"),
                                           ("7", "convolution.py")])
async def test_a_folder_that_is_not_there_names_the_file_of_the_chapter_shown(tmp_path, chapter, file):
    app = make_app(pane=("exercises", settings(tmp_path / "nothing", chapter)))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        message = " ".join(text_of(app.screen.query_one(ExercisesPane), "message").split())
        assert f"open {file} in an editor" in message


@pytest.mark.parametrize("lang, chapter, headings", [
    ("en", "5", ["part", "file", "present", "interface", "forward", "backward"]),
    ("en", "6", ["part", "file", "present", "interface", "path"]),
    ("en", "3", ["part", "file", "present", "interface", "value"]),
    ("en", "4", ["part", "file", "present", "interface", "value"]),
    ("en", "all", ["part", "file", "present", "interface", "output", "backward"]),
    ("ko", "3", ["부분", "파일", "있음", "형식", "값"]),
    ("ko", "all", ["부분", "파일", "있음", "형식", "출력", "역전파"])])
async def test_the_tables_headings_fit_the_parts_shown(tmp_path, lang, chapter, headings):
    """What the third column grades is named for the parts shown: a function's value (chapters 3 and 4),
    a layer's forward, an optimizer's path on the valley, "output" over parts of several kinds; and only
    a table with a layer has a backward column (softmax has none to show "—" in)."""
    app = make_app(pane=("exercises", settings(copy_solution(tmp_path), chapter)), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        assert text_of(pane, "table").splitlines()[0].split() == headings


def without_sigmoid(tmp_path) -> Path:
    """The solution's folder with sigmoid not defined: chapter 3 has a part that does not pass."""
    folder = copy_solution(tmp_path)
    (folder / "functions.py").write_text((folder / "functions.py").read_text().replace("def sigmoid", "def _sigmoid"))
    return folder


@pytest.mark.parametrize("lang, said", [("en", "graded on the value it returns for the grader's inputs"),
                                        ("ko", "채점기가 준 입력에서 돌려준 값을 채점합니다")])
async def test_a_table_of_several_kinds_says_under_a_parts_name_what_is_graded_of_it(tmp_path, lang, said):
    """Under "output", the selected part's message says what that column grades of it (a function's value)."""
    app = make_app(pane=("exercises", settings(without_sigmoid(tmp_path), "all")), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        message = text_of(pane, "message").splitlines()
        assert message[0].startswith("sigmoid (functions.py)") and message[1].strip() == said


async def test_a_served_session_refuses_the_pane(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_SERVED", "1")
    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: "served session" in str(pane.error))
        assert pane.results is None and not pane.grading


async def test_milestones_unlock_in_order_and_are_remembered_with_the_progress(tmp_path):
    from workbench.course.progress import ProgressStore

    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.milestones >= {"apple", "gradcheck"} and not pane.milestone_running)
        assert "train" not in pane.milestones                 # it needs SGD, which chapter 5's table does not grade
        shown = text_of(pane, "message").replace("\u00a0", " ")      # each milestone's words wrap together
        # chapter 5's table grades none of chapter 4's functions: the numerical gradient's milestone holds none back
        assert "○ numerical gradient  ✓ apple graph  ✓ gradient check" in shown and "○ TwoLayerNet trained" in shown
    assert ProgressStore().load()[0].milestones == {"apple", "gradcheck"}
    from workbench.exercises.saved import chapter_counts

    assert chapter_counts() == {5: (6, 6, str(folder.resolve()))}     # what the table graded, kept for the home screen


@pytest.mark.parametrize("lang, output, rows", [("en", "output", ["present", "interface", "backward"]),
                                                ("ko", "출력", ["있음", "형식", "역전파"])])
async def test_beside_a_lessons_text_english_keeps_the_check_columns_korean_keeps(lang, output, rows):
    """6.4's and 7.5's tables at 80×24: "interface" is wider than any status, so English fell back to the
    one column where Korean kept the four; headings wider than their column now take turns on two rows."""
    path = {"en": "path", "ko": "경로"}[lang]
    for lesson, step, part, headings in (("regularization", 4, "SGD", [*rows[:2], path]),
                                         ("cnn-gradient-check", 7, "im2col", [*rows[:2], output, rows[2]])):
        app = make_app(lesson_id=lesson, step=step, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            pane = app.screen.query_one(ExercisesPane)
            await wait_for(pilot, pane, lambda: part in text_of(pane, "table"))
            lines = text_of(pane, "table").splitlines()
            top = next(i for i, line in enumerate(lines) if line.startswith(part))
            assert set(headings) <= set(" ".join(lines[:top]).split()), (lesson, lines[:top])


async def test_beside_a_lessons_text_a_table_too_wide_is_one_column_headed_for_what_it_shows():
    app = make_app(lesson_id="gradient-check", step=10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: "MulLayer" in text_of(pane, "table"))
        heading = text_of(pane, "table").splitlines()[0]
        assert heading.split() == ["part", "how", "far", "it", "gets"]


def test_the_check_columns_fit_their_room_on_one_row_or_two_or_not_at_all():
    from workbench.app.panes.exercises import columns_layout

    english = ["present", "interface", "forward", "backward"]
    assert columns_layout(english, 40) == (9, False)           # 3 × 10 + 9
    assert columns_layout(english, 26) == (5, True)            # 3 × 6 + "backward"
    assert columns_layout(english, 25) is None


@pytest.mark.parametrize("line", ["Milestones: ○ apple graph  ○ gradient check  ○ TwoLayerNet trained  ○ SimpleConvNet trained",
                                  "이정표: ○ 사과 그래프  ○ 기울기 확인  ○ TwoLayerNet 학습  ○ SimpleConvNet 학습"])
def test_the_milestones_wrap_between_milestones_never_inside_one(line):
    """At 80×24 beside a lesson: "○ gradient" over "check", "○ SimpleConvNet" over "학습"."""
    from workbench.app.panes.exercises import together_items
    from workbench.app.panes.im2col_views import wrap

    for width in (30, 38, 46):
        rows = [row.replace("\u00a0", " ").strip() for row in wrap(together_items(line), width)]
        assert " ".join(rows).replace("  ", " ") == line.replace("  ", " ")
        assert all(row.startswith(("○", line.split()[0])) and not row.endswith("○") for row in rows), rows
        items = line.split(" ", 1)[1].split("  ")
        assert all(any(item in row for row in rows) for item in items), rows


async def test_beside_a_lessons_text_a_long_traceback_line_wraps_and_loses_nothing(tmp_path):
    """37 cells beside the text: the learner's line and the error's name ran past the pane's edge and
    were cut there ("return x + y * scale_of_the_second"), in the traceback and in the message."""
    from rich.cells import cell_len

    name = "scale_of_the_second_input_that_was_never_defined_anywhere_in_this_file"
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("return x + y", f"return x + y * {name}"))
    wanted = settings(folder)
    app = make_app(lesson_id="gradient-check", step=10)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ExercisesPane)
        pane.settings = wanted
        await wait_for(pilot, pane, lambda: pane.results is not None and "AddLayer" in text_of(pane, "message"))
        await pilot.pause()
        rows = text_of(pane, "message").splitlines()
        assert pane.size.width < 45 and all(cell_len(row.rstrip()) <= pane.size.width - 1 for row in rows), rows
        code = rows[rows.index("layers.py:23 in forward") + 1:]
        assert code[0] == "    return x + y *" and code[1].startswith("      scale_of")    # its continuation indented
        joined = "".join(row.strip() for row in code)
        assert f"return x + y *{name}" in joined and f"NameError: name'{name}'" in joined, code
        message = "".join(row.strip() for row in rows[:rows.index("Your code:")])
        assert f"'{name}'" in message, rows


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_milestones_outcome_is_there_again_when_the_pane_is_back(tmp_path, lang):
    """The pane left (Escape) and opened again on the same files says what the last milestone found, as
    before it was left: it said nothing of a milestone reached, and ran a missed one again."""
    folder = copy_solution(tmp_path)
    app = make_app(pane=("exercises", settings(folder)), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.milestones >= {"apple", "gradcheck"} and not pane.milestone_running)
        note = pane.milestone_note
        await pilot.press("escape")
        await app.open_pane("exercises", settings(folder))
        await pilot.pause()
        back = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, back, lambda: back.results is not None)
        assert back is not pane and note and back.milestone_note == note and "milestone" not in back.jobs


async def test_what_a_failing_parts_code_printed_is_under_its_message(tmp_path):
    folder = copy_solution(tmp_path)
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace(
        "self.dW = np.dot(self.x.T, dout)", "print('dout', dout.shape)\n        self.dW = np.dot(dout.T, self.x)"))
    app = make_app(pane=("exercises", settings(folder)))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None)
        message = text_of(pane, "message")
        assert "Affine (layers.py)" in message and "Your code printed:\n    dout (2, 3)\n" in message, message
        affine = next(r for r in pane.results if r["name"] == "Affine")
        colors = app.theme_variables
        rows = pane.detail(pane.result, pane.shown_results(), 79, colors)[1]
        affine["printed"] = {"lines": [f"line {i}" for i in range(5)], "count": 900}
        assert pane.detail(pane.result, pane.shown_results(), 79, colors)[1] == rows    # the table keeps its room


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_lessons_step_shows_the_message_of_the_part_it_taught(tmp_path, monkeypatch, lang):
    """4.2's last step showed mean_squared_error's message (chapter 4's first part still to write), not
    numerical_diff's, which the lesson had just taught: the step's `part` shows first, `.` moves on from
    it, and a part named in the settings again replaces the learner's pick."""
    from workbench.exercises.stubs import write_stubs

    write_stubs(tmp_path / "exercises")
    monkeypatch.chdir(tmp_path)
    step = [s.id for s in load_course().lesson("numerical-gradient").steps].index("write-gradient")
    app = make_app(lesson_id="numerical-gradient", step=step, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await wait_for(pilot, pane, lambda: pane.results is not None and "numerical_diff (" in text_of(pane, "message"))
        assert "mean_squared_error (" not in text_of(pane, "message")
        pane.focus()
        await pilot.press(".")
        await wait_for(pilot, pane, lambda: text_of(pane, "message").startswith("numerical_gradient ("))
        pane.apply(part="gradient_descent")
        await wait_for(pilot, pane, lambda: text_of(pane, "message").startswith("gradient_descent ("))


@pytest.mark.parametrize("lang, said", [("en", "softmax passes."), ("ko", "softmax가 통과했습니다.")])
async def test_a_passing_part_chosen_says_it_passes(tmp_path, lang, said):
    """3.3's step names softmax: once it passed, its message was its name alone, under which nothing."""
    app = make_app(pane=("exercises", settings(without_sigmoid(tmp_path), "3")), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        pane.apply(part="softmax")
        await wait_for(pilot, pane, lambda: pane.results is not None)
        assert text_of(pane, "message").splitlines()[:2] == ["softmax (functions.py)", said]
