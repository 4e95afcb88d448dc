"""`workbench compare`'s curves drawn as the search's are (`marked_chart`): each run marked by its number,
the run of the best test accuracy drawn on top, a key under each chart naming every run by its setting
(SGD, Adam, std 0.01, Xavier), en and ko, with and without colour. Drawn cell by cell in their markers,
a flat line covered the others."""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest

from workbench import cli
from workbench.i18n import cell_len, set_language, t

TINY = ["--set", "dataset=synthetic-digits", "--set", "train_size=200", "--set", "test_size=100",
        "--set", "iterations=12", "--set", "batch_size=50"]


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def key_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if re.match(r"    \d  \S", line)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_chart_has_a_key_naming_each_run_by_its_number(capsys, monkeypatch, lang):
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.main(["--lang", lang, "compare", "optimizers", *TINY]) == 0
    out, _ = capsys.readouterr()
    keys = key_lines(out)
    names = ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert len(keys) == 3 * 4            # the loss, train and test charts
    for chart in range(3):
        assert [line.split()[:2] for line in keys[4 * chart:4 * chart + 4]] == [[str(i + 1), name]
                                                                             for i, name in enumerate(names)]
    assert all(cell_len(line) <= 80 for line in out.split("\n\n", 1)[1].splitlines())    # the charts and the table


def console(color: bool, tests: list[float]):
    """A CompareConsole after its job, of two runs whose curves are the same flat line and a third, the
    second run of the best test accuracy."""
    from workbench.commands._console import JobConsole
    from workbench.commands.compare import CompareConsole

    names = ["SGD", "Adam", "std 0.01"]
    c = CompareConsole.__new__(CompareConsole)
    c.console = JobConsole(io.StringIO())
    c.console.color = color
    c.plan = SimpleNamespace(groups=1, runs=[SimpleNamespace(spec=SimpleNamespace(name=n)) for n in names])
    c.losses = {0: [2.3] * 12, 1: [2.3] * 12, 2: [2.3 - 0.05 * i for i in range(12)]}
    c.accs = {0: [(e, 0.1, 0.1) for e in (1, 2, 3)], 1: [(e, 0.1, 0.1) for e in (1, 2, 3)],
              2: [(1, 0.2, 0.2), (2, 0.4, 0.35), (3, 0.6, 0.5)]}
    c.results = {i: SimpleNamespace(final_test_acc=test) for i, test in enumerate(tests)}
    return c


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_run_of_the_best_test_accuracy_lies_on_top_and_the_key_names_the_hidden_one(lang):
    set_language(lang)
    picture = console(False, [0.1, 0.11, 0.5]).pictures()
    loss = picture.split("\n\n")[0]
    plot = [line[line.find("┤" if "┤" in line else "│") + 1:line.rindex("│")] for line in loss.splitlines()
            if "│" in line[1:]]          # the cells inside the frame
    assert any("2" in cells for cells in plot) and not any("1" in cells for cells in plot)
    assert t("compare.plot.under", name="Adam") in picture      # SGD, alike to Adam, shows nowhere
    assert t("compare.plot.shared", order="3, 2, 1") in picture.replace("\n    ", " ")
    flipped = console(False, [0.2, 0.11, 0.5]).pictures()
    assert t("compare.plot.under", name="SGD") in flipped and t("compare.plot.under", name="Adam") not in flipped


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_in_colour_each_mark_is_in_its_runs_colour(lang):
    import plotext as plt

    from workbench.commands._console import line_color

    set_language(lang)
    picture = console(True, [0.1, 0.11, 0.5]).pictures()
    for i, name in enumerate(["SGD", "Adam", "std 0.01"]):
        assert plt.colorize(str(i + 1), line_color(i)) in picture
        assert any(name in line for line in plt.uncolorize(picture).splitlines() if line.startswith(f"    {i + 1}  "))
