"""The optimizers of section 6.1, each ``update(params, grads)`` changing the parameter arrays in place.

Formulas and defaults are the book's (common/optimizer.py). State (velocities, running averages)
is kept per parameter name in the parameter's own dtype, so float32 training stays float32.
A parameter may also be a plain number, as in the book's ch06/optimizer_compare_naive.py
(``params['x'] = -7.0``): it is replaced by its updated value, as ``params[key] -= ...`` does.
"""
import math

import numpy as np

from .workers import thread_count, workers

SHARED_SIZE = 2 ** 16
"""Parameters of at least this many numbers are cut into a piece per thread when Adam's update is shared."""

SHARED_LEAST = 2 ** 18
"""Numbers an Adam update must have in all before it is shared among the engine's threads; a smaller
one runs on the calling thread. Each of the threads' passes must take the GIL back when it ends, and
when the other thread holds it, waiting costs tens of microseconds on this 2-core VM. DeepConvNet's
update (123k numbers, 16 arrays, 192 passes) took 0.57 ms on two threads and 0.27 ms on one
(benchmarks/README.md, stop 42)."""


def _is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _positive(name, value):
    """``value`` as a float if it is a finite number above 0, else a ValueError that says so."""
    if not _is_number(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number above 0, got {value!r}")
    return float(value)


def _fraction(name, value):
    """``value`` as a float if it is at least 0 and below 1, else a ValueError that says so."""
    if not _is_number(value) or not 0 <= value < 1:
        raise ValueError(f"{name} must be at least 0 and below 1, got {value!r}")
    return float(value)


class Optimizer:
    """Shared checks and per-parameter state; subclasses define ``step(key, param, grad)``.

    Each name in ``state`` becomes an attribute holding {parameter name: array}, zeros like the
    parameters, made at the first update (the book's ``self.v = None`` ... ``if self.v is None``).
    """

    state = ()

    def __init__(self, lr):
        self.lr = _positive("lr (the learning rate)", lr)
        for name in self.state:
            setattr(self, name, None)

    def update(self, params, grads, *, checked=False):
        """One step for every parameter: arrays change in place, plain numbers are replaced in ``params``.

        Each gradient must have its parameter's shape and hold no NaN or inf: a ValueError says which
        one does not, before anything changes. ``checked=True`` skips that look (a pass over every
        gradient) for a caller that has just made sure of it, as the Trainer does before each step.
        """
        self._check(params, grads, checked)
        for name in self.state:
            if getattr(self, name) is None:
                setattr(self, name, {key: np.zeros(np.shape(val), _float_dtype(val)) for key, val in params.items()})
        self.begin_step()
        self.step_arrays([(key, value, grads[key]) for key, value in params.items() if isinstance(value, np.ndarray)])
        for key, value in params.items():
            if not isinstance(value, np.ndarray):   # a number: step it as a 0-d array, then put the new number back
                box = np.array(value, dtype=np.float64)
                self.step(key, box, grads[key])
                params[key] = box.item()

    def step_arrays(self, items):
        """``step`` for each (key, param, grad) of array parameters; each is updated on its own."""
        for key, param, grad in items:
            self.step(key, param, grad)

    def _check(self, params, grads, checked=False):
        """A ValueError, before anything changes, for a parameter update cannot step."""
        missing = [key for key in params if key not in grads]
        if missing:
            raise ValueError(f"grads has no entry for parameter(s) {missing}; it has {list(grads)}")
        for key, value in params.items():
            if isinstance(value, np.ndarray) and value.dtype.kind != "f":
                raise ValueError(f"params[{key!r}] is an array of {value.dtype}; an optimizer changes parameters "
                                 f"in place, so they must be floating point: use .astype(np.float32)")
            if not isinstance(value, np.ndarray) and not _is_number(value):
                raise ValueError(f"params[{key!r}] must be a NumPy array or a number, got {type(value).__name__}")
        if not checked:
            _check_grads(params, grads)
        for name in self.state:
            state = getattr(self, name)
            if state is None:
                continue
            for key, value in params.items():
                if key not in state:
                    raise ValueError(f"parameter {key!r} was not there at this {type(self).__name__}'s first "
                                     f"update, so it has no {name} for it; make a new {type(self).__name__} "
                                     f"after changing the set of parameters")
                if state[key].shape != np.shape(value):
                    raise ValueError(f"parameter {key!r} has shape {np.shape(value)} but had {state[key].shape} "
                                     f"at this {type(self).__name__}'s first update; make a new "
                                     f"{type(self).__name__} for the new network")

    def begin_step(self):
        pass


def _check_grads(params, grads):
    """A ValueError, before any parameter changes, for a gradient of the wrong shape or holding NaN or inf.

    On the hot path (float arrays of the right shape) this is one sum per gradient and one test of
    their total, inside one errstate (a sum of huge finite values may overflow; that is looked at
    entry by entry, not warned about); anything else is looked at closely.
    """
    total = 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        for key, value in params.items():
            grad = grads[key]
            if type(grad) is np.ndarray and type(value) is np.ndarray and grad.shape == value.shape \
                    and grad.dtype.kind == "f":
                total += float(grad.sum())
            else:
                _check_grad(key, value, grad)
        if not math.isfinite(total):          # NaN or inf somewhere (or a total too large): which one?
            for key, value in params.items():
                _check_grad(key, value, grads[key])


def _check_grad(key, value, grad):
    """A ValueError for one gradient of the wrong shape or holding NaN or inf."""
    shape = grad.shape if isinstance(grad, np.ndarray) else np.shape(grad)
    if shape != np.shape(value):
        raise ValueError(f"grads[{key!r}] has shape {shape} but params[{key!r}] has shape {np.shape(value)}; "
                         f"each gradient must have its parameter's shape (is it another layer's gradient?)")
    kind = grad.dtype.kind if isinstance(grad, np.ndarray) else np.asarray(grad).dtype.kind
    if kind not in "fiub":
        raise ValueError(f"grads[{key!r}] must hold real numbers, got {np.asarray(grad).dtype}")
    # one pass (a sum) in the common case; a sum that overflows is checked entry by entry
    if kind == "f" and not math.isfinite(grad.sum() if isinstance(grad, np.ndarray) else grad) \
            and not np.isfinite(grad).all():
        bad = np.size(grad) - int(np.count_nonzero(np.isfinite(grad)))
        raise ValueError(f"grads[{key!r}] holds NaN or inf ({bad} of {np.size(grad)} entries); no parameter was "
                         f"changed: the loss or its gradient blew up before this step (lower the learning "
                         f"rate, or look for NaN in the data)")


def _float_dtype(value):
    """The dtype an optimizer's state for ``value`` takes: the array's own, float64 for a number."""
    return value.dtype if isinstance(value, np.ndarray) else np.float64


class SGD(Optimizer):
    """W <- W - lr * dW."""

    def __init__(self, lr=0.01):
        super().__init__(lr)

    def step(self, key, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """v <- momentum * v - lr * dW;  W <- W + v."""

    state = ("v",)

    def __init__(self, lr=0.01, momentum=0.9):
        super().__init__(lr)
        self.momentum = _fraction("momentum", momentum)

    def step(self, key, param, grad):
        v = self.v[key]
        v *= self.momentum
        v -= self.lr * grad
        param += v


class Nesterov(Momentum):
    """Nesterov's accelerated gradient in the book's form:
    v <- momentum * v - lr * dW;  W <- W + momentum**2 * v - (1 + momentum) * lr * dW."""

    def step(self, key, param, grad):
        v = self.v[key]
        v *= self.momentum
        v -= self.lr * grad
        param += self.momentum * self.momentum * v
        param -= (1 + self.momentum) * self.lr * grad


class AdaGrad(Optimizer):
    """h <- h + dW * dW;  W <- W - lr * dW / (sqrt(h) + 1e-7)."""

    state = ("h",)

    def __init__(self, lr=0.01):
        super().__init__(lr)

    def step(self, key, param, grad):
        h = self.h[key]
        h += grad * grad
        param -= self.lr * grad / (np.sqrt(h) + 1e-7)


class RMSprop(Optimizer):
    """h <- decay_rate * h + (1 - decay_rate) * dW * dW;  W <- W - lr * dW / (sqrt(h) + 1e-7)."""

    state = ("h",)

    def __init__(self, lr=0.01, decay_rate=0.99):
        super().__init__(lr)
        self.decay_rate = _fraction("decay_rate", decay_rate)

    def step(self, key, param, grad):
        h = self.h[key]
        h *= self.decay_rate
        h += (1 - self.decay_rate) * grad * grad
        param -= self.lr * grad / (np.sqrt(h) + 1e-7)


class Adam(Optimizer):
    """Adam as the book writes it, with t counting updates:
    m <- m + (1 - beta1) * (dW - m);  v <- v + (1 - beta2) * (dW**2 - v);
    lr_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t);  W <- W - lr_t * m / (sqrt(v) + 1e-7)."""

    state = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        super().__init__(lr)
        self.beta1 = _fraction("beta1", beta1)
        self.beta2 = _fraction("beta2", beta2)
        self.iter = 0
        self._scratch = {}

    def begin_step(self):
        self.iter += 1
        self.lr_t = self.lr * math.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)

    def step_arrays(self, items):
        """All the parameters in one parallel region of one task per engine thread, the tasks about
        equal in size (large parameters cut into a piece per thread, the others whole), or on the
        calling thread alone when the update is small (``SHARED_LEAST``). Each array is updated
        element by element as ``step`` does, so the numbers are the same however it is cut.
        SimpleConvNet's update (its 432k weights in 8 pieces, then the other 7 arrays a task each)
        took 1.10 ms on two threads and 0.71 on one; like this 0.43 and 0.65 (stop 42)."""
        self._update(items)

    def step(self, key, param, grad):
        self._update([(key, param, grad)])

    def _update(self, items):
        """``step_arrays``: each (key, param, grad) of ``items`` updated, shared among the threads."""
        arrays = [self._arrays(key, param, grad) for key, param, grad in items]
        if len({id(a[0]) for a in arrays}) < len(arrays):   # one array under two names: in turn
            for a in arrays:
                self._step(*a)
            return
        threads = thread_count() if sum(a[0].size for a in arrays) >= SHARED_LEAST else 1
        tasks = _balanced(_pieces(arrays, threads), threads)
        workers.run(lambda i, slot: [self._step(*a) for a in tasks[i]], len(tasks))

    def _arrays(self, key, param, grad):
        """(param, grad, m, v, tmp) of one parameter; tmp is its scratch array, kept between steps."""
        tmp = self._scratch.get(key)
        if tmp is None or tmp.shape != param.shape or tmp.dtype != param.dtype:
            tmp = self._scratch[key] = np.empty_like(param)
        return param, grad, self.m[key], self.v[key], tmp

    def _step(self, param, grad, m, v, tmp):
        np.subtract(grad, m, out=tmp)
        tmp *= 1 - self.beta1
        m += tmp
        np.multiply(grad, grad, out=tmp)
        tmp -= v
        tmp *= 1 - self.beta2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += 1e-7
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr_t
        param -= tmp


def _pieces(arrays, count):
    """Each (param, grad, m, v, tmp) of ``arrays`` whole, or cut into ``count`` flat pieces when it
    has at least SHARED_SIZE numbers (and all five are contiguous)."""
    pieces = []
    for a in arrays:
        size = a[0].size
        if count == 1 or size < SHARED_SIZE or not all(x.flags.c_contiguous for x in a):
            pieces.append(a)
            continue
        flat = [x.reshape(-1) for x in a]
        bounds = [size * i // count for i in range(count + 1)]
        pieces += [tuple(f[bounds[i]:bounds[i + 1]] for f in flat) for i in range(count)]
    return pieces


def _balanced(pieces, count):
    """``pieces`` dealt into at most ``count`` lists of about equal size, largest first, each to the
    list with the fewest numbers so far (empty lists left out)."""
    tasks, sizes = [[] for _ in range(count)], [0] * count
    for piece in sorted(pieces, key=lambda p: -p[0].size):
        i = sizes.index(min(sizes))
        tasks[i].append(piece)
        sizes[i] += piece[0].size
    return [task for task in tasks if task]
