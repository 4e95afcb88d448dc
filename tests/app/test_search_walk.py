"""What a new learner of 6.4's search read that was not so: "the best five" of three trials, an empty
frame where the scatter will be before any trial ends, and a search made with the learner's own settings
kept but not shown, without a word, when the step put its settings back (run_controls.kept_line).
Trials made up where only the words are checked; a tiny seeded search of the synthetic digits elsewhere."""
from __future__ import annotations

import dataclasses
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.search import SearchPane
from workbench.i18n import t
from workbench.models.catalog import pane
from workbench.models.search import TrialResult, of_the_best
from kept_fixtures import make_steps_tiny, shown_pane
from screen_text import screen_text, until, widget_text as text

SIZE = (80, 24)
STEP = 3
"""6.4 step 4 ("hyperparameters"): the search; step 5 is the exercises, another pane."""


def trial(index: int, acc: float) -> TrialResult:
    return TrialResult(index, index, 10 ** (-5 + index), 10 ** (-7 + index), acc, acc, (acc,), (acc,), None, 1.0)


def ended(p: SearchPane, count: int) -> None:
    """The pane as a search of `count` trials left it."""
    p.trials = [trial(k, 0.5 + k / 100) for k in range(count)]
    p.run_settings, p.state = p.settings, "done"
    p._shown.clear()
    p.refresh_bindings()
    p.refresh_view()


@pytest.mark.parametrize("lang, best, done_line, title, legend", [
    ("en", "best five", "r searches again where these 3 are.", "The best 3 of 3 trials, by validation accuracy",
     "best 3 of 3"),
    ("ko", "가장 좋은 다섯", "r로 이 3번이 있는 곳을 다시 탐색합니다.", "시행 3번 모두, 검증 정확도 순", "시행 3번 모두")])
async def test_fewer_than_five_trials_are_not_called_the_best_five(lang, best, done_line, title, legend):
    """A search of 3 trials said "where the best five are", "The best five of 3 trials" and "● best five"."""
    app = make_app(pane=("search", pane("search").parse(["dataset=synthetic-digits", "train_size=200", "trials=3"])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        ended(p, 3)
        await pilot.press("2")
        await until(pilot, lambda: legend in text(app, "#search-scatter-caption").replace("\u00a0", " "), 20)
        status = text(app, "#search-status").replace("\n", " ")
        assert done_line in status and best not in status
        assert best not in text(app, "#search-scatter-caption").replace("\u00a0", " ")
        await pilot.press("3")
        await until(pilot, lambda: text(app, "#search-best").startswith(title))
        assert best not in text(app, "#search-best").replace("\n", " ")
        ended(p, 1)                                  # one trial: no "best", and no r it cannot do
        await until(pilot, lambda: "3 of 3" not in text(app, "#search-best") and "3번" not in text(app, "#search-best"))
        assert "r " not in text(app, "#search-status") and "r로" not in text(app, "#search-status")
        ended(p, 6)                                  # five and more: the book's words
        await until(pilot, lambda: text(app, "#search-best").startswith(t("search.best.title", done=6)))
        assert best in text(app, "#search-status")


def test_the_words_of_the_best_follow_the_count():
    assert of_the_best("search.cli.best", 7) == t("search.cli.best")
    assert of_the_best("search.cli.best", 2) == "The best 2 of 2, by validation accuracy:"
    assert of_the_best("search.cli.best", 1) == "The one trial:"


@pytest.mark.parametrize("lang, words", [("en", ("becomes a point here", "g starts the search")),
                                         ("ko", ("점이 하나씩 찍힙니다", "g로 탐색을 시작합니다"))])
async def test_the_scatter_before_any_trial_says_what_will_be_there(lang, words):
    """2 before a search showed an empty frame and axes, and empty boxes under it: it says what each
    point will be and that g starts; during a search, till the first trial ends, that one is coming."""
    app = make_app(pane=("search", pane("search").parse(["dataset=synthetic-digits", "train_size=200", "trials=2",
                                                         "epochs=1", "batch_size=40", "hidden=10"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        await pilot.press("2")
        await until(pilot, lambda: words[0] in text(app, "#search-scatter-empty").replace("\n", " "))
        assert words[1] in text(app, "#search-scatter-empty").replace("\n", "")
        assert not p.query_one("#search-scatter").display and not p.query_one("#search-curves").display
        # no empty frame, once the screen is drawn (it lagged the text by a frame on a busy machine)
        await until(pilot, lambda: "┌" not in screen_text(app) and "└" not in screen_text(app))
        p.state = "training"                        # started, no trial ended yet
        p.refresh_view()
        await until(pilot, lambda: "2" in text(app, "#search-scatter-empty") and words[1] not in
                    text(app, "#search-scatter-empty").replace("\n", ""))
        p.state = "idle"
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await until(pilot, lambda: p.query_one("#search-scatter").display)
        assert not p.query_one("#search-scatter-empty").display


@pytest.mark.parametrize("lang, said", [("en", "Your search with trials = 2 is kept: k shows it."),
                                        ("ko", "시행 수 = 2로 한 탐색이 남아 있습니다. k를 누르면 보입니다.")])
async def test_the_learners_own_search_kept_out_of_sight_is_said(monkeypatch, lang, said):
    """6.4 step 4 with trials set to 2 and searched, then step 5 and back: the step's own settings are in
    use again, and the learner's search was kept without a word; the status says which, and how to see it."""
    make_steps_tiny(monkeypatch, lambda name: dict(train_size=200, batch_size=40, trials=4, epochs=1, hidden=(10,))
                    if name == "search" else None)
    app = make_app(lesson_id="regularization", step=STEP, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await shown_pane(pilot, SearchPane)
        assert said not in text(app, "#search-status").replace("\n", " ")
        p.settings = dataclasses.replace(p.settings, trials=2)       # as s would
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("right")
        await until(pilot, lambda: not app.screen.query(SearchPane))
        await pilot.press("left")
        back = await shown_pane(pilot, SearchPane)
        assert back.state == "idle" and back.settings.trials == 4
        await until(pilot, lambda: said in text(app, "#search-status").replace("\n", " "))
        back.settings = dataclasses.replace(back.settings, trials=2)   # set again: shown, and the line gone
        await until(pilot, lambda: back.state == "done" and len(back.trials) == 2)
        assert said not in text(app, "#search-status").replace("\n", " ")


@pytest.mark.parametrize("lang, title, network, start", [
    ("en", "3 trials of 1 epoch each", ", 1 iteration", "2 shows the scatter as the trials finish, 3 all 3, the best first."),
    ("ko", "1에폭짜리 시행 3번", ", 반복 1번", "3을 누르면 시행 3번 모두가 좋은 순서로 보입니다.")])
async def test_the_plan_of_a_tiny_search_counts_in_the_singular_and_says_g_once(lang, title, network, start):
    """A search set to 3 trials of 1 epoch planned "3 trials of 1 epochs each", "1 iterations", and "3 the
    best five"; its last line said "g starts" under the ready line saying g."""
    app = make_app(pane=("search", pane("search").parse(["dataset=synthetic-digits", "train_size=200", "trials=3",
                                                         "epochs=1", "hidden=20"])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plan = text(app, "#search-plan").replace("\n", " ")
        assert plan.startswith(title) and network in plan and plan.endswith(start), plan
        assert not re.search(r"(^|\s)g(\s|로)", plan)
        p = app.screen.query_one(SearchPane)
        p.settings = dataclasses.replace(p.settings, trials=1)
        await until(pilot, lambda: text(app, "#search-status") == t("search.status.idle.one"))
        assert "1 trials" not in text(app, "#search-plan")


async def test_the_legend_names_no_half_without_trials():
    """Three trials are all the best: the legend named an upper and a lower half with nothing in them."""
    app = make_app(pane=("search", pane("search").parse(["dataset=synthetic-digits", "train_size=200", "trials=3"])))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        ended(p, 3)
        await pilot.press("2")
        await until(pilot, lambda: "best" in text(app, "#search-scatter-caption"))
        assert "half" not in text(app, "#search-scatter-caption")
        p.settings = dataclasses.replace(p.settings, trials=8)
        ended(p, 8)
        await until(pilot, lambda: "lower" in text(app, "#search-scatter-caption"))
        assert "upper" in text(app, "#search-scatter-caption")


@pytest.mark.parametrize("lang, said", [("en", "Ranges narrowed to the 3 trials."), ("ko", "범위를 시행 3번에 맞게 좁혔습니다.")])
async def test_narrowing_three_trials_says_three(lang, said):
    """r after 3 trials said "narrowed to the 0 trials": the count was taken after the search was put aside."""
    app = make_app(pane=("search", pane("search").parse(["dataset=synthetic-digits", "train_size=200", "trials=3",
                                                         "epochs=1", "batch_size=40", "hidden=10"])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("r")
        await until(pilot, lambda: said in text(app, "#search-status").replace("\n", " "))
        await until(pilot, lambda: p.state == "done" and not p.running())
