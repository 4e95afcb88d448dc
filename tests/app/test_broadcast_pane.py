"""The broadcast pane in the app: stepping through the stages with `.` and `,` and by a click on a stage,
the operator and the book's arrays by key, shapes that do not broadcast and bad text explained in
place, a lesson step, `workbench open broadcast`, and SVG snapshots at 80×24 (review new ones by eye)."""
import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.broadcast import BroadcastPane, number_text
from workbench.models.catalog import pane
from screen_text import field_error

SIZE = (80, 24)
ENTRY = pane("broadcast")


def opened(*assignments):
    return make_app(pane=("broadcast", ENTRY.parse(list(assignments))))


def shown(p, part="work") -> str:
    return str(p.query_one(f"#broadcast-{part}", Static).render())


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def test_numbers_are_written_as_numpy_prints_them_with_a_true_minus():
    assert [number_text(v) for v in (3, -2, 3.0, 0.5, 1 / 3, float("inf"), True)] == [
        "3", "−2", "3.", "0.5", "0.3333", "inf", "True"]


async def test_dot_and_comma_walk_the_four_stages_of_the_books_a_times_b():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        assert "(2, 2) int64" in shown(p) and "(2,) int64" in shown(p) and "[10 20]" in shown(p)
        await pilot.press(".")
        align = shown(p)
        assert p.settings.step == 1 and "the last axes: 2 and 2, equal" in align
        assert "B has none, so it counts as 1 and is stretched to 2" in align.replace("\n", " ")
        await pilot.press(".")
        assert "B (2,) → (2, 2)" in shown(p) and "3 of 4" not in shown(p) and "2 of 4 in B" in shown(p)
        await pilot.press(".")
        assert p.settings.step == 3 and "[[10 40]" in shown(p) and "[30 80]]" in shown(p)
        await pilot.press(".")
        assert p.settings.step == 3, "no stage after the result"
        await pilot.press(",", ",")
        assert p.settings.step == 1 and "equal" in shown(p)


async def test_a_column_and_a_row_both_stretch_and_one_line_counts_the_values_each_reuses():
    app = opened("a=1; 2", "b=10 20 30", "step=2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        text = shown(p).replace("\n", " ")
        assert "A (2, 1) → (2, 3)" in text and "B (3,) → (2, 3)" in text
        assert "Dim: values NumPy reuses, 4 of 6 in A and 3 of 6 in B; broadcast_to makes no copies." in text


async def test_a_click_on_a_stage_goes_there():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        stages = p.query_one("#broadcast-stages", Static)
        line = str(stages.render()).split("\n")[0]
        await pilot.click(stages, offset=(cell_len(line[:line.index("result")]) + 1, 0))
        assert p.settings.step == 3 and "[[10 40]" in shown(p)
        await pilot.click(stages, offset=(cell_len(line[:line.index("align")]) + 1, 0))
        assert p.settings.step == 1


async def test_a_click_on_a_stretched_value_lights_every_place_numpy_reads_it():
    app = opened("step=2")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        work = p.query_one("#broadcast-work", Static)
        lines = shown(p).split("\n")
        row = next(i for i, line in enumerate(lines) if line.rstrip().endswith("[10 20]]"))
        await pilot.click(work, offset=(cell_len(lines[row][:lines[row].rindex("20")]), row))
        assert p.picked == ("B", (1, 1))
        assert "B[1] = 20 is read at 2 places: (0, 1), (1, 1)" in shown(p).replace("\n", " ")
        lit = [span for span in work.render().spans if getattr(span.style, "reverse", False)]
        assert len(lit) == 2
        await pilot.click(work, offset=(cell_len(lines[row][:lines[row].rindex("20")]), row))
        assert p.picked is None and "Click a value" in shown(p)


async def test_the_operator_and_the_books_arrays_by_key():
    app = opened("b=10", "op=+")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        await pilot.press("o")
        assert p.settings.op == "-" and "A − B" in shown(p, "stages")
        await pilot.press("o", "o", "o")
        assert p.settings.op == ">"
        await pilot.press("o")
        assert p.settings.op == "+"
        await pilot.press("r", ".", ".", ".")
        assert p.settings.b == (10, 20) and p.settings.op == "*" and "[[10 40]" in shown(p)


async def test_shapes_that_do_not_broadcast_are_explained_at_the_align_stage():
    app = opened("a=1 2 3; 4 5 6", "b=10 20", "op=+", "step=3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        text = shown(p).replace("\n", " ")
        assert "(2, 3) and (2,): the last axes are 3 and 2 — they must be equal or one of them 1" in text
        assert "NumPy raises ValueError here" in text and not p.query_one(ErrorLine).display
        assert "stage 2/4" in shown(p, "stages")
        await pilot.press(".")
        assert p.settings.step == 3 and "the last axes are 3 and 2" in shown(p).replace("\n", " ")
        box = p.query_one("#field-b", Input)
        box.focus()
        box.value = "10 20 30"
        await pilot.press("enter", ".")
        assert "[[11 22 33]" in shown(p) and p.settings.step == 3


async def test_bad_text_is_refused_in_place_and_the_stage_stays():
    app = opened("step=3")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        box = p.query_one("#field-a", Input)
        box.focus()
        box.value = "1 2; 3"
        await pilot.press("enter")
        assert "rows of different lengths (2 in row 1, 1 in row 2)" in (field_error(p, "a") or "")
        assert p.settings.a == ((1, 2), (3, 4)) and "[[10 40]" in shown(p)
        box.value = "1; 2"
        await pilot.press("enter")
        assert field_error(p, "a") is None and p.settings.a == ((1,), (2,)) and app.focused is p
        assert "[[10 20]" in shown(p) and "[20 40]]" in shown(p)


async def test_the_mask_and_the_values_it_picks_in_the_lesson():
    app = make_app(lesson_id="numpy-arrays", step=5)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        assert p.settings.op == ">" and p.settings.b == 15
        assert "[False  True]" in shown(p) and "A[A > B] = [51 55 19]" in shown(p)
        await pilot.press("left")
        await pilot.pause()
        assert p.settings.step == 1 and "the last axes are 3 and 2" in shown(p).replace("\n", " ")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_step_of_lesson_1_1_opens_and_keeps_the_keys_it_names_in_the_footer(lang):
    """What the slow walk through every lesson checks, for this lesson alone: each step opens its own
    pane (the last, on matplotlib, none) without an error, and each key its text names is in the
    footer with its label at 80×24."""
    from test_footer_named_keys import missing_and_bare_keys
    from test_lesson_header import check_bar

    from workbench.course.files import load_course

    lesson = load_course(lang=lang).lesson("numpy-arrays")
    app = make_app(lesson_id="numpy-arrays", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        for index, step in enumerate(lesson.steps):
            if index:
                await pilot.press("right")
            await pilot.pause()
            screen = app.screen
            assert (screen.pane.PANE if screen.pane else None) == step.pane
            assert screen.pane is None or screen.pane.error is None, (index, screen.pane.error)
            check_bar(screen, 80)
            if step.keys and step.pane:
                assert missing_and_bare_keys(screen, lesson, index) == ([], []), (index, step.keys)


async def test_at_60x24_in_korean_every_key_lesson_1_1_names_is_in_the_footer():
    """With the text folded away (text and pane take turns), as the slow walk checks every lesson."""
    from test_whole_screens import missing_keys, show

    from workbench.course.files import load_course

    steps = [i for i, step in enumerate(load_course().lesson("numpy-arrays").steps) if step.keys and step.pane]
    app = make_app(lang="ko")
    async with app.run_test(size=(60, 24)) as pilot:
        for index in steps:
            screen = await show(pilot, "numpy-arrays", index, folded=True)
            assert missing_keys(screen) == [], index


async def test_in_korean_the_stage_keys_do_not_read_as_the_lessons_next_step():
    """The footer read "→ 다음" beside ". 다음 단계" and ", 이전 단계", and the step counter reads "4/7단계":
    a learner could not tell the lesson's next step from the broadcast's. The pane's keys now say where
    they move (앞으로, 뒤로), and as a pair "앞뒤로"; their tips name the broadcast's stages."""
    from screen_text import screen_lines

    app = make_app(lesson_id="numpy-arrays", step=3, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_lines(app)[-1]
    assert "→ 다음" in footer and ", . 앞뒤로" in footer and "단계" not in footer, footer


@pytest.mark.parametrize("lang, back", [("en", ", . Step"), ("ko", ", . 앞뒤로")])
async def test_at_the_last_stage_the_footer_lists_the_comma_the_hint_names(lang, back):
    """1.1 step 1 opens at the result, where the pane says "the last stage: , goes back": the footer
    beside the text listed a dimmed `.` and no `,` (shown only when named, and the pane named none); it
    lists the two as one item now, whose Korean label says where they move, not "단계" (the lesson's), and
    goes on listing both where the hint names `.` again (a pair shows both its keys wherever it is listed)."""
    from screen_text import screen_lines

    app = make_app(lesson_id="numpy-arrays", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert back in screen_lines(app)[-1], screen_lines(app)[-1]
        await pilot.press("comma")
        await pilot.pause()
        assert back in screen_lines(app)[-1]                     # the hint names . again: the pair stays whole


def test_workbench_open_broadcast_takes_its_settings(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "broadcast", "--set", "a=1 2; 3 4", "--set", "b=10", "--set", "op=/"]) == 0
    name, settings = apps[0]._start[2]
    assert name == "broadcast" and settings.b == 10 and settings.op == "/"
    assert cli.main(["open", "broadcast", "--set", "a=1 2; 3"]) == 2
    assert "rows of different lengths" in capsys.readouterr().err


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_a_row_stretched_in_the_lesson(snap_compare):
    app = make_app(lesson_id="numpy-arrays", step=3)
    assert snap_compare(still(app), terminal_size=SIZE, press=["."])


def test_snapshot_shapes_that_do_not_fit_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="numpy-arrays", step=4, lang="ko")), terminal_size=SIZE)


async def test_typing_floats_over_the_same_whole_numbers_recomputes_the_dtype():
    app = opened("a=1 2", "b=10")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BroadcastPane)
        assert "int64" in shown(p)
        box = p.query_one("#field-a", Input)
        box.focus()
        box.value = "1.0 2.0"
        await pilot.press("enter")
        assert p.settings.a == (1.0, 2.0) and isinstance(p.settings.a[0], float)
        assert "(2,) float64" in shown(p) and "(2,) int64" not in shown(p)
