"""A run whose loss sat near its cap from the first step and broke a few updates later is blamed on the
weights it started from when they spread far wider than He's √(2/n), not on the learning rate: 6.2's
comparison with inits = 1 (the book's std=1) broke at iteration 6 and said "The learning rate 0.01 is
probably too large. Lower the learning rate (try 0.001)", and with 0.001 std=100 broke all the same."""
import numpy as np

from test_trainer import images
from workbench.i18n import set_language
from workbench.models.training_stop import in_a_line
from workbench.nn.networks import MultiLayerNet
from workbench.nn.trainer import NEAR_CAP, Trainer


def stop_of(std: float, lr: float = 0.01):
    x, t = images(200, seed=1)
    net = MultiLayerNet(x.shape[1], [100] * 4, 10, activation="relu", weight_init_std=std, rng=0)
    events = []
    trainer = Trainer(net, x, t, x, t, epochs=3, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": lr}, verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        assert trainer.train() == "non-finite"
    return trainer, events[-1]


def test_weights_far_too_wide_that_break_after_some_updates_are_blamed_not_the_learning_rate():
    trainer, stop = stop_of(1.0)
    assert trainer.current_iter >= 2 and min(trainer.train_loss_list) >= NEAR_CAP     # capped, then broke
    assert stop.code == "initial-weights" and not stop.figures["first_step"] and stop.figures["times"] > 2
    assert "learning rate" not in stop.message and "smaller weight_init_std" in stop.what_to_try
    set_language("ko")                   # the conftest starts every test in English again
    said = in_a_line(stop)
    assert "학습률" not in said and "가중치가 너무 큽니다" in said, said


def test_a_learning_rate_too_large_for_ordinary_weights_is_still_the_learning_rates_fault():
    trainer, stop = stop_of(0.1, lr=10.0)
    assert stop.code == "learning-rate", stop.message
