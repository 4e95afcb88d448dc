"""impl = mine in the models: which networks are built from the exercises' parts, the refusals (other
networks, the library's bugs, a served session), the stated time limit, the file a trained network of
theirs goes to, and Net.like building the library's network from a kit of classes with the same numbers."""
import numpy as np
import pytest

from workbench.exercises.milestones import LIBRARY
from workbench.exercises.networks import Net, Unsupported, parts_of
from workbench.exercises.sandbox import SERVED
from workbench.models import train_mine
from workbench.models.gradcheck import compute as gradcheck_plan
from workbench.models.gradcheck_settings import GradcheckSettings
from workbench.models.settings import SettingError
from workbench.models.train import build_network, compute as train_plan, default_save_path
from workbench.models.train_settings import TrainSettings


def test_net_like_runs_the_librarys_network_with_a_kit_and_gives_the_same_numbers():
    network = build_network(TrainSettings(net="simple", conv="book"))
    net = Net.like(network, LIBRARY, dtype=np.float64)
    x, t = np.random.default_rng(0).random((3, 1, 28, 28)), np.array([1, 7, 3])
    assert np.allclose(net.predict(x), network.predict(x), atol=1e-4)
    grads, library = net.gradient(x, t), network.gradient(x, t)
    assert list(grads) == list(library) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert all(np.allclose(grads[k], library[k], atol=1e-4) for k in grads)
    assert net.params["W1"] is not network.params["W1"]                 # copies: the library's stay as built
    assert parts_of(network) == ["Convolution", "Relu", "Pooling", "Affine", "SoftmaxWithLoss"]
    with pytest.raises(Unsupported):
        parts_of(build_network(TrainSettings(net="multi-layer-extend")))


def test_other_networks_the_librarys_bugs_and_a_served_session_are_refused(monkeypatch):
    gradcheck_plan(GradcheckSettings(net="multi-layer", impl="mine"))          # Affine and Relu only: built
    with pytest.raises(SettingError) as refused:
        gradcheck_plan(GradcheckSettings(net="multi-layer-extend", impl="mine"))
    assert refused.value.key == "net"
    with pytest.raises(SettingError) as refused:
        gradcheck_plan(GradcheckSettings(bug="relu-mask-inverted", impl="mine"))
    assert refused.value.key == "bug"
    with pytest.raises(SettingError) as refused:
        train_plan(TrainSettings(net="deep", impl="mine"))
    assert refused.value.key == "net"
    monkeypatch.setenv(SERVED, "1")
    for plan, settings in ((gradcheck_plan, GradcheckSettings(impl="mine")), (train_plan, TrainSettings(impl="mine"))):
        with pytest.raises(SettingError) as refused:
            plan(settings)
        assert refused.value.key == "impl"


def test_the_time_limit_allows_twenty_samples_a_second_and_theirs_is_saved_apart():
    s = TrainSettings(dataset="synthetic-digits", train_size=2000, test_size=500, batch_size=50, epochs=2, impl="mine")
    plan = train_plan(s)
    assert train_mine.time_limit(plan) == pytest.approx(60 + (80 * 50 + 3 * 2 * 500 / 3) / 20)
    assert default_save_path(s, "synthetic-digits").name == "simple-synthetic-digits-mine.npz"
    library = TrainSettings(dataset="synthetic-digits")
    assert default_save_path(library, "synthetic-digits").name == "simple-synthetic-digits.npz"
    assert train_mine.optimizer_name(s) == ("Adam", True)
    assert train_mine.optimizer_name(TrainSettings(optimizer="rmsprop")) == ("RMSprop", False)
    assert train_mine.parts(s) == ["im2col", "Convolution", "col2im", "Relu", "Pooling", "Affine",
                                   "SoftmaxWithLoss"]


def test_a_layer_of_theirs_stuck_in_training_is_stopped_at_the_quiet_limit(solution_copy, monkeypatch):
    """The whole run may take hours (time_limit); a layer that never returns is stopped once the child
    has been quiet for quiet_limit, at the learner's line. A run that goes on is not stopped by it."""
    import time
    from types import SimpleNamespace

    from workbench.models.mine import MineFailure
    from workbench.models.train import Outcome

    s = TrainSettings(net="two-layer", dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50,
                      epochs=2, optimizer="sgd", impl="mine", folder=str(solution_copy))
    plan = train_plan(s)
    assert train_mine.quiet_limit(plan) == pytest.approx(60 + 500 / 20)
    monkeypatch.setattr(train_mine, "quiet_limit", lambda plan: 3.0)
    ctx = SimpleNamespace(cancelled=False, emit=lambda *items: None, progress=lambda *args, **info: None)
    assert isinstance(train_mine.train(plan, ctx), Outcome)
    layers = solution_copy / "layers.py"
    layers.write_text(layers.read_text().replace("        dout = dout.copy()\n        dout[self.mask] = 0\n",
                                                 "        while self.mask is not None:\n            pass\n"))
    started = time.monotonic()
    failure = train_mine.train(train_plan(s), ctx)
    assert time.monotonic() - started < 30
    assert isinstance(failure, MineFailure) and failure.part == "Relu"
    assert failure.message == {"key": "exercises.msg.timeout", "values": {"where": "Relu.backward", "seconds": "3"}}
    assert "in backward\n    while self.mask is not None:" in failure.traceback


def test_a_layer_of_theirs_stuck_in_the_gradient_check_is_stopped_at_its_quiet_limit(solution_copy, monkeypatch):
    import time

    from workbench.models import gradcheck_mine
    from workbench.models.mine import MineFailure

    monkeypatch.setattr(gradcheck_mine, "QUIET_LIMIT", 2.0)
    layers = solution_copy / "layers.py"
    layers.write_text(layers.read_text().replace("        dout = dout.copy()\n        dout[self.mask] = 0\n",
                                                 "        while self.mask is not None:\n            pass\n"))
    started = time.monotonic()
    failure = gradcheck_mine.check(gradcheck_plan(GradcheckSettings(impl="mine", folder=str(solution_copy))))
    assert time.monotonic() - started < 30
    assert isinstance(failure, MineFailure) and failure.part == "Relu"
    assert failure.message["values"] == {"where": "Relu.backward", "seconds": "2"}


def test_their_optimizer_that_puts_new_arrays_into_params_stops_training_naming_it(solution_copy):
    """The layers hold the parameter arrays: an update that replaces them trains nothing. The run stops at
    once and says so, as the grader does, instead of drawing flat curves with no word why."""
    from types import SimpleNamespace

    from workbench.exercises.report import said
    from workbench.models.mine import MineFailure

    optimizers = solution_copy / "optimizers.py"
    source = optimizers.read_text()
    assert "params[key] -= self.lr * grads[key]" in source
    optimizers.write_text(source.replace("params[key] -= self.lr * grads[key]",
                                         "params[key] = params[key] - self.lr * grads[key]"))
    s = TrainSettings(net="two-layer", dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50,
                      epochs=2, optimizer="sgd", lr=0.1, impl="mine", folder=str(solution_copy))
    ctx = SimpleNamespace(cancelled=False, emit=lambda *items: None, progress=lambda *args, **info: None)
    failure = train_mine.train(train_plan(s), ctx)
    assert isinstance(failure, MineFailure) and failure.part == "SGD"
    assert said(failure.message).startswith("SGD.update must change the parameter arrays in place")


def test_their_adagrad_that_makes_nan_of_a_zero_gradient_is_named_not_the_learning_rate(solution_copy):
    from types import SimpleNamespace

    from workbench.models.mine import MineFailure

    optimizers = solution_copy / "optimizers.py"
    source = optimizers.read_text()
    assert "/ (np.sqrt(self.h[key]) + 1e-7)" in source
    optimizers.write_text(source.replace("/ (np.sqrt(self.h[key]) + 1e-7)", "/ np.sqrt(self.h[key])"))
    s = TrainSettings(net="two-layer", dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50,
                      epochs=1, optimizer="adagrad", lr=0.01, impl="mine", folder=str(solution_copy))
    ctx = SimpleNamespace(cancelled=False, emit=lambda *items: None, progress=lambda *args, **info: None)
    failure = train_mine.train(train_plan(s), ctx)
    assert isinstance(failure, MineFailure) and failure.part == "AdaGrad", failure
    assert failure.message["key"] == "exercises.msg.zero_gradient"
    assert failure.message["hint"]["key"] == "exercises.hint.epsilon"
