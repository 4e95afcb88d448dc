"""The chosen filter's feature map (models/feature_map.py): the network's own numbers, before and after
its ReLU, for every engine; an edge filter lights one side of a stroke; networks without a convolution."""
import numpy as np
import pytest

from workbench.models.feature_map import digit_image, filter_count, filter_map, first_convolution
from workbench.nn.networks import SimpleConvNet, TwoLayerNet


def digit() -> np.ndarray:
    image = np.zeros((1, 28, 28), np.float32)
    image[0, 6:22, 12:16] = 1.0                      # a vertical stroke
    return image


@pytest.mark.parametrize("conv", ["fast", "book"])
def test_the_map_is_what_the_networks_first_convolution_and_relu_compute(conv):
    network = SimpleConvNet(rng=0, conv=conv)
    layers = list(network.layers.values())
    out = layers[1].forward(layers[0].forward(digit()[np.newaxis]))        # Conv1, then Relu1
    shown = filter_map(network, digit(), 7)
    assert (shown.index, shown.count) == (7, 30) and shown.conv.shape == (24, 24)
    np.testing.assert_allclose(shown.relu, out[0, 7], rtol=1e-5, atol=1e-6)
    assert shown.conv.min() < 0 and shown.relu.min() == 0              # before the ReLU: negatives kept
    np.testing.assert_allclose(shown.relu, np.maximum(shown.conv, 0))
    np.testing.assert_array_equal(shown.weights, network.params["W1"][7, 0])


def test_an_edge_filter_responds_on_one_side_of_the_stroke_only():
    network = SimpleConvNet(rng=0)
    edge = np.zeros((5, 5))
    edge[:, :2], edge[:, 3:] = -1.0, 1.0                                  # dark on the left, light on the right
    network.params["W1"][3, 0] = edge
    network.params["b1"][3] = 0.0
    shown = filter_map(network, digit(), 3)
    lit_columns = np.flatnonzero(shown.relu.max(axis=0) > 0)
    assert lit_columns.min() >= 7 and lit_columns.max() <= 11            # the stroke's left edge (12) only
    assert 0 < shown.lit < 0.2


def test_the_index_wraps_and_a_drawing_is_prepared_as_the_draw_view_prepares_it():
    network = SimpleConvNet(rng=0)
    assert filter_map(network, digit(), 31).index == 1 and filter_count(network) == 30
    drawing = np.zeros((28, 28), np.float32)
    drawing[2:8, 2:5] = 1.0                                               # small, in a corner
    image = digit_image(drawing)
    assert image.shape == (1, 28, 28) and abs(np.argwhere(image[0] > 0.1).mean(axis=0) - 14).max() < 2


def test_a_network_without_a_convolution_has_no_map():
    network = TwoLayerNet(784, 50, 10, rng=0)
    assert first_convolution(network) is None and filter_count(network) == 0
    with pytest.raises(ValueError, match="not a convolution"):
        filter_map(network, digit(), 0)
