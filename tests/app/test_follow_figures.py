"""A follower sees what the presenter's pane computed in a job its own would wait for: the gradient
check's table, map and revealed bug, the numerical-versus-backprop timings.

The follower's own jobs wait while it follows (heavy jobs), so before this its gradient check said
"starting…" with "…" in every row (the parameter the presenter mapped with `]` never reached it), and
4.4's last step showed "…" where the presenter's screen said how many times longer the numerical
gradient took.
"""
from dataclasses import replace

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.classroom.figures import read as read_figures
from workbench.classroom.position import Position, settings_text
from workbench.course.files import load_course
from workbench.models.catalog import pane
from chapter3_fixtures import kept_network, settle, tiny_data  # noqa: F401 - fixtures
from follow_fixtures import NOWHERE, Published, arrived, as_if_live
from screen_text import screen_lines, until

COURSE = load_course()
CHECK = next(lesson for lesson in COURSE.lessons if lesson.id == "gradient-check")
BUG_ONE = next(i for i, step in enumerate(CHECK.steps) if step.id == "bug-one")


def follower():
    return make_app(follow=NOWHERE, lang="en")


async def shown_the_presenters(pilot, shared: Position, kind):
    """The follower's pane of `kind` once it has arrived at `shared` and shows the presenter's figures."""
    app = pilot.app
    as_if_live(app)
    app._presenter_moved(shared)
    await arrived(pilot, app)
    shown = app.screen.query_one(kind)
    await until(pilot, lambda: shown.presenters is not None)
    return shown


async def presenters_check(step: int, *keys: str):
    """What a presenter on `step` of 5.5 shares once its check is done and `keys` chose the parameter
    mapped, and its verdicts."""
    app = make_app(lesson_id=CHECK.id, step=step, presenting=True, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.pane
        await until(pilot, lambda: gradcheck.own.report is not None and not gradcheck.running)
        app.sharing = published = Published()
        await pilot.press(*keys)
        await until(pilot, lambda: not gradcheck.running and gradcheck.map_param in gradcheck.own.maps)
        app.classroom_moved()
        app.sharing = None
        verdicts = {name: check.verdict for name, check in gradcheck.own.report.items()}
        return published.positions[-1], verdicts


async def test_a_follower_shows_the_presenters_check_and_the_parameter_it_maps():
    shared, verdicts = await presenters_check(0, "right_square_bracket")
    mapped = shared.cursor
    assert mapped and shared.figures is not None and shared.figures.map.name == mapped
    app = follower()
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = await shown_the_presenters(pilot, shared, GradcheckPane)
        await until(pilot, lambda: app.following.held)      # asked for as the pane is shown
        assert not gradcheck.jobs              # its own check still waits
        assert gradcheck.map_param == mapped
        assert {name: check.verdict for name, check in gradcheck.figures.report.items()} == verdicts
        await pilot.pause(0.2)
        text = "\n".join(screen_lines(app))
        assert f"|a − n| over {mapped}" in text and "checked on the presenter's computer" in text
        assert "starting…" not in text


async def test_a_follower_who_takes_over_checks_on_its_own():
    shared, _ = await presenters_check(0, "right_square_bracket")
    app = follower()
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = await shown_the_presenters(pilot, shared, GradcheckPane)
        await pilot.press("m")                                         # any key: the student takes over
        await until(pilot, lambda: gradcheck.own.report is not None and not gradcheck.running)
        assert gradcheck.presenters is None and gradcheck.figures is gradcheck.own
        assert "checked on the presenter's computer" not in "\n".join(screen_lines(app))


async def test_a_check_of_other_settings_is_not_shown_as_the_followers():
    """A presenter's check of h = 1e−2 is not this pane's check of h = 1e−4: its numbers are left out."""
    shared, _ = await presenters_check(0, "right_square_bracket")
    app = follower()
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = await shown_the_presenters(pilot, shared, GradcheckPane)
        other = dict(shared.settings) | {"h": "0.01"}
        gradcheck.show_presenters_figures(shared.figures, other)
        assert gradcheck.presenters is None


async def test_the_bug_the_presenter_revealed_is_revealed_to_its_followers():
    """5.5's hidden bugs: the presenter answers, the bug's name shows on the projector; its followers'
    screens still asked "Which one, and where?"."""
    settings = settings_text(pane("gradcheck").parse([], CHECK.steps[BUG_ONE].pane_settings))
    wanted = Position(CHECK.id, BUG_ONE, "gradcheck", settings, cursor="revealed")
    app = follower()
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(replace(wanted, cursor=""))
        await arrived(pilot, app)
        gradcheck = app.screen.query_one(GradcheckPane)
        assert not gradcheck.revealed
        app._presenter_moved(wanted)
        await arrived(pilot, app)
        assert gradcheck.revealed
        await pilot.pause(0.2)
        assert "(relu-mask-inverted)" in str(gradcheck.query_one("#gc-bug").render())
        app._presenter_moved(replace(wanted, cursor="W9 revealed"))      # no W9 in this network: nothing moves
        await arrived(pilot, app)
        assert gradcheck.revealed and gradcheck.map_param is None


async def test_a_presenters_revealed_bug_and_mapped_parameter_are_its_cursor():
    app = make_app(lesson_id=CHECK.id, step=BUG_ONE, presenting=True, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.pane
        await until(pilot, lambda: gradcheck.own.report is not None and not gradcheck.running)
        app.sharing = published = Published()
        gradcheck.answered(("Relu2", "relu-mask-inverted"))
        await until(pilot, lambda: published.positions and published.positions[-1].cursor == "revealed")
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: published.positions[-1].cursor.startswith(gradcheck.map_param + " "))
        assert published.positions[-1].cursor.endswith(" revealed")
        app.sharing = None


async def test_a_follower_shows_the_presenters_timings_of_numerical_and_backprop():
    from workbench.app.panes.numerical_vs_backprop import NumericalVsBackpropPane

    settings = pane("numerical-vs-backprop").parse(["hidden_size=2", "batch_size=1"])
    presenter = make_app(pane=("numerical-vs-backprop", settings), presenting=True, lang="en")
    async with presenter.run_test(size=(80, 24)) as pilot:
        measured = presenter.screen.query_one(NumericalVsBackpropPane)
        await until(pilot, lambda: measured.run is not None)
        shared = presenter.shared_position()
        ratio = round(measured.run.ratio)
    assert shared.figures is not None and shared.figures.numerical is not None
    app = follower()
    async with app.run_test(size=(80, 24)) as pilot:
        nvb = await shown_the_presenters(pilot, shared, NumericalVsBackpropPane)
        # its own measurement waits (asked for as the pane is shown: after the presenter's figures, now
        # that a follower catches up as they arrive)
        await until(pilot, lambda: app.following.held)
        assert not nvb.jobs
        await pilot.pause(0.2)
        text = "\n".join(screen_lines(app))
        assert f"numerical took {ratio:,}× as long" in text and "measured on the presenter's computer" in text
        assert "this computer" not in " ".join(text.split())
        await pilot.press("x")                                          # the student takes over
        await until(pilot, lambda: nvb.presenters is None and "measure" in nvb.jobs)


async def test_a_follower_shows_the_presenters_layer_timings_and_times_its_own_once_it_takes_over():
    """8.2's "Making it fast": before, every follower's pane stayed empty while the presenter's was timed."""
    from workbench.app.panes.layer_times import LayerTimesPane, milliseconds

    settings = pane("layer-times").parse(["batch=1"])
    presenter = make_app(pane=("layer-times", settings), presenting=True, lang="en")
    async with presenter.run_test(size=(80, 24)) as pilot:
        timed = presenter.screen.query_one(LayerTimesPane)
        await until(pilot, lambda: timed.times is not None)
        shared = presenter.shared_position()
        times = timed.times
    assert shared.figures.to_json()["kind"] == "layer-times"
    app = follower()
    async with app.run_test(size=(80, 40)) as pilot:
        shown = await shown_the_presenters(pilot, shared, LayerTimesPane)
        await until(pilot, lambda: app.following.held)      # asked for as the pane is shown
        assert not shown.jobs                    # its own timing waits
        assert shown.presenters == times                                # each layer's kind its own network's
        await pilot.pause(0.2)
        text = "\n".join(screen_lines(app))
        assert "measured on the presenter's computer" in text and "this computer" not in " ".join(text.split())
        assert milliseconds(times.total) in text and all(layer.name in text for layer in times.layers[:3])
        await pilot.press("x")                                          # the student takes over
        await until(pilot, lambda: shown.presenters is None and "measure" in shown.jobs)


def test_layer_timings_of_another_network_or_of_no_layers_are_not_shown():
    from workbench.app.panes.layer_times import timings_of
    from workbench.classroom.figures import BadFigures, read
    from workbench.classroom.timings import TimingsSummary
    from workbench.models.layer_times import compute

    plan = compute(pane("layer-times").parse(["batch=1"]))
    mine = TimingsSummary(tuple((name, 0.001) for name, _ in plan.layers), 5, 1)
    assert read(mine.to_json()) == mine and timings_of(plan, mine) is not None
    assert timings_of(plan, replace(mine, layers=mine.layers[:-1])) is None
    for bad in ({"layers": []}, {"layers": [["Conv1", -1.0]]}, {"layers": [["Conv 1", 0.1]]}, {"rounds": -1}):
        try:
            read(mine.to_json() | bad)
        except BadFigures:
            continue
        raise AssertionError(f"{bad} was read")


async def test_a_follower_shows_the_presenters_float16_table_and_measures_its_own_once_it_takes_over(kept_network):
    """8.2's "Fewer bits": before, every follower's table stayed empty while the presenter's was measured."""
    from workbench.app.panes.float16 import Float16Pane

    settings = pane("float16").parse(["images=30"])
    presenter = make_app(pane=("float16", settings), presenting=True, lang="en")
    async with presenter.run_test(size=(80, 24)) as pilot:
        await settle(presenter, pilot)
        measured = presenter.screen.query_one(Float16Pane)
        shared = presenter.shared_position()
        report = measured.report
    assert shared.figures.to_json()["kind"] == "float16"
    app = follower()
    async with app.run_test(size=(80, 40)) as pilot:
        shown = await shown_the_presenters(pilot, shared, Float16Pane)
        await until(pilot, lambda: app.following.held)      # asked for as the pane is shown
        assert shown.presenters == report and shown.report is None   # its own waits
        await pilot.pause(0.2)
        text = "\n".join(screen_lines(app))
        assert "On 30 test images:" in text and "f16 arrays" in text and "measured on the presenter's computer" in text
        await pilot.press("x")                                          # the student takes over
        await until(pilot, lambda: shown.presenters is None and "measure" in shown.jobs)


def test_float16_figures_out_of_range_are_refused():
    from workbench.classroom.figures import BadFigures, read
    from workbench.classroom.rounding import FormFigures, RoundingSummary

    forms = tuple(FormFigures(name, 28, 1, 0.002, (3, 4), 0.5, 0.502) for name in ("float32", "values", "arrays"))
    good = RoundingSummary(30, forms, (45360, 181440, 90720, 0.0005, 8, 2.3e-8, 0, 2.4e-4))
    assert read(good.to_json()) == good
    for bad in ({"images": -1}, {"forms": good.to_json()["forms"][:2]}, {"weights": [1, 2]},
                {"forms": [[*row[:1], 31, *row[2:]] for row in good.to_json()["forms"]]}):
        try:
            read(good.to_json() | bad)
        except BadFigures:
            continue
        raise AssertionError(f"{bad} was read")


async def test_a_follower_shows_the_timing_the_presenter_took_with_m(kept_network):
    """3.4's "Why batches are fast": the presenter's `m` said "12× faster", every follower's pane nothing."""
    from workbench.app.panes.inference import InferencePane
    from workbench.classroom.timings import BatchTimingSummary

    settings = pane("inference").parse(["batch_size=10"])
    presenter = make_app(pane=("inference", settings), presenting=True, lang="en")
    async with presenter.run_test(size=(80, 24)) as pilot:
        await settle(presenter, pilot)
        await pilot.press("m")
        await settle(presenter, pilot)
        shared = presenter.shared_position()
        timing = presenter.screen.query_one(InferencePane).timing
    assert isinstance(shared.figures, BatchTimingSummary) and read_figures(shared.figures.to_json()) == shared.figures
    app = follower()
    async with app.run_test(size=(80, 40)) as pilot:
        as_if_live(app)
        app._presenter_moved(shared)
        await arrived(pilot, app)
        shown = app.screen.query_one(InferencePane)
        await until(pilot, lambda: shown.presenters_timing == timing)
        assert shown.timing is None                                     # nothing timed here
        words = " ".join(str(shown.query_one("#inference-timing").render()).split())
        assert "100 images one at a time:" in words and "10 at a time:" in words
        assert "measured on the presenter's computer" in words
        await pilot.press("x")                                          # the student takes over: their own again
        await until(pilot, lambda: shown.presenters_timing is None)
