"""Chapter 6.2.1: why the weights must not all start at 0 or at one value (weight symmetry), run.

The library's TwoLayerNet (784 → `hidden` ReLU units → 10, softmax) learns a fixed set of the
built-in synthetic digits with plain SGD and backprop, one mini-batch an update. Its weights start
as the setting `init` says, for W1 and W2 alike (the book's argument is about all weights; with a
random W2, hidden units that start alike receive different gradients and part at the first update):

- zero: `TwoLayerNet(weight_init_std=0)`, the library's own zeros. Every hidden output is ReLU(0) = 0,
  so dW2 = hᵀ·dy = 0, and dh = dy·W2ᵀ = 0 sends nothing back: only b2 moves (biases start at 0 in
  every case, as in the library).
- same: every entry of W1 and W2 is `value` (0.01). Every hidden unit computes the same sum, W2's
  rows are alike, so every unit gets the same gradient: W1's columns move, but together.
- random: the book's default, 0.01 × N(0, 1).

The updates' mini-batches are drawn from (seed, update number), the same for every init, and the
parameters are kept every CHECKPOINT updates (lru_cache), so `,` one update back or space a hundred
on recomputes at most CHECKPOINT − 1 updates.

A hidden unit is distinct when its column of W1 differs from every earlier one's by more than SAME
of W1's largest entry. Here the columns stay exactly equal, but the symmetric state is unstable: a
difference of 1e−16 (one rounding of a matrix product that treats columns unalike, as some BLAS
kernels may) grows about twentyfold every 100 updates, to 2e−5 after 1000. The tolerance keeps such
a rounding from counting as a unit of its own while it is far below what the pane's digits show.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from workbench.datasets.synthetic import synthetic_digits
from workbench.models.symmetry_settings import INITS, SymmetrySettings  # noqa: F401 - for the pane
from workbench.nn.networks import TwoLayerNet
from workbench.nn.optimizers import SGD

TRAIN, TEST = 500, 200
"""Synthetic digits the network learns from and is tested on (seed 0: the same on every computer)."""
RANDOM_STD = 0.01
"""The book's weight_init_std for init = random."""
ROWS = 4
"""Rows of W1 shown: the pixels with the most ink over the training images."""
CHECKPOINT = 50
SAME = 1e-6
"""Columns of W1 closer than this share of its largest entry are one hidden unit (see above)."""
PARAMS = ("W1", "b1", "W2", "b2")


@lru_cache(maxsize=1)
def digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train, t_train, x_test, t_test): flattened, scaled to 0..1, float64."""
    (x_train, t_train), (x_test, t_test) = synthetic_digits(TRAIN, TEST, seed=0)
    return (x_train.reshape(TRAIN, -1) / 255.0, t_train.astype(np.int64),
            x_test.reshape(TEST, -1) / 255.0, t_test.astype(np.int64))


def network(init: str, value: float, hidden: int, seed: int) -> TwoLayerNet:
    """The library's TwoLayerNet(784, hidden, 10) in float64, its weights started as `init` says."""
    net = TwoLayerNet(784, hidden, 10, weight_init_std=0 if init == "zero" else RANDOM_STD,
                      dtype=np.float64, rng=seed)
    if init == "same":
        net.params["W1"][...] = value
        net.params["W2"][...] = value
    return net


def batch_indices(seed: int, update: int, batch_size: int) -> np.ndarray:
    """The training images of update number `update` (0-based): the same whatever the init."""
    return np.random.default_rng([seed, update]).choice(TRAIN, batch_size, replace=False)


def train(net: TwoLayerNet, first: int, last: int, batch_size: int, lr: float, seed: int) -> None:
    """Updates number `first` … `last` − 1 of plain SGD on `net`, in place."""
    x, t, _, _ = digits()
    optimizer = SGD(lr)
    for update in range(first, last):
        idx = batch_indices(seed, update, batch_size)
        optimizer.update(net.params, net.gradient(x[idx], t[idx]))


@lru_cache(maxsize=64)
def checkpoint(init: str, value: float, hidden: int, batch_size: int, lr: float, seed: int,
               updates: int) -> dict[str, np.ndarray]:
    """The parameters after `updates` (a multiple of CHECKPOINT) updates; read-only, copy to train on."""
    if updates == 0:
        params = network(init, value, hidden, seed).params
    else:
        net = restored(init, value, hidden, batch_size, lr, seed, updates - CHECKPOINT)
        train(net, updates - CHECKPOINT, updates, batch_size, lr, seed)
        params = net.params
    kept = {key: params[key].copy() for key in PARAMS}
    for array in kept.values():
        array.flags.writeable = False
    return kept


def restored(init: str, value: float, hidden: int, batch_size: int, lr: float, seed: int,
             updates: int) -> TwoLayerNet:
    """A network holding (copies of) the parameters of checkpoint `updates`."""
    net = network(init, value, hidden, seed)
    kept = checkpoint(init, value, hidden, batch_size, lr, seed, updates)
    for key in PARAMS:
        net.params[key][...] = kept[key]
    return net


def distinct_columns(W: np.ndarray) -> int:
    """How many different columns W has: a column within SAME × max|W| of an earlier kept one counts once."""
    tolerance = SAME * float(np.max(np.abs(W))) if W.size else 0.0
    kept: list[np.ndarray] = []
    for column in W.T:
        if not any(np.max(np.abs(column - other)) <= tolerance for other in kept):
            kept.append(column)
    return len(kept)


@dataclass(frozen=True)
class SymmetryResult:
    """The network after `step` updates, and what a learner reads off it."""

    init: str
    step: int
    hidden: int
    pixels: tuple[int, ...]
    """The rows of W1 shown (pixel numbers 0–783)."""
    rows: np.ndarray
    """W1 at those pixels: (ROWS, hidden)."""
    outputs: np.ndarray
    """The hidden units' outputs ReLU(x·W1 + b1) for the first test image: (hidden,)."""
    image_label: int
    distinct: int
    """Distinct columns of W1: distinct hidden units."""
    column_spread: float
    """The largest difference between a column of W1 and the first: 0 when every unit is the same."""
    moved: dict[str, float]
    """Each parameter's largest change since the start."""
    loss: float
    """Cross-entropy over the TRAIN training images."""
    train_acc: float
    test_acc: float
    silent: int = 0
    """Hidden units whose output is 0 for every training image: ReLU is closed for all of them, and no
    gradient reaches their weights (a learning rate of 1 or more does this to every unit)."""

    def observe(self) -> str:
        """What the numbers show: before training, a frozen W1, units all silent, one unit repeated, or
        distinct units."""
        if self.step == 0:
            return "start"
        if self.moved["W1"] == 0:
            return "frozen"
        if self.silent == self.hidden:
            return "silent"
        if self.distinct == 1:
            return "symmetric"
        return "distinct" if self.distinct == self.hidden else "some"


def compute(s: SymmetrySettings) -> SymmetryResult:
    """Train from the nearest checkpoint to `step` updates and read W1, the hidden outputs, the accuracy."""
    x_train, t_train, x_test, t_test = digits()
    base = s.step - s.step % CHECKPOINT
    net = restored(s.init, s.value, s.hidden, s.batch_size, s.lr, s.seed, base)
    train(net, base, s.step, s.batch_size, s.lr, s.seed)
    start = checkpoint(s.init, s.value, s.hidden, s.batch_size, s.lr, s.seed, 0)
    W1 = net.params["W1"]
    pixels = tuple(int(i) for i in np.sort(np.argsort(x_train.mean(axis=0))[-ROWS:]))
    first = x_test[:1]
    h = net.layers["Relu1"].forward(net.layers["Affine1"].forward(first))[0].copy()
    silent = int(np.sum(np.all(x_train @ W1 + net.params["b1"] <= 0, axis=0)))
    return SymmetryResult(
        init=s.init, step=s.step, hidden=s.hidden, pixels=pixels, rows=W1[list(pixels)].copy(), outputs=h,
        image_label=int(t_test[0]), distinct=distinct_columns(W1),
        column_spread=float(np.max(np.abs(W1 - W1[:, :1]))),
        moved={key: float(np.max(np.abs(net.params[key] - start[key]))) for key in PARAMS},
        loss=float(net.loss(x_train, t_train)), train_acc=net.accuracy(x_train, t_train),
        test_acc=net.accuracy(x_test, t_test), silent=silent)
