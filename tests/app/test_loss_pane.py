"""The loss pane in the app: the book's two examples and their batch by key, each term, the curve
−log y with its point moved by `+`/`-`, t as a label or one-hot, bad entries kept out, a lesson step,
`workbench open loss`, and SVG snapshots (review new ones by eye)."""
import pytest
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.loss import LossPane
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from screen_text import field_error

SIZE = (80, 24)
ENTRY = pane("loss")


def opened(*assignments):
    return make_app(pane=("loss", ENTRY.parse(list(assignments))))


def shown(p, part) -> str:
    """A part's text, its no-break spaces read as spaces (a pair or an item of the head is kept whole)."""
    return str(p.query_one(f"#loss-{part}", Static).render()).replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def test_the_book_examples_term_by_term():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        terms, totals = shown(p, "terms"), shown(p, "totals")
        assert "½(y−t)²" in terms and "−t·log(y+δ)" in terms
        assert "2  0.6  1    0.08      0.5108" in terms
        assert "sum of squares error" in totals and "0.0975" in totals and "mean" not in totals
        assert "cross-entropy error" in totals and "0.5108" in totals and "argmax y = 2 = t: right" in totals
        await pilot.press("2")
        terms, totals = shown(p, "terms"), shown(p, "totals")
        assert "0.405" in terms and "0.18" in terms and "2.3026" in terms
        assert "0.5975" in totals and "argmax y = 7, but t = 2: wrong" in totals


async def test_the_curve_and_its_point_move_with_the_correct_output():
    app = opened("y=0.1 0.05 0.1 0 0.05 0.1 0 0.6 0 0")
    async with app.run_test(size=(70, 24)) as pilot:                 # too narrow for terms and curve at once
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        await pilot.press("v")
        assert p.settings.view == "curve" and p.query_one("#loss-curve").display
        assert not p.query_one("#loss-terms").display
        assert "y₂ = 0.1 → −log(0.1 + 1e−7) = 2.3026" in shown(p, "totals")
        await pilot.press(*"+" * 10)
        assert p.result.y[0, 2] == 0.6 and "= 0.5108" in shown(p, "totals")
        assert p.settings.y[0][1] == 0.022222 == round(0.05 * 0.4 / 0.9, 6)   # each press from exact values
        assert abs(sum(p.settings.y[0]) - 1) < 1e-6 and "not 1" not in shown(p, "head")
        await pilot.press(*"-" * 12)
        assert p.result.y[0, 2] == 0 and "16.1181" in shown(p, "totals")
        await pilot.pause()                                        # render() builds the latest drawing at once
        assert "●" in str(p.query_one(Plot).render())


async def test_t_as_a_label_or_one_hot_gives_the_same_losses():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        before = shown(p, "totals")
        await pilot.press("o")
        assert p.settings.form == "one-hot" and "(one-hot)" in shown(p, "head") and shown(p, "totals") == before
        await pilot.press("o")
        assert p.settings.t == ((2.0,),)


async def test_a_batch_lists_its_rows_and_averages_over_n():
    app = opened()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        await pilot.press("3")
        assert len(p.settings.y) == 2 and p.settings.t == ((2.0, 2.0),)
        batch, totals = shown(p, "batch"), shown(p, "totals").replace("\n", " ")
        assert "0.5108" in batch and "2.3026" in batch
        assert "(0.5108 + 2.3026) / 2 = 1.4067" in totals and "1 of 2 right" in totals and "0.695" in totals
        assert p.query_one("#loss-curve").display and p.has_class("-wide"), "room for the terms and the curve"
        assert not p.check_action("view", ()), "nothing for v to switch"
        await pilot.press("]")
        assert "batch of N = 2" in shown(p, "head") and "row 2" in shown(p, "head") and "0.405" in shown(p, "terms")


@pytest.mark.parametrize("key, text, words", [
    ("t", "11", "a whole number from 0 to 9, got 11"),
    ("t", "0 1 1 0 0 0 0 0 0 0", "a single 1 in each row"),
    ("y", "0.5 0.5; 0.2", "2 to 10 numbers"),
    ("y", "0.1 0.05 1.6 0 0.05 0.1 0 0.1 0 0", "y = 1.6 is out of range"),
])
async def test_bad_entries_are_marked_and_the_losses_stay(key, text, words):
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        box = p.query_one(f"#field-{key}", Input)
        box.focus()
        box.value = text
        await pilot.press("enter")
        await pilot.pause()
        assert words in (field_error(p, key) or "")                      # said under its field, once
        assert not p.query_one(ErrorLine).display
        assert "0.0975" in shown(p, "totals") and p.settings == ENTRY.settings()


async def test_a_y_that_does_not_sum_to_1_is_computed_and_said():
    app = opened("y=0.5 0.5 0.5", "t=0")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        assert "Σy = 1.5, not 1" in shown(p, "head") and "0.6931" in shown(p, "totals")


async def test_a_lesson_step_sets_y_t_and_the_view():
    app = make_app(lesson_id="loss-functions", step=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(LossPane)
        assert p.settings.view == "curve" and p.result.correct[0] == 0.1
        await pilot.press("right")
        await pilot.pause()
        assert len(p.settings.y) == 2 and p.settings.view == "terms"


def test_workbench_open_loss_takes_its_settings(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "loss", "--set", "y=0.7 0.2 0.1", "--set", "t=0", "--set", "view=curve"]) == 0
    name, settings = apps[0]._start[2]
    assert name == "loss" and settings.y == ((0.7, 0.2, 0.1),) and settings.view == "curve"
    assert cli.main(["open", "loss", "--set", "y=0.7 0.2 0.1", "--set", "t=3"]) == 2
    assert "a whole number from 0 to 2, got 3" in capsys.readouterr().err


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_the_terms_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="loss-functions", step=2)), terminal_size=(80, 24))


def test_snapshot_the_curve_in_the_lesson_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="loss-functions", step=4, lang="ko")), terminal_size=(80, 24))


def test_snapshot_a_batch_full_screen(snap_compare):
    assert snap_compare(still(opened("y=0.1 0.05 0.6 0 0.05 0.1 0 0.1 0 0; 0.1 0.05 0.1 0 0.05 0.1 0 0.6 0 0",
                                     "t=2 2")), terminal_size=(120, 40))


@pytest.mark.parametrize(("lang", "part", "whole"), [
    ("en", "head", "t as label"),                       # it broke as "t as" over "label · row 1"
    ("ko", "totals", "mean_squared_error(y, t)는"),       # and as "mean_squared_error(y," over "t)는"
])
async def test_a_batch_beside_the_lesson_text_breaks_between_items_and_keeps_a_pair_whole(lang, part, whole):
    app = make_app(lesson_id="loss-functions", step=5, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = shown(app.screen.query_one(LossPane), part).split("\n")
        assert any(whole in row for row in rows), rows
        assert not any(row.startswith("·") for row in rows), rows
