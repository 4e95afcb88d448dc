"""The rule of a scatter's shared cells (models.scatter), without the app."""
from workbench.models.scatter import cell_of, shared_cells


def test_a_value_falls_in_the_cell_whose_centre_is_nearest():
    assert [cell_of(v, (0.0, 10.0), 11) for v in (0.0, 0.49, 0.51, 5.0, 10.0)] == [0, 0, 1, 5, 10]


def test_a_cell_of_two_kinds_is_shared_and_names_the_kind_drawn_on_top():
    others = ([0.0, 0.0, 9.0], [0.0, 0.0, 9.0])          # two of one kind in one cell share nothing
    best = ([0.05, 5.0], [0.05, 5.0])                      # one over the others' first cell, one alone
    assert shared_cells([others, best], (0.0, 10.0), (0.0, 10.0), 11, 11) == [(0.05, 0.05, 1)]
    assert shared_cells([others, ([], [])], (0.0, 10.0), (0.0, 10.0), 11, 11) == []
    assert shared_cells([others, best], (0.0, 10.0), (0.0, 10.0), 0, 0) == []     # not laid out yet
