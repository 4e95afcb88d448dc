"""The book's Trainer (common/trainer.py), plus what a live screen needs.

As the book: ``Trainer(network, x_train, t_train, x_test, t_test, epochs=20, mini_batch_size=100,
optimizer='SGD', optimizer_param={'lr': 0.01}, evaluate_sample_num_per_epoch=None, verbose=True)``,
``train_step()``, ``train()``, ``train_loss_list``, ``train_acc_list``, ``test_acc_list``,
``max_iter``, ``iter_per_epoch``, ``current_iter``, ``current_epoch``.

Added, keyword-only: ``rng`` (seed or Generator) for reproducible batches, ``max_iter`` to stop
after a number of iterations rather than of whole epochs (chapter 6's comparisons count
iterations: the last epoch may then be partial, and is evaluated when it ends), ``callback`` that
receives a ``StepEvent`` after every step, an ``EpochEvent`` after every epoch and one final
``StopEvent``; ``keep_test_classes`` (for a network whose ``accuracy`` takes ``classes=``, as this
library's do) keeps each evaluated test image's predicted class in ``test_classes`` after every epoch;
``pause()``, ``resume()`` and ``stop()``, safe to call from another thread; and two
guards, each of which ends training with a ``StopEvent`` that says what happened and what to try, in
the library's English and as a ``Diagnosis``'s stable ``code`` (the cause) with the ``figures`` it rests
on, for a program that says it in its reader's language:
- ``stop_reason = 'non-finite'`` when the loss or a gradient becomes inf or NaN, before the update,
  so the parameters stay the last finite ones. The cause is read from the figures: the data when the
  mini-batch holds NaN or inf; at the first step, before any update, never the learning rate but the
  input, the weights it started from or weight decay's penalty; later, weight decay stronger than
  SGD's steps can take, else the learning rate;
- ``stop_reason = 'not-learning'`` after an epoch in which the loss rose above its starting value
  and never came back below it (or stayed near the cap of -log(1e-7) = 16.1 that the loss's 1e-7
  sets) while the training accuracy stayed at chance, as when the learning rate of Adam is far too
  large: the loss stays finite, so the first guard never fires. The loss judged is the data's
  (cross-entropy): weight decay's penalty ½λΣW², which the recorded loss includes as the book's
  does, is left out, so a large but shrinking penalty is never taken for a failure. The verdict
  needs a few steps after the first (fewer when an epoch holds few mini-batches, as few as two by
  the last epoch), so a run of one mini-batch per epoch is judged too. ``stop_if_not_learning=False``
  keeps training and only puts the diagnosis in each ``EpochEvent.warning``.
Training data holding NaN or inf is refused when the Trainer is made.

Differences from the book, each on purpose:
- Mini-batches are drawn without replacement: every epoch is a fresh ``rng.permutation`` of the
  training set cut into ``iter_per_epoch = train_size // mini_batch_size`` batches (an int).
- The recorded loss is the one of the forward pass inside ``gradient`` (before the update), not a
  third forward pass after it.
- Accuracy is evaluated at the *end* of each epoch, so ``train_acc_list`` has ``epochs`` entries and
  the last one describes the trained network.
"""
import inspect
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from workbench.nn import optimizers
from workbench.nn.checks import as_rng, whole

OPTIMIZERS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
              "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam"}
_BOOK_SPELLINGS = {"rmsprpo": "rmsprop"}   # the book's dict has this typo; its calls still work

STOP_FINISHED, STOP_STOPPED, STOP_NON_FINITE = "finished", "stopped", "non-finite"
STOP_NOT_LEARNING = "not-learning"
LOSS_CAP = -math.log(1e-7)        # 16.1: the loss of a sample whose right class gets probability 0
NEAR_CAP = LOSS_CAP / 2           # a batch loss above this: most samples are confidently wrong
CHANCE_MARGIN = 0.05              # accuracy within this of the most common class's share is chance
MIN_JUDGED_STEPS = 5              # steps (after the first) a verdict of "not learning" needs at least
MIN_LAST_STEPS = 2                # ... or, with few mini-batches an epoch, two epochs' worth; by the last epoch, this
ROSE = 1.2                        # an epoch's mean loss above ROSE x the starting loss: it rose
INPUT_LARGE = 10.0                # an input beyond ±this is not scaled as the book's data (0–1)
WEIGHT_LARGE = 2.0                # weights spread wider than this x He's √(2/n) are far too large to start from

# The causes a Diagnosis names (its ``code``), stable for a program to word them:
CAUSE_BAD_DATA = "bad-data"                # the mini-batch itself holds NaN or inf
CAUSE_INPUT = "input-scale"                # at the start: the input is far from 0–1
CAUSE_WEIGHTS = "initial-weights"          # at the start: the weights it started from are far too large
CAUSE_PENALTY = "decay-penalty"            # at the start: weight decay's penalty ½λΣW² overflows
CAUSE_FIRST_STEP = "first-step"            # at the start, input and weights ordinary: the forward pass itself
CAUSE_DECAY = "decay-too-strong"           # SGD's step multiplies the weights by 1 − lr·λ ≤ 0
CAUSE_LR = "learning-rate"                 # the learning rate is too large
CAUSE_STEPS = "steps-too-large"            # the same, for an optimizer without a known learning rate
CAUSES = (CAUSE_BAD_DATA, CAUSE_INPUT, CAUSE_WEIGHTS, CAUSE_PENALTY, CAUSE_FIRST_STEP, CAUSE_DECAY, CAUSE_LR,
          CAUSE_STEPS)


@dataclass(frozen=True)
class StepEvent:
    """One training step done: ``iteration`` steps so far (1-based), the mini-batch ``loss``."""
    iteration: int
    epoch: int          # the epoch this step belongs to, 1-based
    loss: float


@dataclass(frozen=True)
class EpochEvent:
    """One epoch done, with accuracies on (a sample of) the training and test sets.

    ``elapsed`` counts seconds spent in ``train_step`` since the start (pauses excluded);
    ``samples_per_sec`` is the training throughput of this epoch, evaluation excluded.
    """
    epoch: int
    iteration: int
    train_acc: float
    test_acc: float
    elapsed: float
    samples_per_sec: float
    warning: str = ""   # the not-learning diagnosis (what happened, what to try), or ""
    diagnosis: "Diagnosis | None" = None    # the same as a code and figures


@dataclass(frozen=True)
class Diagnosis:
    """Why training went wrong: ``reason`` ('non-finite' or 'not-learning'), the cause's stable ``code``
    (one of CAUSES) and the ``figures`` it rests on, plain numbers and names a program can word in its
    reader's language; ``what_happened`` and ``what_to_try`` say it in the library's English.

    Figures: always ``iteration`` and ``epoch``; a non-finite stop has ``what`` ('loss' or 'gradient')
    and ``value`` (the loss) or ``param`` (the parameter whose gradient broke); a not-learning one has
    ``train_acc``, ``chance``, ``start``, ``mean``, ``capped`` and ``cap``; then each cause its own:
    ``lr``, ``lower``, ``optimizer``, ``book_default``, ``first``, ``last``, ``rose`` (learning rate),
    ``lam``, ``factor``, ``limit`` (weight decay; ``penalty`` and ``dtype`` when the penalty overflows),
    ``input`` (the largest absolute input) and ``layer``, ``fan_in``, ``std``, ``he``, ``times`` (the
    starting weights that spread widest beyond He's √(2/n)) with ``first_step`` (the cause was there
    before any update), ``samples`` and ``size`` (bad data).
    """
    reason: str
    code: str
    figures: dict = field(hash=False)
    what_happened: str = ""
    what_to_try: str = ""


@dataclass(frozen=True)
class StopEvent:
    """Training is over: ``reason`` is 'finished', 'stopped', 'non-finite' or 'not-learning'.

    ``message`` says it in words. When training went wrong, ``what_happened`` and ``what_to_try``
    hold the two halves of that message, for a pane that shows them apart, and ``code`` and
    ``figures`` hold the ``Diagnosis`` (plain values: the event crosses processes as JSON).
    """
    reason: str
    message: str
    iteration: int
    epoch: int
    what_happened: str = ""
    what_to_try: str = ""
    code: str = ""
    figures: dict = field(default_factory=dict, hash=False)


def make_optimizer(optimizer, optimizer_param):
    """An optimizer from its name (case-insensitive, as the book's Trainer) and keyword parameters.

    Raises a ValueError that lists the valid names, or the parameters the optimizer takes.
    """
    if not isinstance(optimizer, str):
        if not callable(getattr(optimizer, "update", None)):
            raise ValueError(f"optimizer must be a name ({', '.join(OPTIMIZERS.values())}) or an "
                             f"object with update(params, grads), got {optimizer!r}")
        return optimizer
    key = _BOOK_SPELLINGS.get(optimizer.lower(), optimizer.lower())
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; choose one of "
                         f"{', '.join(OPTIMIZERS.values())}")
    cls = getattr(optimizers, OPTIMIZERS[key])
    param = dict(optimizer_param or {})
    accepted = [p for p in inspect.signature(cls).parameters if p not in ("self", "args", "kwargs")]
    unknown = [name for name in param if name not in accepted]
    if unknown:
        raise ValueError(f"{cls.__name__} has no parameter {', '.join(map(repr, unknown))}; "
                         f"it takes {', '.join(accepted)}")
    for name, value in param.items():
        if not isinstance(value, (int, float, np.number)) or isinstance(value, bool) \
                or not math.isfinite(value) or (name == "lr" and value <= 0):
            raise ValueError(f"{cls.__name__} parameter {name}={value!r} must be a finite number"
                             + (" above 0" if name == "lr" else ""))
    return cls(**param)


def _check_data(name, x, t, dtype):
    """``x`` (cast once to the network's ``dtype``) and ``t``, or a ValueError that names what is wrong."""
    if np.iscomplexobj(x):
        raise ValueError(f"x_{name} holds complex numbers; pass real data (x_{name}.real)")
    x, t = np.asarray(x, dtype=dtype), np.asarray(t)
    if len(x) == 0:
        raise ValueError(f"{name} set is empty; pass at least one sample")
    if len(x) != len(t):
        raise ValueError(f"x_{name} has {len(x)} samples but t_{name} has {len(t)} labels")
    if x.dtype.kind == "f":
        finite = np.isfinite(x.reshape(len(x), -1)).all(axis=1)
        if not finite.all():
            bad = np.flatnonzero(~finite)
            raise ValueError(f"x_{name} holds NaN or inf in {len(bad)} sample(s) (the first is sample {bad[0]}); "
                             f"the data is broken, not the training: drop or repair those samples")
    return x, t


def _labels(t):
    """Class indices of labels, a column of labels or one-hot rows (for counting classes)."""
    t = np.asarray(t)
    return t.argmax(axis=1) if t.ndim == 2 and t.shape[1] > 1 else t.reshape(len(t))


def _largest(array):
    """The largest absolute value in ``array`` (a float; nan when it holds NaN)."""
    array = np.asarray(array)
    if array.size == 0 or array.dtype.kind not in "fiub":
        return 0.0
    with np.errstate(invalid="ignore"):
        return float(np.max(np.abs(array)))


def _weight_scale(params):
    """How far the weights spread beyond He's scale, for the weight matrix where it is widest: {'layer':
    its name, 'fan_in': n, 'std': its standard deviation, 'he': √(2/n), 'times': std / √(2/n)}.

    n is what each output reads: the rows of an Affine's W (n, m), C·FH·FW of a Convolution's
    (FN, C, FH, FW). Weights are the parameters named ``W1``, ``W2``, …; None when there are none.
    """
    widest = None
    for key, value in params.items():
        value = np.asarray(value)
        if not str(key).startswith("W") or value.ndim < 2 or value.dtype.kind != "f" or value.size < 2:
            continue
        fan_in = int(np.prod(value.shape[1:])) if value.ndim == 4 else int(value.shape[0])
        with np.errstate(all="ignore"):
            std = float(np.std(value, dtype=np.float64))
        he = math.sqrt(2 / fan_in)
        times = std / he if math.isfinite(std) else math.inf
        if widest is None or times > widest["times"]:
            widest = {"layer": str(key), "fan_in": fan_in, "std": std, "he": he, "times": times}
    return widest


def _plain(figures):
    """``figures`` as plain Python values (NumPy scalars become int, float or bool): they cross processes as JSON."""
    plain = {}
    for key, value in figures.items():
        if isinstance(value, (bool, np.bool_)):
            plain[key] = bool(value)
        elif isinstance(value, (int, np.integer)):
            plain[key] = int(value)
        elif isinstance(value, (float, np.floating)):
            plain[key] = float(value)
        else:
            plain[key] = str(value)
    return plain


def _default_lr(optimizer):
    """The book's default learning rate of ``optimizer``'s class, or None."""
    try:
        default = inspect.signature(type(optimizer)).parameters["lr"].default
    except (KeyError, TypeError, ValueError):
        return None
    return default if isinstance(default, float) else None


class Trainer:
    """Trains ``network`` with mini-batch gradient descent (chapter 6's Trainer), step by step.

    A screen runs ``train_step()`` in a worker thread (``verbose=False``) and calls ``pause()``,
    ``resume()`` or ``stop()`` from the UI thread; events reach it through ``callback``, which runs
    in the training thread and gets frozen dataclasses holding plain numbers, never live arrays.
    """

    def __init__(self, network, x_train, t_train, x_test, t_test, epochs=20, mini_batch_size=100,
                 optimizer="SGD", optimizer_param={"lr": 0.01}, evaluate_sample_num_per_epoch=None,
                 verbose=True, *, rng=None, callback=None, stop_if_not_learning=True, max_iter=None,
                 keep_test_classes=False):
        whole(epochs, "epochs")
        whole(mini_batch_size, "mini_batch_size")
        if evaluate_sample_num_per_epoch is not None:
            try:
                whole(evaluate_sample_num_per_epoch, "evaluate_sample_num_per_epoch")
            except ValueError:
                raise ValueError(f"evaluate_sample_num_per_epoch must be None, for every sample, or a whole number "
                                 f"of 1 or more, got {evaluate_sample_num_per_epoch!r}") from None
        dtype = getattr(network, "dtype", None)
        self.network = network
        self.x_train, self.t_train = _check_data("train", x_train, t_train, dtype)
        self.x_test, self.t_test = _check_data("test", x_test, t_test, dtype)
        self.epochs = int(epochs)
        self.verbose = verbose
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.optimizer = make_optimizer(optimizer, optimizer_param)
        self.optimizer_param = dict(optimizer_param or {})
        self.rng = as_rng(rng)
        self.callback = callback
        self.stop_if_not_learning = bool(stop_if_not_learning)
        self.keep_test_classes = bool(keep_test_classes)
        self.test_classes = None   # with keep_test_classes: each evaluated test image's predicted class (int8)

        self.train_size = len(self.x_train)
        self.batch_size = min(int(mini_batch_size), self.train_size)
        self.iter_per_epoch = max(self.train_size // self.batch_size, 1)
        self.max_iter = self.epochs * self.iter_per_epoch
        if max_iter is not None:
            if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
                raise ValueError(f"max_iter must be None or a whole number of 1 or more, got {max_iter!r}")
            self.max_iter = int(max_iter)
            self.epochs = -(-self.max_iter // self.iter_per_epoch)
        self.current_iter = 0
        self.current_epoch = 0
        self.train_loss_list = []
        self.train_acc_list = []
        self.test_acc_list = []
        self.final_test_acc = None
        self.elapsed = 0.0
        self.stop_reason = None
        self.stop_message = ""
        self.warning = ""      # the latest not-learning diagnosis, also in EpochEvent.warning
        self.diagnosis = None  # the same as a Diagnosis (code and figures), or None
        counts = np.unique(_labels(self.t_train[:evaluate_sample_num_per_epoch]), return_counts=True)[1]
        self.chance_acc = counts.max() / counts.sum()   # accuracy of always guessing the most common class

        self._data_losses = []    # the loss without weight decay's penalty, judged by the not-learning guard
        self._penalty_now = 0.0
        self._order = None
        self._start_scale = None  # (largest |input| of the first mini-batch, _weight_scale of the weights then)
        self._epoch_seconds = 0.0
        self._stop_requested = threading.Event()
        self._running = threading.Event()   # cleared while paused
        self._running.set()

    # -- control from any thread ------------------------------------------------------------
    def pause(self):
        """Make the next ``train_step`` wait until ``resume()`` or ``stop()``."""
        self._running.clear()

    def resume(self):
        """Let a paused trainer go on."""
        self._running.set()

    def stop(self):
        """End training after the current step (also wakes a paused trainer)."""
        self._stop_requested.set()
        self._running.set()

    @property
    def paused(self):
        return not self._running.is_set()

    @property
    def done(self):
        """True once training is over, for whatever ``stop_reason``."""
        return self.stop_reason is not None

    # -- training -----------------------------------------------------------------------------
    def _emit(self, event):
        if self.callback is not None:
            self.callback(event)

    def _finish(self, reason, message, diagnosis=None):
        self.stop_reason, self.stop_message = reason, message
        if self.verbose:
            print(message)
        if diagnosis is None:
            self._emit(StopEvent(reason, message, self.current_iter, self.current_epoch))
        else:
            self._emit(StopEvent(reason, message, self.current_iter, self.current_epoch, diagnosis.what_happened,
                                 diagnosis.what_to_try, diagnosis.code, dict(diagnosis.figures)))

    def _next_batch(self):
        """The next mini-batch of this epoch's permutation (a fresh permutation at each epoch start)."""
        i = self.current_iter % self.iter_per_epoch
        if i == 0:
            self._order = self.rng.permutation(self.train_size)
        mask = self._order[i * self.batch_size:(i + 1) * self.batch_size]
        return self.x_train[mask], self.t_train[mask]

    def _non_finite(self, loss, grads):
        """The figures of what went non-finite (``what``: 'loss' with its ``value``, or 'gradient' with
        its ``param``), or None when the loss and all gradients are finite."""
        if not math.isfinite(loss):
            return {"what": "loss", "value": loss}
        for key, g in grads.items():
            if not np.isfinite(g.sum()):
                return {"what": "gradient", "param": str(key)}
        return None

    def train_step(self):
        """Train on one mini-batch; at the end of an epoch, evaluate. Returns False once training is over.

        Blocks while paused. After ``stop()``, a non-finite loss or the last step, it records
        ``stop_reason``, sends the ``StopEvent`` once and returns False.
        """
        if self.done:
            return False
        self._running.wait()
        if self._stop_requested.is_set():
            self._finish(STOP_STOPPED, f"training stopped at iteration {self.current_iter} "
                                       f"(epoch {self.current_epoch + 1})")
            return False
        start = time.perf_counter()
        x_batch, t_batch = self._next_batch()
        if self._start_scale is None:
            self._start_scale = (_largest(x_batch), _weight_scale(self.network.params))
        with np.errstate(over="ignore", invalid="ignore"):   # detected below, not printed over the UI
            grads = self.network.gradient(x_batch, t_batch)
            loss = getattr(self.network, "last_loss", None)
            if loss is None:
                loss = self.network.loss(x_batch, t_batch)
            loss = float(loss)
            problem = self._non_finite(loss, grads)
        if problem is not None:
            self._stop_non_finite(problem, x_batch)
            return False
        penalty = self._penalty()         # of the weights the loss was computed with, before the update
        self.optimizer.update(self.network.params, grads, checked=True)   # finite, from the network: checked above
        self.train_loss_list.append(loss)
        self._data_losses.append(loss - penalty)
        self._penalty_now = penalty
        self.current_iter += 1
        if self.verbose:
            print(f"train loss:{loss}")
        step_seconds = time.perf_counter() - start
        self._epoch_seconds += step_seconds
        self.elapsed += step_seconds
        self._emit(StepEvent(self.current_iter, self.current_epoch + 1, loss))

        if self.current_iter % self.iter_per_epoch == 0 or self.current_iter >= self.max_iter:
            self._end_epoch()
            if self.diagnosis is not None and self.stop_if_not_learning:
                self._finish(STOP_NOT_LEARNING, self.warning, self.diagnosis)
                return False
        if self.current_iter >= self.max_iter:
            self._finish(STOP_FINISHED, f"training finished: {self.epochs} epochs, "
                                        f"{self.current_iter} iterations")
            return False
        return True

    def _end_epoch(self):
        start = time.perf_counter()
        self.current_epoch += 1
        n = self.evaluate_sample_num_per_epoch
        train_acc = self.network.accuracy(self.x_train[:n], self.t_train[:n])
        if self.keep_test_classes:                   # the network's own accuracy fills them in the same pass
            self.test_classes = np.empty(len(self.x_test[:n]), np.int8)
            test_acc = self.network.accuracy(self.x_test[:n], self.t_test[:n], classes=self.test_classes)
        else:
            test_acc = self.network.accuracy(self.x_test[:n], self.t_test[:n])
        self.train_acc_list.append(train_acc)
        self.test_acc_list.append(test_acc)
        steps = (self.current_iter - 1) % self.iter_per_epoch + 1     # a last, partial epoch has fewer
        throughput = steps * self.batch_size / max(self._epoch_seconds, 1e-9)
        self._epoch_seconds = 0.0
        self.elapsed += time.perf_counter() - start
        self.diagnosis = self._not_learning(train_acc)
        self.warning = "; ".join((self.diagnosis.what_happened, self.diagnosis.what_to_try)) if self.diagnosis else ""
        if self.verbose:
            print(f"=== epoch:{self.current_epoch}, train acc:{train_acc}, test acc:{test_acc} ===")
            if self.warning:
                print(f"warning: {self.warning}")
        self._emit(EpochEvent(self.current_epoch, self.current_iter, train_acc, test_acc,
                              self.elapsed, throughput, self.warning, self.diagnosis))

    def _penalty(self):
        """Weight decay's share of the loss, 0.5·λ·ΣW² over the weights (``W1``, ``W2``, …), or 0."""
        lam = getattr(self.network, "weight_decay_lambda", 0) or 0
        if not lam:
            return 0.0
        return 0.5 * lam * sum(float(np.sum(np.square(value, dtype=np.float64)))
                               for key, value in self.network.params.items() if key.startswith("W"))

    def _lr(self):
        lr = self.optimizer_param.get("lr", getattr(self.optimizer, "lr", None))
        return lr if isinstance(lr, (int, float, np.number)) and not isinstance(lr, bool) else None

    def _stop_non_finite(self, problem, x_batch):
        """Stop with reason 'non-finite', blaming what the figures show (see ``_non_finite_cause``)."""
        figures = {"iteration": self.current_iter + 1, "epoch": self.current_epoch + 1, **problem}
        head = f"training stopped at iteration {figures['iteration']}: " + (
            f"the loss became {problem['value']}" if problem["what"] == "loss"
            else f"the gradient of {problem['param']} became inf or NaN")
        code, more, cause, to_try = self._non_finite_cause(x_batch)
        figures.update(more)
        happened = head + cause
        diagnosis = Diagnosis(STOP_NON_FINITE, code, _plain(figures), happened, to_try)
        self._finish(STOP_NON_FINITE, f"{happened}. {to_try[0].upper()}{to_try[1:]}", diagnosis)

    def _non_finite_cause(self, x_batch):
        """(code, figures, what happened after the head, what to try) for a loss or gradient gone non-finite.

        The data when the mini-batch holds NaN or inf. At the first step no update has happened, so
        never the learning rate: weight decay's penalty when it overflows, else the input or the
        weights it started from (``_start_cause``). Later: weight decay stronger than SGD's steps can
        take, else the input when it is far from 0–1 (each step grows with it), else the weights it started
        from when they spread far wider than He's √(2/n) and the loss stayed near its cap from the first step
        (6.2's std=1 broke at iteration 6 and blamed the learning rate; a tenth of it still broke), else the
        learning rate ("too large" when the loss had risen before, "probably" when not).
        """
        kept = "the parameters are those of the last finite step; "
        if x_batch.dtype.kind == "f" and not np.isfinite(x_batch).all():
            bad = int((~np.isfinite(x_batch.reshape(len(x_batch), -1))).any(axis=1).sum())
            return (CAUSE_BAD_DATA, {"samples": bad, "size": len(x_batch)},
                    f" because the mini-batch itself holds NaN or inf (in {bad} of its {len(x_batch)} samples)",
                    "repair or drop those samples of x_train (the learning rate is not the cause)")
        if self.current_iter == 0:
            first = "; this was the first step, before any update, so the learning rate is not the cause: "
            lam, penalty = getattr(self.network, "weight_decay_lambda", 0) or 0, self._penalty()
            dtype = getattr(self.network, "dtype", None)
            dtype = np.float64 if dtype is None else dtype
            with np.errstate(over="ignore"):
                overflows = not np.isfinite(np.asarray(penalty, dtype=dtype))
            if lam and overflows:
                return (CAUSE_PENALTY, {"lam": lam, "penalty": penalty, "dtype": np.dtype(dtype).name},
                        first + f"weight decay's penalty ½λΣW² with λ = {lam:g} is {penalty:.3g} for the weights "
                                f"it started from, beyond what {np.dtype(dtype).name} holds",
                        "lower weight_decay (the book tries 0.1) and start again")
            code, figures, cause, to_try = self._start_cause()
            return code, figures, first + cause, to_try
        decay = self._decay_too_strong()
        if decay:
            code, figures, cause, to_try = decay
            return code, figures, "; " + cause, kept + to_try
        lr, input_max = self._lr(), self._start_scale[0]
        if input_max > INPUT_LARGE:
            return (CAUSE_INPUT, {"input": input_max, "first_step": False},
                    f"; the input reaches {input_max:.3g}, far from the 0–1 of the book's data, and the steps grow "
                    f"with it", kept + "normalize the input (divide pixels by 255, as load_mnist(normalize=True) "
                                       "does) and start again")
        weights = self._start_scale[1]
        if weights and weights["times"] > WEIGHT_LARGE and min(self._data_losses) >= NEAR_CAP:
            spread = (f"{weights['layer']}'s standard deviation is {weights['std']:.3g}, {weights['times']:.3g} times "
                      f"He initialization's √(2/{weights['fan_in']}) = {weights['he']:.3g}")
            return (CAUSE_WEIGHTS, {"input": input_max, "first_step": False, **weights},
                    f"; the loss stayed near its cap from the first step: the weights it started from spread far "
                    f"too wide: {spread}", kept + "the initial weights are far too large: use a smaller "
                    "weight_init_std (the book uses 0.01, or 'he' for ReLU networks)")
        if lr is None:
            return CAUSE_STEPS, {}, "; the steps are probably too large", kept + "lower the learning rate and start again"
        first, last = self._data_losses[0], self._data_losses[-1]
        figures = {"lr": lr, "lower": lr / 10, "first": first, "last": last, "rose": last > ROSE * first}
        cause = (f"; the loss had risen from {first:.3g} to {last:.3g}: the learning rate {lr:g} is too large"
                 if figures["rose"] else f"; the learning rate {lr:g} is probably too large")
        return CAUSE_LR, figures, cause, kept + f"lower the learning rate (try {lr / 10:g}) and start again"

    def _start_cause(self):
        """(code, figures, cause, what to try) for a run wrong from its first step, before any update:
        the input when it is far from 0–1, else the weights it started from when they spread far wider
        than He's √(2/n), else neither (input and weights ordinary): the forward pass itself."""
        input_max, weights = self._start_scale
        figures = {"input": input_max, "first_step": True, **(weights or {})}
        if input_max > INPUT_LARGE:
            return (CAUSE_INPUT, figures, f"the input reaches {input_max:.3g}, far from the 0–1 of the book's data",
                    "normalize the input (divide pixels by 255, as load_mnist(normalize=True) does) and start again")
        spread = (f"{weights['layer']}'s standard deviation is {weights['std']:.3g}, {weights['times']:.3g} times "
                  f"He initialization's √(2/{weights['fan_in']}) = {weights['he']:.3g}" if weights else "")
        if weights and weights["times"] > WEIGHT_LARGE:
            return (CAUSE_WEIGHTS, figures, f"the weights it started from spread far too wide: {spread}",
                    "the initial weights are far too large: use a smaller weight_init_std (the book uses 0.01, "
                    "or 'he' for ReLU networks)")
        return (CAUSE_FIRST_STEP, figures,
                f"the input (up to {input_max:.3g}) and the weights it started from"
                + (f" ({spread})" if spread else "") + " look ordinary, so the forward pass itself failed",
                "check the layers' forward passes and the loss on this mini-batch (a softmax that does not "
                "subtract the maximum, or a log without the book's 1e-7, gives inf or NaN)")

    def _not_learning(self, train_acc):
        """A Diagnosis if the last epoch shows no learning at all, else None.

        No learning: over the last epoch (at least MIN_JUDGED_STEPS steps, the run's first step
        excluded; with fewer mini-batches an epoch, two epochs' worth, and by the last epoch
        MIN_LAST_STEPS) every data loss stayed above NEAR_CAP, or none fell below the starting
        one and they averaged more than ROSE times it, or weight decay is stronger than SGD's steps can
        take (``_decay_too_strong``: then a flat loss is no slow learning); and the training accuracy
        is no better than always guessing the most common class. The data loss leaves out weight decay's penalty.
        A loss that merely stays flat (a tiny learning rate) is slow, not broken, and is left alone.
        A loss near its cap from the very first step is the start's fault (``_start_cause``), one
        that rose there the steps' (weight decay's or the learning rate's).
        """
        judged = self._data_losses[1:][-max(self.iter_per_epoch, MIN_JUDGED_STEPS):]
        needed = MIN_JUDGED_STEPS
        if self.iter_per_epoch < MIN_JUDGED_STEPS:
            needed = min(MIN_JUDGED_STEPS, max(MIN_LAST_STEPS, 2 * self.iter_per_epoch))
        if self.current_iter >= self.max_iter:
            needed = min(needed, MIN_LAST_STEPS)
        if len(judged) < needed or train_acc > self.chance_acc + CHANCE_MARGIN:
            return None
        start, lowest, mean = self._data_losses[0], min(judged), sum(judged) / len(judged)
        capped, rose = lowest >= NEAR_CAP, lowest >= start and mean > ROSE * start
        decay = self._decay_too_strong()
        if not (capped or rose or decay):
            return None
        lam = getattr(self.network, "weight_decay_lambda", 0) or 0
        figures = {"iteration": self.current_iter, "epoch": self.current_epoch, "train_acc": train_acc,
                   "chance": self.chance_acc, "start": start, "mean": mean, "capped": capped, "rose": rose,
                   "cap": LOSS_CAP}
        if lam:
            figures.update(lam=lam, penalty=self._penalty_now)
        what = "the loss" if not lam else (f"the loss without weight decay's penalty (½λΣW² with λ = {lam:g}, "
                                           f"{self._penalty_now:.3g} now, is left out)")
        happened = (f"not learning after epoch {self.current_epoch}: the training accuracy "
                    f"{train_acc:.1%} is chance (always guessing the most common class gives "
                    f"{self.chance_acc:.1%}) and {what} ")
        if start >= NEAR_CAP:
            happened += f"started at {start:.3g}, near its cap of {LOSS_CAP:.1f}, and stayed there"
            code, more, cause, to_try = self._start_cause()
            figures.update(more)
            return Diagnosis(STOP_NOT_LEARNING, code, _plain(figures), f"{happened}: {cause}", to_try)
        if capped or rose:
            happened += (f"rose from {start:.3g} to {mean:.3g} on average"
                         + (f", near its cap of {LOSS_CAP:.1f} where the right class gets probability 0"
                            if capped else ""))
        else:                                   # flat: weight decay wipes out or flips what each step learns
            happened += f"averaged {mean:.3g} (from {start:.3g} at the start)"
        lr, name = self._lr(), type(self.optimizer).__name__
        if decay:
            code, more, _, to_try = decay
            figures.update(more)
            return Diagnosis(STOP_NOT_LEARNING, code, _plain(figures), happened, to_try)
        if lr is None:
            return Diagnosis(STOP_NOT_LEARNING, CAUSE_STEPS, _plain(figures), happened,
                             "the steps are far too large: lower the learning rate")
        default = _default_lr(self.optimizer)
        suggestion = min(default, lr / 10) if default else lr / 10
        figures.update(lr=lr, lower=suggestion, optimizer=name, book_default=suggestion == default)
        return Diagnosis(STOP_NOT_LEARNING, CAUSE_LR, _plain(figures), happened,
                         f"the learning rate {lr:g} is far too large for {name}: try {suggestion:g}"
                         + (" (its default in the book)" if suggestion == default else ""))

    def _decay_too_strong(self):
        """(code, figures, what happened, what to try) when weight decay alone wrecks plain gradient
        steps, else None.

        With SGD, every step multiplies each weight by 1 − lr·λ before the data's gradient acts: at
        lr·λ = 1 that wipes them out, above 1 it flips their sign (and above 2 makes them grow without end).
        """
        lam, lr = getattr(self.network, "weight_decay_lambda", 0) or 0, self._lr()
        if not lam or lr is None or lr * lam < 1 or type(self.optimizer).__name__ not in ("SGD", "Momentum",
                                                                                          "Nesterov"):
            return None
        factor = 1 - lr * lam
        effect = ("wiping them out" if factor == 0 else "flipping their sign and enlarging them" if factor < -1
                  else "flipping their sign")
        return (CAUSE_DECAY, {"lr": lr, "lam": lam, "factor": factor, "limit": 1 / lr},
                f"weight decay (λ = {lam:g}) is too strong for the learning rate",
                f"weight decay is far too strong for the learning rate {lr:g}: each step multiplies the weights "
                f"by 1 − lr·λ = {factor:.3g}, {effect}; lower weight_decay below 1/lr = {1 / lr:g} (the book tries 0.1)")

    def train(self):
        """Run ``train_step`` until training is over, then measure the test accuracy on the whole test set.

        Returns ``stop_reason``. The final accuracy (``final_test_acc``) is only computed again when
        the epochs evaluated a sample of the test set.
        """
        while self.train_step():
            pass
        if self.stop_reason == STOP_FINISHED:
            if self.evaluate_sample_num_per_epoch is None:
                self.final_test_acc = self.test_acc_list[-1]
            else:
                self.final_test_acc = self.network.accuracy(self.x_test, self.t_test)
            if self.verbose:
                print("=============== Final Test Accuracy ===============")
                print(f"test acc:{self.final_test_acc}")
        return self.stop_reason
