"""The hidden batches the im2col pane checks the learner's im2col and col2im on (impl = mine): they tell
every order of col's rows and columns apart, and a wrong order is named as the grader names it."""
from dataclasses import replace

import numpy as np
import pytest

from workbench.models.im2col import Im2colSettings, sizes_of
from workbench.exercises.runner import pack
from workbench.models.im2col_mine import col2im_slip, hidden_cases, im2col_slip, missed, own_shape
from workbench.nn.im2col import conv_output_size


@pytest.mark.parametrize("window", [(3, 3, 1, 0), (2, 2, 2, 0), (3, 3, 1, 1), (5, 5, 1, 0), (1, 3, 2, 2), (4, 2, 2, 3)])
def test_the_panes_window_gets_a_batch_of_two_images_of_two_channels_higher_or_wider(window):
    FH, FW, S, P = window
    N, C, H, W = own_shape(FH, FW, S, P)
    assert (N, C) == (2, 2) and H != W and H >= 1 and W >= 1
    OH, OW = conv_output_size(H, FH, S, P), conv_output_size(W, FW, S, P)
    assert OH >= 2 and OW != OH and (H + 2 * P - FH) % S == 0 and (W + 2 * P - FW) % S == 0


def learner_col2im(col, shape, fh, fw, stride, pad, columns="cyx", rows="nyx", add=True):
    """col2im reading each row of col as `columns` and the rows as `rows` (the book's: "cyx", "nyx")."""
    N, C, H, W = shape
    oh, ow = (H + 2 * pad - fh) // stride + 1, (W + 2 * pad - fw) // stride + 1
    size = {"n": N, "y": oh, "x": ow, "c": C, "h": fh, "w": fw}
    row_axes = rows
    col_axes = columns.replace("y", "h").replace("x", "w")
    six = col.reshape(*(size[a] for a in row_axes), *(size[a] for a in col_axes))
    axes = row_axes + col_axes
    six = six.transpose(*(axes.index(a) for a in "nchwyx"))
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1))
    for y in range(fh):
        for x in range(fw):
            if add:
                img[:, :, y:y + stride * oh:stride, x:x + stride * ow:stride] += six[:, :, y, x, :, :]
            else:
                img[:, :, y:y + stride * oh:stride, x:x + stride * ow:stride] = six[:, :, y, x, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


def cases():
    s = Im2colSettings()
    return hidden_cases(s, sizes_of(s))


@pytest.mark.parametrize("columns, rows, slip", [("yxc", "nyx", "col2im_col_order"), ("cxy", "nyx", "col2im_col_order"),
                                                 ("cyx", "nxy", "col2im_row_order"), ("cyx", "ynx", "col2im_row_order")])
def test_a_col2im_reading_col_in_another_order_is_named(columns, rows, slip):
    found = None
    for case in cases():
        got = learner_col2im(case.dcol, case.x.shape, case.FH, case.FW, case.S, case.P, columns, rows)
        if not np.allclose(got, case.dx):
            found = col2im_slip(got, case)
            break
    assert found == (f"im2col.mine.slip.{slip}", {})


def test_the_books_col2im_and_im2col_miss_nothing():
    from workbench.nn.im2col import im2col

    found = cases()
    got = [{"col": {"array": pack(im2col(c.x, c.FH, c.FW, c.S, c.P))},
            "dx": {"array": pack(learner_col2im(c.dcol, c.x.shape, c.FH, c.FW, c.S, c.P))}} for c in found]
    assert missed(found, got) == {}


def test_im2col_with_channels_last_in_each_row_is_the_graders_column_order():
    case = cases()[0]
    N, C, H, W = case.x.shape
    cols = case.col.reshape(-1, C, case.FH * case.FW).transpose(0, 2, 1).reshape(case.col.shape)
    assert im2col_slip(cols, case.col) == ("im2col.mine.slip.col_order", {})


def test_the_panes_own_case_has_the_panes_values_on_its_shape():
    s = Im2colSettings(values="random", seed=3)
    own = hidden_cases(s, sizes_of(s))[0]
    from workbench.models.im2col import input_values

    shape = own.x.shape
    assert own.own and np.array_equal(own.x, input_values(replace(s, input=shape, filter=(1, 2, 3, 3))))


def test_a_col2im_that_assigns_is_told_to_add_where_windows_overlap():
    """The pane's 2 × 2 pooling, stride 2, has no overlap to show it; a hidden case of the book's has."""
    s = Im2colSettings(layer="pool", stride=2)
    found = hidden_cases(s, sizes_of(s))
    got = [{"dx": {"array": pack(learner_col2im(c.dcol, c.x.shape, c.FH, c.FW, c.S, c.P, add=False))}} for c in found]
    miss = missed(found, got)["dx"]
    assert miss.hint == ("exercises.hint.overlap", {}) and not miss.case.own


def test_the_input_that_shows_the_entry_is_offered_only_where_the_pane_can_draw_it():
    from workbench.models.im2col_mine import Hidden, shown_by

    for s, expected in ((Im2colSettings(), "2, 2, 4, 5"), (Im2colSettings(filter=(1, 1, 5, 5), input=(1, 1, 5, 5)), None)):
        found = hidden_cases(s, sizes_of(s))
        assert shown_by(s, Hidden("col", found[0], None)) == expected     # 2 · 5 · 5 = 50 columns: more than drawn
        assert shown_by(s, Hidden("col", found[1], None)) is None         # the book's cases: not the pane's window
        assert shown_by(s, Hidden("dx", found[0], None)) is None
