"""Weight symmetry (6.2.1) against a hand computation: TwoLayerNet's forward and backward pass written
out in NumPy here, update by update on the model's own mini-batches. With every weight one value the
hidden units stay exactly equal; with random weights they part at once; with all zeros W1 never moves
and only b2 learns, as the library's TwoLayerNet(weight_init_std=0) really does."""
import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.symmetry import (CHECKPOINT, ROWS, batch_indices, checkpoint, compute, digits,
                                       distinct_columns, network, train)
from workbench.models.symmetry_settings import SymmetrySettings


def by_hand(params: dict, updates: int, s: SymmetrySettings) -> dict:
    """`updates` SGD updates of Affine → ReLU → Affine → softmax cross-entropy, written out."""
    x_all, t_all, _, _ = digits()
    W1, b1, W2, b2 = (params[key].astype(float).copy() for key in ("W1", "b1", "W2", "b2"))
    for update in range(updates):
        idx = batch_indices(s.seed, update, s.batch_size)
        x, t = x_all[idx], np.eye(10)[t_all[idx]]
        a = x @ W1 + b1
        h = np.maximum(a, 0)
        z = h @ W2 + b2
        y = np.exp(z - z.max(axis=1, keepdims=True))
        y /= y.sum(axis=1, keepdims=True)
        dz = (y - t) / len(x)
        dW2, db2 = h.T @ dz, dz.sum(axis=0)
        da = (dz @ W2.T) * (a > 0)
        dW1, db1 = x.T @ da, da.sum(axis=0)
        W1, b1, W2, b2 = W1 - s.lr * dW1, b1 - s.lr * db1, W2 - s.lr * dW2, b2 - s.lr * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def start(s: SymmetrySettings) -> dict:
    return checkpoint(s.init, s.value, s.hidden, s.batch_size, s.lr, s.seed, 0)


@pytest.mark.parametrize("init", ["same", "random"])
def test_w1_after_k_updates_is_the_hand_computations(init):
    s = SymmetrySettings(init=init, step=7)
    result, hand = compute(s), by_hand(start(s), 7, s)
    assert np.allclose(result.rows, hand["W1"][list(result.pixels)], rtol=0, atol=1e-12)
    assert result.distinct == distinct_columns(hand["W1"])
    if init == "same":               # exactly one unit: every column equal, bit for bit, by hand too
        assert result.distinct == 1 and result.column_spread <= 1e-15        # 0 here: exactly equal
        assert np.ptp(hand["W1"], axis=1).max() <= 1e-15 and result.moved["W1"] > 0
        assert np.allclose(result.outputs, result.outputs[0], rtol=1e-12, atol=0)
    else:
        assert result.distinct == s.hidden == 6 and result.column_spread > 0
        assert len(set(result.outputs.round(12))) > 1        # ReLU zeroes some of them


def test_with_the_same_value_the_first_update_cannot_move_w1():
    """dh = dy·W2ᵀ is 0.01 × the sum of each row of dy, and softmax's dy = (y − t)/N sums to 0 in every row:
    W1 stays at 0.01 for one update, and moves (together) from the second, once W2's columns differ."""
    one, two = compute(SymmetrySettings(init="same", step=1)), compute(SymmetrySettings(init="same", step=2))
    assert one.moved["W1"] == 0 and one.moved["W2"] > 0 and one.observe() == "frozen"
    assert two.moved["W1"] > 0 and two.distinct == 1 and two.observe() == "symmetric"


def test_with_zeros_only_b2_learns_as_the_librarys_two_layer_net_does():
    """TwoLayerNet(weight_init_std=0): W1 = W2 = 0, biases 0. Every hidden output is ReLU(0) = 0, so dW2 = hᵀ·dy = 0
    and dh = dy·W2ᵀ = 0: W1, b1 and W2 never move; b2 follows −η·mean(y − t), y the softmax of b2 alone."""
    s = SymmetrySettings(init="zero", step=300)
    result, hand = compute(s), by_hand(start(s), 300, s)
    net = network("zero", 0.01, 6, 0)
    assert all(not np.any(net.params[key]) for key in ("W1", "b1", "W2", "b2"))
    assert result.moved["W1"] == result.moved["b1"] == result.moved["W2"] == 0 < result.moved["b2"]
    assert np.all(result.rows == 0) and np.all(result.outputs == 0) and result.distinct == 1
    assert result.moved["b2"] == pytest.approx(np.abs(hand["b2"]).max(), abs=1e-12)
    assert result.train_acc == result.test_acc == 0.1          # one answer for every image, ten balanced classes
    assert result.observe() == "frozen"


def test_w1_alike_but_w2_random_parts_the_units_at_the_first_update():
    """Why init = same sets W2 too: hidden units that start alike get different gradients from different
    rows of W2, and symmetry is gone after one update."""
    net = network("random", 0.01, 6, 0)
    net.params["W1"][...] = 0.01
    assert distinct_columns(net.params["W1"]) == 1
    train(net, 0, 1, 20, 0.1, 0)
    assert distinct_columns(net.params["W1"]) == 6


def test_a_checkpoint_then_the_rest_is_the_same_as_every_update_from_the_start():
    s = SymmetrySettings(init="random", step=CHECKPOINT + 3)
    net = network("random", 0.01, 6, 0)
    train(net, 0, s.step, s.batch_size, s.lr, s.seed)
    result = compute(s)
    assert np.array_equal(result.rows, net.params["W1"][list(result.pixels)])
    back = compute(SymmetrySettings(init="random", step=CHECKPOINT + 2))
    assert not np.array_equal(back.rows, result.rows) and compute(s).loss == result.loss


def test_the_rows_shown_are_the_inkiest_pixels_and_the_mini_batches_do_not_depend_on_the_init():
    result = compute(SymmetrySettings())
    x = digits()[0]
    assert len(result.pixels) == ROWS and set(result.pixels) == set(np.argsort(x.mean(axis=0))[-ROWS:].tolist())
    assert np.array_equal(batch_indices(0, 5, 20), batch_indices(0, 5, 20)) and len(set(batch_indices(0, 5, 20))) == 20
    assert compute(SymmetrySettings()).observe() == "start"


def test_settings_from_text_and_their_limits():
    entry = pane("symmetry")
    s = entry.parse(["init=same", "value=0.5", "hidden=3", "step=4"])
    assert (s.init, s.value, s.hidden, s.step) == ("same", 0.5, 3, 4)
    assert compute(s).rows.shape == (ROWS, 3)
    for bad in ("init=ones", "hidden=1", "hidden=7", "step=1001", "value=2"):    # 7 columns would not fit at 80×24
        with pytest.raises(ValueError):
            entry.parse([bad])


def test_distinct_units_are_columns_apart_by_more_than_a_millionth_of_w1():
    W = np.full((3, 4), 0.5)
    assert distinct_columns(W) == 1 and distinct_columns(np.zeros((3, 4))) == 1
    W[0, 1] += 0.4e-6                              # a rounding's worth, far below the digits shown
    assert distinct_columns(W) == 1
    W[0, 2] += 2e-6
    assert distinct_columns(W) == 2


def test_units_closed_on_every_training_image_are_silent():
    """ReLU(x·W1 + b1) = 0 for all 500 training images: no gradient reaches the unit's weights again.
    The book's lr = 0.1 keeps every unit alive; lr = 1 or 10 closes all six within 300 updates."""
    entry = pane("symmetry")
    alive = compute(entry.parse(["init=random", "step=300"]))
    assert alive.silent == 0 and alive.observe() == "distinct"
    for lr in ("1", "10"):
        dead = compute(entry.parse(["init=random", f"lr={lr}", "step=300"]))
        assert dead.silent == dead.hidden == 6 and dead.observe() == "silent"
        assert not dead.outputs.any()

