"""A follower shows the view the presenter shows: the training pane's view and the epoch it stepped back
to, the comparison's view and grid cell, the search's view and trials (its scatter), the playground's
epoch. Each travels with the position (the cursor, or the search's figures), is read back with the same
checks as the rest, and stays when the student takes over.

Before this a follower kept the view it had: the presenter talked about the confusion matrix of epoch 2
while every student looked at the setup, and a search's scatter was empty on every follower.
"""
import json
from dataclasses import replace

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import ComparePane
from workbench.app.panes.playground import PlaygroundPane
from workbench.app.panes.search import SearchPane
from workbench.app.panes.train import TrainPane
from workbench.classroom.position import BadPosition, Position, settings_text
from follow_fixtures import NOWHERE, arrived, followed, handed, presenter_publishes, trained
from follow_fixtures import quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import until

TINY_TRAIN = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=3",
              "net=two-layer")
TINY_SEARCH = ("dataset=synthetic-digits", "train_size=200", "trials=5", "epochs=2", "batch_size=40")


# -- the training pane ---------------------------------------------------------------------------------

async def test_the_training_view_the_presenter_chose_is_the_followers():
    shared, _ = await presenter_publishes("train", TINY_TRAIN, "4")
    assert shared.cursor == "filters"
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        train = await followed(pilot, shared, TrainPane)
        assert train.view == "filters"
        app._presenter_moved(replace(shared, cursor=""))         # back to the setup, where a step starts
        await arrived(pilot, app)
        assert train.view == "setup"


@pytest.mark.parametrize("lang, said", [("en", ("epoch 2/3", "test accuracy", "presenter's network", "most confused")),
                                        ("ko", ("에폭 2/3", "시험 정확도", "발표자의 신경망", "가장 많이 헷갈린"))])
async def test_the_epoch_the_presenter_stepped_back_to_is_the_followers_and_stays_when_it_takes_over(lang, said):
    from workbench.models.evaluation import confusion_matrix

    shared, presenter = await presenter_publishes("train", TINY_TRAIN, "g", trained, "3", "comma")
    assert shared.cursor == "results 2" and shared.run is not None
    test_acc = round(presenter.records[2].test_acc, 4)
    theirs = confusion_matrix(presenter.data.t_test, presenter.records[2].predictions, 10)
    assert shared.figures.epoch == 2 and shared.figures.matrix == tuple(map(tuple, theirs.tolist()))
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        train = await followed(pilot, shared, TrainPane)
        assert train.view == "results" and train.presenters_epoch == 2 and not train.records   # shown, not trained
        scrubber = str(train.query_one("#train-scrubber-results").render()).replace("\xa0", " ")
        epoch, accuracy, whose, confused = said
        assert epoch in scrubber and accuracy in scrubber and whose in scrubber, scrubber
        matrix = str(train.query_one("#train-confusion").render()).splitlines()
        assert matrix[2].split()[1:] == [str(n) for n in theirs[0]]          # the presenter's counts, row 0
        assert confused in str(train.query_one("#train-pairs").render())
        from workbench.i18n.numbers import percent
        assert percent(test_acc).replace("\xa0", " ") in scrubber
        app._presenter_moved(replace(shared, cursor="results", figures=None))   # back at its latest epoch
        await arrived(pilot, app)
        await handed(pilot, app)
        assert train.presenters_epoch is None and ("3/3" in str(train.query_one("#train-scrubber-results").render()))
        await pilot.press("x")                                     # the student takes over
        await until(pilot, lambda: train.presenters_run is None)
        assert not app.following.attached and train.view == "results"


@pytest.mark.parametrize("cursor", ["bogus", "results -1", "results 2 3", "results ²", "rm -rf /", "results 9999999"])
async def test_a_training_cursor_that_is_none_changes_nothing(cursor):
    shared, _ = await presenter_publishes("train", TINY_TRAIN, "2")
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        train = await followed(pilot, shared, TrainPane)
        assert train.view == "curves"
        app._presenter_moved(replace(shared, cursor=cursor))
        await arrived(pilot, app)
        assert train.view == "curves" and train.presenters_epoch is None


# -- the comparisons --------------------------------------------------------------------------------

async def test_the_comparisons_view_and_grid_cell_are_the_followers():
    tiny = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=50")
    shared, _ = await presenter_publishes("compare-batch-norm", tiny, "2")
    assert shared.cursor == "curves"
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, shared, ComparePane)
        assert compare.view == "curves"
        app._presenter_moved(replace(shared, cursor="grid 3"))
        await arrived(pilot, app)
        assert compare.view == "grid" and compare.shown_cell() == 3
        for bad in ("grid -1", "grid 3 4", "grid x", "scatter", "grid 12345"):
            app._presenter_moved(replace(shared, cursor=bad))
            await arrived(pilot, app)
            assert compare.view == "grid" and compare.shown_cell() == 3, bad
        await pilot.press("x")                                     # the student takes over: the view stays
        await until(pilot, lambda: not app.following.attached)
        await pilot.pause()
        assert not app.following.attached and compare.view == "grid" and compare.shown_cell() == 3


async def test_the_presenters_grid_cell_is_published_as_it_moves():
    tiny = ("dataset=synthetic-digits", "train_size=100", "test_size=100", "batch_size=50", "epochs=1")
    shared, presenter = await presenter_publishes("compare-batch-norm", tiny, "g", trained, "3", "comma", "comma")
    assert shared.cursor == "grid 13" and presenter.shown_cell() == 13            # of cells 0 … 15
    pair = [i for i, r in enumerate(presenter.plan.runs) if r.spec.group == 13]
    assert [s.accuracies[-1][1] for s in shared.run.series] == [round(presenter.accs[i][-1][1], 3) for i in pair]
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, shared, ComparePane)
        assert compare.view == "grid" and compare.shown_cell() == 13 and not any(compare.accs.values())
        drawn = compare.cell_accuracies([0, 1])                     # the large cell: the presenter's pair
        assert [curve[-1][1] for curve in drawn] == [s.accuracies[-1][1] for s in shared.run.series]


# -- the search -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, said", [("en", "The presenter's search: 5 trials"), ("ko", "발표자의 탐색: 시행 5번")])
async def test_a_follower_draws_the_presenters_trials_in_the_view_it_shows(lang, said):
    shared, presenter = await presenter_publishes("search", TINY_SEARCH, "g", trained, "3")
    assert shared.cursor == "best" and shared.figures is not None and len(shared.figures.trials) == 5
    assert json.loads(json.dumps(shared.to_json())) == shared.to_json()
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        search = await followed(pilot, shared, SearchPane)
        await until(pilot, lambda: search.presenters is not None)
        assert search.view == "best" and not search.trials and not search.jobs     # drawn, not searched
        assert [(r.index, r.seed) for r in search.shown_trials()] == [(r.index, r.seed) for r in presenter.trials]
        assert [r.val_acc for r in search.shown_trials()] == [round(r.val_acc, 4) for r in presenter.trials]
        assert said in str(search.query_one("#search-status").render()).replace("\xa0", " ")
        best = str(search.query_one("#search-best").render())
        assert all(f"#{r.index + 1}" in best for r in presenter.trials)
        app._presenter_moved(replace(shared, cursor="scatter"))
        await arrived(pilot, app)
        await handed(pilot, app)
        assert search.view == "scatter" and search.query_one("#search-scatter").builds >= 1
        await pilot.press("x")                                     # the student takes over
        await until(pilot, lambda: search.presenters is None)
        assert search.view == "scatter" and search.shown_trials() == []


async def test_a_followers_search_is_laid_out_again_only_when_a_line_takes_other_rows(monkeypatch):
    """Each trial the presenter's search ended updated every line of a follower's search (status,
    progress, tabs, captions), each a layout of the whole screen, though they kept their rows."""
    from textual.screen import Screen

    shared, _ = await presenter_publishes("search", TINY_SEARCH, "g", trained)
    trials = shared.figures.trials
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        def at(done: int) -> Position:
            run = replace(shared.run, state="running", iteration=done, iterations=len(trials))
            return replace(shared, cursor="scatter", run=run, figures=replace(shared.figures, trials=trials[:done]))

        search = await followed(pilot, at(2), SearchPane)
        layouts = []
        layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout", lambda screen, *a, **k: layouts.append(1) or layout(screen, *a, **k))
        for done in (3, 4, 5):
            app._presenter_moved(at(done))
            await arrived(pilot, app)
            await handed(pilot, app)
            assert len(search.shown_trials()) == done
        assert search.view == "scatter" and layouts == []


def search_figures(**change):
    trial = [0, 12, 0.001, 1e-6, 0.5, 0.6, [[1, 0.4], [2, 0.5]]]
    return {"kind": "search", "lr": [1e-6, 1e-2], "wd": [1e-8, 1e-4], "epochs": 2, "trials": [trial]} | change


@pytest.mark.parametrize("change", [
    {"lr": [1e-2, 1e-6]}, {"lr": [0, 1e-2]}, {"wd": [1e-8]}, {"epochs": -1}, {"epochs": 1.5},
    {"trials": [[0, 12, float("nan"), 1e-6, 0.5, 0.6, []]]}, {"trials": [[0, 12, 0.001, 1e-6, 1.5, 0.6, []]]},
    {"trials": [[-1, 12, 0.001, 1e-6, 0.5, 0.6, []]]}, {"trials": [[0, 12, 0.001, 1e-6, 0.5, 0.6, [[2, 0.4], [1, 0.5]]]]},
    {"trials": [[0, 12, 0.001, 1e-6, 0.5, 0.6]]}, {"trials": [[0, 12, "0.001", 1e-6, 0.5, 0.6, []]]},
    {"trials": [[0, 12, 0.001, 1e-6, 0.5, 0.6, []]] * 301},
    {"trials": [[i, 12, 0.001, 1e-6, 0.5, 0.6, [[1, 0.5]]] for i in range(6)]}, {"trials": "many"}])
def test_a_search_whose_trials_are_not_trials_is_refused_and_with_it_the_position(change):
    good = {"lesson": None, "step": 0, "pane": "search", "figures": search_figures()}
    assert Position.from_json(json.loads(json.dumps(good))).figures.trials[0].curve == ((1, 0.4), (2, 0.5))
    with pytest.raises(BadPosition):
        Position.from_json(good | {"figures": search_figures(**change)})


# -- the playground ---------------------------------------------------------------------------------

async def test_the_playground_epoch_the_presenter_stepped_back_to_is_marked_and_mapped_on_the_follower():
    shared, presenter = await presenter_publishes("playground", ["dataset=spirals"], "full_stop", "full_stop",
                                                  "full_stop", "comma")
    assert shared.cursor == "2" and shared.run.epoch == 3
    theirs = presenter.training.record_at(2)
    assert shared.run.weights[0][:3] == pytest.approx(list(theirs.params["W1"].flat)[:3], abs=1e-3)
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        playground = await followed(pilot, shared, PlaygroundPane)
        await until(pilot, lambda: playground.presenters_run is not None)
        assert playground.presenters_epoch == 2 and playground.marked_epoch() == 2
        assert playground.presenters_shown().epoch == 2 and playground.training.epoch == 0
        numbers = str(playground.query_one("#pg-numbers").render())
        assert "epoch 2/300" in numbers, numbers
        app._presenter_moved(replace(shared, cursor="²"))
        await arrived(pilot, app)
        assert playground.presenters_epoch == 2                      # no epoch: nothing changes
        app._presenter_moved(replace(shared, cursor=""))
        await arrived(pilot, app)
        await handed(pilot, app)
        assert playground.marked_epoch() is None and "epoch 3/300" in str(playground.query_one("#pg-numbers").render())


@pytest.mark.parametrize("change", [
    {"names": []}, {"names": ["0"] * 21}, {"names": ["a\nb", "1"]}, {"matrix": [[1, 2], [3]]},
    {"matrix": [[1, 2], [3, -4]]}, {"matrix": [[1, 2], [3, 4.5]]}, {"matrix": [[1, 2]]}, {"epoch": None},
    {"matrix": [[1, 2], [3, 10 ** 7]]}])
def test_a_confusion_matrix_that_is_none_is_refused_and_with_it_the_position(change):
    figures = {"kind": "results", "epoch": 2, "names": ["0", "1"], "matrix": [[5, 1], [0, 6]]}
    good = {"lesson": None, "step": 0, "pane": "train", "figures": figures}
    assert Position.from_json(json.loads(json.dumps(good))).figures.matrix == ((5, 1), (0, 6))
    with pytest.raises(BadPosition):
        Position.from_json(good | {"figures": figures | change})
