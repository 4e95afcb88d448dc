"""The book's Trainer (common/trainer.py), plus what a live screen needs.

As the book: ``Trainer(network, x_train, t_train, x_test, t_test, epochs=20, mini_batch_size=100,
optimizer='SGD', optimizer_param={'lr': 0.01}, evaluate_sample_num_per_epoch=None, verbose=True)``,
``train_step()``, ``train()``, ``train_loss_list``, ``train_acc_list``, ``test_acc_list``,
``max_iter``, ``iter_per_epoch``, ``current_iter``, ``current_epoch``.

Added, keyword-only: ``rng`` (seed or Generator) for reproducible batches, ``callback`` that
receives a ``StepEvent`` after every step, an ``EpochEvent`` after every epoch and one final
``StopEvent``; ``pause()``, ``resume()`` and ``stop()``, safe to call from another thread; and a
guard that stops training with ``stop_reason = 'non-finite'`` when the loss or a gradient becomes
inf or NaN, before the update, so the parameters stay the last finite ones.

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
from dataclasses import dataclass

import numpy as np

from workbench.nn import optimizers
from workbench.nn.networks import as_rng

OPTIMIZERS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
              "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam"}
_BOOK_SPELLINGS = {"rmsprpo": "rmsprop"}   # the book's dict has this typo; its calls still work

STOP_FINISHED, STOP_STOPPED, STOP_NON_FINITE = "finished", "stopped", "non-finite"


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


@dataclass(frozen=True)
class StopEvent:
    """Training is over: ``reason`` is 'finished', 'stopped' or 'non-finite'; ``message`` says it in words."""
    reason: str
    message: str
    iteration: int
    epoch: int


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


def _check_data(name, x, t):
    x, t = np.asarray(x), np.asarray(t)
    if len(x) == 0:
        raise ValueError(f"{name} set is empty; pass at least one sample")
    if len(x) != len(t):
        raise ValueError(f"x_{name} has {len(x)} samples but t_{name} has {len(t)} labels")
    return x, t


class Trainer:
    """Trains ``network`` with mini-batch gradient descent (chapter 6's Trainer), step by step.

    A screen runs ``train_step()`` in a worker thread (``verbose=False``) and calls ``pause()``,
    ``resume()`` or ``stop()`` from the UI thread; events reach it through ``callback``, which runs
    in the training thread and gets frozen dataclasses holding plain numbers, never live arrays.
    """

    def __init__(self, network, x_train, t_train, x_test, t_test, epochs=20, mini_batch_size=100,
                 optimizer="SGD", optimizer_param={"lr": 0.01}, evaluate_sample_num_per_epoch=None,
                 verbose=True, *, rng=None, callback=None):
        if not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be a whole number of 1 or more, got {epochs!r}")
        if not isinstance(mini_batch_size, (int, np.integer)) or mini_batch_size < 1:
            raise ValueError(f"mini_batch_size must be a whole number of 1 or more, got {mini_batch_size!r}")
        if evaluate_sample_num_per_epoch is not None and evaluate_sample_num_per_epoch < 1:
            raise ValueError(f"evaluate_sample_num_per_epoch must be None or 1 or more, "
                             f"got {evaluate_sample_num_per_epoch!r}")
        dtype = getattr(network, "dtype", None)
        self.network = network
        self.x_train, self.t_train = _check_data("train", np.asarray(x_train, dtype=dtype), t_train)
        self.x_test, self.t_test = _check_data("test", np.asarray(x_test, dtype=dtype), t_test)
        self.epochs = int(epochs)
        self.verbose = verbose
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.optimizer = make_optimizer(optimizer, optimizer_param)
        self.optimizer_param = dict(optimizer_param or {})
        self.rng = as_rng(rng)
        self.callback = callback

        self.train_size = len(self.x_train)
        self.batch_size = min(int(mini_batch_size), self.train_size)
        self.iter_per_epoch = max(self.train_size // self.batch_size, 1)
        self.max_iter = self.epochs * self.iter_per_epoch
        self.current_iter = 0
        self.current_epoch = 0
        self.train_loss_list = []
        self.train_acc_list = []
        self.test_acc_list = []
        self.final_test_acc = None
        self.elapsed = 0.0
        self.stop_reason = None
        self.stop_message = ""

        self._order = None
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

    def _finish(self, reason, message):
        self.stop_reason, self.stop_message = reason, message
        if self.verbose:
            print(message)
        self._emit(StopEvent(reason, message, self.current_iter, self.current_epoch))

    def _next_batch(self):
        """The next mini-batch of this epoch's permutation (a fresh permutation at each epoch start)."""
        i = self.current_iter % self.iter_per_epoch
        if i == 0:
            self._order = self.rng.permutation(self.train_size)
        mask = self._order[i * self.batch_size:(i + 1) * self.batch_size]
        return self.x_train[mask], self.t_train[mask]

    def _non_finite(self, loss, grads):
        """A description of what went non-finite, or '' when the loss and all gradients are finite."""
        if not math.isfinite(loss):
            return f"the loss became {loss}"
        for key, g in grads.items():
            if not np.isfinite(g.sum()):
                return f"the gradient of {key} became inf or NaN"
        return ""

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
        with np.errstate(over="ignore", invalid="ignore"):   # detected below, not printed over the UI
            grads = self.network.gradient(x_batch, t_batch)
            loss = getattr(self.network, "last_loss", None)
            if loss is None:
                loss = self.network.loss(x_batch, t_batch)
            loss = float(loss)
            problem = self._non_finite(loss, grads)
        if problem:
            lr = self.optimizer_param.get("lr")
            hint = f"; the learning rate {lr:g} is probably too large" if lr is not None else ""
            self._finish(STOP_NON_FINITE, f"training stopped at iteration {self.current_iter + 1}: "
                                          f"{problem}{hint}. The parameters are those of the last "
                                          f"finite step; lower the learning rate and start again")
            return False
        self.optimizer.update(self.network.params, grads)
        self.train_loss_list.append(loss)
        self.current_iter += 1
        if self.verbose:
            print(f"train loss:{loss}")
        step_seconds = time.perf_counter() - start
        self._epoch_seconds += step_seconds
        self.elapsed += step_seconds
        self._emit(StepEvent(self.current_iter, self.current_epoch + 1, loss))

        if self.current_iter % self.iter_per_epoch == 0:
            self._end_epoch()
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
        test_acc = self.network.accuracy(self.x_test[:n], self.t_test[:n])
        self.train_acc_list.append(train_acc)
        self.test_acc_list.append(test_acc)
        throughput = self.iter_per_epoch * self.batch_size / max(self._epoch_seconds, 1e-9)
        self._epoch_seconds = 0.0
        self.elapsed += time.perf_counter() - start
        if self.verbose:
            print(f"=== epoch:{self.current_epoch}, train acc:{train_acc}, test acc:{test_acc} ===")
        self._emit(EpochEvent(self.current_epoch, self.current_iter, train_acc, test_acc,
                              self.elapsed, throughput))

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
