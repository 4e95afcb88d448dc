"""Milestones: the learner's parts running the book's programs, unlocked in order; runs in the sandbox child.

0. numgrad: the book's chapter-4 TwoLayerNet of their sigmoid, softmax and cross_entropy_error: the
   gradient their numerical_gradient gives agrees with backprop's (section 5.7.3's check, the other way);
1. apple: the apple-and-orange graph of section 5.4 with their MulLayer and AddLayer;
2. gradcheck: a TwoLayerNet built from their Affine, Relu and SoftmaxWithLoss passes the gradient check;
3. train: that TwoLayerNet trained with their SGD learns synthetic digits as well as the library's;
4. convnet: the book's SimpleConvNet (30 filters of 5 × 5, 100 hidden) with their im2col, Convolution and
   Pooling reaches the library's test accuracy within 1 point on the same seed.
Each runs the same program twice, once on the library's classes and once on the learner's, so the
comparison is like for like. The result is plain data, as the grader's.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np

from workbench.exercises import last_call
from workbench.exercises.crash_hints import crash_hint
from workbench.exercises.grader import Failed, load, value_text
from workbench.exercises.networks import Net, exact_loss
from workbench.exercises.runner import MineFailed, at_fault
from workbench.i18n.numbers import num, sci
from workbench.nn import im2col as lib_im2col
from workbench.nn import layers as lib_layers
from workbench.nn import optimizers as lib_opt
from workbench.nn import functions as lib_functions
from workbench.nn.gradient import gradient_check, relative_error, verdict
from workbench.nn.networks import SimpleConvNet, TwoLayerNet

ACCURACY_POINTS = 1.0
"""How far (in percentage points) the learner's test accuracy may be from the library's."""

LIBRARY = SimpleNamespace(**{name: getattr(lib_layers, name) for name in
                             ("MulLayer", "AddLayer", "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "Convolution",
                              "Pooling")},
                          SGD=lib_opt.SGD, im2col=lib_im2col.im2col, col2im=lib_im2col.col2im)


def files_for(name: str) -> list[str]:
    """The learner's files milestone `name` runs code of, in the book's order: the apple graph and the
    gradient check only layers.py, so a convolution.py still half written (a syntax error, an endless
    loop at import) never keeps the learner from them."""
    from workbench.exercises.parts import BY_NAME, files
    from workbench.exercises.unlock import MILESTONES

    needed = {BY_NAME[part].file for part in dict(MILESTONES)[name]}
    return [file for file in files() if file in needed]


def learner(folder: Path, files=None) -> SimpleNamespace:
    from workbench.exercises import parts

    classes = {}
    for file in files if files is not None else parts.files():
        if (folder / file).is_file():
            module = load(folder, file)
            classes.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return SimpleNamespace(**classes)


def _message(key: str, **values) -> dict:
    return {"key": f"exercises.milestone.{key}", "values": {k: str(v) for k, v in values.items()}}


def run(folder: Path, name: str) -> dict:
    """{"name", "passed", "message"} for one milestone."""
    try:
        mine = last_call.watch(learner(folder, files_for(name)))
        passed, message = RUNS[name](mine)
    except (Failed, MineFailed) as failed:             # MineFailed: a layer of theirs gave the network a wrong value
        passed, message = False, failed.message
    except MemoryError:
        passed, message = False, _message("memory")
    except (Exception, SystemExit) as exc:   # the learner's code: anything can happen, exit() too
        passed, message = False, _raised(folder, exc)
    return {"name": name, "passed": passed, "message": message}


def _raised(folder: Path, exc: BaseException) -> dict:
    """The message for an error the learner's code raised in a milestone, with the hint of what to do next
    at their line (crash_hints), the part's method named when a frame of theirs is in one; with no frame of
    theirs (raised in the milestone's or the library's code), their part called last and what it returned."""
    message = _message("raised", error=f"{type(exc).__name__}: {exc}"[:200])
    _, where = at_fault(folder.resolve(), exc.__traceback__)
    if last_call.in_callback(folder, exc.__traceback__, __file__):   # raised in the book's loss their code called
        hint = last_call.hint() or crash_hint(exc, folder, where or "")
    else:                                      # no line of theirs: the part called last
        hint = crash_hint(exc, folder, where or "") or last_call.hint()
    if hint:
        message["hint"] = {"key": f"exercises.hint.{hint[0]}", "values": hint[1]}
    return message


# -- 0. chapter 4's gradient ---------------------------------------------------------------------------------

def numgrad(mine) -> tuple[bool, dict]:
    """The book's chapter-4 TwoLayerNet (sigmoid, softmax, cross_entropy_error; 6 inputs, 5 hidden, 4
    classes, batch 3): each parameter's gradient by their numerical_gradient of their loss, against the
    book's backprop of section 4.5 (two_layer_net.py's gradient), graded in the gradient check's bands."""
    rng = np.random.default_rng(4)
    params = {"W1": 0.5 * rng.standard_normal((6, 5)), "b1": 0.1 * rng.standard_normal(5),
              "W2": 0.5 * rng.standard_normal((5, 4)), "b2": 0.1 * rng.standard_normal(4)}
    x, t = rng.standard_normal((3, 6)), np.eye(4)[[0, 3, 1]]

    def loss(_):
        z1 = mine.sigmoid(x @ params["W1"] + params["b1"])
        return mine.cross_entropy_error(mine.softmax(z1 @ params["W2"] + params["b2"]), t)

    a1 = x @ params["W1"] + params["b1"]
    z1 = lib_functions.sigmoid(a1)
    dy = (lib_functions.softmax(z1 @ params["W2"] + params["b2"]) - t) / len(x)
    da1 = (dy @ params["W2"].T) * lib_functions.sigmoid_grad(a1)
    backprop = {"W1": x.T @ da1, "b1": da1.sum(axis=0), "W2": z1.T @ dy, "b2": dy.sum(axis=0)}
    worst, where = 0.0, "W1"
    for key, param in params.items():
        numeric = np.asarray(mine.numerical_gradient(loss, param), dtype=np.float64)
        if numeric.shape != param.shape:
            return False, _message("numgrad_wrong", error="—", param=key)
        floor = 1e-6 * float(np.max(np.abs(backprop[key]))) or 1e-8
        error = float(np.max(relative_error(backprop[key], numeric, floor)))
        if not error <= worst:                       # NaN is the worst there is
            worst, where = error if np.isfinite(error) else float("inf"), key
    graded = verdict(worst)
    return graded != "fail", _message("numgrad_done" if graded != "fail" else "numgrad_wrong",
                                      error=sci(worst), verdict=graded, param=where)


# -- 1. the apple graph -------------------------------------------------------------------------------------

def apple_graph(kit) -> tuple[float, tuple[float, ...]]:
    """Section 5.4.2: 2 apples at 100, 3 oranges at 150, tax 1.1; the price and every input's gradient."""
    mul_apple, mul_orange, add, mul_tax = kit.MulLayer(), kit.MulLayer(), kit.AddLayer(), kit.MulLayer()
    apple_price = mul_apple.forward(100.0, 2.0)
    orange_price = mul_orange.forward(150.0, 3.0)
    total = add.forward(apple_price, orange_price)
    price = mul_tax.forward(total, 1.1)
    dtotal, dtax = mul_tax.backward(1.0)
    dapple_price, dorange_price = add.backward(dtotal)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    return float(price), tuple(float(g) for g in (dapple, dapple_num, dorange, dorange_num, dtax))


def apple(mine) -> tuple[bool, dict]:
    price, grads = apple_graph(LIBRARY)
    my_price, my_grads = apple_graph(mine)
    if not np.isclose(my_price, price):
        return False, _message("apple_wrong", expected=value_text(price), got=value_text(my_price))
    for name, want, got in zip(("apple", "apple_num", "orange", "orange_num", "tax"), grads, my_grads):
        if not np.isclose(got, want):
            return False, _message("apple_gradient", input=name, expected=value_text(want), got=value_text(got))
    return True, _message("apple_done", price=value_text(price), dapple=value_text(grads[0]), dtax=value_text(grads[4]))


# -- 2. and 3. TwoLayerNet ---------------------------------------------------------------------------------

def _net(kit, sizes, seed, conv=None) -> Net:
    """The book's TwoLayerNet (`sizes`) or, with `conv` = (filters, size, input shape), SimpleConvNet,
    initialised by the library (He, float64) and built from `kit`'s classes."""
    if conv:
        filters, size, shape = conv
        network = SimpleConvNet(shape, {"filter_num": filters, "filter_size": size, "pad": 0, "stride": 1},
                                hidden_size=sizes[1], output_size=sizes[-1], weight_init_std="relu",
                                dtype=np.float64, rng=seed, conv="book")
    else:
        network = TwoLayerNet(*sizes, weight_init_std="relu", dtype=np.float64, rng=seed)
    return Net.like(network, kit)


def gradcheck(mine) -> tuple[bool, dict]:
    """A TwoLayerNet of their layers through the library's gradient check: every entry, kinks retried,
    the loss without the book's 1e−7 inside its log, as the check takes the library's."""
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((3, 6)), np.eye(4)[[0, 3, 1]]
    net = _net(mine, (6, 5, 4), seed=1)
    exact_loss(net.last_layer)
    report = gradient_check(net, x, t, num_samples=net.params["W1"].size)
    where = report.worst or "W1"
    worst = report[where].max_relative_error if report.worst else 0.0
    graded = verdict(worst)
    message = _message("gradcheck_done" if graded != "fail" else "gradcheck_wrong", error=sci(worst),
                       verdict=graded, param=where)
    return graded != "fail", message


def _digits(n_train, n_test, flat):
    from workbench.datasets.synthetic import synthetic_digits

    (x, t), (x_test, t_test) = synthetic_digits(n_train, n_test, seed=3)
    shape = (-1, 784) if flat else (-1, 1, 28, 28)
    return x.reshape(shape) / 255.0, t, x_test.reshape(shape) / 255.0, t_test


def _train(kit, net_args, data, steps, batch, lr):
    x, t, x_test, t_test = data
    net = _net(kit, *net_args)
    optimizer = kit.SGD(lr=lr)
    rng = np.random.default_rng(11)
    for _ in range(steps):
        pick = rng.choice(len(x), batch, replace=False)
        optimizer.update(net.params, net.gradient(x[pick], t[pick]))
    return net.accuracy(x_test, t_test)


def _compare(key, kit_args, data, steps, batch, lr) -> tuple[bool, dict]:
    mine, net_args = kit_args
    expected = _train(LIBRARY, net_args, data, steps, batch, lr)
    got = _train(mine, net_args, data, steps, batch, lr)
    ok = abs(got - expected) * 100 <= ACCURACY_POINTS
    return ok, _message(f"{key}_done" if ok else f"{key}_wrong", expected=num(100 * expected, 1),
                        got=num(100 * got, 1), steps=steps)


def train(mine) -> tuple[bool, dict]:
    return _compare("train", (mine, ((784, 50, 10), 7)), _digits(2000, 500, flat=True), steps=300, batch=100, lr=0.1)


def convnet(mine) -> tuple[bool, dict]:
    """The book's SimpleConvNet (30 filters of 5 × 5, 100 hidden units), 60 steps of 50 synthetic digits."""
    return _compare("convnet", (mine, ((30 * 12 * 12, 100, 10), 7, (30, 5, (1, 28, 28)))),
                    _digits(1000, 300, flat=False), steps=60, batch=50, lr=0.1)


RUNS = {"numgrad": numgrad, "apple": apple, "gradcheck": gradcheck, "train": train, "convnet": convnet}
