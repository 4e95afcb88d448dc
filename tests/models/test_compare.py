"""Comparisons: the runs of one job see the same mini-batches, the presets hold the book's settings,
a run's results do not depend on its neighbours, cancelling keeps what ran, and bad settings are named."""
import dataclasses

import numpy as np
import pytest

from workbench.i18n import set_language
from workbench.jobs import Cancelled
from workbench.models.compare import (GRID_SCALES, PRESETS, BatchNormSettings, Comparison, FreeSettings,
                                      OptimizersSettings, OverfittingSettings, RunEnded, RunEpoch, RunStep,
                                      WeightInitSettings, compute, load_comparison_data)
from workbench.models.compare_settings import parse_run
from workbench.models.settings import SettingError, parse_assignments

TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, seed=3)


class Recorder:
    """A job context that keeps what a comparison emits; `cancel_after` steps raise Cancelled."""

    def __init__(self, cancel_after=None):
        self.items, self.cancel_after, self.checks = [], cancel_after, 0
        self.hooks = {}

    def emit(self, *items):
        self.items.extend(items)

    def progress(self, done, total=None, **info):
        self.last = (done, total, info)

    def on_control(self, **hooks):
        self.hooks = hooks

    def checkpoint(self):
        self.checks += 1
        if self.cancel_after is not None and self.checks > self.cancel_after:
            raise Cancelled


def spied(comparison):
    """Record the images of every mini-batch each run's network computes a gradient of."""
    seen = {i: [] for i in range(len(comparison.runs))}
    for run in comparison.runs:
        original = run.network.gradient

        def gradient(x, t, original=original, index=run.index):
            seen[index].append((np.asarray(x).reshape(len(x), -1).sum(axis=1).round(4).tobytes(), t.tobytes()))
            return original(x, t)
        run.network.gradient = gradient
    return seen


def test_the_runs_of_a_comparison_see_the_same_mini_batches_in_the_same_order():
    s = FreeSettings(runs=("optimizer=sgd", "optimizer=adam lr=0.001", "lr=0.1 weight_init=0.01"), epochs=3,
                     batch_size=50, **TINY)
    comparison = Comparison(s, load_comparison_data(s))
    seen = spied(comparison)
    comparison.run(Recorder())
    assert len(seen[0]) == 12 and seen[0] == seen[1] == seen[2]
    assert len(set(seen[0][:4])) == 4 and seen[0][:4] != seen[0][4:8]     # a fresh order every epoch


def test_a_run_learns_the_same_beside_others_as_alone():
    s = FreeSettings(runs=("lr=0.1", "lr=0.01"), epochs=2, **TINY)
    together = Comparison(s, load_comparison_data(s)).run(Recorder()).results
    alone = dataclasses.replace(s, runs=("lr=0.1", "lr=0.5"))
    first = Comparison(alone, load_comparison_data(alone)).run(Recorder()).results[0]
    assert together[0].final_test_acc == first.final_test_acc and together[0].name == first.name == "lr=0.1"


def test_every_run_reports_at_the_same_iterations():
    s = WeightInitSettings(iterations=9, batch_size=50, **TINY)          # 4 iterations an epoch
    recorder = Recorder()
    outcome = Comparison(s, load_comparison_data(s)).run(recorder)
    steps = [(i.run, i.iteration) for i in recorder.items if isinstance(i, RunStep)]
    assert steps[:3] == [(0, 1), (1, 1), (2, 1)] and len(steps) == 27
    epochs = {run: [i.iteration for i in recorder.items if isinstance(i, RunEpoch) and i.run == run] for run in range(3)}
    assert epochs[0] == epochs[1] == epochs[2] == [4, 8, 9]            # the last, partial epoch is measured too
    assert [r.iterations for r in outcome.results] == [9, 9, 9] and all(r.stop_reason is None for r in outcome.results)


def test_the_presets_hold_the_books_settings():
    runs = OptimizersSettings().make_runs()
    assert [(r.name, r.optimizer, r.lr) for r in runs] == [("SGD", "sgd", 0.01), ("Momentum", "momentum", 0.01),
                                                          ("AdaGrad", "adagrad", 0.01), ("Adam", "adam", 0.001)]
    assert {(r.hidden, r.batch_size, r.iterations, r.weight_init) for r in runs} == {((100,) * 4, 128, 2000, "he")}
    runs = WeightInitSettings().make_runs()
    assert [(r.name, r.weight_init_std) for r in runs] == [("std=0.01", 0.01), ("Xavier", "sigmoid"), ("He", "relu")]
    assert {(r.optimizer, r.lr, r.activation, r.hidden, r.iterations) for r in runs} == {
        ("sgd", 0.01, "relu", (100,) * 4, 2000)}
    s = BatchNormSettings()
    runs = s.make_runs()
    assert len(runs) == 32 and s.train_size == 1000 and {r.epochs for r in runs} == {20}
    np.testing.assert_allclose([float(r.weight_init) for r in runs[::2]], np.logspace(0, -4, 16), rtol=1e-5)
    assert [r.batch_norm for r in runs[:2]] == [True, False] and {r.hidden for r in runs} == {(100,) * 5}
    assert [r.network_class for r in runs[:2]] == ["MultiLayerNetExtend", "MultiLayerNet"]
    assert len(GRID_SCALES) == 16 and GRID_SCALES[0] == 1.0 and abs(GRID_SCALES[-1] - 1e-4) < 1e-12
    assert len(BatchNormSettings(grid=False, weight_scale=0.05).make_runs()) == 2
    s = OverfittingSettings()
    runs = {r.name: r for r in s.make_runs()}
    assert s.train_size == 300 and s.test_size == 0
    plain, decay, dropout = runs["plain"], runs["weight decay 0.1"], runs["dropout 0.2"]
    assert (plain.weight_decay, plain.dropout, plain.epochs) == (0.0, 0.0, 201)
    assert (decay.weight_decay, decay.dropout, decay.epochs) == (0.1, 0.0, 201)
    assert (dropout.weight_decay, dropout.dropout, dropout.epochs, dropout.network_class) == (
        0.0, 0.2, 301, "MultiLayerNetExtend")
    assert {(r.hidden, r.optimizer, r.lr, r.batch_size) for r in runs.values()} == {((100,) * 6, "sgd", 0.01, 100)}
    assert set(PRESETS) == {"optimizers", "weight-init", "batch-norm", "overfitting", "free"}


def test_the_plan_says_what_differs_and_counts_iterations():
    plan = compute(OptimizersSettings(dataset="synthetic-digits"))
    assert [dict(r.differs) for r in plan.runs][3] == {"optimizer": "Adam", "lr": "0.001"}
    assert plan.train_images == 6000 and plan.total_iterations == 8000 and plan.runs[0].epochs == 44
    plan = compute(OverfittingSettings(dataset="synthetic-digits"))
    assert [r.iterations for r in plan.runs] == [603, 603, 903]
    plan = compute(BatchNormSettings(dataset="synthetic-digits"))
    assert plan.groups == 16 and [dict(r.differs) for r in plan.runs[:2]] == [{"batch_norm": "on"}, {"batch_norm": "off"}]


def test_a_legend_writes_after_a_runs_name_only_the_settings_it_does_not_say():
    """"with batch norm, w=0.01  batch_norm=on" said batch norm twice; `differs` (for programs) keeps it."""
    plan = compute(BatchNormSettings(dataset="synthetic-digits", grid=False))
    assert [r.unnamed for r in plan.runs] == [(), ()] and dict(plan.runs[0].differs) == {"batch_norm": "on"}
    plan = compute(OptimizersSettings(dataset="synthetic-digits"))
    assert [dict(r.unnamed) for r in plan.runs] == [{"lr": "0.01"}] * 3 + [{"lr": "0.001"}]
    plan = compute(OverfittingSettings(dataset="synthetic-digits"))
    assert [tuple(dict(r.unnamed)) for r in plan.runs] == [("epochs",),
                                                          ("dropout", "epochs"), ("weight_decay", "epochs")]


def test_a_plans_settings_read_as_typed_in_korean_too():
    """A run's line shows "setting=value" to type back into `runs`: Korean showed "batch_norm=켬", which
    the runs refuse (they take on/off, true/false)."""
    set_language("ko")
    plan = compute(BatchNormSettings(dataset="synthetic-digits"))
    differs = [dict(r.differs) for r in plan.runs[:2]]
    assert differs == [{"batch_norm": "on"}, {"batch_norm": "off"}]
    assert [parse_run("runs", f"batch_norm={d['batch_norm']}") for d in differs] == [
        (("batch_norm", "true"),), (("batch_norm", "false"),)]


@pytest.mark.parametrize("cls, assignment, words", [
    (FreeSettings, "runs=lr=0.1", "runs must name 2 to 6 runs, got 1"),
    (FreeSettings, "runs=lr=0.1; colour=red", "a run cannot change colour"),
    (FreeSettings, "runs=lr=0.1; lr=fast", "lr must be a number"),
    (FreeSettings, "runs=lr=0.1; just words", "cannot read the run just words"),
    (WeightInitSettings, "inits=he, banana", "inits must be he, xavier or a standard deviation above 0"),
    (WeightInitSettings, "inits=he, he", "inits lists an item twice"),
    (OptimizersSettings, "optimizers=adam", "optimizers must name 2 to 6 optimizers, got 1"),
    (OptimizersSettings, "optimizers=", "optimizers is empty: name 2 to 6 optimizers"),
    (WeightInitSettings, "inits=he", "inits must name 2 to 6 initial weights, got 1"),
    (OverfittingSettings, "train_size=50", "batch_size 100 is larger than the 50 training images"),
])
def test_bad_settings_are_named(cls, assignment, words):
    with pytest.raises(SettingError, match=words):
        parse_assignments(cls, ["dataset=synthetic-digits", assignment])


@pytest.mark.parametrize("cls, assignment, words", [
    (OptimizersSettings, "optimizers=", "optimizers: 비어 있습니다. 최적화 기법을 2~6개 적으세요"),
    (OptimizersSettings, "optimizers=adam", "optimizers: 최적화 기법은 2~6개여야 하는데 1개입니다"),
    (WeightInitSettings, "inits=he", "inits: 초기 가중치는 2~6개여야 하는데 1개입니다"),
    (FreeSettings, "runs=lr=0.1", "runs: 학습은 2~6개여야 하는데 1개입니다"),
])
def test_a_short_list_names_what_it_lists_in_korean(cls, assignment, words):
    set_language("ko")
    with pytest.raises(SettingError, match=words):
        parse_assignments(cls, ["dataset=synthetic-digits", assignment])


def test_free_runs_read_as_typed_and_as_lesson_data():
    s = parse_assignments(FreeSettings, ["runs=optimizer=sgd; optimizer=adam, lr=0.001; hidden=50,50 lr=0.1"])
    assert s.runs == ("optimizer=sgd", "optimizer=adam lr=0.001", "hidden=50, 50 lr=0.1")
    runs = s.make_runs()
    assert runs[1].optimizer == "adam" and runs[1].lr == 0.001 and runs[2].hidden == (50, 50)
    assert dict(compute(s).runs[2].differs) == {"optimizer": "SGD", "lr": "0.1", "hidden": "2×50"}


def test_cancelling_keeps_the_runs_so_far():
    s = BatchNormSettings(epochs=2, **TINY)                           # 16 cells of 2 runs, 4 steps each
    recorder = Recorder(cancel_after=9)                               # stops inside the third cell
    outcome = Comparison(s, load_comparison_data(s)).run(recorder)
    assert outcome.cancelled and len(outcome.results) == 6
    assert [r.stop_reason for r in outcome.results] == [None, "non-finite", None, None, "stopped", "stopped"]
    assert all(np.isfinite(r.final_test_acc) for r in outcome.results[2:])
    assert "initial weights are far too large" in outcome.results[0].warning        # weight scale 1: kept going
    assert [i.run for i in recorder.items if isinstance(i, RunEnded)] == [0, 1, 2, 3, 4, 5]


def test_weight_decay_of_the_overfitting_preset_is_not_stopped_for_its_penalty():
    s = OverfittingSettings(runs=("plain", "weight-decay"), epochs=4, **{**TINY, "train_size": 300})
    outcome = Comparison(s, load_comparison_data(s)).run(Recorder())
    assert [r.stop_reason for r in outcome.results] == [None, None] and outcome.results[1].epochs_done == 4


@pytest.mark.parametrize("settings, key, unused", [
    (OverfittingSettings(runs=("plain",)), "weight_decay", True),                  # 6.4 step 1: the plain run alone
    (OverfittingSettings(runs=("plain",)), "dropout", True),
    (OverfittingSettings(runs=("plain", "weight-decay")), "weight_decay", False),  # step 2
    (OverfittingSettings(runs=("plain", "weight-decay")), "dropout_epochs", True),
    (OverfittingSettings(runs=("dropout",)), "epochs", True),
    (BatchNormSettings(grid=True), "weight_scale", True),                         # 6.3 step 3: the 16 scales
    (BatchNormSettings(grid=False), "weight_scale", False),                       # step 2: one pair
])
def test_a_setting_no_run_reads_is_unused_and_a_value_typed_there_refused(settings, key, unused):
    """A λ typed on 6.4's first step (the plain network alone) was taken and ignored: the same run, its
    finished one set aside as another comparison's, and "Ready" again. Now it is dimmed and refused."""
    from workbench.models.settings import unused_keys, with_text

    assert (key in unused_keys(settings)) == unused
    value = "3" if key.endswith("epochs") else "0.05"
    if unused:
        with pytest.raises(SettingError, match="first"):
            with_text(settings, key, value)
    else:
        assert str(getattr(with_text(settings, key, value), key)) in (value, float(value).__repr__())
