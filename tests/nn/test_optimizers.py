import math

import numpy as np
import pytest

from workbench.nn.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop

GRADS = [np.array([0.5, -2.0]), np.array([0.25, 1.0])]   # two update steps
START = np.array([1.0, 3.0])


def run(optimizer, dtype=np.float64):
    params = {"W": START.astype(dtype)}
    W = params["W"]
    for g in GRADS:
        optimizer.update(params, {"W": g.astype(dtype)})
    assert params["W"] is W   # updated in place
    return W


def hand(step):
    """Apply ``step(state, w, g)`` element by element in plain Python floats, two updates."""
    out = []
    for i in range(2):
        w, state = float(START[i]), {}
        for n, g in enumerate(GRADS, start=1):
            w = step(state, w, float(g[i]), n)
        out.append(w)
    return out


def test_sgd():
    np.testing.assert_allclose(run(SGD(lr=0.1)), hand(lambda s, w, g, n: w - 0.1 * g), rtol=1e-12)


def test_momentum():
    def step(s, w, g, n):
        s["v"] = 0.9 * s.get("v", 0.0) - 0.1 * g
        return w + s["v"]
    np.testing.assert_allclose(run(Momentum(lr=0.1)), hand(step), rtol=1e-12)


def test_nesterov():
    def step(s, w, g, n):
        s["v"] = 0.9 * s.get("v", 0.0) - 0.1 * g
        return w + 0.81 * s["v"] - 1.9 * 0.1 * g
    np.testing.assert_allclose(run(Nesterov(lr=0.1)), hand(step), rtol=1e-12)


def test_adagrad():
    def step(s, w, g, n):
        s["h"] = s.get("h", 0.0) + g * g
        return w - 0.1 * g / (math.sqrt(s["h"]) + 1e-7)
    np.testing.assert_allclose(run(AdaGrad(lr=0.1)), hand(step), rtol=1e-12)


def test_rmsprop():
    def step(s, w, g, n):
        s["h"] = 0.99 * s.get("h", 0.0) + 0.01 * g * g
        return w - 0.1 * g / (math.sqrt(s["h"]) + 1e-7)
    np.testing.assert_allclose(run(RMSprop(lr=0.1)), hand(step), rtol=1e-12)


def test_adam_as_the_book_writes_it():
    def step(s, w, g, n):
        s["m"] = s.get("m", 0.0) + 0.1 * (g - s.get("m", 0.0))
        s["v"] = s.get("v", 0.0) + 0.001 * (g * g - s.get("v", 0.0))
        lr_t = 0.001 * math.sqrt(1 - 0.999 ** n) / (1 - 0.9 ** n)
        return w - lr_t * s["m"] / (math.sqrt(s["v"]) + 1e-7)
    np.testing.assert_allclose(run(Adam()), hand(step), rtol=1e-12)
    # The first step moves each weight by almost exactly lr, whatever the gradient's size.
    params = {"W": START.copy()}
    Adam(lr=0.01).update(params, {"W": np.array([0.1, -50.0])})
    np.testing.assert_allclose(START - params["W"], [0.01, -0.01], rtol=1e-3)


def test_the_books_defaults():
    assert SGD().lr == 0.01
    assert (Momentum().lr, Momentum().momentum) == (0.01, 0.9)
    assert (Nesterov().lr, Nesterov().momentum) == (0.01, 0.9)
    assert AdaGrad().lr == 0.01
    assert (RMSprop().lr, RMSprop().decay_rate) == (0.01, 0.99)
    assert (Adam().lr, Adam().beta1, Adam().beta2) == (0.001, 0.9, 0.999)


@pytest.mark.parametrize("optimizer", [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam])
def test_float32_stays_float32(optimizer):
    opt = optimizer()
    W = run(opt, np.float32)
    assert W.dtype == np.float32
    for state in ("v", "h", "m"):
        for array in (getattr(opt, state, None) or {}).values():
            assert array.dtype == np.float32
    np.testing.assert_allclose(W, run(optimizer(), np.float64), rtol=1e-5)
