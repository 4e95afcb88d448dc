"""What a new learner of chapter 6's comparisons read that was not so: the plan before a run called
itself "this table of results" (1은 이 결과 표입니다) with no result yet, and runs made with the learner's
own settings were kept but not shown, without a word, when a step put its own settings back
(run_controls.kept_line). Tiny seeded runs of the synthetic digits."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import ComparePane
from workbench.models.catalog import pane
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import until, widget_text as text

SIZE = (80, 24)
TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50, epochs=1, hidden=(10,))


@pytest.mark.parametrize("lang, wrong, said", [
    ("en", "this table of results", "the table of results takes this plan's place in 1 once a run ends"),
    ("ko", "이 결과 표", "학습이 하나 끝나면 1에는 이 계획 대신 결과 표가 나옵니다")])
@pytest.mark.parametrize("name", ["compare-optimizers", "compare-batch-norm"])
async def test_the_plan_before_a_run_says_what_1_will_show(lang, wrong, said, name):
    app = make_app(pane=(name, pane(name).parse([])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plan = text(app, "#compare-table").replace("\n", " ")
        assert said in plan and wrong not in plan


@pytest.mark.parametrize("lang, said", [("en", "What you ran with epochs = 2 is kept: k shows it."),
                                        ("ko", "에폭 수 = 2로 한 학습이 남아 있습니다. k를 누르면 보입니다.")])
async def test_the_learners_own_runs_kept_out_of_sight_are_said(monkeypatch, lang, said):
    """6.4 step 1 trained with 2 epochs (as s sets them), then step 2 and back: step 1's own settings are in
    use again, its plan shown, and the learner's run kept without a word; the status says which."""
    make_steps_tiny(monkeypatch, lambda name: TINY if name.startswith("compare") else None)
    app = make_app(lesson_id="regularization", step=0, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await shown_pane(pilot, ComparePane)
        p.settings = dataclasses.replace(p.settings, epochs=2)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("right")
        await until(pilot, lambda: app.screen.index == 1)
        step2 = await shown_pane(pilot, ComparePane)          # its runs and λ differ: the plain run's λ, unused, unsaid
        await until(pilot, lambda: step2.settings.weight_decay == 0.03 and step2.state == "idle")
        await until(pilot, lambda: "= 2" in text(app, "#compare-status"))
        assert "0.1" not in text(app, "#compare-status")
        status = step2.query_one("#compare-status")            # beside the text at 80×24: every row shown
        assert status.size.height == len(step2.status_text().wrap(app.console, status.content_size.width))
        await pilot.press("left")
        await until(pilot, lambda: app.screen.index == 0)
        back = await shown_pane(pilot, ComparePane)
        await until(pilot, lambda: back.settings.epochs == 1 and back.state == "idle")
        await until(pilot, lambda: said in text(app, "#compare-status").replace("\n", " "))
        back.settings = dataclasses.replace(back.settings, epochs=2)
        await until(pilot, lambda: back.state == "done")
        assert said not in text(app, "#compare-status").replace("\n", " ")


@pytest.mark.parametrize("lang, words", [("en", ("curves are drawn here as they train", "g starts")),
                                         ("ko", ("여기에 곡선이 그려집니다", "g로 시작합니다"))])
async def test_the_curves_before_a_run_say_what_will_be_there(lang, words):
    """2 before a run showed three empty frames: it says what they will hold and that g starts; the plots
    come back with the first steps."""
    app = make_app(pane=("compare-optimizers", pane("compare-optimizers").parse(
        ["dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=50", "iterations=8",
         "hidden=10"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ComparePane)
        await pilot.press("2")
        await until(pilot, lambda: words[0] in text(app, "#compare-curves-empty").replace("\n", " "))
        assert words[1] in text(app, "#compare-curves-empty").replace("\n", " ")
        assert not p.query_one("#compare-loss").display and not p.query_one("#compare-accuracies").display
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await until(pilot, lambda: p.query_one("#compare-loss").display or p.query_one("#compare-accuracies").display)
        assert not p.query_one("#compare-curves-empty").display
