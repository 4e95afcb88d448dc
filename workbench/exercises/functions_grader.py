"""The forward row of chapters 3 and 4's functions (functions.py): each on hidden inputs against the library.

The inputs are chosen to catch what learners get wrong, each with a hint that names it: softmax's
exp overflowing on the book's [1010, 1000, 990] and a batch normalised over the wrong axis,
cross_entropy_error's log(0) without the book's delta and a batch sum not divided by the batch size,
numerical_diff and numerical_gradient by forward difference, a numerical_gradient that leaves x
nudged or only walks a 1-D array, and a gradient_descent that returns something other than the point
it reached. Runs in the sandbox's child, as the grader does.
"""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from workbench.exercises.crash_hints import has_own_hint
from workbench.exercises.grader import (PASS, Failed, Runner, _rng, compare, phrase, same, shape_text, shaped,
                                        value_text, what_got)
from workbench.nn import functions as lib
from workbench.nn.gradient import numerical_gradient as lib_gradient

H = 1e-4
"""The book's h for numerical_diff and numerical_gradient."""
DELTA = 1e-7
"""The book's delta inside cross_entropy_error's log."""


def values_text(array) -> str:
    """"[1010, 1000, 990]": a small input written out, as the book writes it."""
    return "[" + ", ".join(value_text(v) for v in np.ravel(array)) + "]"


def given(name: str, array) -> dict:
    """A case's term: a 1-D input written out, a larger one by its shape."""
    array = np.asarray(array)
    if array.ndim == 1 and array.size <= 4:
        return phrase("case.values", name=name, values=values_text(array))
    return shaped(name, array.shape)


def hinted(failed: Failed, key: str, **values) -> Failed:
    """`failed` with the hint `key`, unless it has one of its own already (a crash hint gives way)."""
    if not has_own_hint(failed.message):
        failed.message["hint"] = {"key": f"exercises.hint.{key}", "values": {k: str(v) for k, v in values.items()}}
    return failed


def returned(run: Runner, function, *args):
    """The learner's function called on copies of `args` (their code may change its input)."""
    return run.call(run.part.name, function, *(a.copy() if isinstance(a, np.ndarray) else a for a in args))


def check(run: Runner, case, expected, got, hint=None) -> None:
    """compare() with the function's name as what is checked, and a hint (`hint(got)`) for a value of no array."""
    if got is None:
        raise Failed("returned_none", name=run.part.name, case=case)
    compare(run.part.name, case, expected, got, hint=hint)


# -- chapter 3 ----------------------------------------------------------------------------------------

def step_function(run: Runner, function) -> str:
    rng = _rng(31)
    x = np.round(rng.standard_normal((3, 4)), 1)
    x[0, 1] = x[2, 3] = 0.0                     # the step at 0 is 0: x > 0, not x >= 0
    for x in (np.array([-1.0, 0.0, 2.0]), x):
        case = run.case = [given("x", x)]
        try:
            got = returned(run, function, x)
        except Failed as failed:
            if "truth value" in str(failed.message["values"].get("error", "")):
                raise hinted(failed, "whole_array") from None
            raise
        if isinstance(got, np.ndarray) and got.dtype == bool:
            raise Failed("dtype", what=run.part.name, case=case, got="bool", hint=("step_bool", {}))
        check(run, case, lib.step_function(x), got,
              hint=lambda got: ("step_at_zero", {}) if same(got, x >= 0) else None)
    return PASS


def sigmoid(run: Runner, function) -> str:
    rng = _rng(32)
    for x in (np.array([-1.0, 1.0, 2.0]), rng.standard_normal((3, 4)) * 3, rng.standard_normal((2, 3, 4))):
        case = run.case = [given("x", x)]
        check(run, case, lib.sigmoid(x), returned(run, function, x),
              hint=lambda got: ("sigmoid_sign", {}) if same(got, 1 / (1 + np.exp(x))) else None)
    return PASS


def relu(run: Runner, function) -> str:
    rng = _rng(33)
    for x in (np.array([-1.0, 0.5, 2.0]), rng.standard_normal((3, 4)), rng.standard_normal((2, 3, 4))):
        case = run.case = [given("x", x)]
        check(run, case, lib.relu(x), returned(run, function, x),
              hint=lambda got: ("relu_min", {}) if same(got, np.minimum(x, 0)) else None)
    return PASS


def identity_function(run: Runner, function) -> str:
    rng = _rng(34)
    for x in (np.array([0.3, -0.7]), rng.standard_normal((2, 3))):
        case = run.case = [given("x", x)]
        check(run, case, x, returned(run, function, x))
    return PASS


SOFTMAX_CASES = (np.array([0.3, 2.9, 4.0]), np.array([1010.0, 1000.0, 990.0]),
                 np.array([[0.3, 2.9, 4.0], [1.0, -0.5, 0.2]]), np.array([[1010.0, 1000.0, 990.0], [1.0, 2.0, 3.0]]))
"""The book's scores, its scores that overflow exp, a batch of two, and a batch whose rows lie 1000 apart."""


def softmax(run: Runner, function) -> str:
    for a in SOFTMAX_CASES:
        case = run.case = [given("a", a) if a.ndim == 1 else shaped("a", a.shape)]
        check(run, case, lib.softmax(a), returned(run, function, a), hint=lambda got, a=a: softmax_hint(a, got))
    return PASS


def softmax_hint(a, got):
    """The usual slips of a softmax: exp overflowing (no maximum subtracted), a batch normalised as one
    vector or down its columns, the batch's largest score subtracted from every row."""
    if not np.all(np.isfinite(got)):
        if a.ndim == 2 and np.all(np.isfinite(got[0])):
            return ("softmax_row_max", {})
        return ("softmax_overflow", {"x": "a"})
    if a.ndim == 2 and got.shape == a.shape and not np.allclose(got.sum(axis=-1), 1):
        if np.isclose(got.sum(), 1) or np.allclose(got.sum(axis=0), 1):     # the whole batch, or its columns
            return ("softmax_batch", {})
    return None


# -- chapter 4: losses ---------------------------------------------------------------------------------

BOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
"""The book's output of a 10-class network (section 4.2.1); the answer is class 2."""


def mean_squared_error(run: Runner, function) -> str:
    rng = _rng(41)
    t = np.eye(10)[2]
    batch_y, batch_t = lib.softmax(rng.standard_normal((3, 4))), np.eye(4)[[1, 0, 3]]
    for y, t, case in ((BOOK_Y, t, [shaped("y", (10,)), phrase("case.one_hot", shape="(10,)")]),
                       (batch_y, batch_t, [shaped("y", (3, 4)), phrase("case.one_hot", shape="(3, 4)")])):
        run.case = case
        expected = lib.mean_squared_error(y, t)

        def hint(got, expected=expected, size=y.size):
            if np.isclose(got, 2 * expected):
                return ("mse_half", {})
            if np.isclose(got, 2 * expected / size) or np.isclose(got, expected / size):
                return ("mse_sum", {})
            return None
        check(run, case, expected, returned(run, function, y, t), hint=hint)
    return PASS


def cross_entropy_error(run: Runner, function) -> str:
    rng = _rng(42)
    labels = np.array([1, 0, 3])
    y = lib.softmax(rng.standard_normal((3, 4)))
    zero = np.array([[0.0, 0.3, 0.7], [0.2, 0.5, 0.3]])
    cases = ((BOOK_Y, np.eye(10)[2], [shaped("y", (10,)), phrase("case.one_hot", shape="(10,)")], "cee_one_sample"),
             (y, np.eye(4)[labels], [shaped("y", (3, 4)), phrase("case.one_hot", shape="(3, 4)")], "cee_batch_mean"),
             (y, labels, [shaped("y", (3, 4)), phrase("case.labels", shape="(3,)")], "cee_labels"),
             (zero, np.eye(3)[[0, 1]], [shaped("y", (2, 3)), phrase("case.zero_at_answer"),
                                         phrase("case.one_hot", shape="(2, 3)")], "cee_delta"))
    for y, t, case, slip in cases:
        run.case = case
        expected = lib.cross_entropy_error(y, t)
        try:
            got = returned(run, function, y, t)
        except Failed as failed:
            if failed.status == "fail" and slip != "cee_delta":    # the form of t, or y of one sample
                one_sample = slip == "cee_one_sample" and "AxisError" in str(failed.message["values"].get("error"))
                raise hinted(failed, "cee_one_sample" if one_sample else "cee_labels") from None
            raise

        def hint(got, expected=expected, slip=slip, n=len(y)):
            if not np.all(np.isfinite(got)):        # the book's first form, t * np.log(y): 0 · log(0) is NaN
                return ("cee_delta" if slip == "cee_delta" else "cee_delta_nan", {})
            if slip == "cee_one_sample" and np.isclose(got, expected / n):
                return (slip, {})
            if slip == "cee_batch_mean" and np.isclose(got, expected * n):
                return (slip, {})
            return (slip, {}) if slip in ("cee_labels", "cee_delta") else None
        check(run, case, expected, got, hint=hint)
    return PASS


# -- chapter 4: gradients ------------------------------------------------------------------------------

DIFF_CASES = (("0.01x² + 0.1x", lambda x: 0.01 * x ** 2 + 0.1 * x, 5.0),
              ("0.01x² + 0.1x", lambda x: 0.01 * x ** 2 + 0.1 * x, 10.0),
              ("x³", lambda x: x ** 3, 2.0))
"""The book's function_1 at 5 and 10 (section 4.3.2), and x³, whose curvature tells a forward difference apart."""


def numerical_diff(run: Runner, function) -> str:
    for formula, f, x in DIFF_CASES:
        case = run.case = [phrase("case.f", f=formula), phrase("case.values", name="x", values=value_text(x))]
        expected = (f(x + H) - f(x - H)) / (2 * H)

        def hint(got, f=f, x=x):
            if same(got, (f(x + H) - f(x)) / H):
                return ("forward_difference", {})
            if np.isclose(got, 0.0, atol=1e-12):
                return ("h_rounding", {})
            return None
        check(run, case, expected, run.call(run.part.name, function, f, x), hint=hint)
    return PASS


def gradient_cases():
    """(case, x, f, whether f reads x itself rather than its argument, as a network's loss does), for
    numerical_gradient."""
    rng = _rng(43)
    w2 = np.round(rng.uniform(0.5, 2.0, (2, 3)), 1)
    w3 = np.round(rng.uniform(0.5, 2.0, (2, 2, 2)), 1)
    x2 = np.round(rng.uniform(0.3, 1.5, (2, 3)), 2)
    x3 = np.round(rng.uniform(-1.5, 1.5, (2, 2, 2)), 2)
    held = np.round(rng.uniform(0.3, 1.5, (2, 3)), 2)
    return [([phrase("case.f", f="x0² + x1²"), given("x", [3.0, 4.0])], np.array([3.0, 4.0]),
             lambda x: np.sum(x ** 2), False),
            ([phrase("case.f", f="Σ w·x³"), shaped("x", x2.shape)], x2, lambda x: np.sum(w2 * x ** 3), False),
            ([phrase("case.f", f="Σ w·x²"), shaped("x", x3.shape)], x3, lambda x: np.sum(w3 * x ** 2), False),
            ([phrase("case.f_reads_x"), shaped("x", held.shape)], held, lambda x: np.sum(w2 * held ** 3), True)]


def numerical_gradient(run: Runner, function) -> str:
    for case, x, f, reads_x in gradient_cases():
        run.case = case
        expected = lib_gradient(f, x, h=H)
        before = x.copy()
        try:
            got = run.call(run.part.name, function, f, x)
        except Failed as failed:
            if failed.status == "fail" and x.ndim > 1:
                raise hinted(failed, "any_shape") from None
            raise
        if not np.allclose(x, before, rtol=1e-12, atol=1e-12):
            index = tuple(np.argwhere(~np.isclose(x, before, rtol=1e-12, atol=1e-12))[0])
            raise Failed("not_restored", name=run.part.name, case=case, index="[" + ", ".join(map(str, index)) + "]",
                         got=value_text(x[index]), expected=value_text(before[index]), hint=("restore", {}))
        x[...] = before

        def hint(got, f=f, x=x, reads_x=reads_x):
            forward = np.zeros_like(x)
            f0 = f(x)
            for idx in np.ndindex(x.shape):
                x[idx] += H
                forward[idx] = (f(x) - f0) / H
                x[idx] = before[idx]
            x[...] = before
            if same(got, forward):
                return ("forward_difference", {})
            if same(got, forward / 2):                  # f(x + h) and f(x) over 2h: x_minus = x, no copy
                return ("gradient_half", {})
            if reads_x and np.allclose(got, 0):
                return ("nudge_in_place", {})
            return ("any_shape", {}) if x.ndim > 1 else None
        check(run, case, expected, got, hint=hint)
    return PASS


DESCENT_CASES = ((np.array([-3.0, 4.0]), 0.1, 3), (np.array([-3.0, 4.0]), 0.1, 100), (np.array([-3.0, 4.0]), None, None),
                 (np.array([[1.0, -2.0], [0.5, 3.0]]), 0.2, 4))
"""(init_x, lr, step_num): a few steps, the book's 100 of section 4.4.1, the book's defaults, a 2-D x."""


def descent_path(f, init_x, lr, steps, sign=-1.0) -> list[np.ndarray]:
    """x after 0, 1, …, `steps` steps of x -= lr · ∇f(x) (sign +1: climbing), the gradient numerical as the book's."""
    x = init_x.copy()
    path = [x.copy()]
    for _ in range(steps):
        x += sign * lr * lib_gradient(f, x, h=H)
        path.append(x.copy())
    return path


def gradient_descent(run: Runner, function) -> str:
    def f(x):
        return np.sum(x ** 2)
    for init_x, lr, steps in DESCENT_CASES:
        case = [phrase("case.f", f="Σ x²"), given("init_x", init_x) if init_x.ndim == 1 else shaped("init_x", init_x.shape)]
        if lr is None:
            case.append(phrase("case.defaults"))
            args = (f, init_x)
            lr, steps = 0.01, 100
        else:
            case += [phrase("case.lr", lr=value_text(lr)), phrase("case.step_num", n=steps)]
            args = (f, init_x, lr, steps)
        run.case = case
        path = descent_path(f, init_x, lr, steps)
        with blaming_numerical_gradient(function):
            got = returned(run, function, *args)
            if isinstance(got, (tuple, list)) and got and isinstance(got[0], np.ndarray):
                raise Failed("not_array", what=run.part.name, case=case, expected=shape_text(init_x.shape),
                             got=what_got(got), hint=("descent_tuple", {}))
            check(run, case, path[-1], got, hint=lambda got, path=path, lr=lr: descent_hint(f, path, lr, got))
    return PASS


def descent_hint(f, path, lr, got):
    """What a descent that did not reach path[-1] returned instead: x after another number of steps (a
    return inside the loop, the start), a climb, or the gradient."""
    steps = len(path) - 1
    for k, point in enumerate(path[:-1]):
        if same(got, point):
            return ("descent_start", {}) if k == 0 else ("descent_steps", {"k": k, "n": steps})
    if same(got, descent_path(f, path[0], lr, steps, sign=1.0)[-1]):
        return ("descent_sign", {})
    if same(got, lib_gradient(f, path[-1].copy(), h=H)) or same(got, lib_gradient(f, path[-2].copy(), h=H)):
        return ("descent_gradient", {})
    return None


@contextmanager
def blaming_numerical_gradient(function):
    """Around gradient_descent's check: a failure gets the hint that the learner's own numerical_gradient,
    which their descent calls, does not pass yet, when it does not."""
    try:
        yield
    except Failed as failed:
        own = getattr(function, "__globals__", {}).get("numerical_gradient")
        if failed.status == "fail" and callable(own) and not own_gradient_passes(own):
            failed.message["hint"] = {"key": "exercises.hint.uses_helper",
                                      "values": {"name": "gradient_descent", "helper": "numerical_gradient"}}
        raise


def own_gradient_passes(function) -> bool:
    from pathlib import Path

    from workbench.exercises.parts import BY_NAME

    try:
        numerical_gradient(Runner(Path("."), BY_NAME["numerical_gradient"]), function)
    except Failed:
        return False
    return True


CHECKS = {"step_function": (step_function,), "sigmoid": (sigmoid,), "relu": (relu,),
          "identity_function": (identity_function,), "softmax": (softmax,),
          "mean_squared_error": (mean_squared_error,), "cross_entropy_error": (cross_entropy_error,),
          "numerical_diff": (numerical_diff,), "numerical_gradient": (numerical_gradient,),
          "gradient_descent": (gradient_descent,)}
