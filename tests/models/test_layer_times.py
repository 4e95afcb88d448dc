"""Time per layer: every layer of DeepConvNet timed and summed by kind, checked with a clock whose
every reading is known, and a real run that finishes."""
import itertools

import pytest

from workbench.models import layer_times
from workbench.models.layer_times import LayerTimesSettings, compute, kind_of, run
from workbench.nn.fast_conv import BlockedConvolution, FastPooling, FastRelu
from workbench.nn.layers import Affine, Convolution, Dropout, Pooling, Relu


def kinds_of(plan) -> list[str]:
    return [kind for _, kind in plan.layers]


@pytest.mark.parametrize("engine, conv, pool", [("book", Convolution, Pooling), ("fast", BlockedConvolution,
                                                                                 FastPooling)])
def test_every_layer_has_its_kind_and_the_softmax_comes_last(engine, conv, pool):
    plan = compute(LayerTimesSettings(batch=2, engine=engine))
    layers = list(plan.network.layers.values())
    assert any(isinstance(layer, conv) for layer in layers) and any(isinstance(layer, pool) for layer in layers)
    kinds = kinds_of(plan)
    assert [kinds.count(kind) for kind in ("conv", "pool", "relu", "affine", "dropout", "softmax")] == [6, 3, 7, 2, 2, 1]
    assert plan.layers[-1] == ("Softmax", "softmax") and plan.layers[0] == ("Conv1", "conv")
    assert plan.x.shape == (2, 1, 28, 28) and plan.steps == 21 * 6


def test_kinds_of_the_fast_engines_layers():
    assert kind_of(FastRelu()) == kind_of(Relu()) == "relu"
    assert kind_of(Dropout()) == "dropout" and kind_of(Affine([[1.0]], [0.0])) == "affine"
    with pytest.raises(ValueError, match="no kind for str"):
        kind_of("Conv1")


def ticking(costs):
    """A clock read twice per step (start, end): each step takes its cost, in the order given, forever."""
    now = 0.0
    for cost in itertools.cycle(costs):
        yield now
        now += cost
        yield now


def test_times_are_each_layers_median_summed_by_kind():
    """With a convolution costing 10 and every other step 1, convolution's share is 60 / 75 = 80 %."""
    plan = compute(LayerTimesSettings(batch=1, rounds=3))
    costs = [10.0 if kind == "conv" else 1.0 for kind in kinds_of(plan)]
    clock = ticking(costs)
    steps = []
    times = run(plan, clock=lambda: next(clock), on_step=lambda done, total: steps.append((done, total)))
    assert [layer.seconds for layer in times.layers] == costs
    assert times.total == 75.0 and times.share("conv") == 0.8
    assert times.by_kind()[0] == ("conv", 60.0) and dict(times.by_kind())["relu"] == 7.0
    assert steps[-1] == (21 * 4, 21 * 4) and len(steps) == 21 * 4     # three rounds and the warm-up


def test_the_median_ignores_the_warm_up_and_one_slow_round():
    plan = compute(LayerTimesSettings(batch=1, rounds=3))
    n = len(plan.layers)
    clock = ticking([5.0] * n + [1.0] * n + [9.0] * n + [1.0] * n)    # warm-up, fast, slow, fast
    times = run(plan, clock=lambda: next(clock))
    assert {layer.seconds for layer in times.layers} == {1.0}


def test_the_module_clock_is_used_when_none_is_given(monkeypatch):
    plan = compute(LayerTimesSettings(batch=1, rounds=1))
    clock = ticking([0.5])
    monkeypatch.setattr(layer_times, "CLOCK", lambda: next(clock))
    assert run(plan).total == 0.5 * len(plan.layers)


def test_a_real_forward_pass_is_timed_layer_by_layer():
    times = run(compute(LayerTimesSettings(batch=2, rounds=1)))
    assert len(times.layers) == 21 and all(layer.seconds >= 0 for layer in times.layers)
    assert times.batch == 2 and times.rounds == 1 and times.total > 0
