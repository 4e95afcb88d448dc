"""The accuracy charts of `workbench compare` and the search's curves when each run has one epoch (a
short `--set iterations=…`, `search --epochs 1`): every curve is one point. Without colour the frame
was drawn without ticks (a frame with no line in it has none) and the marks laid over it a label's
width to the left: a "1" in the frame's corner, another on its bottom edge, no y axis at all."""
from __future__ import annotations

import re

import pytest

from workbench.commands._console import inside, marked_chart
from workbench.models.axes import percent_axis


def one_point_curves(color: bool) -> list[str]:
    accuracies = [12.0, 57.9, 75.0, 83.1]
    axis = percent_axis(accuracies, 11)
    picture, _, _ = marked_chart([(f"run {i}", [1], [value]) for i, value in enumerate(accuracies)],
                                 ["1", "2", "3", "4"], "train accuracy %", "epoch", 79, color,
                                 (axis.low, axis.high, list(axis.ticks), list(axis.labels)))
    if color:
        import plotext

        picture = plotext.uncolorize(picture)
    return picture.splitlines()


@pytest.mark.parametrize("color", [False, True])
def test_a_chart_of_one_epoch_has_its_y_axis_and_its_marks_inside_the_frame(color):
    lines = one_point_curves(color)
    labels = [match.group(1) for line in lines if (match := re.match(r"^\s*(\d+)┤", line))]
    assert labels == ["100", "80", "60", "40", "20", "0"]
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    assert lines[top].lstrip().startswith("┌") and lines[bottom].lstrip().startswith("└")   # corners whole
    marks = []
    for line in lines[top + 1:bottom]:
        start, end = inside(line)
        assert not re.search(r"[1-4]", line[start - 1:start] + line[end:]), line    # nothing on the frame
        marks += re.findall(r"[1-4]", line[start:end])
    assert {"1", "2"} <= set(marks)          # 3 and 4 may share a cell (the key says which lies under)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_compare_stopped_before_any_epoch_draws_no_empty_accuracy_frames(lang):
    """Ctrl+C before the first epoch ended (Fashion-MNIST's 60,000 images: 470 iterations an epoch) left
    two empty frames of accuracy, 36 rows with a key of "--" each; the loss, which has its points, stays."""
    import io
    from types import SimpleNamespace

    from workbench.commands._console import JobConsole
    from workbench.commands.compare import CompareConsole
    from workbench.i18n import set_language, t

    set_language(lang)
    try:
        c = CompareConsole.__new__(CompareConsole)
        c.console = JobConsole(io.StringIO())
        c.console.color = False
        c.plan = SimpleNamespace(groups=1, runs=[SimpleNamespace(spec=SimpleNamespace(name=n)) for n in ("SGD", "Adam")])
        c.losses = {0: [2.3 - 0.01 * i for i in range(30)], 1: [2.3 - 0.02 * i for i in range(30)]}
        c.accs = {0: [], 1: []}
        c.results = {i: SimpleNamespace(final_test_acc=acc) for i, acc in enumerate((0.7, 0.8))}
        picture = c.pictures()
        assert t("compare.plot.loss") in picture
        assert t("compare.plot.train") not in picture and t("compare.plot.test") not in picture
        assert picture.count("┌") == 1
    finally:
        set_language("en")
