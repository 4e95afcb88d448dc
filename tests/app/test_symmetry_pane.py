"""The weight-symmetry pane through its keys: `.` one update, `,` one back, space a hundred, `i` the next
init, what each shows (identical columns with one value, distinct ones with random weights, a W1 that
never moves with zeros), both languages, the lesson's step with its keys in the footer, and SVG
snapshots at 80×24 (each reviewed by eye)."""
import pytest
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.symmetry import SymmetryPane, scaled
from workbench.i18n import t
from workbench.models.catalog import pane

from screen_text import screen_text, until

SIZE = (80, 24)


def shown(app, part: str) -> str:
    return str(app.screen.query_one(f"#symmetry-{part}", Static).render()).replace("\u00a0", " ")


def still(app):
    app.animation_level = "none"
    return app


def test_numbers_are_shown_over_a_power_of_ten():
    assert scaled([0.0123, -0.005], 2) == (["1.23", "−0.50"], 0.01)
    assert scaled([9.996, 1.0], 2) == (["1.00", "0.10"], 10.0)            # 9.996 would round to 10.00
    assert scaled([0.0, 0.0], 1) == (["0", "0"], 1.0)
    assert scaled([0.1, -0.002], 1) == (["1.0", "0.0"], 0.1)              # no −0.0: a rounding of 0 has no sign


async def test_update_back_a_hundred_and_the_next_init():
    app = make_app(pane=("symmetry", pane("symmetry").parse(["init=same"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SymmetryPane)
        assert p.settings.step == 0 and "Before the first update, distinct hidden units: 1 of 6" in shown(app, "observation")
        await pilot.press("comma")                          # nothing before the first update
        assert p.settings.step == 0 and not p.query_one(ErrorLine).display
        await pilot.press("full_stop")
        assert p.settings.step == 1 and "update 1 " in shown(app, "status")
        assert "W1 has not moved in 1 updates" in shown(app, "observation")     # dy sums to 0: dh = 0 at first
        await pilot.press("full_stop", "comma")
        assert p.settings.step == 1
        await pilot.press("space")
        await until(pilot, lambda: p.settings.step == 101 and "update 101" in shown(app, "status"))
        table = shown(app, "table")
        assert "distinct hidden units: 1 of 6" in shown(app, "readout")
        row = next(line for line in table.splitlines() if line.startswith("x379"))
        assert len(set(row.split()[1:])) == 1, table                          # one number across every unit
        assert "all 6 hidden units are still one" in shown(app, "observation")
        await pilot.press("i")
        assert p.settings.init == "random" and "distinct hidden units: 6 of 6" in shown(app, "readout")
        row = next(line for line in shown(app, "table").splitlines() if line.startswith("x379"))
        assert len(set(row.split()[1:])) > 1
        await pilot.press("i")
        assert p.settings.init == "zero" and "W1 has not moved in 101 updates" in shown(app, "observation")
        assert "Only b2 changed" in shown(app, "observation") and "W1 0 · b1 0 · W2 0 · b2 0." in shown(app, "readout")
        await pilot.press("r")
        assert p.settings.step == 0


async def test_the_last_update_stops_the_keys_that_go_further():
    app = make_app(pane=("symmetry", pane("symmetry").parse(["step=950"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SymmetryPane)
        await pilot.press("space")
        await until(pilot, lambda: p.settings.step == 1000)
        await pilot.press("full_stop")
        assert p.settings.step == 1000 and not p.query_one(ErrorLine).display


async def test_korean_labels():
    app = make_app(pane=("symmetry", pane("symmetry").parse(["init=same", "step=3"])), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "서로 다른 은닉 뉴런: 6개 중 1개" in shown(app, "readout")
        assert "가중치 모두 같은 값 0.01" in shown(app, "status") and "갱신 3회" in shown(app, "status")
        assert "은닉 뉴런 6개가 모두 하나입니다" in shown(app, "observation")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_lessons_step_shows_one_unit_and_keeps_its_keys_in_the_footer(lang):
    app = make_app(lesson_id="weight-init", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SymmetryPane)
        assert (p.settings.init, p.settings.step) == ("same", 300)
        footer = str(app.screen.query_one("KeyBar").render())
        assert all(f"  {key} " in footer for key in (", .", "space", "i")), footer      # , . one item
        assert ("6개 중 1개" if lang == "ko" else "1 of 6") in screen_text(app)


def test_the_lessons_step_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="weight-init", step=0)), terminal_size=SIZE)


def test_the_lessons_step_in_korean_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="weight-init", step=0, lang="ko")), terminal_size=SIZE)


def test_random_weights_full_screen_at_80x24(snap_compare):
    app = make_app(pane=("symmetry", pane("symmetry").parse(["step=300"])))
    assert snap_compare(still(app), terminal_size=SIZE)


async def test_a_run_where_nothing_moved_says_so_without_naming_a_parameter():
    """No settings leave every parameter where it was (b2 always learns), so the result is edited to: the
    sentence then says nothing moved, where it named an empty list ("Only  changed")."""
    app = make_app(pane=("symmetry", pane("symmetry").parse(["init=zero", "step=2"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SymmetryPane)
        p.result.moved["b2"] = 0.0                      # as if b2 had not moved either
        p.refresh_view()
        await pilot.pause()
        assert "Nothing has moved in 2 updates" in shown(app, "observation")


async def test_a_learning_rate_that_silences_every_unit_is_said_so_not_called_distinct_features():
    """lr = 10 from random weights: after 300 updates every ReLU is closed on every training image (h is
    all 0), so the units differ only in dead weights; the pane said they each learned a feature."""
    app = make_app(pane=("symmetry", pane("symmetry").parse(["init=random", "lr=10", "step=300"])), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "모든 은닉 뉴런이 모든 훈련 이미지에 0을 출력합니다" in shown(app, "observation"))
        assert "제 특징을 학습합니다" not in shown(app, "observation")


async def test_the_silent_units_sentence_fits_the_lessons_pane_at_80x24():
    """In 6.2's first step the sentence has the four rows under the readout: its end is on the screen
    (a first version ran to six rows and lost its last words)."""
    app = make_app(lesson_id="weight-init", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.screen.query(SymmetryPane)))
        assert app.screen.query_one(SymmetryPane).apply(init="random", lr=10.0)
        await until(pilot, lambda: "Every hidden unit outputs 0" in screen_text(app))
        await pilot.pause()                                 # the observation takes its new height
        assert " ".join(t("symmetry.observe.silent").split()[-4:]) in pane_side(app)


def pane_side(app) -> str:
    """The words right of the text column's edge, row after row."""
    return " ".join(" ".join(line.rpartition("▏")[2].split()) for line in screen_text(app).splitlines())
