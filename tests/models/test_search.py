"""The hyper-parameter search: scored on a validation split of the training data (the test split is
never read), every trial repeatable from its seed, values drawn log-uniformly from the ranges,
cancelling keeps the finished trials, and the narrowed ranges hold the best five."""
import dataclasses
import math

import numpy as np
import pytest

import workbench.models.search as search_module
from workbench.datasets import load_split
from workbench.jobs import Cancelled
from workbench.models.search import (Search, SearchSettings, TrialResult, compute, load_search_data, narrowed,
                                     ranked, run_trial, trial_seeds, trial_values)
from workbench.models.settings import SettingError, parse_assignments

TINY = dict(dataset="synthetic-digits", trials=4, epochs=2, train_size=200, batch_size=40, seed=5)


class Recorder:
    def __init__(self, cancel_after=None):
        self.items, self.cancel_after, self.checks = [], cancel_after, 0

    def emit(self, *items):
        self.items.extend(items)

    def progress(self, done, total=None, **info):
        self.last = (done, total, info)

    def on_control(self, **hooks):
        pass

    def checkpoint(self):
        self.checks += 1
        if self.cancel_after is not None and self.checks > self.cancel_after:
            raise Cancelled


def test_the_search_never_reads_the_test_split(monkeypatch):
    asked = []

    def only_train(name, split, **kwargs):
        asked.append(split)
        assert split == "train", "the search read the test split"
        return load_split(name, split, **kwargs)

    def no_dataset(*args, **kwargs):
        raise AssertionError("the search loaded the whole data set, test split included")

    monkeypatch.setattr(search_module, "load_split", only_train)
    monkeypatch.setattr("workbench.datasets.load_dataset", no_dataset)
    monkeypatch.setattr("workbench.models.train.load_dataset", no_dataset)
    s = SearchSettings(**TINY)
    data = load_search_data(s)
    outcome = Search(s, data).run(Recorder())
    assert asked == ["train"] and len(outcome.trials) == 4
    x_train, _ = load_split("synthetic-digits", "train")
    np.testing.assert_array_equal(data.x_val, x_train[data.validation_indices])     # validation: training images
    assert len(data.x_val) == 40 and len(data.x_train) == 160
    assert not set(data.validation_indices) & set(np.flatnonzero(np.isin(np.arange(200), data.validation_indices, invert=True)))
    split = data.split()
    assert split["from"] == "train" and split["validation"] == 40 and split["test_split_used"] is False
    assert split["validation_indices"] == sorted(int(i) for i in data.validation_indices)


def test_trials_score_on_the_validation_images(monkeypatch):
    s = SearchSettings(**TINY)
    data = load_search_data(s)
    seen = []
    original = search_module.Trainer

    def spy(network, x_train, t_train, x_test, t_test, **kwargs):
        seen.append((x_train, x_test))
        return original(network, x_train, t_train, x_test, t_test, **kwargs)
    monkeypatch.setattr(search_module, "Trainer", spy)
    run_trial(s, data, 123)
    assert seen[0][0] is data.x_train and seen[0][1] is data.x_val


def test_every_trial_is_repeated_by_its_seed():
    s = SearchSettings(**TINY)
    data = load_search_data(s)
    outcome = Search(s, data).run(Recorder())
    third = outcome.trials[2]
    again = run_trial(s, data, third.seed, index=2)
    assert (again.lr, again.weight_decay, again.val_acc, again.val_accs) == (
        third.lr, third.weight_decay, third.val_acc, third.val_accs)
    assert [r.seed for r in outcome.trials] == trial_seeds(s) and len(set(trial_seeds(s))) == 4
    again = Search(s, data).run(Recorder()).trials                         # the whole search, too
    assert [(r.seed, r.lr, r.weight_decay, r.val_accs) for r in again] == [
        (r.seed, r.lr, r.weight_decay, r.val_accs) for r in outcome.trials]


def test_values_are_drawn_log_uniformly_within_the_ranges():
    s = SearchSettings(trials=400)
    values = np.array([trial_values(s, seed) for seed in trial_seeds(s)])
    assert (values[:, 0] >= 1e-6).all() and (values[:, 0] <= 1e-2).all()
    assert (values[:, 1] >= 1e-8).all() and (values[:, 1] <= 1e-4).all()
    logs = np.log10(values[:, 0])
    assert abs(np.mean(logs) + 4) < 0.2 and np.mean(logs < -5) == pytest.approx(0.25, abs=0.07)


def test_cancelling_keeps_the_finished_trials():
    s = SearchSettings(**{**TINY, "trials": 10})
    recorder = Recorder(cancel_after=20)                 # 8 steps a trial: inside the third
    outcome = Search(s, load_search_data(s)).run(recorder)
    assert outcome.cancelled and len(outcome.trials) == 2
    assert [r.index for r in outcome.trials] == [0, 1] and all(math.isfinite(r.val_acc) for r in outcome.trials)
    assert [i.index for i in recorder.items if isinstance(i, TrialResult)] == [0, 1]


def test_narrowed_ranges_hold_the_best_five():
    s = SearchSettings()
    good = {1: (1e-3, 1e-6), 2: (3e-3, 2e-6), 4: (2e-3, 5e-7), 5: (1.5e-3, 1e-6), 7: (2.5e-3, 8e-7)}
    trials = [TrialResult(i, i, *good.get(i, (1e-6, 1e-8)), acc, acc, (acc,), (acc,), None, 1.0)
              for i, acc in enumerate([0.1, 0.9, 0.8, 0.2, 0.7, 0.85, 0.3, 0.95])]
    best = ranked(trials)[:5]
    assert [r.index for r in best] == [7, 1, 5, 2, 4]
    n = narrowed(s, trials)
    assert all(n.lr_min <= r.lr <= n.lr_max and n.wd_min <= r.weight_decay <= n.wd_max for r in best)
    assert (n.lr_min, n.lr_max, n.wd_min, n.wd_max) == (0.000794, 0.00378, 3.97e-07, 2.52e-06)


def test_settings_are_checked():
    with pytest.raises(SettingError, match="lr_min .* must not be above lr_max"):
        parse_assignments(SearchSettings, ["lr_min=0.1", "lr_max=0.01"])
    with pytest.raises(SettingError, match="batch_size 450 is larger than the 400 training images"):
        parse_assignments(SearchSettings, ["batch_size=450"])
    plan = compute(SearchSettings(dataset="synthetic-digits"))
    assert (plan.train_images, plan.validation_images, plan.iterations_per_trial) == (400, 100, 200)
    with pytest.raises(SettingError, match="more than the 6,000 training images"):
        compute(SearchSettings(dataset="synthetic-digits", train_size=7000))


def test_a_narrowed_search_draws_afresh_and_the_first_search_keeps_its_draws():
    """Narrowed ranges with the first search's seeds gave its draws rescaled: the same trials on top again."""
    s = SearchSettings(trials=6)
    assert trial_seeds(s) == [int(v) for v in np.random.default_rng(s.seed).integers(0, 2 ** 31 - 1, size=6)]
    narrow = dataclasses.replace(s, lr_min=1e-4, lr_max=1e-3)
    assert not set(trial_seeds(narrow)) & set(trial_seeds(s))
    assert trial_seeds(narrow) == trial_seeds(dataclasses.replace(s, lr_min=1e-4, lr_max=1e-3))   # repeatable


def test_the_data_line_groups_its_counts():
    """"of the first 2000 training images, 1600 train" stood raw where the rest of the app groups."""
    data = load_search_data(SearchSettings(dataset="synthetic-digits", train_size=2000))
    assert "of the first 2,000 training images, 1,600 train and 400 validate" in data.text()


def test_a_search_that_stands_in_for_mnist_says_when_its_test_split_is_here(monkeypatch, tmp_path):
    """Its data line shares the training run's words: "MNIST is not on this computer" was said while
    MNIST's test split was here."""
    from workbench.datasets import load as load_module
    from workbench.datasets.locate import Place
    from workbench.models import train as train_module

    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (tmp_path / name).write_bytes(b"")
    where = lambda info, data_dir=None: [Place(tmp_path, "user", "WORKBENCH_DATA")]
    monkeypatch.setattr(load_module, "places", where)
    monkeypatch.setattr(train_module, "places", where)
    data = load_search_data(SearchSettings(dataset="mnist", train_size=500))
    assert data.text().startswith("MNIST's training images are not on this computer, only its test split, so these")


def test_the_scatter_splits_the_trials_other_than_the_best_five_at_their_own_median():
    """Split at the median of all eight trials, the best five included, the upper half of the other three
    held none of them: the halves are the other trials' now, split at their own median."""
    from workbench.models.search import scatter_groups

    trials = [TrialResult(k, k, 1e-3, 1e-6, acc, acc, (acc,), (acc,), None, 1.0)
              for k, acc in enumerate([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])]
    lower, upper, best = scatter_groups(trials + [dataclasses.replace(trials[0], index=8, val_acc=math.nan)])
    assert [r.val_acc for r in best] == [0.8, 0.7, 0.6, 0.5, 0.4]
    assert [r.val_acc for r in upper] == [0.2, 0.3] and [r.val_acc for r in lower] == [0.1]
    assert scatter_groups(trials[:5]) == ([], [], list(reversed(trials[:5])))
