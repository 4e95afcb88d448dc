"""What a presenter's pane computed, on the wire: a gradient check and a numerical-versus-backprop
measurement read back as themselves, a follower reads them into its own plan's table, map and timings,
and what is not one is refused with its position."""
import json
import math

import pytest

from test_classroom_channel import post, server, wait_for  # noqa: F401 - the server fixture
from workbench.classroom.channel import Address, Publisher, Subscriber
from workbench.classroom.check import MAX_MAP_COLUMNS, MAX_MAP_ROWS, CheckSummary, rounded_map
from workbench.classroom.figures import BadFigures
from workbench.classroom.position import BadPosition, Position
from workbench.jobs import JobDone
from workbench.models.gradcheck import MAP_COLUMNS, MAP_ROWS, GradcheckRun, compute, error_map, run_check
from workbench.models.gradcheck_settings import GradcheckSettings
from workbench.models.gradcheck_shared import CheckFigures, figures_of, summary
from workbench.models.gradcheck_table import worst_line


def finished(settings: GradcheckSettings, mapped: str | None = None):
    """A check done as the pane's job does it, and its plan: the report and the map of `mapped`."""
    plan = compute(settings)
    report = run_check(plan)
    name = mapped or report.worst or plan.rows[0].name
    run = GradcheckRun(report, error_map(plan, name))
    figures = CheckFigures(dict(report), report, {name: run.map}, ended=JobDone(1, "check", "finished"))
    return plan, figures, name


BROKEN = GradcheckSettings(net="multi-layer", bug="relu-mask-inverted", where=2)


def test_a_check_reads_back_as_itself_and_as_the_presenters_table_and_map():
    plan, figures, name = finished(BROKEN)
    shared = summary(figures, name, running=False)
    assert CheckSummary.from_json(json.loads(json.dumps(shared.to_json()))) == shared
    theirs = figures_of(compute(BROKEN), shared)
    assert {n: (c.max_relative_error, c.mean_relative_error, c.kinks, c.verdict) for n, c in theirs.checks.items()} == \
        {n: (c.max_relative_error, c.mean_relative_error, c.kinks, c.verdict) for n, c in figures.checks.items()}
    assert worst_line(theirs.report) == worst_line(figures.report) and theirs.report.worst == figures.report.worst
    mine, read = figures.maps[name], theirs.maps[name]
    assert read.worst == mine.worst and read.cells == mine.cells and read.scale == mine.scale


def test_a_map_is_sent_to_three_digits_and_keeps_its_largest_cell():
    """1.2351e−5 to three digits is 1.24e−5, above the largest cell, 1.2352e−5: kept below it, the
    follower's map names the same cell as the presenter's, with the same value."""
    sent = rounded_map("W1", 0.5, [[1.2351e-5, 1.2352e-5], [float("nan"), 3.14159e-9]])
    assert sent.values[0][1] == 1.2352e-5 and sent.values[0][0] < 1.2352e-5
    assert sent.values[1] == (None, 3.14e-9)


def test_a_deep_networks_check_is_small_on_the_wire():
    plan, figures, name = finished(GradcheckSettings(net="deep"), mapped="W7")
    wire = json.dumps(summary(figures, name, running=False).to_json())
    assert len(figures.checks) == len(plan.rows) and len(wire) < 12_000, len(wire)


def test_the_maps_limits_are_the_models():
    assert (MAX_MAP_ROWS, MAX_MAP_COLUMNS) == (MAP_ROWS, MAP_COLUMNS)


def test_a_check_of_another_plan_is_not_read_as_this_ones():
    plan, figures, name = finished(BROKEN)
    shared = summary(figures, name, running=False)
    assert figures_of(compute(GradcheckSettings(net="two-layer")), shared) is None          # other parameters
    assert figures_of(compute(GradcheckSettings(net="multi-layer-extend")), shared) is None
    other_cells = CheckSummary.from_json({**shared.to_json(), "map": {**shared.map.to_json(), "values": [[0.1]]}})
    assert figures_of(plan, other_cells) is None
    other_worst = CheckSummary.from_json({**shared.to_json(), "worst": ["W1", [0, 0], 1.0, 2.0, 0.5]})
    assert figures_of(plan, other_worst) is None


def test_a_check_under_way_is_shown_as_under_way():
    plan = compute(BROKEN)
    shared = CheckSummary("running", phase="table", done=40, total=90, param="W2")
    theirs = figures_of(plan, shared)
    assert theirs.report is None and theirs.progress.done == 40 and theirs.progress.info["param"] == "W2"


def test_a_check_reaches_a_follower_with_the_presenters_position(server):  # noqa: F811
    plan, figures, name = finished(BROKEN)
    shared = summary(figures, name, running=False)
    positions = []
    publisher = Publisher(Address(base := server[1]), "key", lambda state: None).start()
    subscriber = Subscriber(Address(base, "tok", "g1"), positions.append, lambda state: None).start()
    try:
        publisher.publish(Position("gradient-check", 6, "gradcheck", (("net", "multi-layer"),), cursor=name,
                                   figures=shared))
        assert wait_for(lambda: positions and positions[-1].figures == shared)
        assert positions[-1].without_run() == Position("gradient-check", 6, "gradcheck", (("net", "multi-layer"),),
                                                       cursor=name)
    finally:
        publisher.close()
        subscriber.close()


GOOD = CheckSummary.from_json({"kind": "gradcheck", "state": "finished", "rows": [["W1", 1e-9, 1e-10, 0, 0, 0.01]], "finished": False,
                               "map": {"name": "W1", "scale": 0.5, "values": [[1e-9, None]]}})


@pytest.mark.parametrize("change", [
    {"state": "exploded"}, {"phase": "everything"}, {"done": -1}, {"total": 2.5}, {"param": "W 1"},
    {"rows": [["W1", float("nan"), 0, 0, 0, 0]]}, {"rows": [["W1", -1.0, 0, 0, 0, 0]]},
    {"rows": [["W1", 1e-9, 1e-10, 0, 0]]}, {"rows": [["../W1", 0, 0, 0, 0, 0]]}, {"rows": [["W1", 0, 0, True, 0, 0]]},
    {"rows": [["W1", 0, 0, 0, 0, 0]] * 65}, {"finished": "yes"}, {"floor": float("inf")},
    {"worst": ["W1", [], 1.0, 1.0, 0.0]}, {"worst": ["W1", [0, -1], 1.0, 1.0, 0.0]}, {"message": "a\nb"},
    {"map": {"name": "W1", "scale": 0.5, "values": [[0.1] * 33]}},
    {"map": {"name": "W1", "scale": 0.5, "values": [[0.1]] * 25}},
    {"map": {"name": "W1", "scale": 0.5, "values": [[0.1, 0.2], [0.1]]}},
    {"map": {"name": "W1", "scale": -1, "values": [[0.1]]}}, {"map": {"name": "W1", "values": [[0.1]]}}])
def test_a_check_that_is_not_one_is_refused_and_with_it_the_position(server, change):  # noqa: F811
    data = {**GOOD.to_json(), **change}
    with pytest.raises(BadFigures):
        CheckSummary.from_json(data)
    position = {"lesson": "gradient-check", "step": 2, "pane": "gradcheck", "settings": [], "figures": data}
    with pytest.raises(BadPosition):
        Position.from_json(position)
    classroom, base = server
    body = json.dumps(position).encode()
    assert post(base + "/classroom/presenter", body) == 400
    assert classroom.presenter.position is None


def test_a_relative_error_that_is_not_a_number_goes_as_none():
    plan, figures, name = finished(GradcheckSettings(net="two-layer"))
    figures.checks["W1"] = type(figures.checks["W1"])((20, 12), 0, math.nan, math.nan, None)
    shared = summary(figures, name, running=False)
    assert shared.rows[0].max_error is None and json.loads(json.dumps(shared.to_json()))["rows"][0][1] is None


# -- the numerical-versus-backprop timings --------------------------------------------------------------

def measured(assignments=("hidden_size=2", "batch_size=1")):
    from workbench.models.catalog import pane
    from workbench.models.numerical_vs_backprop import compute as plan_of, run_comparison
    from workbench.models.numerical_vs_backprop_shared import SpeedFigures

    plan = plan_of(pane("numerical-vs-backprop").parse(list(assignments)))
    run = run_comparison(plan)
    figures = SpeedFigures((run.backprop_seconds, run.backprop_repeats), list(run.params), None, run,
                           JobDone(1, "measure", "finished"), False)
    return plan, figures


def test_a_measurement_reads_back_as_itself_and_as_the_presenters_timings():
    from workbench.classroom.speed import SpeedSummary
    from workbench.models.numerical_vs_backprop_shared import figures_of, summary as speed_summary

    plan, figures = measured()
    shared = speed_summary(figures)
    assert SpeedSummary.from_json(json.loads(json.dumps(shared.to_json()))) == shared
    assert len(json.dumps(shared.to_json())) < 1000
    theirs = figures_of(plan, shared)
    assert theirs.run == figures.run and theirs.run.ratio == figures.run.ratio and not theirs.running
    other, _ = measured(("hidden_size=2", "batch_size=1", "seed=3"))
    assert figures_of(other, shared) is not None                     # the same parameters: the pane checks settings
    renamed = SpeedSummary.from_json({**shared.to_json(), "rows": [["W9", 0.1, 0.0, 0]]})
    assert figures_of(plan, renamed) is None


SPEED = {"kind": "speed", "state": "finished", "backprop": 1e-4, "repeats": 200, "rows": [["W1", 0.5, 1e-10, 0]],
         "numerical": 0.5, "evaluations": 100, "book": [39760, 1e-3, 1e-3]}


@pytest.mark.parametrize("change", [
    {"kind": "speedy"}, {"state": "fast"}, {"backprop": -1.0}, {"backprop": float("nan")}, {"repeats": 1.5},
    {"rows": [["W1", 0.5, 1e-10]]}, {"rows": [["W 1", 0.5, 0, 0]]}, {"rows": [["W1", "0.5", 0, 0]]},
    {"book": [1, 2]}, {"book": [-1, 0.1, 0.1]}, {"numerical": float("inf")}, {"param": "../x"}])
def test_a_measurement_that_is_not_one_is_refused_and_with_it_the_position(server, change):  # noqa: F811
    from workbench.classroom.figures import read

    data = {**SPEED, **change}
    with pytest.raises(BadFigures):
        read(data)
    position = {"lesson": "training-loop", "step": 5, "pane": "numerical-vs-backprop", "settings": [], "figures": data}
    with pytest.raises(BadPosition):
        Position.from_json(position)
    classroom, base = server
    assert post(base + "/classroom/presenter", json.dumps(position).encode()) == 400


TIMED_PANES = ("layer-times", "numerical-vs-backprop", "float16")
"""Panes whose timings a follower shows from the presenter's computer, not its own."""


@pytest.mark.parametrize("lang, here, presenter", [("en", "this computer", "presenter"), ("ko", "이 컴퓨터", "발표자")])
def test_a_lesson_that_times_on_this_computer_says_a_follower_shows_the_presenters(lang, here, presenter):
    """8.2's layer times and 4.4's numerical-versus-backprop timings are the presenter's on a follower (a
    `workbench follow` terminal is another computer): a text that says "this computer" says so too."""
    from workbench.course.files import load_course

    wrong = [f"{lesson.number}/{step.id}" for lesson in load_course(lang=lang).lessons for step in lesson.steps
             if step.pane in TIMED_PANES and here in step.text and presenter not in step.text]
    assert not wrong, wrong
