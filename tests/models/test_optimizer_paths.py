"""The optimizers' walks come out of the library's own classes: the book's endpoints after 30 updates,
the state each class holds, the update written out with its numbers, and every setting's bad values."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.optimizer_paths import (BOOK_FOUR, OPTIMIZERS, OptimizersSettings, compute, equations, make,
                                              walk)
from workbench.models.settings import SettingError
from workbench.nn import optimizers as library

ENTRY = pane("optimizers")
BOOK = {"SGD": (-0.350, 0.085), "Momentum": (0.896, 0.088), "AdaGrad": (-0.120, 0.000), "Adam": (0.136, 0.318)}


def test_the_books_endpoints_after_30_updates():
    r = compute(OptimizersSettings())
    assert r.step == 30 and tuple(r.walks) == BOOK_FOUR
    for name, endpoint in BOOK.items():
        assert tuple(round(v, 3) for v in r.point(name)) == endpoint, name
    sgd = r.walks["SGD"].path.points[:, 1]
    assert np.all(np.sign(sgd[1:]) == -np.sign(sgd[:-1])), "SGD's y changes sign on every update"


def test_the_walks_are_the_book_script_with_the_library_classes():
    """ch06/optimizer_compare_naive.py, written out: params as plain numbers, the exact gradient."""
    for name, lr in (("SGD", 0.95), ("Momentum", 0.1), ("AdaGrad", 1.5), ("Adam", 0.3)):
        optimizer = getattr(library, name)(lr=lr)
        params = {"x": -7.0, "y": 2.0}
        for _ in range(30):
            grads = {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}
            optimizer.update(params, grads)
        assert compute(OptimizersSettings()).point(name) == (params["x"], params["y"])


def test_each_update_keeps_the_state_the_library_holds():
    w = walk("Adam", 0.3, (0.9, 0.999), "valley", (-7.0, 2.0), 30)
    first, last = w.updates[0], w.updates[-1]
    assert first.previous == {"m": (0.0, 0.0), "v": (0.0, 0.0)}
    np.testing.assert_allclose(first.state["m"], (-0.07, 0.4))
    assert first.extra["t"] == 1 and first.extra["lr_t"] == pytest.approx(0.3 * np.sqrt(0.001) / 0.1)
    adam = make("Adam", 0.3, (0.9, 0.999))
    params = {"x": -7.0, "y": 2.0}
    for _ in range(30):
        adam.update(params, {"x": params["x"] / 10, "y": 2 * params["y"]})
    assert last.state["v"] == (float(adam.v["x"]), float(adam.v["y"])) and last.extra["lr_t"] == adam.lr_t
    assert last.previous == w.updates[-2].state


@pytest.mark.parametrize("name, names", [("SGD", ["p"]), ("Momentum", ["v", "p"]), ("Nesterov", ["v", "p"]),
                                         ("AdaGrad", ["h", "p"]), ("RMSprop", ["h", "p"]),
                                         ("Adam", ["m", "v", "η_t", "p"])])
def test_every_optimizer_writes_its_update_out(name, names):
    r = compute(OptimizersSettings(optimizers=OPTIMIZERS, selected=name, step=1))
    lines = equations(r.walks[name], 1)
    assert [eq.name for eq in lines] == names
    assert lines[-1].terms[0] == "(−7, 2)"
    x, y = r.point(name)
    assert lines[-1].value == f"({x:.4g}, {y:.4g})".replace("-", "−")


def test_the_momentum_update_quotes_its_numbers():
    r = compute(OptimizersSettings(optimizers=("Momentum",), selected="Momentum", step=2))
    v, p = equations(r.walks["Momentum"], 2)
    assert v.rule == "0.9·v − η·∇f" and v.terms == ("0.9·(0.07, −0.4)", "− 0.1·(−0.693, 3.2)")
    assert v.value == "(0.1323, −0.68)" and p.terms == ("(−6.93, 1.6)", "+ (0.1323, −0.68)")


def test_what_each_path_does_after_30_updates():
    r = compute(OptimizersSettings(optimizers=OPTIMIZERS))
    kinds = {name: r.observe(name).kind for name in OPTIMIZERS}
    assert kinds["SGD"] == "zigzag" and kinds["Momentum"] == "overshoot" and kinds["AdaGrad"] == "shrink"
    assert kinds["Adam"] == "overshoot"
    assert compute(OptimizersSettings(lr_sgd=0.5, optimizers=("SGD",))).observe("SGD").kind == "crawl"
    assert compute(OptimizersSettings(step=0)).observe("SGD").kind == "start"


def test_a_rate_that_blows_up_is_shown_not_raised():
    with np.errstate(all="raise"):
        r = compute(OptimizersSettings(optimizers=("SGD",), lr_sgd=100.0, steps=500))
    assert r.observe("SGD").kind in ("overflow", "diverge")


def test_every_function_and_start():
    for function in ("valley", "bowl", "saddle", "rosenbrock"):
        r = compute(OptimizersSettings(optimizers=OPTIMIZERS, function=function, start_x=-1.5, start_y=2.0))
        assert all(len(w.path.points) >= 1 for w in r.walks.values())


@pytest.mark.parametrize("assignment, key", [
    ("lr_sgd=0", "lr_sgd"), ("lr_adam=-0.3", "lr_adam"), ("lr_momentum=1e9", "lr_momentum"),
    ("momentum=1", "momentum"), ("momentum=-0.1", "momentum"), ("beta1=1", "beta1"), ("beta2=2", "beta2"),
    ("decay_rate=1.5", "decay_rate"), ("steps=0", "steps"), ("steps=501", "steps"), ("step=-2", "step"),
    ("optimizers=SGD,Lion", "optimizers"), ("optimizers=SGD,SGD", "optimizers"), ("selected=Nesterov", "selected"),
    ("layout=stacked", "layout"), ("function=ackley", "function"), ("start_x=1e5", "start_x"),
    ("start_y=x", "start_y"), ("drawing=svg", "drawing"),
])
def test_bad_values_are_refused_naming_the_setting(assignment, key):
    with pytest.raises(SettingError) as caught:
        ENTRY.parse([assignment])
    assert caught.value.key == key


def test_no_optimizer_at_all_is_refused():
    with pytest.raises(SettingError) as caught:
        ENTRY.parse(["optimizers=[]"])
    assert caught.value.key == "optimizers"


def test_a_point_that_flies_off_stops_its_walk_with_the_panes_words():
    from workbench.models.catalog import pane
    from workbench.models.optimizer_paths import compute

    result = compute(pane("optimizers").parse(["lr_sgd=100", "function=rosenbrock", "steps=500"]))
    walk = result.walks["SGD"]
    assert len(walk.updates) < 500
    assert walk.refused.startswith(f"SGD flew off the surface after {len(walk.updates)} updates")
    assert "lower its learning rate (now 100)" in walk.refused and "data" not in walk.refused
