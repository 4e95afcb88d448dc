"""A comparison's runs outlive its pane (run_controls.set_aside, take_up): 6.3's finished grid was gone
when the learner left the lesson (Escape to the list, another lesson, a step of another pane) and came
back, the pane saying "Ready: g trains…" again for minutes of training. Tiny seeded runs of the
synthetic digits, the lesson's own settings made tiny so that coming back gives the pane the same ones."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import BatchNormPane, ComparePane
from workbench.i18n import t
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50, epochs=1, hidden=(10,))


@pytest.fixture
def tiny_steps(monkeypatch):
    """Every comparison step's settings tiny, as the lesson gives them on each visit."""
    make_steps_tiny(monkeypatch, lambda name: TINY if name.startswith("compare") else None)


async def pane_of(pilot, kind=ComparePane):
    return await shown_pane(pilot, kind)


async def test_a_finished_grid_is_there_again_when_the_lesson_is_back(tiny_steps):
    """Escape to the list and back to 6.3 step 3, then a step of another pane (step 1) and back: the
    grid, its table and its status are there at once, in the grid view it was left in. In English alone:
    the keeping is the same in Korean, whose words for a kept run are the language switch's test below."""
    app = make_app(lesson_id="batch-norm", step=2)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot, BatchNormPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        assert p.view == "grid" and len(p.results) == 32
        results = dict(p.results)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(BatchNormPane))
        await app.open_lesson("batch-norm", 2)
        back = await pane_of(pilot, BatchNormPane)
        await until(pilot, lambda: back.state == "done")
        assert back is not p and back.results == results and back.view == "grid"
        status = text(app, "#compare-status")
        assert t("compare.status.idle", runs=32).split(":")[0] not in status
        assert t("pane.run_let_go", keep=2) not in status
        await pilot.press("left", "left")             # step 1: the batch-norm walk, another pane
        await until(pilot, lambda: not app.screen.query(BatchNormPane))
        await pilot.press("right", "right")
        again = await pane_of(pilot, BatchNormPane)
        await until(pilot, lambda: again.state == "done")
        assert again.results == results and again.shown_plan().groups == 16


async def test_a_run_going_when_the_lesson_is_left_keeps_what_it_did_as_x_does(tiny_steps):
    """A grid's run still going as the learner leaves is stopped (the pane's jobs end with it), and what
    it trained so far is shown again, stopped, when the lesson is back: g trains it all again."""
    app = make_app(lesson_id="batch-norm", step=2)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot, BatchNormPane)
        p.settings = dataclasses.replace(p.settings, epochs=20)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training" and p.results)
        await pilot.press("space")
        done = len(p.results)
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(BatchNormPane))
        await app.open_lesson("batch-norm", 2)
        back = await pane_of(pilot, BatchNormPane)
        back.settings = dataclasses.replace(back.settings, epochs=20)
        await until(pilot, lambda: back.state == "done")
        assert not back.running() and len(back.results) >= done
        assert back.stopped_short(32)
        assert back.check_action("start", ()) is True


async def test_only_the_last_comparisons_are_kept_across_visits():
    """The panes that come and go keep as many runs as one pane does (KEEP_FINISHED of other settings
    besides the shown one): what a kept run holds stays bounded however often the learner comes back."""
    from workbench.app.panes.run_controls import KEEP_FINISHED, SET_ASIDE

    app = make_app(lesson_id="regularization", step=0)
    async with app.run_test(size=SIZE) as pilot:
        for seed in (1, 2, 3, 4):
            p = await pane_of(pilot)
            p.settings = dataclasses.replace(p.settings, **{**TINY, "epochs": 1}, seed=seed)
            await pilot.press("g")
            await until(pilot, lambda: p.state == "done" and not p.running())
            await pilot.press("escape")
            await until(pilot, lambda: not app.screen.query(ComparePane))
            runs, _, _ = SET_ASIDE[app][p.PANE]
            assert len(runs) <= KEEP_FINISHED + 1
            assert all(k.values["data"].x_train.nbytes == 0 for k in runs)     # the sizes, not the images
            await app.open_lesson("regularization", 0)
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, **TINY, seed=4)
        await pilot.pause()
        assert p.state == "done" and p.results
        line = p.data.short_text()
        assert "200" in line and "100" in line and line in text(app, "#compare-progress").replace("\n", " ")



@pytest.mark.parametrize("shown", [True, False], ids=["shown", "kept-for-other-settings"])
async def test_a_finished_comparison_stays_through_a_language_switch_in_the_new_languages_words(shown):
    """The language switched (the pane built again) keeps 6.4's finished runs, named in Korean: the run
    shown at the switch, and one kept for other settings than those shown, named at the switch (its plan
    and table kept "plain" in Korean until it was shown)."""
    app = make_app(lesson_id="regularization", step=0, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, **TINY)
        ran = p.settings
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        if not shown:
            p.settings = dataclasses.replace(ran, seed=7)            # the run of `ran` is kept, not shown
            await pilot.pause()
        await app.switch_language("ko")
        back = await pane_of(pilot)
        await until(pilot, lambda: back.kept_runs)
        kept = next(k for k in back.kept_runs if k.settings == ran)
        names = [run.spec.name for run in kept.values["plan"].runs] + [r.name for r in kept.values["results"].values()]
        assert names and all(name == "처방 없음" for name in names)
        back.settings = ran
        await until(pilot, lambda: back.state == "done")
        await pilot.press("1")
        await pilot.pause()
        assert back is not p and "처방 없음" in text(app, "#compare-table") and "plain" not in text(app, "#compare-table")
