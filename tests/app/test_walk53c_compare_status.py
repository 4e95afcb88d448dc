"""A comparison left before any of its runs finished (6.4 step 3 left with Escape after a few seconds of
dropout, the lesson opened again) said "멈춤: 학습 2개 가운데 0개 보고, 가장 높은 시험 정확도 -- (--)":
placeholders for a best run there is none of, and nothing of what to do. It says that none finished and
that g trains them again from the start; a run stopped after some reported keeps its best."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import OverfittingPane
from workbench.i18n import t
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import until, widget_text as text

TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50, epochs=1, dropout_epochs=1,
            hidden=(10,))


@pytest.fixture
def tiny_steps(monkeypatch):
    make_steps_tiny(monkeypatch, lambda name: TINY if name == "compare-overfitting" else None)


@pytest.mark.parametrize("language, step, runs", [("ko", 2, 2), ("en", 0, 1)])
async def test_a_comparison_left_before_any_run_finished_says_so_and_what_g_does(tiny_steps, language, step, runs):
    app = make_app(lesson_id="regularization", step=step, lang=language)
    async with app.run_test(size=(80, 24)) as pilot:
        p = await shown_pane(pilot, OverfittingPane)
        p.settings = dataclasses.replace(p.settings, epochs=5000, dropout_epochs=5000)   # long: paused before a run ends
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training")
        await pilot.press("space")                          # paused: no run reports before Escape
        assert not p.results
        await pilot.press("escape")
        await until(pilot, lambda: not app.screen.query(OverfittingPane))
        await app.open_lesson("regularization", step)
        back = await shown_pane(pilot, OverfittingPane)
        back.settings = dataclasses.replace(back.settings, epochs=5000, dropout_epochs=5000)
        await until(pilot, lambda: back.state == "done")
        status = " ".join(text(app, "#compare-status").split())
        key = "compare.status.stopped.none" + (".one" if runs == 1 else "")
        assert status.startswith(t(key, runs=runs)), status
        assert "--" not in status


def test_a_stop_after_some_runs_reported_still_names_the_best():
    said = t("compare.status.stopped", done=1, runs=3, acc="87.2 %", name="He")
    assert "87.2 %" in said and "He" in said


@pytest.mark.parametrize("language", ["en", "ko"])
async def test_the_tables_hint_keeps_its_keys_with_their_words(tiny_steps, language):
    """"A click on a run (or , .) draws its curves on top": a row could start ", .) draws"."""
    from test_walk53c_key_rows import lone_key_rows

    app = make_app(lesson_id="regularization", step=1, lang=language)   # two runs: the table offers to pick one
    async with app.run_test(size=(80, 24)) as pilot:
        p = await shown_pane(pilot, OverfittingPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and len(p.results) == 2)
        hint = p.table_text().plain.splitlines()[-1]
        assert hint.replace("\u00a0", " ").startswith(t("compare.table.pick")[:12]), hint
        assert lone_key_rows(hint) == [], hint
