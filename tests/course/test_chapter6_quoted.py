"""Every number lessons 6.2 (its comparison step), 6.3 and 6.4 quote is what their panes compute at
that step, in English and Korean.

The runs of a comparison do not depend on each other (the same seed gives every run the same
mini-batches; tests/models/test_compare.py checks that a run learns the same beside others as alone),
so each distinct run is trained once here and its numbers shared by the steps that show it; a cell of
the batch-norm grid is its pair trained alone at that weight scale. The runs are the steps' own
settings: the book's lengths, on the synthetic digits, so these tests are slow.
"""
import dataclasses
from functools import lru_cache

import numpy as np
import pytest
from quoted import assert_about, assert_quoted, computed, step

from workbench.models.compare import GRID_SCALES, Comparison, load_comparison_data
from workbench.models.compare_settings import BatchNormSettings, OverfittingSettings

pytestmark = pytest.mark.slow


class Quiet:
    def emit(self, *items):
        pass

    def progress(self, *args, **kwargs):
        pass

    def on_control(self, **hooks):
        pass


@lru_cache(maxsize=None)
def _alone(settings, index):
    """Run `index` of the settings' plan trained alone; its test set scored at its last epoch only (see
    `scored_last`)."""
    plan = computed_plan(settings)
    one = dataclasses.replace(plan, runs=(plan.runs[index],))
    comparison = Comparison(settings, load_comparison_data(settings), one)
    scored_last(comparison.runs[0].trainer, comparison.runs[0].network)
    return comparison.run(Quiet()).results[0]


def scored_last(trainer, network):
    """Score the trainer's test set only at its last epoch (NaN before): the quotes read the final
    accuracies, and scoring the whole test set every epoch was 90 % of these tests' time (6.4's runs
    score 10,000 images at each of 201 or 301 epochs of 300). Scoring changes nothing the run learns
    (`test_scoring_the_test_set_changes_nothing_a_run_learns`); a run that ends early gets a NaN test
    accuracy, which no quote matches."""
    accuracy = network.accuracy

    def scored(x, t, *args, **kwargs):
        test_set = len(x) == len(trainer.x_test) and np.may_share_memory(x, trainer.x_test)
        if test_set and trainer.current_iter < trainer.max_iter:
            return float("nan")
        return accuracy(x, t, *args, **kwargs)

    network.accuracy = scored


CURVE_SAMPLE = 10
"""The dropout test's curve scores every 10th test image (1,000 of Fashion-MNIST's 10,000) at each epoch."""


def scored_on_a_sample(trainer, network, every: int = CURVE_SAMPLE) -> list[float]:
    """Score the trainer's test set on every `every`-th image at each epoch, into the list returned (a
    curve to read its shape from), and the whole of it at its last epoch only, as `scored_last` does (the
    run's final accuracy, which the quotes read). The forward pass over the whole test set after each of
    301 epochs was 17 s of the dropout test's 18; the app's compare pane scores it whole every epoch,
    with the same code."""
    accuracy, curve = network.accuracy, []

    def scored(x, t, *args, **kwargs):
        if not (len(x) == len(trainer.x_test) and np.may_share_memory(x, trainer.x_test)):
            return accuracy(x, t, *args, **kwargs)
        curve.append(accuracy(x[::every], t[::every]))
        return accuracy(x, t, *args, **kwargs) if trainer.current_iter >= trainer.max_iter else float("nan")

    network.accuracy = scored
    return curve


def computed_plan(settings):
    from workbench.models.compare import compute

    return compute(settings)


def results(lesson, step_id, *, key=None):
    """The final results of a step's runs (by name), each trained once however many steps show it."""
    settings = step(lesson, step_id).pane_settings
    plan = computed(lesson, step_id)
    return {run.spec.name if key is None else key(run): _alone(_shared(settings, run), 0) for run in plan.runs}


def _shared(settings, run):
    """Settings whose only run is `run` (so the cache sees the same run in different steps)."""
    if isinstance(settings, OverfittingSettings):
        kind = {"plain": "plain"}.get(run.spec.name) or ("dropout" if run.spec.dropout else "weight-decay")
        if kind == "plain":         # λ and the dropout ratio a step sets do not touch its plain run
            default = OverfittingSettings()
            settings = dataclasses.replace(settings, weight_decay=default.weight_decay, dropout=default.dropout)
        return dataclasses.replace(settings, runs=(kind,))
    return settings


@pytest.mark.parametrize("settings", [
    OverfittingSettings(dataset="synthetic-digits", train_size=100, test_size=200, batch_size=50, epochs=4,
                        dropout_epochs=4, hidden=(20, 20)),
    BatchNormSettings(dataset="synthetic-digits", grid=False, train_size=100, test_size=200, batch_size=50, epochs=4,
                      hidden=(20, 20)),
], ids=["dropout and weight decay", "batch norm"])
def test_scoring_the_test_set_changes_nothing_a_run_learns(settings):
    """What lets `scored_last` skip the test set before the last epoch, and `scored_on_a_sample` score a
    sample of it: every run (dropout's masks, batch norm's running averages, weight decay) learns the same
    and ends with the same accuracies."""
    data = load_comparison_data(settings)
    every, last, sampled = Comparison(settings, data), Comparison(settings, data), Comparison(settings, data)
    for run in last.runs:
        scored_last(run.trainer, run.network)
    curves = [scored_on_a_sample(run.trainer, run.network, every=3) for run in sampled.runs]
    ends = every.run(Quiet()).results, last.run(Quiet()).results, sampled.run(Quiet()).results
    for always, once, on_sample, a, b, c, curve in zip(*ends, every.runs, last.runs, sampled.runs, curves):
        assert a.trainer.train_loss_list == b.trainer.train_loss_list == c.trainer.train_loss_list, always.name
        assert ((always.final_train_acc, always.final_test_acc) == (once.final_train_acc, once.final_test_acc)
                == (on_sample.final_train_acc, on_sample.final_test_acc))
        assert a.trainer.train_acc_list == b.trainer.train_acc_list == c.trainer.train_acc_list
        assert len(b.trainer.test_acc_list) == len(c.trainer.test_acc_list) == len(curve) == 4
        assert all(acc != acc for acc in b.trainer.test_acc_list[:-1] + c.trainer.test_acc_list[:-1])   # NaN
        assert curve[-1] == a.network.accuracy(data.x_test[::3], data.t_test[::3])     # the sample, scored


@pytest.mark.parametrize(("index", "name", "quote"), [(0, "std=0.01", "10.0"), (1, "Xavier", "91"), (2, "He", "94")])
def test_weight_init_compare_quotes_its_three_runs(index, name, quote):
    """Each run a test of its own, so that the workers share them (10 s of CPU in one test)."""
    run = _alone(step("weight-init", "compare").pane_settings, index)
    assert run.name == name
    if index == 0:
        assert_quoted("weight-init", "compare", quote, 100 * run.final_test_acc)
    else:
        assert_about("weight-init", "compare", quote, within=1.5, value=100 * run.final_test_acc)
    plan = computed("weight-init", "compare")
    assert_quoted("weight-init", "compare", "2,000", plan.runs[0].iterations)
    assert_quoted("weight-init", "compare", "128", plan.runs[0].spec.batch_size)


def test_batch_norm_with_and_without():
    settings = step("batch-norm", "with-without").pane_settings
    with_bn, without = _alone(settings, 0), _alone(settings, 1)
    assert with_bn.name.startswith("with batch norm") and without.name.startswith("without")
    assert_quoted("batch-norm", "with-without", "100.0", 100 * with_bn.final_train_acc)
    assert_about("batch-norm", "with-without", "91", within=1.5, value=100 * with_bn.final_test_acc)
    assert_about("batch-norm", "with-without", "11", within=1.5, value=100 * without.final_train_acc)
    plan = computed("batch-norm", "with-without")
    assert_quoted("batch-norm", "with-without", "1,000", plan.train_images)
    assert_quoted("batch-norm", "with-without", "20", plan.runs[0].epochs)
    assert_quoted("batch-norm", "with-without", "0.01", float(plan.runs[0].spec.weight_init))


def grid_run(scale_index, with_batch_norm):
    """A run of the grid step's cell at GRID_SCALES[scale_index] (its pair at that scale: with batch norm
    first), trained alone; only the runs a quote reads are trained (3 of the 14 were trained for nothing)."""
    settings = step("batch-norm", "grid").pane_settings
    pair = dataclasses.replace(settings, grid=False, weight_scale=GRID_SCALES[scale_index])
    assert computed_plan(settings).runs[2 * scale_index].spec.weight_init == f"{GRID_SCALES[scale_index]:g}"
    run = _alone(pair, 0 if with_batch_norm else 1)
    assert run.name.startswith("with batch norm" if with_batch_norm else "without"), run.name
    return run


def test_the_batch_norm_grid():
    plan = computed("batch-norm", "grid")
    assert plan.groups == 16
    scales = [float(plan.runs[2 * i].spec.weight_init) for i in range(16)]
    for i, quote in ((2, "0.293"), (4, "0.0858"), (7, "0.0136"), (10, "0.00215"), (15, "0.0001")):
        assert_quoted("batch-norm", "grid", quote, scales[i])
    with_bn, without = grid_run(0, True), grid_run(0, False)
    assert without.stop_reason == "non-finite"                       # "the loss overflows at once"
    assert_about("batch-norm", "grid", "31", within=1.5, value=100 * with_bn.final_train_acc)
    assert_about("batch-norm", "grid", "96", within=1.5, value=100 * grid_run(2, False).final_train_acc)
    assert_about("batch-norm", "grid", "15", within=1.5, value=100 * grid_run(4, False).final_train_acc)
    assert_about("batch-norm", "grid", "61", within=1.5, value=100 * grid_run(15, True).final_train_acc)
    for i in (7, 10):                                                 # "100 % ... from 0.0136 down to 0.00215"
        assert grid_run(i, True).final_train_acc == 1.0
    for i in (5, 7, 10, 15):                                         # "below that nothing is learned"
        assert grid_run(i, False).final_train_acc <= 0.115


def test_overfitting_weight_decay_and_dropout():
    plain = results("regularization", "overfitting")["plain"]
    assert_quoted("regularization", "overfitting", "100.0", 100 * plain.final_train_acc)
    assert_about("regularization", "overfitting", "76", within=1.5, value=100 * plain.final_test_acc)
    assert_about("regularization", "overfitting", "24", within=1.5, value=100 * plain.gap)
    plan = computed("regularization", "overfitting")
    assert_quoted("regularization", "overfitting", "300", plan.train_images)
    assert_quoted("regularization", "overfitting", "201", plan.runs[0].epochs)

    runs = results("regularization", "weight-decay")
    decay = runs["weight decay 0.03"]
    assert runs["plain"] == plain and decay.stop_reason is None and not decay.warning
    assert_about("regularization", "weight-decay", "24", within=1.5, value=100 * plain.gap)
    assert_about("regularization", "weight-decay", "21", within=1.5, value=100 * decay.gap)
    assert_about("regularization", "weight-decay", "99", within=1.5, value=100 * decay.final_train_acc)
    assert_about("regularization", "weight-decay", "78", within=1.5, value=100 * decay.final_test_acc)
    assert_about("regularization", "weight-decay", "2", within=1.5,
                 value=100 * (decay.final_test_acc - plain.final_test_acc))
    first_loss, penalty = decay_start()
    assert_quoted("regularization", "weight-decay", "20.7", first_loss)
    assert_quoted("regularization", "weight-decay", "18.4", penalty)
    books = _alone(dataclasses.replace(step("regularization", "weight-decay").pane_settings, weight_decay=0.1,
                                       runs=("weight-decay",)), 0)
    assert books.name == "weight decay 0.1"                          # the book's λ, "(s, weight_decay = 0.1)"
    assert "weight_decay = 0.1" in step("regularization", "weight-decay", "en").text   # the Korean dialog's label:
    assert "가중치 감소를 0.1로" in step("regularization", "weight-decay", "ko").text
    assert_about("regularization", "weight-decay", "40", within=1.5, value=100 * books.final_train_acc)

    runs = results("regularization", "dropout")
    dropout = runs["dropout 0.2"]
    assert dropout.epochs_done == 301 and computed("regularization", "dropout").runs[1].epochs == 301
    assert_quoted("regularization", "dropout", "301", dropout.epochs_done)
    assert_about("regularization", "dropout", "44", within=1.5, value=100 * dropout.final_train_acc)
    assert_about("regularization", "dropout", "33", within=1.5, value=100 * dropout.final_test_acc)
    assert_about("regularization", "dropout", "11", within=1.5, value=100 * dropout.gap)


def fashion_mnist_settings(step_id):
    """A step's settings on Fashion-MNIST, or a skip where it is not on this computer."""
    from workbench.models.train import data_status

    if not data_status("fashion-mnist").present:
        pytest.skip("Fashion-MNIST is not on this computer")
    return dataclasses.replace(step("regularization", step_id).pane_settings, dataset="fashion-mnist")


def test_overfitting_on_fashion_mnist():
    """What 6.4 says a learner with Fashion-MNIST sees of the plain network (its gap quoted again beside
    dropout's). The plain run is checked here alone: the dropout test on another worker trained it a
    second time (10 s of CPU). Its runs with weight decay are the tests below, each a run of its own, so
    that the workers share them (the three in one test took 32 s of CPU, the longest of the suite)."""
    plain = _alone(dataclasses.replace(fashion_mnist_settings("overfitting"), runs=("plain",)), 0)
    assert_about("regularization", "overfitting", "75", within=1.5, value=100 * plain.final_test_acc)
    assert plain.final_train_acc >= 0.99                                          # "nearly all 300 images"
    assert_about("regularization", "dropout", "24", within=1.5, value=100 * plain.gap)


def test_the_lessons_weight_decay_on_fashion_mnist():
    """6.4's λ = 0.03 on Fashion-MNIST."""
    lesson = _alone(dataclasses.replace(fashion_mnist_settings("weight-decay"), runs=("weight-decay",)), 0)
    assert_about("regularization", "weight-decay", "91", within=1.5, value=100 * lesson.final_train_acc)
    assert_about("regularization", "weight-decay", "17", within=1.5, value=100 * lesson.gap)


def test_the_books_weight_decay_on_fashion_mnist():
    """The book's λ = 0.1 on Fashion-MNIST."""
    settings = dataclasses.replace(fashion_mnist_settings("weight-decay"), runs=("weight-decay",))
    books = _alone(dataclasses.replace(settings, weight_decay=0.1), 0)
    assert_about("regularization", "weight-decay", "77", within=1.5, value=100 * books.final_train_acc)
    assert_about("regularization", "weight-decay", "70", within=1.5, value=100 * books.final_test_acc)
    assert_about("regularization", "weight-decay", "8", within=1.5, value=100 * books.gap)


def test_dropout_on_fashion_mnist():
    """What 6.4's dropout step says a learner with Fashion-MNIST sees (as the book's figure 6-23): the gap
    all but closed beside the plain network's (whose 24 the test above checks), training far from 100 %,
    both still rising at epoch 301."""
    settings = dataclasses.replace(fashion_mnist_settings("dropout"), runs=("dropout",))
    comparison = Comparison(settings, load_comparison_data(settings))
    curve = scored_on_a_sample(comparison.runs[0].trainer, comparison.runs[0].network)
    dropout = comparison.run(Quiet()).results[0]
    assert dropout.name == "dropout 0.2" and dropout.epochs_done == 301 and not dropout.stop_reason
    assert_about("regularization", "dropout", "58", within=1.5, value=100 * dropout.final_train_acc)
    assert_about("regularization", "dropout", "56", within=1.5, value=100 * dropout.final_test_acc)
    assert_about("regularization", "dropout", "2", within=1.5, value=100 * dropout.gap)
    assert len(curve) == 301 and int(np.argmax(curve)) + 1 >= 290   # "still rising when the 301 epochs end"


def decay_start():
    """The weight-decay run's first recorded loss and the penalty ½λΣW² in it."""
    settings = dataclasses.replace(step("regularization", "weight-decay").pane_settings, runs=("weight-decay",))
    trainer = Comparison(settings, load_comparison_data(settings)).runs[0].trainer
    trainer.train_step()
    return trainer.train_loss_list[0], trainer._penalty_now


def test_the_search_step_quotes_its_split_and_ranges():
    plan = computed("regularization", "hyperparameters")
    s = plan.settings
    assert_quoted("regularization", "hyperparameters", "500", s.train_size)
    assert_quoted("regularization", "hyperparameters", "400", plan.train_images)
    assert_quoted("regularization", "hyperparameters", "100", plan.validation_images)
    assert_quoted("regularization", "hyperparameters", "30", s.trials)
    assert_quoted("regularization", "hyperparameters", "50", s.epochs)
    assert (s.lr_min, s.lr_max, s.wd_min, s.wd_max) == (1e-6, 1e-2, 1e-8, 1e-4)     # 10⁻⁶ to 10⁻², 10⁻⁸ to 10⁻⁴
