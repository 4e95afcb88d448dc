"""The forward pane in the app: stepping the book's three layers with `.` and `,`, batch mode and its
rows, editing X and a layer's weights in place (a bad entry is marked and changes nothing), a lesson
step's settings, `workbench open forward`, and SVG snapshots (review new ones by eye)."""
import pytest
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.forward import ForwardPane
from workbench.app.settings_form import SettingField
from workbench.models.catalog import pane
from screen_text import field_error

SIZE = (80, 24)
ENTRY = pane("forward")


def opened(*assignments):
    return make_app(pane=("forward", ENTRY.parse(list(assignments))))


def work(p) -> str:
    return str(p.query_one("#forward-work", Static).render())


def fields_shown(p) -> list[str]:
    return [f.key for f in p.query(SettingField) if f.display]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def test_stepping_through_the_three_layers_and_back():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        assert "W1 (2, 3)" in work(p) and "A1 = X · W1 + B1" in work(p)    # what comes first
        await pilot.press(".")
        assert p.settings.step == 1 and "(2,) · (2, 3) + (3,) → (3,)" in work(p)
        assert "a₁ = 1×0.1 + 0.5×0.2 + 0.1 = 0.3" in work(p) and "[0.3  0.7  1.1]" in work(p)
        await pilot.press(".")
        assert "Z1 = σ(A1)" in work(p) and "σ(0.3) = 1/(1+exp(−0.3)) = 0.5744" in work(p)
        await pilot.press(*"....")
        assert p.settings.step == 6 and "[0.3168  0.6963]" in work(p)
        await pilot.press(".")                                     # nothing after the end
        assert p.settings.step == 6 and not p.query_one(ErrorLine).display
        assert p.check_action("step", (1,)) is None and p.check_action("step", (-1,))   # `.` dimmed
        await pilot.press(",", ",")
        assert p.settings.step == 4 and "Z2 = σ(A2)" in work(p)
        assert fields_shown(p) == ["x", "w2", "b2"]


def test_a_value_reads_the_same_in_its_array_and_in_its_worked_out_line():
    """Z2's second value read 0.7710 in the array and 0.771 in σ(1.214) = … = 0.771 under it (the array
    padded every value to the most decimals in it): now every number is `fmt`'s, and the array lines
    its points up with spaces, as NumPy does."""
    from workbench.app.panes.forward import matrix_lines
    from workbench.models.forward import OPERATIONS, compute, element_lines

    result = ENTRY.compute(ENTRY.parse(["step=4"]))
    z2 = matrix_lines(result.arrays["Z2"])
    assert z2 == ["[0.6262  0.771 ]"]
    assert element_lines(result, OPERATIONS[3])[1].endswith("= 0.771")
    batch = compute(ENTRY.parse(["batch=true", "x=1 0.5; 0.5 1; -1 0"]))
    assert matrix_lines(batch.arrays["X"]) == ["[ 1    0.5]", "[ 0.5  1  ]", "[−1    0  ]"]


async def test_batch_mode_gives_every_array_n_rows_and_works_out_the_chosen_row():
    app = opened("step=1")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        await pilot.press("b")
        assert p.settings.batch and len(p.settings.x) == 3
        assert "(3, 2) · (2, 3) + (3,) → (3, 3)" in work(p) and "row 1 of 3" in work(p)
        await pilot.press("]")
        assert "row 2 of 3" in work(p) and "a₁ = 0.5×0.1 + 1×0.2 + 0.1 = 0.35" in work(p)
        await pilot.press("b")
        assert not p.settings.batch and p.settings.x == ((1.0, 0.5),)
        assert "(2,) · (2, 3) + (3,) → (3,)" in work(p)


async def test_a_bad_weight_is_marked_and_the_last_good_pass_stays():
    app = opened("step=1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        box = p.query_one("#field-w1", Input)
        box.focus()
        box.value = "0.1 0.3; 0.2 0.4"
        await pilot.press("enter")
        line = p.query_one(ErrorLine)
        assert "each row of w1 must have 3 numbers, got 2" in (field_error(p, "w1") or "")
        assert not line.display                                          # said once, under the field
        assert "[0.3  0.7  1.1]" in work(p) and p.settings.w1 == ((0.1, 0.3, 0.5), (0.2, 0.4, 0.6))
        box.value = "1 0 0; 0 1 0"
        await pilot.press("enter")
        assert not line.display and "[1.1  0.7  0.3]" in work(p)        # X·W1 + B1 with the new W1
        assert app.focused is p, "Enter gives the keys back to the pane"
        await pilot.press("r")
        assert "[0.3  0.7  1.1]" in work(p)


@pytest.mark.parametrize("lang, words", [("en", "turn batch mode on (b)"), ("ko", "배치 모드를 켜세요(b)")])
async def test_a_second_row_of_x_without_batch_mode_is_refused_in_place(lang, words):
    """The refusal names the key that turns batch mode on, and no pair "(x₁ x₂)" to break over two rows."""
    app = make_app(pane=("forward", ENTRY.parse([])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        box = p.query_one("#field-x", Input)
        box.focus()
        box.value = "1 0.5; 2 1"
        await pilot.press("enter")
        assert words in str(p.query_one(ErrorLine).render()) and p.settings.x == ((1.0, 0.5),)


async def test_a_lesson_step_sets_the_step_and_the_batch():
    app = make_app(lesson_id="forward-pass", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        assert p.settings.step == 1 and not p.settings.batch
        for _ in range(4):
            await pilot.press("right")
        await pilot.pause()
        p = app.screen.query_one(ForwardPane)
        assert p.settings.batch and p.settings.step == 1 and "(3, 2) · (2, 3)" in work(p)


def test_workbench_open_forward_takes_its_settings(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "forward", "--set", "step=6", "--set", "batch=true", "--set", "x=1 0.5; 0 1"]) == 0
    name, settings = apps[0]._start[2]
    assert name == "forward" and settings.step == 6 and settings.x == ((1.0, 0.5), (0.0, 1.0))
    assert cli.main(["open", "forward", "--set", "w3=1 2 3"]) == 2
    assert "w3" in capsys.readouterr().err


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_layer_two_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="forward-pass", step=3)), terminal_size=(80, 24))


def test_snapshot_a_batch_full_screen(snap_compare):
    assert snap_compare(still(opened("batch=true", "x=1 0.5; 0.5 1; -1 0", "step=1")), terminal_size=(120, 40))


def test_snapshot_the_output_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="forward-pass", step=4, lang="ko")), terminal_size=(80, 24))


async def test_the_footer_dims_the_step_key_once_y_is_computed():
    """At 6/6 the footer went on offering `. Step`, and the key did nothing: its `.` is dim, its `,` not."""
    from workbench.app.key_bar import KeyBar

    app = make_app(lesson_id="forward-pass", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p, bar = app.screen.query_one(ForwardPane), app.screen.query_one(KeyBar)
        step_enabled = lambda: next(dict(bar._parts.get(b.id, [(key, on)]))["."]  # noqa: E731
                                    for b, on, key, _ in bar.choose(80) if "." in key.split())
        assert p.settings.step == 6 and not step_enabled()
        await pilot.press(",")
        await pilot.pause()
        assert p.settings.step == 5 and step_enabled()
