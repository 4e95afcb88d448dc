"""The gradient-check model without Textual: every network of the pane passes in float64, every bug
fails the rows it should and no others, the settings refuse a bug without a place, and the map."""
import dataclasses

import numpy as np
import pytest

from workbench.models.gradcheck import (MAP_COLUMNS, MAP_ROWS, NETWORKS, GradcheckSettings, check_key,
                                        compute, error_map, layout_of, map_indices, run_check)
from workbench.models.settings import SettingError
from workbench.nn.bugs import BUGS, targets
from workbench.nn.gradient import FAIL, PASS, as_float64
from workbench.nn.kinks import layers_of

QUICK_DEEP = {"samples": 12, "batch": 2}
"""DeepConvNet costs a forward pass per nudge: fewer entries (enough to meet its dead units and
dropped ones, whose gradients are exactly 0) and a smaller batch keep its tests short."""


def checked(**settings):
    if settings.get("net") == "deep":
        settings = {**QUICK_DEEP, **settings}
    plan = compute(GradcheckSettings(**settings))
    return plan, run_check(plan)


@pytest.mark.parametrize("net", NETWORKS)
def test_every_network_passes_clearly(net):
    plan, report = checked(net=net)
    assert report.converted_from == "float32" and plan.dtype == "float32"
    assert list(report) == [row.name for row in plan.rows]
    assert report.verdict == PASS
    assert max(check.max_relative_error for check in report.values()) < 1e-5   # the pass line is 1e-4


def test_the_book_kinks_counted_as_the_book_does_make_deepconvnet_look_broken():
    _, report = checked(net="deep", kinks="count")
    assert report.verdict != PASS
    _, shrunk = checked(net="deep")
    assert shrunk.verdict == PASS and sum(check.kinks for check in shrunk.values()) > 0


def owners(network):
    """Parameter name → position of the layer holding it, and the layers' names in order."""
    layers = list(network.layers.items())
    where = {}
    for position, (_, layer) in enumerate(layers):
        for name, param in network.params.items():
            if any(getattr(layer, attr, None) is param for attr in ("W", "b", "gamma", "beta")):
                where[name] = position
    return where, [name for name, _ in layers]


def zero_gradient(plan):
    """Parameters whose true gradient is 0: the biases of Affine layers that batch norm follows."""
    network = as_float64(plan.network)
    grads = network.gradient(plan.x, plan.t)
    return {name for name, grad in grads.items() if np.abs(grad).max() < 1e-12}


def expected_failures(plan):
    """The rows a bug must fail: its own parameter for dW/db bugs, everything upstream for the rest."""
    bug, network = plan.settings.bug, plan.network
    where, names = owners(network)
    if bug in ("affine-dw-no-transpose", "conv-db-wrong-axis"):
        attr = "W" if bug.startswith("affine") else "b"
        return {name for name, position in where.items() if names[position] == plan.layer and name.startswith(attr)}
    if bug.startswith("softmax"):
        position = len(names)
    else:
        position = names.index(plan.layer)
    return {name for name, p in where.items() if p < position} - zero_gradient(plan)


def cases():
    """(network, bug, where) for every bug with a place: in the first and the last layer of its kind."""
    for net, recipe in NETWORKS.items():
        network = recipe.build(np.random.default_rng(0))
        for bug in BUGS:
            count = len(targets(network, bug))
            for where in sorted({1, count}) if count else ():
                yield net, bug, where


CASES = list(cases())


@pytest.mark.parametrize("net, bug, where", CASES)
def test_a_bug_fails_exactly_the_rows_it_should(net, bug, where):
    plan, report = checked(net=net, bug=bug, where=where)
    expected = expected_failures(plan)
    assert expected, "every bug must show somewhere"
    assert {name for name, check in report.items() if check.verdict == FAIL} == expected
    assert {name for name, check in report.items() if check.verdict != FAIL} == set(report) - expected
    for name in set(report) - expected:
        assert report[name].verdict == PASS, name
    for name in expected:
        assert report[name].max_relative_error > 0.1, name     # clearly: not a borderline number


@pytest.mark.parametrize("net", ["two-layer", "multi-layer", "simple"])
def test_a_forward_difference_warns_at_the_books_h_and_fails_at_a_larger_one(net):
    _, central = checked(net=net)
    _, forward = checked(net=net, bug="forward-difference")
    assert forward.verdict != PASS
    for name in central:
        assert forward[name].mean_relative_error > 10 * central[name].mean_relative_error, name
    _, central = checked(net=net, h=1e-2)
    _, forward = checked(net=net, bug="forward-difference", h=1e-2)
    assert central.verdict != FAIL and forward.verdict == FAIL


def test_the_map_covers_a_parameter_with_one_entry_per_block():
    plan = compute(GradcheckSettings(net="simple", bug="conv-db-wrong-axis"))
    emap = error_map(plan, "b1")
    assert emap.layout == (1, 10) and emap.cells == (1, 10) and emap.check.checked == 10
    assert np.all(emap.values > 1e-3)                  # every entry of db is wrong
    plan = compute(GradcheckSettings(net="simple", bug="pool-wrong-element"))
    emap = error_map(plan, "W2")
    assert layout_of((250, 10)) == (250, 10) and emap.cells == (MAP_ROWS, 10)
    assert np.nanmax(emap.values) < 1e-6 * emap.scale   # W2 sits after the pooling: it is right


def test_map_indices_fall_in_their_block():
    rows, columns, indices = map_indices((64, 64, 3, 3), np.random.default_rng(0))
    assert len(rows) == MAP_ROWS + 1 and len(columns) == MAP_COLUMNS + 1
    assert len(indices) == MAP_ROWS * MAP_COLUMNS and len(set(indices)) == len(indices)
    flat = [np.ravel_multi_index(i, (64, 64, 3, 3)) for i in indices]
    r, c = np.divmod(flat, 64 * 9)
    assert np.all((r[:MAP_COLUMNS] >= rows[0]) & (r[:MAP_COLUMNS] < rows[1]))
    assert np.all(np.diff(c[:MAP_COLUMNS]) > 0)


def test_a_bug_without_a_place_is_refused_by_the_settings():
    with pytest.raises(SettingError, match="the two-layer network has no Pooling layer") as error:
        compute(GradcheckSettings(bug="pool-wrong-element"))
    assert error.value.key == "bug"
    with pytest.raises(SettingError, match=r"where must be 1 to 2: .* \(Affine1, Affine2\), got 3") as error:
        compute(GradcheckSettings(bug="affine-dw-no-transpose", where=3))
    assert error.value.key == "where"


def test_what_is_shown_does_not_change_the_check():
    s = GradcheckSettings(bug="relu-mask-inverted")
    assert check_key(s) == check_key(dataclasses.replace(s, hide_bug=True, view="map"))
    assert check_key(s) != check_key(dataclasses.replace(s, seed=1))


def test_compute_builds_the_same_network_and_inputs_for_a_seed():
    a, b = compute(GradcheckSettings(seed=3)), compute(GradcheckSettings(seed=3))
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.network.params["W1"], b.network.params["W1"])
    assert a.x.shape == (4, 20) and a.x.min() >= 0 and a.x.max() < 1 and a.t.shape == (4,)
    assert not any(isinstance(layer, type(None)) for layer in layers_of(a.network))


def test_where_past_the_layers_counts_them_in_words():
    from workbench.models.catalog import pane
    from workbench.models.gradcheck import compute
    from workbench.models.settings import SettingError

    with pytest.raises(SettingError, match=r"where must be 1: the two-layer network has one ReLU layer \(Relu1\), got 3"):
        compute(pane("gradcheck").parse(["net=two-layer", "bug=relu-mask-inverted", "where=3"]))
    with pytest.raises(SettingError, match=r"where must be 1 to 2: the simple network has 2 ReLU layers"):
        compute(pane("gradcheck").parse(["net=simple", "bug=relu-mask-inverted", "where=5"]))


def test_the_checked_column_groups_its_counts_wide_and_compact():
    """"30 of 2500" and "30/18432" stood where 7.5's text writes 2,500."""
    from workbench.models.gradcheck import ParamRow
    from workbench.models.gradcheck_table import checked_text

    assert checked_text(ParamRow("W2", (250, 10), 2_500, 30), compact=False) == "30 of 2,500"
    assert checked_text(ParamRow("W2", (250, 10), 2_500, 30), compact=True) == "30/2,500"
    assert checked_text(ParamRow("W3", (64, 32, 3, 3), 18_432, 30), compact=True) == "30/18,432"
    assert checked_text(ParamRow("b1", (1_200,), 1_200, 1_200), compact=False) == "1,200"
