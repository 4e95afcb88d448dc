"""The receptive field's numbers against hand-computed ones: 25 against 18 weights, fields 3, 5, 7, …,
DeepConvNet's fields and parameters, and the pixels one cell depends on, found with col2im and in
closed form (the two must agree wherever the field lies inside the image)."""
import numpy as np
import pytest

from workbench.models.receptive_field import (ReceptiveFieldSettings, bounds, carry, cell_at, compute,
                                              compute_network, compute_stack, field_mask, geometry, windows_of)
from workbench.nn.networks import DeepConvNet


def test_two_3x3_convolutions_see_5x5_with_18_weights_against_25():
    stack = compute_stack(depth=2, channels=1, layer=2)
    assert [(row.layers, row.field, row.terms, row.stacked_pair, row.single_pair) for row in stack.rows] == [
        (1, 3, (9,), 9, 9), (2, 5, (9, 9), 18, 25)]
    assert stack.sides == (5, 3, 1)
    assert stack.cone[0].all() and stack.cone[1].all() and stack.cone[2].all()


def test_each_3x3_layer_widens_the_field_by_2_and_saves_more_the_deeper_the_stack():
    stack = compute_stack(depth=4, channels=16, layer=4)
    assert [row.field for row in stack.rows] == [3, 5, 7, 9]
    assert [(row.stacked_pair, row.single_pair) for row in stack.rows] == [(9, 9), (18, 25), (27, 49), (36, 81)]
    # with 16 channels in and out, every count is 16 · 16 times the pair's: 2 · 9 · 256 against 25 · 256
    assert (stack.rows[1].stacked_all, stack.rows[1].single_all) == (4608, 6400)


def test_the_marked_cell_of_an_inner_layer_sees_its_own_patch_of_the_input():
    stack = compute_stack(depth=3, channels=1, layer=1)          # Conv1's centre cell, in a 7 × 7 input
    expected = np.zeros((7, 7), bool)
    expected[2:5, 2:5] = True
    assert (stack.cone[0] == expected).all()
    assert stack.cone[1].sum() == 1 and stack.cone[1][2, 2]      # the cell itself
    assert not stack.cone[2].any() and not stack.cone[3].any()   # layers after it: nothing marked


def test_a_layer_past_the_depth_is_the_last_one():
    assert compute_stack(depth=2, channels=1, layer=9).layer == 2


DEEP_FIELDS = [3, 5, 6, 10, 14, 16, 24, 32, 36]
DEEP_JUMPS = [1, 1, 2, 2, 2, 4, 4, 4, 8]
DEEP_PARAMS = [160, 2320, 0, 4640, 9248, 0, 18496, 36928, 0]
"""By hand: 16·1·9 + 16; 16·16·9 + 16; none for a pooling; 32·16·9 + 32; 32·32·9 + 32; 64·32·9 + 64; 64·64·9 + 64."""


def test_deep_convnets_windows_fields_and_parameters_are_those_of_the_network_the_library_builds():
    r = compute_network(1, (0, 0), 0)
    assert [w.name for w in r.windows] == ["Conv1", "Conv2", "Pool1", "Conv3", "Conv4", "Pool2", "Conv5", "Conv6",
                                           "Pool3"]
    assert [g.field for g in r.shapes] == DEEP_FIELDS
    assert [g.jump for g in r.shapes] == DEEP_JUMPS
    assert [w.params for w in r.windows] == DEEP_PARAMS
    assert [w.out_shape for w in r.windows][3:6] == [(32, 14, 14), (32, 16, 16), (32, 8, 8)]
    assert r.params == 123_552 and r.params - sum(DEEP_PARAMS) == 51_760     # Affine1 51,250 + Affine2 510


def test_a_cell_of_conv1_reads_its_3x3_window_around_it():
    r = compute_network(1, (6, 14), 0)
    assert r.bounds == (5, 8, 13, 16) and r.mask.sum() == 9 and not r.cut


@pytest.mark.parametrize("layer", range(1, 10))
def test_col2im_finds_the_field_the_closed_form_gives_wherever_it_lies_inside_the_image(layer):
    """On a 92 × 92 image (28 + 8k keeps every pooling's input even) the middle cell's field is whole."""
    windows = windows_of(DeepConvNet(input_dim=(1, 92, 92), conv="book", rng=0))[:layer]
    g = geometry(windows)[-1]
    _, oh, ow = windows[-1].out_shape
    cell = (oh // 2, ow // 2)
    mask = field_mask(windows, cell)
    top = g.centre(cell[0]) - (g.field - 1) / 2
    left = g.centre(cell[1]) - (g.field - 1) / 2
    assert bounds(mask) == (top, top + g.field, left, left + g.field)
    assert mask.sum() == g.field ** 2


def test_near_the_border_the_field_is_cut_by_the_padding():
    r = compute_network(8, (0, 0), 0)            # Conv6: a 32 × 32 field; cell 0's centre lies at −0.5
    assert r.shape.field == 32 and r.cut
    assert r.bounds == (0, 16, 0, 16)            # −16 … 15 on either axis, of which 0 … 15 on the image


def test_a_cell_outside_a_smaller_map_is_kept_inside_it():
    assert compute_network(9, (27, 27), 0).cell == (3, 3)


def test_stepping_carries_the_cell_to_the_same_place_and_a_pixel_finds_its_cell():
    g = compute_network(1, (0, 0), 0).shapes
    assert carry((6, 14), g[1], g[2], (14, 14)) == (3, 7)       # Conv2 → Pool1: centres 6, 14 → 5.5, 13.5
    assert carry((3, 7), g[3], g[4], (16, 16)) == (4, 8)        # Conv3 → Conv4 (pad 2): both centred at 6.5, 14.5
    assert g[3].centre(3) == g[4].centre(4) == 6.5
    assert carry((0, 13), g[3], g[4], (16, 16)) == (1, 14)      # not (0, 15), as the maps' sizes in proportion
    r = compute_network(6, (0, 0), 0)            # Pool2: cells 4 pixels apart, cell 0 centred at −0.5
    assert cell_at(r.shape, r.side, 11, 27) == (3, 7)
    assert cell_at(r.shape, r.side, -50, 99) == (0, 7)


def test_compute_gives_both_views():
    result = compute(ReceptiveFieldSettings(view="network", layer=4, cell=(7, 7)))
    assert result.stack.layer == 2 and result.network.window.name == "Conv3"
