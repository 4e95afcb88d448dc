"""The numbers lessons 8.1 and 8.2 quote are what their panes compute at that step, in English and
Korean: 18 weights against 25, 27 against 49, the fields of DeepConvNet's layers and its parameters,
the pixels a 15° turn changes, and the float16 network's memory."""
import dataclasses

import pytest
from quoted import assert_quoted, computed, step

from workbench.models.float16 import weight_rounding
from workbench.models.receptive_field import compute_stack
from workbench.models.trained import build_network

LANGS = ("en", "ko")


def test_why_deep_quotes_the_stacks_weights_and_field():
    result = computed("deeper-networks", "why-deep")
    two = result.stack.rows[1]
    for quote, value in (("18", two.stacked_pair), ("25", two.single_pair), ("5", two.field)):
        assert_quoted("deeper-networks", "why-deep", quote, value)
    three = compute_stack(3, result.settings.channels, 3).rows[2]        # + stacks a third
    for quote, value in (("27", three.stacked_pair), ("49", three.single_pair), ("7", three.field)):
        assert_quoted("deeper-networks", "why-deep", quote, value)


@pytest.mark.parametrize("quote, layer", [("3", 1), ("5", 2), ("6", 3), ("10", 4), ("14", 5), ("16", 6), ("24", 7),
                                          ("32", 8)])
def test_the_receptive_field_step_quotes_each_layers_field(quote, layer):
    result = computed("deeper-networks", "receptive-field")
    assert_quoted("deeper-networks", "receptive-field", quote, result.network.shapes[layer - 1].field)


def test_the_receptive_field_step_quotes_the_parameters():
    network = computed("deeper-networks", "receptive-field").network
    affine = network.params - sum(window.params for window in network.windows)
    for quote, value in (("36,928", max(window.params for window in network.windows)), ("51,760", affine),
                         ("123,552", network.params)):
        assert_quoted("deeper-networks", "receptive-field", quote, value)


def test_the_augmentation_step_quotes_the_pixels_fifteen_degrees_change():
    result = computed("deeper-networks", "augmentation")
    assert result.settings.angle == 15 and result.digit.label == 3
    assert_quoted("deeper-networks", "augmentation", "143", result.changed)
    assert_quoted("deeper-networks", "augmentation", "784", result.original.size)


def test_the_float16_step_quotes_the_networks_memory():
    w = weight_rounding(build_network(), build_network().params["W1"][:1])
    for quote, value in (("45,360", w.count), ("177", w.bytes32 / 1024), ("89", w.bytes16 / 1024)):
        assert_quoted("deep-learning-today", "float16", quote, value)


def test_the_new_steps_open_their_panes():
    assert [step("deeper-networks", s).pane for s in ("why-deep", "receptive-field", "augmentation")] == [
        "receptive-field", "receptive-field", "augmentation"]
    assert [step("deep-learning-today", s).pane for s in ("speed", "float16")] == ["layer-times", "float16"]
    assert dataclasses.asdict(step("deeper-networks", "receptive-field").pane_settings)["view"] == "network"


def test_the_float16_step_quotes_float16s_precision():
    """0.05 %: half a step of 11 significant bits, 2⁻¹¹ (0.0488 %); 6.1e−5: float16's smallest normal number;
    3e−8: half a step of the numbers below it, 2⁻²⁵."""
    from workbench.models.float16 import SMALLEST_NORMAL

    for quote, value in (("0.05", 100 * 2 ** -11), ("6.1e-5", SMALLEST_NORMAL), ("3e-8", 2 ** -25)):
        assert_quoted("deep-learning-today", "float16", quote, value)
