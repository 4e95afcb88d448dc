"""The Trainer: learns, reports events, stops and pauses from another thread, refuses NaNs and bad settings."""
import dataclasses
import threading
import time

import numpy as np
import pytest

from workbench.nn.networks import SimpleConvNet, TwoLayerNet
from workbench.nn.trainer import ROSE, EpochEvent, StepEvent, StopEvent, Trainer

WAIT = 10   # seconds; generous upper bound for a thread to react on a busy machine


def blobs(n, seed=0, classes=3, dim=12):
    """Well-separated Gaussian clusters: a data set any network learns in a few steps."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(42).standard_normal((classes, dim)) * 2
    t = rng.integers(0, classes, n)
    x = (centres[t] + rng.standard_normal((n, dim))).astype(np.float32)
    return x, t


def make_trainer(epochs=3, lr=0.1, optimizer="SGD", seed=0, callback=None, optimizer_param=None, **kwargs):
    x, t = blobs(120, seed=1)
    xt, tt = blobs(40, seed=2)
    net = TwoLayerNet(12, 8, 3, weight_init_std=0.1, rng=seed)
    return Trainer(net, x, t, xt, tt, epochs=epochs, mini_batch_size=20, optimizer=optimizer,
                   optimizer_param=optimizer_param or {"lr": lr}, verbose=False, rng=seed,
                   callback=callback, **kwargs)


def test_training_lowers_the_loss_and_learns():
    trainer = make_trainer(epochs=5)
    assert trainer.train() == "finished"
    losses = trainer.train_loss_list
    assert len(losses) == trainer.max_iter == 5 * 6
    assert np.mean(losses[-5:]) < 0.5 * np.mean(losses[:5])
    assert trainer.test_acc_list[-1] > 0.9 and trainer.final_test_acc == trainer.test_acc_list[-1]
    assert len(trainer.train_acc_list) == len(trainer.test_acc_list) == trainer.current_epoch == 5


def test_a_small_conv_net_learns_too():
    rng = np.random.default_rng(0)
    t = rng.integers(0, 2, 60)
    x = rng.standard_normal((60, 1, 8, 8)).astype(np.float32) * 0.3
    x[t == 1, :, 2:6, 2:6] += 1.5                       # class 1 has a bright square
    net = SimpleConvNet((1, 8, 8), {"filter_num": 4, "filter_size": 3, "pad": 1, "stride": 1},
                        hidden_size=8, output_size=2, weight_init_std=0.1, rng=0)
    trainer = Trainer(net, x, t, x, t, epochs=6, mini_batch_size=10, optimizer="Adam",
                      optimizer_param={"lr": 0.01}, verbose=False, rng=0)
    trainer.train()
    assert np.mean(trainer.train_loss_list[-6:]) < np.mean(trainer.train_loss_list[:6])
    assert trainer.test_acc_list[-1] >= 0.9


def test_events_arrive_in_order_as_frozen_copies():
    events = []
    trainer = make_trainer(epochs=2, callback=events.append)
    trainer.train()
    steps = [e for e in events if isinstance(e, StepEvent)]
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert [e.iteration for e in steps] == list(range(1, 13))
    assert [e.loss for e in steps] == trainer.train_loss_list
    assert [e.epoch for e in steps] == [1] * 6 + [2] * 6
    assert [(e.epoch, e.iteration) for e in epochs] == [(1, 6), (2, 12)]
    assert [e.test_acc for e in epochs] == trainer.test_acc_list
    assert all(e.samples_per_sec > 0 and e.elapsed > 0 for e in epochs)
    assert epochs[1].elapsed >= epochs[0].elapsed
    assert events[-1] == StopEvent("finished", trainer.stop_message, 12, 2) and events.index(epochs[1]) == len(events) - 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        steps[0].loss = 0.0
    assert all(type(e.loss) is float for e in steps)


def test_the_same_seed_gives_the_same_run():
    a, b, c = make_trainer(seed=3), make_trainer(seed=3), make_trainer(seed=4)
    for trainer in (a, b, c):
        trainer.train()
    assert a.train_loss_list == b.train_loss_list
    assert a.train_loss_list != c.train_loss_list


def test_batches_are_permutations_of_the_training_set_each_epoch():
    seen = []
    trainer = make_trainer(epochs=2)
    real_gradient = trainer.network.gradient
    trainer.network.gradient = lambda x, t: seen.append(x.copy()) or real_gradient(x, t)
    trainer.train()
    for epoch in (seen[:6], seen[6:]):
        rows = np.concatenate(epoch)
        assert len(np.unique(rows, axis=0)) == len(trainer.x_train)


def test_stop_from_another_thread():
    started = threading.Event()
    events = []
    trainer = make_trainer(epochs=10_000, callback=lambda e: (events.append(e), started.set()))
    thread = threading.Thread(target=trainer.train)
    thread.start()
    assert started.wait(WAIT)
    trainer.stop()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert trainer.stop_reason == "stopped" and trainer.done
    assert 0 < trainer.current_iter < trainer.max_iter
    assert isinstance(events[-1], StopEvent) and events[-1].reason == "stopped"
    assert sum(isinstance(e, StopEvent) for e in events) == 1
    assert trainer.train_step() is False


def test_pause_and_resume_from_another_thread():
    started = threading.Event()
    trainer = make_trainer(epochs=200, callback=lambda e: started.set())
    thread = threading.Thread(target=trainer.train)
    thread.start()
    assert started.wait(WAIT)
    trainer.pause()
    assert trainer.paused
    time.sleep(0.2)                       # at most the step in flight finishes
    held = trainer.current_iter
    time.sleep(0.3)
    assert trainer.current_iter == held and thread.is_alive()
    trainer.resume()
    thread.join(WAIT * 3)
    assert not thread.is_alive()
    assert trainer.stop_reason == "finished" and trainer.current_iter == trainer.max_iter


def test_stop_wakes_a_paused_trainer():
    trainer = make_trainer()
    trainer.pause()
    thread = threading.Thread(target=trainer.train)
    thread.start()
    time.sleep(0.1)
    assert thread.is_alive() and trainer.current_iter == 0
    trainer.stop()
    thread.join(WAIT)
    assert not thread.is_alive() and trainer.stop_reason == "stopped"


def test_a_huge_learning_rate_stops_with_a_reason_instead_of_nans():
    events = []
    trainer = make_trainer(epochs=50, lr=1e9, callback=events.append)
    assert trainer.train() == "non-finite"
    assert trainer.current_iter < trainer.max_iter
    assert "the loss had risen from 1.06 to 13.7: the learning rate 1e+09 is too large" in trainer.stop_message
    assert events[-1].reason == "non-finite" and events[-1].message == trainer.stop_message
    stop = events[-1]
    assert stop.code == "learning-rate" and stop.figures["iteration"] == trainer.current_iter + 1 == 4
    assert stop.figures["what"] == "loss" and stop.figures["value"] == float("inf")
    assert stop.figures["lr"] == 1e9 and stop.figures["lower"] == 1e8
    assert stop.figures["first"] == trainer.train_loss_list[0] and stop.figures["last"] == trainer.train_loss_list[-1]
    assert all(np.isfinite(v) for v in trainer.train_loss_list)
    assert all(np.isfinite(p).all() for p in trainer.network.params.values())
    assert trainer.final_test_acc is None


@pytest.mark.parametrize("optimizer", ["SGD", "momentum", "Nesterov", "adagrad", "RMSprop", "rmsprpo", "Adam"])
def test_every_optimizer_name_of_the_book_works(optimizer):
    trainer = make_trainer(epochs=1, lr=0.01, optimizer=optimizer)
    assert trainer.train() == "finished"


def test_an_unknown_optimizer_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown optimizer 'adamw'; choose one of SGD, Momentum, "
                                         "Nesterov, AdaGrad, RMSprop, Adam"):
        make_trainer(optimizer="adamw")


def test_bad_optimizer_parameters_are_named():
    with pytest.raises(ValueError, match="Adam has no parameter 'momentum'; it takes lr, beta1, beta2"):
        make_trainer(optimizer="Adam", optimizer_param={"lr": 0.1, "momentum": 0.9})
    with pytest.raises(ValueError, match="lr=-1 must be a finite number above 0"):
        make_trainer(lr=-1)
    with pytest.raises(ValueError, match="lr=nan must be a finite number"):
        make_trainer(lr=float("nan"))


@pytest.mark.parametrize("kwargs, message", [
    ({"epochs": 0}, "epochs must be a whole number of 1 or more"),
    ({"mini_batch_size": 0}, "mini_batch_size must be a whole number of 1 or more"),
    ({"evaluate_sample_num_per_epoch": 0}, "evaluate_sample_num_per_epoch must be None, for every sample, or a whole number of 1 or more"),
])
def test_bad_settings_are_named(kwargs, message):
    x, t = blobs(10)
    with pytest.raises(ValueError, match=message):
        Trainer(TwoLayerNet(12, 4, 3), x, t, x, t, verbose=False, **kwargs)


def test_mismatched_or_empty_data_is_named():
    x, t = blobs(10)
    with pytest.raises(ValueError, match="x_train has 10 samples but t_train has 9 labels"):
        Trainer(TwoLayerNet(12, 4, 3), x, t[:9], x, t, verbose=False)
    with pytest.raises(ValueError, match="test set is empty"):
        Trainer(TwoLayerNet(12, 4, 3), x, t, x[:0], t[:0], verbose=False)


def test_evaluation_on_a_sample_then_final_accuracy_on_everything():
    trainer = make_trainer(epochs=2, evaluate_sample_num_per_epoch=7)
    calls = []
    real_accuracy = trainer.network.accuracy
    trainer.network.accuracy = lambda x, t, batch_size=100: calls.append(len(x)) or real_accuracy(x, t)
    trainer.train()
    assert calls == [7, 7, 7, 7, 40]
    assert trainer.final_test_acc is not None


def test_verbose_prints_like_the_book(capsys):
    trainer = make_trainer(epochs=1)
    trainer.verbose = True
    trainer.train()
    out = capsys.readouterr().out
    assert "train loss:" in out and "=== epoch:1, train acc:" in out and "test acc:" in out


def test_data_is_cast_once_to_the_networks_dtype():
    x, t = blobs(30)
    net = TwoLayerNet(12, 4, 3, dtype=np.float64)
    trainer = Trainer(net, x, t, x, t, epochs=1, verbose=False)
    assert trainer.x_train.dtype == trainer.x_test.dtype == np.float64


def test_batch_order_is_the_documented_rule():
    """One default_rng(seed).permutation per epoch, cut in order: benchmarks/accuracy.py relies on it."""
    seen = []
    trainer = make_trainer(epochs=2, seed=7)
    real_gradient = trainer.network.gradient
    trainer.network.gradient = lambda x, t: seen.append(t.copy()) or real_gradient(x, t)
    trainer.train()
    rng = np.random.default_rng(7)
    orders = [rng.permutation(120) for _ in range(2)]
    expected = [trainer.t_train[order[i * 20:(i + 1) * 20]] for order in orders for i in range(6)]
    assert all(np.array_equal(a, b) for a, b in zip(seen, expected)) and len(seen) == 12


# -- a run that is not learning says so, and why --------------------------------------------------

def images(n, seed, classes=10, pixels=64):
    """Noisy pixel patterns in [0, 1], one per class: like digits, a wild step loses them all."""
    rng = np.random.default_rng(seed)
    patterns = np.random.default_rng(42).random((classes, pixels))
    t = rng.integers(0, classes, n)
    return np.clip(patterns[t] + 0.3 * rng.standard_normal((n, pixels)), 0, 1).astype(np.float32), t


def make_wild_trainer(optimizer, lr, epochs=3, **kwargs):
    x, t = images(400, seed=1)
    xt, tt = images(100, seed=2)
    net = TwoLayerNet(64, 20, 10, rng=0)
    return Trainer(net, x, t, xt, tt, epochs=epochs, mini_batch_size=20, optimizer=optimizer,
                   optimizer_param={"lr": lr}, verbose=False, rng=0, **kwargs)


@pytest.mark.parametrize("optimizer, default", [("Adam", "0.001"), ("AdaGrad", "0.01"), ("RMSprop", "0.01")])
def test_a_huge_learning_rate_that_keeps_the_loss_finite_is_caught(optimizer, default):
    """The loss stays finite (capped near 16.1 by the 1e-7 in the loss), so no NaN guard fires."""
    events = []
    trainer = make_wild_trainer(optimizer, 1e9, callback=events.append)
    assert trainer.train() == "not-learning"
    assert trainer.current_epoch == 1 and trainer.current_iter == trainer.iter_per_epoch
    stop = events[-1]
    assert isinstance(stop, StopEvent) and stop.reason == "not-learning" and stop.message == trainer.stop_message
    assert stop.what_happened.startswith("not learning after epoch 1: the training accuracy")
    assert "is chance" in stop.what_happened and "near its cap of 16.1" in stop.what_happened
    assert stop.what_to_try == f"the learning rate 1e+09 is far too large for {optimizer}: try {default} " \
                               f"(its default in the book)"
    assert stop.message == f"{stop.what_happened}; {stop.what_to_try}"
    assert events[-2].warning == stop.message and trainer.final_test_acc is None


def test_not_learning_can_be_only_a_warning():
    events = []
    trainer = make_wild_trainer("Adam", 1e9, epochs=2, callback=events.append, stop_if_not_learning=False)
    assert trainer.train() == "finished"
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert len(epochs) == 2 and all(e.warning.startswith("not learning after epoch") for e in epochs)


@pytest.mark.parametrize("optimizer, lr", [("SGD", 0.01), ("SGD", 0.1), ("Adam", 0.001), ("AdaGrad", 0.01),
                                           ("RMSprop", 0.01), ("Momentum", 0.01), ("SGD", 1e-6)])
def test_a_sane_or_merely_slow_run_is_left_alone(optimizer, lr):
    events = []
    trainer = make_wild_trainer(optimizer, lr, epochs=2, callback=events.append)
    assert trainer.train() == "finished"
    assert not any(getattr(e, "warning", "") for e in events)


def test_weights_too_large_to_start_with():
    x, t = images(200, seed=1)
    net = TwoLayerNet(64, 20, 10, weight_init_std=50.0, rng=0)
    trainer = Trainer(net, x, t, x, t, epochs=3, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": 1e-9}, verbose=False, rng=0)
    assert trainer.train() == "not-learning"
    assert "initial weights are far too large" in trainer.stop_message


def test_nan_in_the_training_data_is_blamed_on_the_data():
    x, t = blobs(30)
    x[7, 3] = np.nan
    x[12, 0] = np.inf
    with pytest.raises(ValueError, match=r"x_train holds NaN or inf in 2 sample\(s\) \(the first is sample 7\); "
                                         r"the data is broken, not the training"):
        Trainer(TwoLayerNet(12, 4, 3), x, t, x[:5], t[:5], verbose=False)
    with pytest.raises(ValueError, match="x_test holds NaN or inf"):
        Trainer(TwoLayerNet(12, 4, 3), x[:5], t[:5], x, t, verbose=False)


def test_data_that_turns_nan_during_training_is_blamed_not_the_learning_rate():
    trainer = make_trainer(epochs=2)
    trainer.x_train[:] = np.nan                     # after the Trainer checked it
    assert trainer.train() == "non-finite"
    assert "the mini-batch itself holds NaN or inf" in trainer.stop_message
    assert "learning rate" not in trainer.stop_message.split("(")[0] and "too large" not in trainer.stop_message


def test_complex_training_data_is_refused():
    x, t = blobs(10)
    with pytest.raises(ValueError, match="x_train holds complex numbers"):
        Trainer(TwoLayerNet(12, 4, 3), x * 1j, t, x, t, verbose=False)


# -- weight decay's penalty is not a failure; one mini-batch an epoch is judged too ------------------

def decayed_trainer(lam, optimizer="SGD", lr=0.01, epochs=4):
    """The book's over-fitting set-up of 6.4 (six hidden layers of 100, 300 digits, batch 100, SGD
    0.01): with λ = 0.1 the penalty ½λΣW² of He-initialised weights is about 61, so the loss starts
    near 63, while the accuracy is still at chance for the first epochs."""
    from workbench.datasets import load_dataset
    from workbench.nn.networks import MultiLayerNet

    (x, t), (xt, tt) = load_dataset("synthetic-digits")
    net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=lam, rng=0)
    return Trainer(net, x[:300].reshape(300, -1), t[:300], xt[:200].reshape(200, -1), tt[:200], epochs=epochs,
                   mini_batch_size=100, optimizer=optimizer, optimizer_param={"lr": lr}, verbose=False, rng=0)


def test_weight_decay_penalty_is_not_taken_for_a_failure_to_learn():
    """Today's false stop: after 2 epochs, "not learning ... the initial weights are far too large"."""
    trainer = decayed_trainer(0.1)
    assert trainer.train_loss_list == [] and trainer.train() == "finished", trainer.stop_message
    assert trainer.train_loss_list[0] > 50 and trainer.current_epoch == 4 and not trainer.warning


def test_a_run_with_weight_decay_that_truly_fails_is_judged_on_its_data_loss():
    trainer = decayed_trainer(0.1, optimizer="Adam", lr=1.0, epochs=3)
    with np.errstate(all="ignore"):
        assert trainer.train() == "not-learning"
    happened = trainer.stop_message
    assert "the loss without weight decay's penalty (½λΣW² with λ = 0.1" in happened
    assert "rose from 2.3" in happened and "initial weights" not in trainer.stop_message
    assert "the learning rate 1 is far too large for Adam" in trainer.stop_message


@pytest.mark.parametrize("lam, reason", [(20.0, "not-learning"), (200.0, "non-finite")])
def test_sgd_with_weight_decay_stronger_than_its_steps_can_take_is_blamed(lam, reason):
    trainer = decayed_trainer(lam, lr=0.1, epochs=4)       # 1 − lr·λ = −1, then −19
    with np.errstate(all="ignore"):
        assert trainer.train() == reason, trainer.stop_message
    assert "weight decay is far too strong for the learning rate 0.1: each step multiplies the weights by " \
           f"1 − lr·λ = {1 - 0.1 * lam:g}, flipping their sign" in trainer.stop_message
    assert "learning rate 0.1 is" not in trainer.stop_message


def test_sgd_whose_decay_wipes_the_weights_out_is_stopped_though_its_loss_is_flat():
    """lr·λ = 1: every step sets the weights to −lr·∇; the loss stays near 2.3 and the accuracy at chance,
    which the guard took for slow learning (the run "finished" at 13 %)."""
    trainer = decayed_trainer(10.0, lr=0.1, epochs=4)
    with np.errstate(all="ignore"):
        assert trainer.train() == "not-learning", trainer.stop_message
    assert trainer.diagnosis.code == "decay-too-strong" and trainer.diagnosis.figures["factor"] == 0
    assert "averaged 2.3 (from 2.3 at the start)" in trainer.stop_message
    assert "1 − lr·λ = 0, wiping them out" in trainer.stop_message


def one_batch_trainer(optimizer, lr, epochs):
    x, t = images(40, seed=1)
    net = TwoLayerNet(64, 20, 10, rng=0)
    return Trainer(net, x, t, x, t, epochs=epochs, mini_batch_size=40, optimizer=optimizer,
                   optimizer_param={"lr": lr}, verbose=False, rng=0)


def test_divergence_with_one_mini_batch_an_epoch_is_seen():
    """Today: loss 2.3 → 13.8 at chance, and the run says "finished"."""
    trainer = one_batch_trainer("Adam", 5.0, epochs=3)
    assert trainer.iter_per_epoch == 1
    with np.errstate(all="ignore"):
        assert trainer.train() == "not-learning"
    assert trainer.train_loss_list[-1] > 4 * trainer.train_loss_list[0]
    assert "rose from 2.3" in trainer.stop_message and "learning rate 5 is far too large" in trainer.stop_message


@pytest.mark.parametrize("optimizer, lr", [("Adam", 0.001), ("SGD", 0.1), ("SGD", 1e-6)])
def test_a_sane_run_of_one_mini_batch_an_epoch_is_left_alone(optimizer, lr):
    trainer = one_batch_trainer(optimizer, lr, epochs=6)
    assert trainer.train() == "finished" and not trainer.warning


def test_max_iter_stops_inside_an_epoch_and_evaluates_it():
    events = []
    trainer = make_trainer(epochs=1, callback=events.append, max_iter=8)    # 6 iterations an epoch
    assert trainer.epochs == 2 and trainer.train() == "finished"
    assert trainer.current_iter == 8 and len(trainer.train_loss_list) == 8
    assert [e.iteration for e in events if isinstance(e, EpochEvent)] == [6, 8]
    assert trainer.final_test_acc == trainer.test_acc_list[-1]
    with pytest.raises(ValueError, match="max_iter must be None or a whole number"):
        make_trainer(max_iter=0)


# -- each diagnosis says what its figures show ---------------------------------------------------------

def test_a_stop_and_its_figures_cross_a_process_as_json():
    """impl = mine sends the StopEvent from the sandbox's child as JSON: the figures are plain values."""
    import json

    events = []
    trainer = make_trainer(epochs=50, lr=1e9, callback=events.append)
    trainer.train()
    sent = json.loads(json.dumps(dataclasses.asdict(events[-1])))
    assert StopEvent(**sent) == events[-1] and all(type(v) in (int, float, str, bool) for v in sent["figures"].values())


def test_a_non_finite_loss_at_the_first_step_is_never_blamed_on_the_learning_rate():
    """Iteration 1 runs before any update: weights of 1e30 overflow float32 whatever the learning rate."""
    x, t = blobs(60, seed=1)
    net = TwoLayerNet(12, 8, 3, weight_init_std=1e30, rng=0)
    events = []
    trainer = Trainer(net, x, t, x, t, epochs=2, mini_batch_size=20, optimizer="SGD", optimizer_param={"lr": 10.0},
                      verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        assert trainer.train() == "non-finite"
    stop = events[-1]
    assert "learning rate 10" not in stop.message and "learning rate is not the cause" in stop.what_happened
    assert stop.code == "initial-weights" and stop.figures["iteration"] == 1 and stop.figures["layer"] == "W1"
    assert stop.figures["fan_in"] == 12 and stop.figures["times"] > 1e29 and stop.figures["he"] == (2 / 12) ** 0.5
    assert "this was the first step, before any update, so the learning rate is not the cause" in stop.what_happened
    assert "learning rate 10" not in stop.message and "smaller weight_init_std" in stop.what_to_try
    assert "lr" not in stop.figures and stop.figures["input"] < 10


def test_input_far_from_0_to_1_at_the_first_step_is_blamed_on_the_input():
    x, t = blobs(60, seed=1)
    net = TwoLayerNet(12, 8, 3, weight_init_std=5.0, rng=0)       # ordinary next to an input of 1e36
    events = []
    trainer = Trainer(net, x * 1e36, t, x, t, epochs=2, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": 0.01}, verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        assert trainer.train() == "non-finite"
    stop = events[-1]
    assert "learning rate 0.01" not in stop.message and "normalize the input" in stop.what_to_try
    assert stop.code == "input-scale" and stop.figures["iteration"] == 1 and stop.figures["input"] > 1e35
    assert "the input reaches" in stop.what_happened and "normalize the input" in stop.what_to_try
    assert "learning rate" not in stop.what_to_try


def test_weight_decay_whose_penalty_overflows_at_the_first_step_is_blamed_on_lambda_not_on_the_steps():
    """λ = 1e38: ½λΣW² is beyond float32 before any step; lr·λ ≥ 1 too, but no step has been taken."""
    from workbench.nn.networks import MultiLayerNet

    x, t = blobs(60, seed=1)
    net = MultiLayerNet(12, [8], 3, weight_decay_lambda=1e38, rng=0)
    events = []
    trainer = Trainer(net, x, t, x, t, epochs=2, mini_batch_size=20, optimizer="SGD", optimizer_param={"lr": 0.01},
                      verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        assert trainer.train() == "non-finite"
    stop = events[-1]
    assert "1 − lr·λ" not in stop.message and "lower weight_decay" in stop.what_to_try    # no step was taken
    assert stop.code == "decay-penalty" and stop.figures["iteration"] == 1 and stop.figures["lam"] == 1e38
    assert stop.figures["penalty"] > 3.5e38 and "beyond what float32 holds" in stop.what_happened
    assert "1 − lr·λ" not in stop.message and "lower weight_decay" in stop.what_to_try


def test_a_first_step_that_fails_with_ordinary_input_and_weights_blames_the_forward_pass():
    """As a learner's softmax without the maximum subtracted would: neither input nor weights are the cause."""
    x, t = blobs(60, seed=1)
    net = TwoLayerNet(12, 8, 3, weight_init_std=0.1, rng=0)
    real = net.last_layer.forward
    net.last_layer.forward = lambda y, t: real(y, t) * np.nan
    events = []
    trainer = Trainer(net, x, t, x, t, epochs=2, mini_batch_size=20, optimizer="SGD", optimizer_param={"lr": 0.1},
                      verbose=False, rng=0, callback=events.append)
    assert trainer.train() == "non-finite"
    stop = events[-1]
    assert stop.code == "first-step" and stop.figures["value"] != stop.figures["value"]       # nan
    assert stop.figures["input"] < 10 and stop.figures["times"] < 2 and stop.figures["std"] > 0
    assert "the forward pass itself failed" in stop.what_happened and "learning rate" not in stop.what_to_try


def test_a_loss_that_did_not_rise_before_it_broke_only_probably_blames_the_learning_rate():
    """The second step breaks: there is no rise to show, so the learning rate is only probably the cause."""
    trainer = make_trainer(epochs=2, lr=0.1)
    real = trainer.network.gradient
    calls = []

    def gradient(x, t):
        grads = real(x, t)
        calls.append(1)
        if len(calls) == 3:
            trainer.network.last_loss = np.float32(np.inf)
        return grads
    trainer.network.gradient = gradient
    assert trainer.train() == "non-finite"
    assert trainer.stop_message.startswith("training stopped at iteration 3: the loss became inf; the learning "
                                           "rate 0.1 is probably too large")
    assert trainer.train_loss_list[1] < ROSE * trainer.train_loss_list[0]


def test_input_far_from_0_to_1_that_diverges_after_the_first_step_is_blamed_on_the_input():
    """The first step is finite (the loss caps near 16.1); the step it takes, λ·x-sized, breaks the second."""
    x, t = blobs(60, seed=1)
    net = TwoLayerNet(12, 8, 3, weight_init_std=0.01, rng=0)
    events = []
    trainer = Trainer(net, x * 1e20, t, x, t, epochs=2, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": 0.01}, verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        assert trainer.train() == "non-finite"
    stop = events[-1]
    assert stop.code == "input-scale" and stop.figures["iteration"] == 2 and not stop.figures["first_step"]
    assert "the steps grow with it" in stop.what_happened and "learning rate 0.01" not in stop.message


def test_a_loss_capped_from_the_start_by_unscaled_input_is_blamed_on_the_input():
    """Pixels of 0–255 with weights of std 1: confidently wrong from the first step, not the weights' fault alone."""
    x, t = images(200, seed=1)
    net = TwoLayerNet(64, 20, 10, weight_init_std=1.0, rng=0)
    events = []
    trainer = Trainer(net, x * 255, t, x * 255, t, epochs=3, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": 1e-9}, verbose=False, rng=0, callback=events.append)
    assert trainer.train() == "not-learning"
    stop = events[-1]
    assert stop.code == "input-scale" and stop.figures["input"] == pytest.approx(255, rel=0.01)
    assert stop.figures["start"] >= 8 and "normalize the input" in stop.what_to_try


def test_each_not_learning_diagnosis_carries_its_code_and_figures():
    events = []
    trainer = make_wild_trainer("Adam", 1e9, callback=events.append)
    trainer.train()
    stop, epoch = events[-1], events[-2]
    assert stop.code == "learning-rate" and epoch.diagnosis.code == "learning-rate" == trainer.diagnosis.code
    assert stop.figures == epoch.diagnosis.figures
    figures = stop.figures
    assert figures["epoch"] == 1 and figures["train_acc"] <= figures["chance"] + 0.05 and figures["capped"]
    assert figures["lr"] == 1e9 and figures["lower"] == 0.001 and figures["optimizer"] == "Adam"
    assert figures["book_default"] is True and figures["cap"] == pytest.approx(16.118, abs=1e-3)
    capped = Trainer(TwoLayerNet(64, 20, 10, weight_init_std=50.0, rng=0), *images(200, seed=1), *images(200, seed=1),
                     epochs=3, mini_batch_size=20, optimizer="SGD", optimizer_param={"lr": 1e-9}, verbose=False, rng=0)
    capped.train()
    assert capped.diagnosis.code == "initial-weights" and capped.diagnosis.figures["times"] > 100
    assert "spread far too wide: W1's standard deviation is 49.1, 278 times He initialization's √(2/64) = 0.177" in capped.warning


@pytest.mark.parametrize("lam, reason, enlarging", [(20.0, "not-learning", False), (200.0, "non-finite", True)])
def test_weight_decay_too_strong_carries_its_figures(lam, reason, enlarging):
    trainer = decayed_trainer(lam, lr=0.1, epochs=4)
    events = []
    trainer.callback = events.append
    with np.errstate(all="ignore"):
        trainer.train()
    stop = events[-1]
    assert stop.reason == reason and stop.code == "decay-too-strong"
    assert stop.figures["factor"] == pytest.approx(1 - 0.1 * lam) and stop.figures["limit"] == pytest.approx(10)
    assert stop.figures["lam"] == lam and stop.figures["lr"] == 0.1
    assert ("and enlarging them" in stop.message) == enlarging


def test_bad_data_carries_how_many_samples_are_broken():
    events = []
    trainer = make_trainer(epochs=2, callback=events.append)
    trainer.x_train[:] = np.nan
    trainer.train()
    assert events[-1].code == "bad-data" and events[-1].figures["samples"] == events[-1].figures["size"] == 20
