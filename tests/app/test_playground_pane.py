"""The playground pane through its keys: one epoch at a time and back, live training as a job that
pauses and goes on, the hidden units one by one, the data sets and reset, a lesson step's settings;
snapshots at 80×24 and 120×40 in English and Korean (review new SVGs by eye)."""

import pytest
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.playground import PlaygroundPane
from workbench.app.plotting import Plot
from workbench.course.files import load_course
from workbench.i18n import t
from workbench.models.catalog import pane
from screen_text import until, until_drawn

SIZE = (80, 24)
ENTRY = pane("playground")
SMALL = ("points=40", "batch_size=10", "speed=200")


def opened(*assignments, lang=None):
    app = make_app(pane=("playground", ENTRY.parse(list(assignments))), lang=lang)
    app.animation_level = "none"
    return app


def numbers(app) -> str:
    return str(app.screen.query_one("#pg-numbers", Static).render())


def the_pane(app) -> PlaygroundPane:
    return app.screen.query_one(PlaygroundPane)


async def test_one_epoch_at_a_time_and_back_through_them():
    app = opened(*SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        first = p.map_draws                # the pane base draws the first result once it has mounted
        assert p.training.epoch == 0 and first >= 1
        assert "epoch 0/300" in numbers(app) and "ready: space trains" in numbers(app)
        await pilot.press(".", ".", ".")
        assert p.training.epoch == 3 and "epoch 3/300" in numbers(app) and p.map_draws == first + 3
        await pilot.press(",", ",")
        assert p.training.epoch == 3 and p.view_epoch == 1
        assert "epoch 1/300" in numbers(app) and "an earlier epoch; press . to go to 3" in numbers(app)
        await pilot.press(".")
        assert p.view_epoch == 2
        await pilot.press(".")
        assert p.view_epoch is None and p.training.epoch == 3
        await pilot.press(".")
        assert p.training.epoch == 4


async def test_back_at_epoch_0_does_nothing_and_is_dimmed():
    """`,` at epoch 0 (opened, or after r) has no earlier epoch: it used to say "an earlier epoch: . goes
    to 0". Now the key is dimmed and the run stays at its start."""
    app = opened(*SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        assert p.check_action("step", (-1,)) is None and p.check_action("step", (1,))
        await pilot.press(",")
        assert p.view_epoch is None and "ready: space trains" in numbers(app)
        await pilot.press(".", ",")
        assert p.view_epoch == 0 and "an earlier epoch; press . to go to 1" in numbers(app)
        assert p.check_action("step", (-1,)) is None
        await pilot.press("r", ",")
        assert p.training.epoch == 0 and p.view_epoch is None and "ready: space trains" in numbers(app)


async def test_space_trains_live_as_a_job_pauses_and_goes_on():
    app = opened("points=40", "batch_size=10", "speed=20", "epochs=400")
    async with app.run_test(size=SIZE) as pilot:
        p = the_pane(app)
        await pilot.pause()
        await pilot.press("space")
        assert p.running() and "training" in numbers(app)
        await until(pilot, lambda: p.training.epoch >= 5)
        await pilot.press("space")
        assert not p.running()
        paused_at = p.training.epoch
        await pilot.pause()
        assert p.training.epoch == paused_at and "paused: space goes on" in numbers(app)
        drawn = p.map_draws
        await pilot.press("space")
        await until(pilot, lambda: p.training.epoch >= paused_at + 3 and p.map_draws > drawn)
        assert p.running()
        await pilot.press("space")


async def test_a_run_stops_at_its_epochs_and_space_goes_on_from_there():
    app = opened(*SMALL, "epochs=5")
    async with app.run_test(size=SIZE) as pilot:
        p = the_pane(app)
        await pilot.pause()
        await pilot.press("space")
        await until(pilot, lambda: not p.running())
        assert p.training.epoch == 5 and "done: space goes on" in numbers(app)
        await pilot.press("space")
        await until(pilot, lambda: p.training.epoch == 10 and not p.running())
        await until(pilot, lambda: "epoch 10/10" in numbers(app))    # drawn as the job's last message lands
        assert p.training.epoch == 10 and "done: space goes on" in numbers(app)


async def test_the_hidden_units_one_by_one_then_the_output_again():
    app = opened(*SMALL, "hidden=2, 1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        shown = []
        for _ in range(4):
            await pilot.press("]")
            shown.append(numbers(app).split("\n")[4])
        assert shown == ["map: layer 1, unit 1/2", "map: layer 1, unit 2/2", "map: layer 2, unit 1/1",
                         "map: the output"]
        await pilot.press("[")
        assert p.settings.unit == 3


async def test_fewer_hidden_units_from_the_settings_show_the_output_again():
    app = opened(*SMALL, "hidden=4, 4", "unit=6")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        assert p.edit("hidden", "2") and p.settings.hidden == (2,) and p.settings.unit == 0
        assert not p.edit("hidden", "20") and "0 to 4 layers of 1 to 16 units" in str(p.error)
        assert p.settings.hidden == (2,)


async def test_changing_the_points_or_the_activation_starts_over_and_reset_goes_back():
    app = opened(*SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        await pilot.press(".", ".")
        await pilot.press("2")
        assert p.settings.dataset == "circles" and p.training.epoch == 0
        await pilot.press(".", "a")
        assert p.settings.activation == "relu" and p.training.epoch == 0
        await pilot.press(".", ".", "r")
        assert p.training.epoch == 0
        status = str(app.screen.query_one("#pg-status", Static).render())
        assert status.startswith("circles · 40 points · noise 0.05 · 2–4–4–2 ReLU · SGD lr 0.1")


async def test_a_change_while_training_keeps_training():
    app = opened(*SMALL, "epochs=1000", "speed=20")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        await pilot.press("space")
        await until(pilot, lambda: p.training.epoch >= 2)
        await pilot.press("5")
        assert p.settings.dataset == "linear" and p.running()
        await until(pilot, lambda: p.training.epoch >= 1 and p.training.plan.settings.dataset == "linear")
        await pilot.press("space")
        assert not p.running()


async def test_leaving_the_lesson_step_stops_the_job():
    steps = [step.id for step in load_course().lesson("xor").steps]
    app = make_app(lesson_id="xor", step=steps.index("learned"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        assert (p.settings.dataset, p.settings.hidden, p.settings.activation) == ("xor", (4,), "sigmoid")
        await pilot.press("space")
        await until(pilot, lambda: p.training.epoch >= 1)
        job = p.jobs["train"]
        await pilot.press("left")
        assert job.wait(2) and job.reason == "cancelled"


async def test_a_lesson_step_left_and_come_back_to_finds_the_run_where_it_was():
    """Lesson 4.4: trained on the circles, on to the spirals and back: the circles' run is at its epoch,
    not at 0; the spirals' too, and `r` starts a run again."""
    app = make_app(lesson_id="training-loop", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = the_pane(app)
        await pilot.press(".", ".", ".")
        assert p.settings.dataset == "circles" and p.training.epoch == 3
        loss = p.training.latest.loss
        await pilot.press("right")
        await until(pilot, lambda: p.settings.dataset == "spirals")
        assert p.training.epoch == 0
        await pilot.press(".")
        await pilot.press("left")
        await until(pilot, lambda: p.settings.dataset == "circles")
        assert p.training.epoch == 3 and p.training.latest.loss == loss and "epoch 3/" in numbers(app)
        await pilot.press(".")
        assert p.training.epoch == 4                               # it goes on from there
        await pilot.press("right")
        await until(pilot, lambda: p.settings.dataset == "spirals")
        assert p.training.epoch == 1
        await pilot.press("r")
        assert p.training.epoch == 0


async def test_a_data_set_chosen_again_and_the_language_switched_keep_the_run():
    app = opened(*SMALL)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(".", ".")
        await pilot.press("2")
        assert the_pane(app).training.epoch == 0
        await pilot.press("1")
        assert the_pane(app).settings.dataset == "xor" and the_pane(app).training.epoch == 2
        await app.switch_language("ko")
        await until(pilot, lambda: the_pane(app).training is not None and "에폭" in numbers(app))
        assert the_pane(app).training.epoch == 2


def trained(epochs, unit=0):
    async def run_before(pilot):
        await pilot.pause()
        p = the_pane(pilot.app)
        await until(pilot, lambda: p.training is not None)
        for _ in range(epochs):
            p.training.run_epoch()
        if unit:
            p.apply(unit=unit)
        p.draw()
        await until_drawn(pilot, *[plot for plot in p.query(Plot) if plot.region.area])   # the plots it shows
    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_xor_after_60_epochs(snap_compare, size):
    assert snap_compare(opened(), terminal_size=size, run_before=trained(60))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_in_korean_a_hidden_unit_of_the_circles(snap_compare, size):
    assert snap_compare(opened("dataset=circles", lang="ko"), terminal_size=size, run_before=trained(60, unit=2))


def test_snapshot_in_the_lesson_beside_the_text(snap_compare):
    app = make_app(lesson_id="training-loop", step=0)
    app.animation_level = "none"
    assert snap_compare(app, terminal_size=(80, 24), run_before=trained(100))


async def test_in_a_lesson_n_is_the_next_step_and_shift_n_the_new_seed():
    """n and p step through a lesson (the presenter's clicker too); the playground's new seed is N."""
    from workbench.app.app import make_app

    app = make_app(lesson_id="training-loop", step=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(PlaygroundPane)
        seed = pane.settings.seed
        await pilot.press("N")
        await pilot.pause()
        assert pane.settings.seed != seed and app.screen.index == 0
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.index == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_legends_key_hints_are_whole_or_left_out_beside_the_text(lang):
    """At 80×24 beside the lesson text the legend has 38 cells: "] 유닛 · 1–5" was cut after the key."""
    steps = [step.id for step in load_course().lesson("xor").steps]
    app = make_app(lesson_id="xor", step=steps.index("learned"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        legend = app.screen.query_one("#pg-legend", Static)
        await until(pilot, lambda: legend.size.width > 0)
        await pilot.pause()
        shown = str(legend.render()).rstrip()
        hints = [t(f"playground.legend.{key}") for key in ("units", "points", "activation")]
        assert len(shown) <= legend.size.width and "…" not in shown and hints[0] in shown, shown
        assert all(hint in hints for hint in shown.split("  ")[-1].split(" · ")), shown


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_beside_the_text_each_caption_stays_whole_and_where_the_run_is_goes_under_the_map(lang):
    """At 80×24 beside the lesson text the numbers have 14 cells: "map: the output" and "ready: space
    trains" were wrapped a word or two a line; now the map's caption takes its short form and where the
    run is has the whole width under the map."""
    steps = [step.id for step in load_course().lesson("xor").steps]
    app = make_app(lesson_id="xor", step=steps.index("learned"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = the_pane(app)
        beside, under = (app.screen.query_one(i, Static) for i in ("#pg-numbers", "#pg-state"))
        await until(pilot, lambda: beside.size.width > 0 and under.size.width > 0)
        for keys, state in (((), "ready"), (("]",), "ready"), (("space", "space"), "paused"), (("comma",), None)):
            await pilot.press(*keys)
            await pilot.pause()
            assert beside.size.width <= 14 and under.region.y >= p.query_one("#pg-map").region.bottom
            for widget in (beside, under):
                text = widget.render()
                wrapped = text.wrap(widget.size.width)
                assert [line.plain.rstrip() for line in wrapped] == text.plain.split("\n"), text.plain
            assert len(under.render().plain.split("\n")) <= under.size.height
            if state:
                assert under.render().plain == t(f"playground.state.{state}")
        assert under.render().plain == t("playground.state.looking_back", latest=p.training.epoch)
        assert numbers(app).split("\n")[4:] == t("playground.unit.hidden_short", layer=1, unit=1, units=4).split("\n")


@pytest.mark.parametrize("size, marked", [((80, 24), ("loss", "test")), ((120, 40), ("loss", "train", "test"))])
async def test_each_figure_whose_curve_is_drawn_is_marked_as_its_legend(size, marked):
    """The plots had no legend: "watch the curves" left a reader guessing which line was the loss.
    Each figure beside the map whose curve is drawn starts with ━ in the curve's colour."""
    app = make_app(lesson_id="training-loop", step=0)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: "loss" in numbers(app) and app.screen.query_one(PlaygroundPane).size.width)
        await pilot.pause()
        lines = {line.split()[1] if line.startswith("━") else line.split()[0]: line.startswith("━ ")
                 for line in numbers(app).splitlines()[1:4]}
        assert lines == {name: name in marked for name in ("loss", "train", "test")}, numbers(app)
        figures = numbers(app).splitlines()[1:4]     # lined up, marked or not, where the column has room
        assert len({len(line) - len(line.lstrip("━ ")) for line in figures}) == 1, figures
