"""A drawing made into an MNIST digit (scaled into 20×20, centred by mass) and read by a network."""
import os
from pathlib import Path

import numpy as np
import pytest

from workbench.models import canvas
from workbench.nn.networks import SimpleConvNet, TwoLayerNet

REPO = Path(__file__).resolve().parents[2]
MNIST_TEST_DIR = Path(os.environ.get("WORKBENCH_TEST_MNIST") or REPO.parent / "shared/datasets/mnist")


def centre_of_mass(image):
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def box(image, ink=0.3):
    """Height and width of the digit's core (the filter's faint outer pixels left out)."""
    rows, cols = np.nonzero(image > ink)
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


def small_seven_in_a_corner():
    drawing = np.zeros((28, 28), np.float32)
    drawing[1, 1:8] = 1.0               # the bar of a 7, 7 pixels wide
    for i in range(1, 11):              # its stem, 10 pixels down to the left
        drawing[1 + i, 7 - i // 2] = 1.0
    return drawing


def test_a_digit_drawn_small_in_a_corner_is_scaled_into_20_pixels_and_centred():
    prepared = canvas.prepare(small_seven_in_a_corner())
    assert prepared.shape == (28, 28) and prepared.dtype == np.float32
    assert 0.0 <= prepared.min() and prepared.max() == pytest.approx(1.0)
    row, col = centre_of_mass(prepared)
    assert abs(row - canvas.CENTRE) <= 0.5 and abs(col - canvas.CENTRE) <= 0.5
    height, width = box(prepared)
    assert 19 <= height <= 21 and width < height        # the longer side is 20; the shape is kept


def test_a_digit_drawn_too_big_is_shrunk_into_20_pixels():
    drawing = np.zeros((28, 28), np.float32)
    drawing[0:28, 12:16] = 1.0          # a 1 from top to bottom
    height, _ = box(canvas.prepare(drawing))
    assert 19 <= height <= 21


def test_a_stack_is_prepared_as_each_image_alone():
    rng = np.random.default_rng(0)
    stack = np.stack([small_seven_in_a_corner(), np.zeros((28, 28), np.float32),
                      np.clip(rng.random((28, 28)) - 0.7, 0, 1).astype(np.float32)])
    together = canvas.prepare_many(stack)
    for image, prepared in zip(stack, together):
        np.testing.assert_allclose(prepared, canvas.prepare(image), atol=1e-6)


def test_a_blank_drawing_stays_blank_and_is_said_to_be():
    assert not canvas.prepare(np.zeros((28, 28))).any()
    network = TwoLayerNet(784, 20, 10, rng=0)
    result = canvas.predict(network, np.zeros((28, 28)))
    assert result.blank and result.probabilities.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("network", [TwoLayerNet(784, 20, 10, rng=0),
                                     SimpleConvNet(conv_param={"filter_num": 4, "filter_size": 5, "pad": 0,
                                                               "stride": 1}, hidden_size=10, rng=0)],
                         ids=["flat input", "image input"])
def test_predict_gives_probabilities_that_sum_to_one(network):
    result = canvas.predict(network, small_seven_in_a_corner())
    assert result.probabilities.shape == (10,) and result.probabilities.sum() == pytest.approx(1.0)
    assert result.label == int(np.argmax(result.probabilities)) and not result.blank
    np.testing.assert_array_equal(result.prepared, canvas.prepare(small_seven_in_a_corner()))


def test_a_network_without_input_shape_is_read_from_its_first_layer():
    class Bare:
        def __init__(self):
            inner = TwoLayerNet(784, 20, 10, rng=0)
            self.layers, self.predict = inner.layers, inner.predict

    assert canvas.input_shape(Bare()) == (784,)
    assert canvas.predict(Bare(), small_seven_in_a_corner()).probabilities.shape == (10,)


def test_without_centring_the_network_gets_the_drawing_as_it_is():
    drawing = small_seven_in_a_corner()
    result = canvas.predict(TwoLayerNet(784, 20, 10, rng=0), drawing, centre=False)
    np.testing.assert_array_equal(result.prepared, drawing)


def test_bad_drawings_and_networks_are_refused_with_a_reason():
    with pytest.raises(ValueError, match=r"28×28 pixels, got shape \(28, 27\)"):
        canvas.prepare(np.zeros((28, 27)))
    with pytest.raises(ValueError, match="takes inputs of shape"):
        canvas.predict(TwoLayerNet(100, 20, 10, rng=0), np.ones((28, 28)))


def test_the_resampling_weights_copy_at_scale_one_and_average_when_shrinking():
    np.testing.assert_allclose(canvas.resampling(5, 5, 1.0, 0.0), np.eye(5))
    halving = canvas.resampling(8, 4, 2.0, 0.0)
    np.testing.assert_allclose(halving[1:-1].sum(axis=1), 1.0)   # inside, ink is neither made nor lost
    assert halving[0].sum() < 1.0                                 # at the edge, paper lies beyond


@pytest.mark.skipif(not MNIST_TEST_DIR.is_dir(), reason=f"{MNIST_TEST_DIR} is absent (set WORKBENCH_TEST_MNIST)")
def test_an_mnist_digit_is_left_as_it_is(monkeypatch):
    from workbench.datasets import load_split

    monkeypatch.setenv("WORKBENCH_DATA", str(MNIST_TEST_DIR))
    x, _ = load_split("mnist", "test", download=False)
    digits = x[:200, 0]
    prepared = np.stack([canvas.prepare(d) for d in digits])
    same = [np.corrcoef(a.ravel(), b.ravel())[0, 1] for a, b in zip(digits, prepared)]
    assert np.median(same) > 0.999 and min(same) > 0.9
