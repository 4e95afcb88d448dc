"""Numerical gradients (section 4.4) and a gradient check a learner can trust (section 5.7).

``numerical_gradient`` is the book's. ``gradient_check`` compares backpropagation with numerical
derivatives parameter by parameter and grades each one, following CS231n's notes:
- float64: central differences lose most of their digits in float32, so a float32 network is
  checked through a float64 copy (``as_float64``);
- the relative error |a − n| / max(|a|, |n|, ε) of backprop value a and numerical value n, graded
  in CS231n's bands (``BANDS``): below 1e-4 pass, from 1e-2 fail, warn between;
- kinks: a nudge that moves a ReLU input across zero, or changes the element a max pooling picks,
  makes the central difference wrong though backpropagation is right. Such an entry is measured
  again with a smaller h (``retry_h``, 1e-6); if one side still crosses (an input sitting right on
  the kink, as zero biases make), the one-sided difference on the other side is used, and if both
  do, the entry is flagged and not counted;
- the loss without the book's 1e-7: cross_entropy_error takes log(y + 1e-7) so that log 0 cannot
  happen, but backprop's (y − t)/N is the derivative of −log y. The difference, about 1e-7/y per
  sample, grows to 1e-4 and more where the samples' gradients nearly cancel (batch norm, deep
  networks): a false alarm. So the check differentiates −log y, as backprop does (``keep_delta``
  puts the book's loss back, to see the false alarm);
- a large parameter is checked on a random sample of its entries.
"""
import inspect
import math
import time
from contextlib import ExitStack, contextmanager
from copy import deepcopy
from dataclasses import dataclass, field

import numpy as np

from .checks import as_rng
from .functions import class_labels
from .kinks import kink_state, layers_of, same_side
from .layers import BatchNormalization, Dropout, SoftmaxWithLoss
from .patching import patched

BANDS = (1e-4, 1e-2)
"""Relative error below BANDS[0] passes, from BANDS[1] fails, and warns between (CS231n)."""
PASS, WARN, FAIL, UNJUDGED = "pass", "warn", "fail", "unjudged"
KINK_RULES = ("shrink", "skip", "count")
"""What an entry whose nudge crosses a kink gets: a smaller h, left out, or counted like the rest."""


def numerical_gradient(f, x, *, h=1e-4):
    """Gradient of ``f`` at ``x`` by central differences, (f(x + h) - f(x - h)) / 2h, entry by entry.

    ``f`` is called with ``x`` itself, each entry nudged in place in turn, as in the book (where
    ``f`` usually ignores its argument and reads the network's parameters). ``x`` may have any
    shape and is restored exactly, even if ``f`` raises.
    """
    if not (isinstance(x, np.ndarray) and x.dtype.kind == "f"):
        raise ValueError(f"x must be a floating-point NumPy array (it is nudged in place, so f must see the "
                         f"nudges), got {type(x).__name__} of dtype {getattr(x, 'dtype', None)}: write "
                         f"np.array([3.0, 4.0]) rather than [3, 4] or np.array([3, 4]), or x.astype(np.float64)")
    _check_h(h)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        grad[idx] = _central_difference(f, x, idx, h)
    return grad


def _check_h(h, name="h"):
    """Raise a ValueError unless the step ``h`` is a finite number above 0."""
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) or not np.isfinite(h) or h <= 0:
        raise ValueError(f"{name} must be a small number above 0 (the book uses 1e-4), got {h!r}")


def _central_difference(f, x, idx, h):
    original = x[idx].copy()
    try:
        x[idx] = original + h
        above = float(f(x))
        x[idx] = original - h
        below = float(f(x))
    finally:
        x[idx] = original
    return (above - below) / (2 * h)


# -- the two difference rules: f is the loss as a function of one entry's value, f0 = f(x0) ------------

def central_difference(f, x0, h, f0):
    """(f(x0 + h) − f(x0 − h)) / 2h: its error shrinks like h², the rule every check should use."""
    return (f(x0 + h) - f(x0 - h)) / (2 * h)


def forward_difference(f, x0, h, f0):
    """(f(x0 + h) − f(x0)) / h: its error shrinks only like h (one of the check's injectable bugs)."""
    return (f(x0 + h) - f0) / h


def relative_error(a, n, floor):
    """|a − n| / max(|a|, |n|, floor), entry by entry: 0 when they agree, about 1 when no digit does."""
    a, n = np.asarray(a, dtype=np.float64), np.asarray(n, dtype=np.float64)
    return np.abs(a - n) / np.maximum(np.maximum(np.abs(a), np.abs(n)), floor)


def verdict(max_relative_error):
    """pass, warn or fail for a parameter's worst relative error (BANDS); unjudged when it is NaN."""
    if math.isnan(max_relative_error):
        return UNJUDGED
    if max_relative_error < BANDS[0]:
        return PASS
    return WARN if max_relative_error < BANDS[1] else FAIL


@dataclass(frozen=True)
class GradientCheck:
    """How one parameter's backprop gradient compares with its numerical gradient.

    ``max_relative_error`` and ``mean_relative_error`` are over the counted entries (all checked
    entries but those left out at a kink); NaN when every entry was left out. The arrays, one value
    per checked entry, are kept for a closer look and left out of comparisons.
    """
    shape: tuple
    checked: int
    max_relative_error: float
    mean_relative_error: float
    worst_index: tuple | None
    kinks: int = 0
    """Entries whose nudge by ±h crossed a kink."""
    left_out: int = 0
    """Entries not counted: at a kink and not resolved by a smaller h or a one-sided difference."""
    seconds: float = field(default=0.0, compare=False)
    indices: np.ndarray = field(default=None, compare=False, repr=False)
    """(checked, ndim) indices of the checked entries."""
    analytic: np.ndarray = field(default=None, compare=False, repr=False)
    numeric: np.ndarray = field(default=None, compare=False, repr=False)
    errors: np.ndarray = field(default=None, compare=False, repr=False)
    flagged: np.ndarray = field(default=None, compare=False, repr=False)
    steps: np.ndarray = field(default=None, compare=False, repr=False)
    """The h each entry was checked with."""
    sides: np.ndarray = field(default=None, compare=False, repr=False)
    """0 for a central difference, −1 or +1 for a one-sided one next to a kink."""

    @property
    def size(self):
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def sampled(self):
        """True when only some of the parameter's entries were checked."""
        return self.checked < self.size

    @property
    def verdict(self):
        return verdict(self.max_relative_error)


class GradientReport(dict):
    """{parameter name: GradientCheck} in the network's order, and how the check was run."""

    def __init__(self, checks=(), **how):
        super().__init__(checks)
        self.converted_from = how.get("converted_from")
        """The dtype the network was built in, when it was checked through a float64 copy."""
        self.floor = how.get("floor")
        """ε of the relative error."""
        self.h = how.get("h")
        self.retry_h = how.get("retry_h")
        self.kinks = how.get("kinks")
        self.difference = how.get("difference")
        self.fixed_dropout = how.get("fixed_dropout", False)
        """True when the network has dropout, whose mask was drawn once and kept for the check."""
        self.keep_delta = how.get("keep_delta", False)
        """True when the loss kept the book's 1e-7 inside the log."""
        self.loss = how.get("loss")
        self.seconds = how.get("seconds", 0.0)

    @property
    def verdict(self):
        """fail if any parameter fails, else warn if any warns, else pass."""
        verdicts = {check.verdict for check in self.values()}
        return FAIL if FAIL in verdicts else WARN if WARN in verdicts else PASS

    @property
    def worst(self):
        """The name of the parameter with the largest relative error (None if none was judged)."""
        judged = [(check.max_relative_error, name) for name, check in self.items()
                  if not math.isnan(check.max_relative_error)]
        return max(judged)[1] if judged else None


def gradient_check(network, x, t, *, num_samples=30, rng=None, h=1e-4, floor=None, kinks="shrink",
                   retry_h=1e-6, keep_delta=False, difference=central_difference, select=None, on_entry=None,
                   on_param=None):
    """Compare ``network.gradient(x, t)`` with numerical derivatives of ``network.loss(x, t)``.

    If ``loss`` takes ``train_flg`` it is called with ``train_flg=True``, the function that
    ``gradient`` differentiates (batch statistics in batch norm); dropout masks are drawn once and
    kept for the whole check, so every nudge sees the same network. For each parameter, at most
    ``num_samples`` entries chosen at random (all of them for a small parameter) are nudged in
    place by ±h and restored. ``floor`` is the ε of the relative error; by default 1e-6 times the
    largest backprop gradient, so entries a million times smaller than that, below what the
    numerical derivative can resolve, are compared in absolute terms. ``kinks`` says what an entry
    whose nudge crosses a kink gets: "shrink" (measured again with ``retry_h``, then from one side,
    as the module says), "skip" (left out at once) or "count" (counted like the rest, as the book's
    check does). ``select``, {name: [index, …]}, checks those entries only (a closer look at one
    parameter) instead of a sample of every parameter. Unless ``keep_delta``, a SoftmaxWithLoss
    ``last_layer`` computes its loss without the book's 1e-7, as the module says. A network whose
    parameters are not float64 is checked through a float64 copy. ``on_entry(done, total, name)`` is called after each entry and
    ``on_param(name, check)`` after each parameter; either may raise to stop the check.

    Returns a GradientReport, {name: GradientCheck}. Any object with ``params``, ``gradient`` and
    ``loss`` will do; kinks are watched in the ReLU and pooling layers of its ``layers``.
    """
    _check_options(num_samples, h, retry_h, kinks, floor)
    _check_network(network)
    _check_floats(x, network.params)
    rng = as_rng(rng)
    converted_from = None
    if any(np.asarray(p).dtype != np.float64 for p in network.params.values()):
        converted_from = str(next(np.asarray(p).dtype for p in network.params.values()
                                  if np.asarray(p).dtype != np.float64))
        network = as_float64(network)
    if x is not None:
        x = np.asarray(x, dtype=np.float64)
    started = time.perf_counter()
    with _fixed_dropout(network) as fixed, _exact_loss(network, not keep_delta):
        loss = _training_loss(network, x, t)
        backprop = {name: np.array(g, dtype=np.float64) for name, g in network.gradient(x, t).items()}
        _check_shapes(network.params, backprop)
        if floor is None:
            largest = max((float(np.abs(g).max()) for g in backprop.values() if g.size), default=0.0)
            floor = 1e-6 * largest if largest > 0 else 1e-8
        f0 = float(loss())
        _check_judgeable(network, f0, backprop, x)
        watch = _Watch(network, loss)
        plan = _plan(network.params, num_samples, rng, select)
        total, done = sum(len(indices) for _, indices in plan), 0
        report = GradientReport(converted_from=converted_from, floor=floor, h=h, retry_h=retry_h, kinks=kinks,
                                difference=difference.__name__, fixed_dropout=fixed, keep_delta=keep_delta,
                                loss=f0)
        for name, indices in plan:
            param, clock = network.params[name], time.perf_counter()
            entries = []
            for idx in indices:
                n, step, side, crossed, left_out = watch.derivative(
                    param, idx, h, difference, f0, retry_h=retry_h if kinks == "shrink" else None)
                entries.append((n, step, side, crossed, left_out or (crossed and kinks == "skip")))
                done += 1
                if on_entry is not None:
                    on_entry(done, total, name)
            check = _graded(param.shape, indices, backprop[name], entries, floor, time.perf_counter() - clock)
            report[name] = check
            if on_param is not None:
                on_param(name, check)
    report.seconds = time.perf_counter() - started
    return report


def _check_options(num_samples, h, retry_h, kinks, floor):
    if isinstance(num_samples, bool) or not isinstance(num_samples, (int, np.integer)) or num_samples < 1:
        raise ValueError(f"num_samples must be a whole number of 1 or more, got {num_samples!r}")
    _check_h(h)
    _check_h(retry_h, "retry_h")
    if kinks not in KINK_RULES:
        raise ValueError(f"kinks must be one of {', '.join(KINK_RULES)}, got {kinks!r}")
    if floor is not None and not (isinstance(floor, (int, float, np.floating)) and floor > 0):
        raise ValueError(f"floor must be a number above 0 (the ε of the relative error), or None for "
                         f"1e-6 times the largest gradient, got {floor!r}")


def _check_network(network):
    """Raise a ValueError unless ``network`` has what the check uses: ``params`` (a dict of arrays),
    ``gradient(x, t)`` and ``loss(x, t)``."""
    missing = [name for name in ("params", "gradient", "loss") if not hasattr(network, name)]
    if missing:
        raise ValueError(f"gradient_check needs a network with params (a dict of parameter arrays), "
                         f"gradient(x, t) and loss(x, t); {type(network).__name__} has no "
                         f"{' and no '.join(missing)}")
    if not isinstance(network.params, dict) or not network.params:
        raise ValueError(f"network.params must be a dict of parameter arrays such as {{'W1': ..., 'b1': ...}}, "
                         f"got {type(network.params).__name__} {network.params!r:.60}")


def _check_judgeable(network, f0, backprop, x):
    """Raise a ValueError when the inputs are so large that the numerical side cannot judge anything.

    An overflow makes the loss or a backprop gradient inf or NaN; a score so far below the best
    one that softmax gives the correct class probability 0 caps the loss (-log of the book's 1e-7)
    and flattens it, so every numerical derivative is 0 whatever backprop says. Either way a
    correct network would fail; this says why instead.
    """
    largest = f"{float(np.max(np.abs(x))):.3g}" if x is not None and np.size(x) else "?"
    bad = [name for name, g in backprop.items() if not np.isfinite(g).all()]
    if not math.isfinite(f0) or bad:
        what = f"the loss is {f0}" if not math.isfinite(f0) else f"the backprop gradient of {bad[0]} holds inf or NaN"
        raise ValueError(f"{what} at these inputs (|x| up to {largest}): the numbers overflow float64, so there "
                         f"is nothing to compare; scale x down (images to 0..1, as the book's normalize=True)")
    if _saturated(getattr(network, "last_layer", None)):
        raise ValueError(f"at these inputs (|x| up to {largest}) softmax gives some sample's correct class "
                         f"probability 0: the loss is capped there and flat, so every numerical derivative is 0 "
                         f"whatever backpropagation says, and the check cannot judge this network; scale x down "
                         f"(images to 0..1, as the book's normalize=True)")


def _saturated(last):
    """True when a SoftmaxWithLoss ``last`` gave some sample's correct class probability exactly 0."""
    if not isinstance(last, SoftmaxWithLoss) or last.y is None:
        return False
    y = last.y.reshape(-1, last.y.shape[-1])
    picked = y[np.arange(len(y)), class_labels(y, np.asarray(last.t).reshape(len(y), -1))]
    return bool(np.any(picked == 0))


def _check_floats(x, params):
    """Raise a ValueError for integer or complex input or parameters: the check's nudges and means need real floats."""
    if x is not None and np.iscomplexobj(x):
        raise ValueError("x holds complex numbers; the network and the check compute with real ones "
                         "(pass x.real, or np.abs(x) for magnitudes)")
    for name, param in params.items():
        if np.iscomplexobj(param):
            raise ValueError(f"parameter {name!r} holds complex numbers; the check computes with real ones")
    if x is not None and np.asarray(x).dtype.kind in "biu":
        raise ValueError(f"x has dtype {np.asarray(x).dtype}; a gradient check needs floating-point input, "
                         f"e.g. x.astype(np.float64) (images scaled to 0..1 first, as the book's normalize=True)")
    for name, param in params.items():
        if np.asarray(param).dtype.kind != "f":
            raise ValueError(f"parameter {name!r} has dtype {np.asarray(param).dtype}; a nudge of h would be "
                             f"rounded away in integers, so make the parameters float64")


def _check_shapes(params, backprop):
    for name, param in params.items():
        if name not in backprop or backprop[name].shape != param.shape:
            got = backprop[name].shape if name in backprop else "nothing"
            raise ValueError(f"network.gradient gave {got} for parameter {name!r} of shape {param.shape}")


def _plan(params, num_samples, rng, select):
    """[(name, indices to check)]: a sample of every parameter, or the entries ``select`` names."""
    if select is None:
        return [(name, _sample(param, num_samples, rng)) for name, param in params.items()]
    plan = []
    for name, indices in select.items():
        if name not in params:
            raise ValueError(f"select names {name!r}, which is not a parameter; the parameters are "
                             f"{', '.join(params)}")
        shape = params[name].shape
        indices = [tuple(int(i) for i in np.atleast_1d(idx)) for idx in indices]
        if not indices:
            raise ValueError(f"select gives no entries for {name!r}; give at least one index")
        for idx in indices:
            if len(idx) != len(shape) or not all(0 <= i < n for i, n in zip(idx, shape)):
                raise ValueError(f"select has index {idx} for {name!r} of shape {shape}")
        plan.append((name, indices))
    return plan


def _sample(param, num_samples, rng):
    """Indices of the entries to check: all of a small parameter, else ``num_samples`` at random, in order."""
    chosen = np.arange(param.size)
    if param.size > num_samples:
        chosen = np.sort(rng.choice(param.size, size=num_samples, replace=False))
    return [tuple(int(i) for i in np.unravel_index(i, param.shape)) for i in chosen]


def _graded(shape, indices, backprop, entries, floor, seconds):
    """The GradientCheck of one parameter from its entries: (numeric, h, side, crossed, left out)."""
    numeric, steps, sides, crossed, flagged = (np.array(column) for column in zip(*entries))
    analytic = np.array([backprop[idx] for idx in indices], dtype=np.float64)
    numeric, flagged = numeric.astype(np.float64), flagged.astype(bool)
    errors = relative_error(analytic, numeric, floor)
    counted = np.flatnonzero(~flagged)
    if counted.size:
        worst = int(counted[np.argmax(errors[counted])])
        largest, mean, worst_index = float(errors[worst]), float(errors[counted].mean()), indices[worst]
    else:
        largest = mean = math.nan
        worst_index = None
    return GradientCheck(shape=tuple(shape), checked=len(indices), max_relative_error=largest,
                         mean_relative_error=mean, worst_index=worst_index, kinks=int(crossed.sum()),
                         left_out=int(flagged.sum()), seconds=seconds,
                         indices=np.array(indices, dtype=np.intp).reshape(len(indices), len(shape)),
                         analytic=analytic, numeric=numeric, errors=errors, flagged=flagged,
                         steps=steps.astype(np.float64), sides=sides.astype(np.int8))


class _Watch:
    """The loss as a function of one entry's value, noting the loss and any kink crossed on each side."""

    def __init__(self, network, loss):
        self.network = network
        self.loss = loss
        self.base = kink_state(network) if layers_of(network) else None
        self.seen = {}

    def derivative(self, param, idx, h, difference, f0, retry_h=None):
        """(numerical derivative, the h it used, side, first nudge crossed a kink, left out).

        With ``retry_h``, a nudge that crosses a kink is measured again with that smaller h; if
        only one side still crosses (the entry sits right on the kink), the one-sided difference
        on the other side is used (side −1 or +1: the piece of the function backprop
        differentiates, as it sits on the same side of every kink); if both do, it is left out.
        Without ``retry_h`` a crossing entry keeps its value. ``param`` is restored exactly.
        """
        original = param[idx].copy()
        at = lambda v: self._at(param, idx, v, original)   # noqa: E731 - the loss along one entry
        try:
            value = self._difference(difference, at, original, h, f0)
            first = self._crossed()
            if first and retry_h is not None and retry_h < h:
                h = retry_h
                value = self._difference(difference, at, original, h, f0)
            if not self._crossed() or retry_h is None:
                return value, h, 0, first, False
            clean = [side for side, (_, crossed) in self.seen.items() if not crossed]
            if len(clean) == 1 and len(self.seen) == 2:
                side = clean[0]
                return (self.seen[side][0] - f0) / (side * h), h, side, first, False
            return value, h, 0, first, True
        finally:
            param[idx] = original

    def _difference(self, rule, at, x0, h, f0):
        self.seen = {}
        return float(rule(at, x0, h, f0))

    def _crossed(self):
        return any(crossed for _, crossed in self.seen.values())

    def _at(self, param, idx, value, original):
        param[idx] = value
        result = float(self.loss())
        crossed = self.base is not None and not same_side(self.network, self.base)
        self.seen[1 if value > original else -1] = (result, crossed)
        return result


def as_float64(network):
    """A float64 copy of ``network`` for a check: parameters, the layers' references to them and
    batch-norm statistics converted, ``dtype`` set. The original is untouched.

    A layer whose method was replaced on the instance (an injected bug) cannot be copied, since
    the replacement still works on the original layer: convert first, then patch the copy.
    """
    for layer in layers_of(network) + [getattr(network, "last_layer", None)]:
        patched_methods = sorted({"forward", "backward"} & set(vars(layer) if layer is not None else ()))
        if patched_methods:
            raise ValueError(f"{type(layer).__name__} has its own {patched_methods[0]} (an injected bug?); "
                             f"convert the network with as_float64 first, then patch the copy")
    copy = deepcopy(network)
    converted = {}
    for name, param in copy.params.items():
        converted[id(param)] = copy.params[name] = np.array(param, dtype=np.float64)
    for layer in layers_of(copy) + [getattr(copy, "last_layer", None)]:
        if layer is None:
            continue
        for attr, value in list(vars(layer).items()):
            if id(value) in converted:
                setattr(layer, attr, converted[id(value)])
        if isinstance(layer, BatchNormalization):
            for attr in ("running_mean", "running_var"):
                if getattr(layer, attr) is not None:
                    setattr(layer, attr, np.array(getattr(layer, attr), dtype=np.float64))
    if hasattr(copy, "dtype"):
        copy.dtype = np.dtype(np.float64)
    return copy


@contextmanager
def _fixed_dropout(network):
    """Inside the block every Dropout layer keeps the mask of its first training-mode pass.

    Each call of a training-mode loss draws new masks, so f(x + h) and f(x − h) would be two
    different networks; holding one mask checks the network those masks make. Yields True if
    the network has dropout.
    """
    layers = [layer for layer in layers_of(network) if isinstance(layer, Dropout)]
    with ExitStack() as stack:
        for layer in layers:
            stack.enter_context(patched(layer, "forward", _held_mask_forward(layer)))
        yield bool(layers)


@contextmanager
def _exact_loss(network, active):
    """Inside the block a SoftmaxWithLoss ``last_layer`` returns −Σ log y / N without the book's 1e-7.

    It wraps whatever forward the layer has (an injected bug's too) and recomputes the loss from
    the y and t it kept; if a probability of a correct class is exactly 0, the book's loss stays.
    """
    last = getattr(network, "last_layer", None)
    if not active or not isinstance(last, SoftmaxWithLoss):
        yield False
        return
    inner = last.forward

    def forward(x, t):
        inner(x, t)
        y = last.y.reshape(-1, last.y.shape[-1])
        picked = y[np.arange(len(y)), class_labels(y, np.asarray(last.t).reshape(len(y), -1))]
        if np.all(picked > 0):
            last.loss = -np.sum(np.log(picked)) / len(y)
        return last.loss
    with patched(last, "forward", forward):
        yield True


def _held_mask_forward(layer):
    draw = type(layer).forward.__get__(layer)

    def forward(x, train_flg=True):
        if not train_flg or layer.mask is None or layer.mask.shape != x.shape:
            return draw(x, train_flg)
        return x * layer.mask
    return forward


def _training_loss(network, x, t):
    """f() = network.loss(x, t), in training mode when the network's loss has a ``train_flg``."""
    try:
        takes_flag = "train_flg" in inspect.signature(network.loss).parameters
    except (TypeError, ValueError):
        takes_flag = False
    if takes_flag:
        return lambda: network.loss(x, t, train_flg=True)
    return lambda: network.loss(x, t)
