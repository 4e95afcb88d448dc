"""A follower's comparison pane lists the presenter's runs and fills the grid's cells: the runs' table
(its rows, named in the reader's language) and each run's training accuracy by epoch come with the
position as figures, are read back with the same checks as the rest, and what they do not carry (why a
run ended, in words) is said to be on the presenter's screen.

Before this a follower's runs view showed its own plan, as if nothing had run, and every cell of the
grid but the one the presenter chose was empty.
"""
import json
import math
from dataclasses import replace

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import ComparePane, pct
from workbench.classroom.compare import CELL_POINTS, MAX_RUNS, CompareSummary, cell_epochs
from workbench.classroom.position import BadPosition, Position
from workbench.models.compare import RunResult
from follow_fixtures import NOWHERE, arrived, followed, handed, presenter_publishes, trained
from follow_fixtures import quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import until

TINY_OVERFITTING = ("dataset=synthetic-digits", "train_size=100", "test_size=100", "batch_size=50", "epochs=2",
                    "dropout_epochs=3", "hidden=20,20")
TINY_GRID = ("dataset=synthetic-digits", "train_size=100", "test_size=100", "batch_size=50", "epochs=2")
NAMES = {"en": ("plain", "weight decay 0.1", "dropout 0.2"), "ko": ("처방 없음", "가중치 감소 0.1", "드롭아웃 0.2")}


def table_of(compare: ComparePane) -> str:
    return str(compare.query_one("#compare-table").render()).replace("\xa0", " ")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_follower_lists_the_presenters_runs_in_its_table_in_its_own_words(lang):
    shared, presenter = await presenter_publishes("compare-overfitting", TINY_OVERFITTING, "g", trained, "1")
    assert shared.cursor == "" and isinstance(shared.figures, CompareSummary)
    results = [presenter.results[i] for i in sorted(presenter.results)]
    assert [(row.run, row.test, row.best_epoch) for row in shared.figures.rows] == \
        [(r.run, round(r.final_test_acc, 4), r.best_epoch) for r in results]
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, shared, ComparePane)
        assert compare.view == "runs" and not compare.results and not compare.jobs       # listed, not trained
        table = table_of(compare)
        for row, name in zip(shared.figures.rows, NAMES[lang]):
            assert name in table and pct(row.train) in table and pct(row.test) in table, table
        assert "presenter" not in table and "발표자" not in table        # every run ran to its end
        await pilot.press("x")                                           # the student takes over
        await until(pilot, lambda: compare.presenters_run is None)
        await pilot.pause()
        assert compare.presenters_run is None and compare.shown_results() == {}
        assert table_of(compare) == compare.plan_text(compare.shown_plan()).plain.replace("\xa0", " ")   # its own plan


@pytest.mark.parametrize("lang, said", [("en", ("dropout 0.2: diverged", "why it ended: on the presenter's screen",
                                                "1 runs did not start", "not shared")),
                                        ("ko", ("드롭아웃 0.2: 발산", "끝난 까닭은 발표자의 화면에서", "시작하기 전에",
                                                "공유되지 않았습니다"))])
async def test_a_run_that_ended_early_says_why_is_on_the_presenters_screen_and_missing_figures_say_so(lang, said):
    shared, _ = await presenter_publishes("compare-overfitting", TINY_OVERFITTING, "g", trained, "1")
    rows = shared.figures.rows
    ended = replace(shared.figures, rows=(rows[0], replace(rows[2], end="non-finite")))       # the second never ran
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, replace(shared, figures=ended), ComparePane)
        table = table_of(compare)
        diverged, why, missing, unshared = said
        assert diverged in table and why in table and missing in table, table
        app._presenter_moved(replace(shared, figures=None))            # a presenter whose figures did not read
        await arrived(pilot, app)
        await handed(pilot, app)
        status = str(compare.query_one("#compare-status").render()).replace("\xa0", " ")
        assert unshared in status and compare.shown_results() == {}, status


async def test_a_followers_grid_fills_every_cell_from_the_presenters_runs():
    shared, presenter = await presenter_publishes("compare-batch-norm", TINY_GRID, "g", trained, "3")
    plan = presenter.plan
    assert shared.cursor.startswith("grid") and len(shared.figures.cells) == len(plan.runs) == 32
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, shared, ComparePane)
        assert compare.view == "grid" and not any(compare.accs.values())
        for group in range(plan.groups):
            pair = [i for i, r in enumerate(plan.runs) if r.spec.group == group]
            values, epochs = compare.cell_values(plan, pair, group == compare.shown_cell())
            assert epochs == 2 and values == [[round(a[1], 2) for a in presenter.accs[i]] for i in pair], group
        assert filled_cells(str(compare.query_one("#compare-grid").render())) == [True] * 16
        app._presenter_moved(replace(shared, cursor=""))                # the runs view: the grid's table
        await arrived(pilot, app)
        await handed(pilot, app)
        table = table_of(compare)
        first = presenter.results[0]
        assert f"{pct(first.final_train_acc)}/{pct(first.final_test_acc)}".replace(" %", "") in table.replace(" %", "")


def filled_cells(grid: str) -> list[bool]:
    """Whether each cell of a drawn grid (rows of four braille charts over a line of labels) is other than
    blank (a blank one's last row is its dotted baseline, ⠤⠀⠤⠀…), cell by cell."""
    filled, rows = [], []
    for line in grid.splitlines() + [""]:
        if line and all("⠀" <= c <= "⣿" or c == " " for c in line):
            rows.append(line.split(" "))
        elif rows:
            for k in range(len(rows[0])):
                width = len(rows[0][k])
                blank = ["⠀" * width] * (len(rows) - 1) + ["".join("⠤⠀"[i % 2] for i in range(width))]
                filled.append([row[k] for row in rows] != blank)
            rows = []
    return filled


def result(run: int, name: str, train=0.9, test=0.8, stop=None, warning="") -> RunResult:
    return RunResult(run, name, (), 2, 20, stop, "", train, test, 2, test, 12.345, warning=warning)


def test_a_comparisons_table_reads_back_as_itself_and_is_small_on_the_wire():
    """The worst case: the grid's 32 runs of 1000 epochs, named 40 characters long, in under 8 KB."""
    results = [result(i, f"{'with batch norm, w=0.000123 ' * 2}"[:38] + f"{i:02d}", test=math.nan if i == 3 else 0.8,
                      stop="non-finite" if i == 3 else None, warning="stalled" if i == 4 else "") for i in range(32)]
    accuracies = {i: [(epoch, 0.5 + epoch / 4000, 0.4) for epoch in range(1, 1001)] for i in range(32)}
    summary = CompareSummary.of(32, results, 1000, accuracies)
    assert [row.end for row in summary.rows[2:5]] == ["", "non-finite", "warned"] and summary.rows[3].test is None
    assert len(summary.cells[0]) == CELL_POINTS and summary.cells[0][-1] == 0.75     # epoch 1000 among them
    assert cell_epochs(1000)[0] == 1 and cell_epochs(1000)[-1] == 1000 and cell_epochs(5) == [1, 2, 3, 4, 5]
    wire = json.dumps(Position("batch-norm", 2, "compare-batch-norm", figures=summary).to_json())
    assert len(wire) < 8000, len(wire)
    assert Position.from_json(json.loads(wire)).figures == summary


FIGURES = CompareSummary.of(3, [result(0, "plain"), result(2, "dropout 0.2")], 0).to_json()
ROW = FIGURES["rows"][0]


@pytest.mark.parametrize("change", [
    {"runs": MAX_RUNS + 1}, {"runs": -1}, {"runs": 2.5}, {"rows": [ROW] * 4}, {"rows": "plain"},
    {"rows": [ROW, ROW]}, {"rows": [FIGURES["rows"][1], ROW]}, {"rows": [[3, *ROW[1:]]]}, {"rows": [ROW[:6]]},
    {"rows": [[0, "", *ROW[2:]]]}, {"rows": [[0, "x" * 41, *ROW[2:]]]}, {"rows": [[0, "a\nb", *ROW[2:]]]},
    {"rows": [[0, "plain", 1.5, *ROW[3:]]]}, {"rows": [[0, "plain", float("nan"), *ROW[3:]]]},
    {"rows": [[0, "plain", 0.9, "0.8", *ROW[4:]]]}, {"rows": [[*ROW[:4], -1, *ROW[5:]]]},
    {"rows": [[*ROW[:5], float("inf"), ROW[6]]]}, {"rows": [[*ROW[:6], "exploded"]]},
    {"cells": [[0.5]]}, {"epochs": 2, "cells": [[0.5, 0.6, 0.7]]}, {"epochs": 2, "cells": [[0.5, 1.5]]},
    {"epochs": 2, "cells": [[0.5]] * 4}, {"epochs": 2, "cells": [[float("nan")]]}, {"epochs": 2, "cells": "full"},
    {"epochs": 2, "cells": [["0.5"]]}, {"epochs": True}])
def test_a_comparisons_table_that_is_none_is_refused_and_with_it_the_position(change):
    good = {"lesson": None, "step": 0, "pane": "compare-overfitting", "figures": FIGURES}
    assert Position.from_json(json.loads(json.dumps(good))).figures.rows[1].name == "dropout 0.2"
    assert Position.from_json(good | {"figures": FIGURES | {"epochs": 2, "cells": [[0.5, None], [], [0.1]]}})
    with pytest.raises(BadPosition):
        Position.from_json(good | {"figures": FIGURES | change})


async def test_the_classroom_line_names_the_best_run_as_the_followers_table_does():
    """A Korean follower's line read "최고 시험 정확도 …% (plain)" while its table said 처방 없음."""
    from workbench.app.presenter import ClassroomLine

    shared, _ = await presenter_publishes("compare-overfitting", TINY_OVERFITTING, "g", trained, "1")
    leader = shared.run.leader
    assert leader in NAMES["en"]
    app = make_app(follow=NOWHERE, lang="ko")
    async with app.run_test(size=(100, 24)) as pilot:
        await followed(pilot, shared, ComparePane)
        line = app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        assert f"({NAMES['ko'][NAMES['en'].index(leader)]})" in line and f"({leader})" not in line, line


async def test_a_follower_shows_the_grid_its_presenter_shows_even_of_one_cell():
    """The grid is offered only for more than one weight scale; a follower shows whatever view its
    presenter's cursor names (an older presenter that offered a one-cell grid), and its tabs name it."""
    one_pair = (*TINY_GRID, "grid=false")
    shared, presenter = await presenter_publishes("compare-batch-norm", one_pair, "g", trained)
    assert presenter.view == "curves" and "grid" not in presenter.tabs().plain
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, replace(shared, cursor="grid 0"), ComparePane)
        assert compare.view == "grid" and "grid" in str(compare.query_one("#compare-tabs").render())
        app._presenter_moved(replace(shared, cursor="curves"))
        await arrived(pilot, app)
        await handed(pilot, app)
        assert compare.view == "curves" and "grid" not in str(compare.query_one("#compare-tabs").render())


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_followers_comparison_is_laid_out_again_only_when_a_line_takes_other_rows(lang, monkeypatch):
    """Each position of a presenter training a comparison updated the status, progress, tabs and the
    view's lines, and every update laid the whole screen out again, though they kept their rows (the
    curves view at 80×24 also updated the loss plot's caption it hides). A line that takes other rows
    is still laid out, whole."""
    from textual.screen import Screen

    from workbench.app.widgets.in_place import needs_layout

    shared, _ = await presenter_publishes("compare-overfitting", TINY_OVERFITTING, "g", trained)
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        def at(iteration: int, cursor: str, figures=shared.figures) -> Position:
            run = replace(shared.run, state="running", iteration=iteration, iterations=100)
            return replace(shared, cursor=cursor, run=run, figures=figures)

        compare = await followed(pilot, at(10, ""), ComparePane)
        status = compare.query_one("#compare-status")
        layouts = []
        layout = Screen._refresh_layout
        monkeypatch.setattr(Screen, "_refresh_layout", lambda screen, *a, **k: layouts.append(1) or layout(screen, *a, **k))
        for cursor in ("", "curves"):
            app._presenter_moved(at(11, cursor))
            await arrived(pilot, app)
            await handed(pilot, app)                   # a tick handed it and the app is idle: no fixed wait
            layouts.clear()
            for iteration in (20, 30, 40):
                app._presenter_moved(at(iteration, cursor))
                await arrived(pilot, app)
                await handed(pilot, app)
                assert compare.presenters_run.iteration == iteration
            assert layouts == [], cursor
        rows = status.size.height
        app._presenter_moved(at(50, "curves", figures=None))        # the status says the table is not shared
        await arrived(pilot, app)
        await handed(pilot, app)
        assert layouts and status.size.height > rows and not needs_layout(status)     # as many rows as it takes


def legend_of(compare: ComparePane) -> str:
    return str(compare.query_one("#compare-legend").render()).replace("\xa0", " ")


@pytest.mark.parametrize("older", [False, True])
async def test_a_korean_follower_names_the_presenters_grid_runs_in_its_own_words(older):
    """A Korean follower of an English presenter's batch-norm grid read "with batch norm, w=0.000631" in
    its curves' legend: its own names were taken only for a comparison of one group. Each series now
    says which run of the plan it is; an older presenter's, which do not, are the pair of the cell its
    cursor names (its curves view names none: the presenter's names, as they came)."""
    shared, presenter = await presenter_publishes("compare-batch-norm", TINY_GRID, "g", trained, "3", "comma", "comma")
    pair = [i for i, r in enumerate(presenter.plan.runs) if r.spec.group == 13]
    assert [s.run for s in shared.run.series] == pair and "with batch norm" in shared.run.series[0].name
    run = replace(shared.run, series=tuple(replace(s, run=None) for s in shared.run.series)) if older else shared.run
    app = make_app(follow=NOWHERE, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        compare = await followed(pilot, replace(shared, run=run), ComparePane)
        mine = [compare.shown_plan().runs[i].spec for i in pair]
        assert compare.presenters_names(run) == [spec.name for spec in mine] and "배치 정규화 있음" in mine[0].name
        app._presenter_moved(replace(shared, run=run, cursor="curves"))
        await arrived(pilot, app)
        await until(pilot, lambda: compare.view == "curves" and legend_of(compare).strip())
        legend = legend_of(compare)
        if older:                      # which cell's curves these are is not said: as the presenter named them
            assert "with batch norm" in legend, legend
        else:                          # as the presenter's legend reads: what tells the pair apart (the scale is the cell's)
            assert "배치 정규화 있음" in legend and "없음" in legend and "with" not in legend and "w=" not in legend, legend


async def test_a_korean_followers_line_names_the_presenters_best_grid_run_in_its_own_words():
    """The grid's best run is seldom in the cell its curves show: the follower finds it among the table's rows."""
    from workbench.app.presenter import ClassroomLine

    shared, presenter = await presenter_publishes("compare-batch-norm", TINY_GRID, "g", trained, "3")
    leader = shared.run.leader
    best = next(row.run for row in shared.figures.rows if row.name == leader)
    app = make_app(follow=NOWHERE, lang="ko")
    async with app.run_test(size=(120, 24)) as pilot:
        compare = await followed(pilot, replace(shared, cursor="grid 0" if best > 1 else "grid 15"), ComparePane)
        assert best not in [s.run for s in compare.presenters_run.series]
        mine = compare.shown_plan().runs[best].spec.name
        line = app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        assert f"({mine})" in line and f"({leader})" not in line, line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_followers_status_and_line_say_the_share_done_as_its_progress_bar_does(lang):
    """At 75.7 % the follower's status and classroom line said 75 % beside its progress bar's 76 %."""
    from workbench.app.presenter import ClassroomLine

    shared, _ = await presenter_publishes("compare-overfitting", TINY_OVERFITTING, "g", trained)
    run = replace(shared.run, state="running", iteration=757, iterations=1000)
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(120, 24)) as pilot:
        compare = await followed(pilot, replace(shared, run=run), ComparePane)
        status = str(compare.query_one("#compare-status").render()).replace("\xa0", " ")
        progress = str(compare.query_one("#compare-progress").render()).replace("\xa0", " ")
        line = app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " ")
        assert "76 %" in progress and "76 %" in status and "76 %" in line, (status, progress, line)
        assert "75 %" not in status + line
