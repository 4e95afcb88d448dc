"""The training pane through its keys, on tiny seeded runs of the synthetic digits: start and see the
curves get points, pause (no new points), resume, stop, the summary, the confusion matrix and the
filters; divergence; save then load; snapshots before and after a run (review new SVGs by eye).

Each test waits for the run to end before it asserts: a CPU-bound thread stalls Pilot (STYLE §5)."""
import re

import numpy as np
import pytest
from textual.widgets import Input, Static

from workbench.app.app import make_app
from workbench.app.widgets.digit_canvas import DigitCanvas
from workbench.app.panes.train import TrainPane
from workbench.models.catalog import pane
from workbench.models.train import default_save_path
from workbench.i18n.numbers import significant
from workbench.app.plotting import Plot
from screen_text import HELD, pause_settled, screen_lines, until, until_drawn, widget_text as text

SIZE = (80, 24)
ENTRY = pane("train")
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20", "epochs=2")


def without_mnist(monkeypatch) -> None:
    """MNIST is nowhere on this computer: the training pane falls back to the synthetic digits."""
    import workbench.models.train as model
    from workbench.datasets import DatasetError

    real = model.load_dataset

    def missing(name, **kwargs):
        if name != "synthetic-digits":
            raise DatasetError("MNIST is not on this computer")
        return real(name, **kwargs)
    monkeypatch.setattr(model, "places", lambda info, data_dir=None: [])
    monkeypatch.setattr(model, "load_dataset", missing)


def plain(shown: str) -> str:
    """`shown` with its no-break spaces (a phrase kept on one row) as plain ones."""
    return shown.replace("\u00a0", " ")


def opened(*assignments):
    return make_app(pane=("train", ENTRY.parse([*TINY, *assignments])))


async def train_until(pilot, p, records: int) -> None:
    """Start the run (a long one) and let it get `records` epoch records."""
    await pilot.press("g")
    await until(pilot, lambda: len(p.records) >= records)


async def stop_run(pilot, p) -> None:
    await pilot.press("x")
    await until(pilot, lambda: p.state == "done")


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


async def test_a_run_draws_its_curves_and_ends_with_results_and_filters():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        assert "SimpleConvNet" in text(app, "#train-plan") and not p.losses
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert len(p.losses) == 20 and [r.epoch for r in p.records] == [0, 1, 2]
        assert p.view == "curves" and p.query_one("#train-loss").builds >= 1
        assert "epoch 2: loss" in plain(text(app, "#train-epoch-text"))
        assert text(app, "#train-status").startswith("Done: test accuracy")
        await pilot.press("3")
        assert "t\\p" in text(app, "#train-confusion") and "most confused" in text(app, "#train-pairs")
        assert "test images wrong" in text(app, "#train-misclassified")
        await pilot.press("4")
        assert "filters after epoch 2" in text(app, "#train-filters") and "before training" in text(app, "#train-filters")
        assert "on test image 0" in text(app, "#train-filters")
        await pilot.press("less_than_sign", "less_than_sign")    # back to before training
        assert p.shown_record().epoch == 0 and "(before training)" in plain(text(app, "#train-scrubber-filters"))
        await pilot.press("greater_than_sign")
        assert p.shown_record().epoch == 1
        await pilot.press("right_square_bracket")
        assert "test image 1" in text(app, "#train-filters")
        await pilot.press("3")                                   # results of epoch 1, then 2, then 1 again:
        drawn = p.query_one("#train-confusion", Static).visual   # drawn once, kept for the next visit
        await pilot.press("full_stop")
        assert p.shown_record().epoch == 2 and p.query_one("#train-confusion", Static).visual is not drawn
        assert "epoch 2/2" in text(app, "#train-scrubber-results")
        await pilot.press("comma")
        assert p.query_one("#train-confusion", Static).visual is drawn
        assert "epoch 1/2" in text(app, "#train-scrubber-results")


async def test_the_epoch_line_gives_the_mean_loss_of_that_epochs_steps_with_or_without_a_progress_report():
    """A run shorter than the job runner's 0.25 s between reports gets no report with the epoch's length (its
    steps come with the final event): the line then gave the loss of one step, not the epoch's mean."""
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        expected = f"epoch 2: loss {significant(np.mean(p.losses[10:20]))},"
        assert expected in plain(text(app, "#train-epoch-text"))
        p.progress = {}
        assert expected in plain(p.epoch_text())


async def test_pause_holds_the_curve_resume_goes_on_and_stop_keeps_the_results():
    app = opened("epochs=1000")        # 10,000 steps: far more than the test waits for
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: len(p.losses) >= 5)
        await pause_settled(pilot, p)
        assert p.state == "paused" and p.jobs["run"].paused
        held = len(p.losses)
        await pilot.pause(HELD)
        assert len(p.losses) == held and "Paused" in text(app, "#train-status")
        keys = str(app.screen.query_one("KeyBar").render())
        assert "Resume" in keys and "Pause" not in keys          # space's label says what it does now
        await pilot.press("space")
        await until(pilot, lambda: len(p.losses) > held)
        keys = str(app.screen.query_one("KeyBar").render())
        assert "Pause" in keys and "Resume" not in keys
        await pilot.press("x")
        await until(pilot, lambda: p.state == "done")
        assert p.stop.reason == "stopped" and len(p.losses) < 10000
        assert text(app, "#train-status").startswith("Stopped: test accuracy")


async def test_a_huge_learning_rate_stops_with_an_explanation_and_keeps_the_curve():
    app = opened("net=multi-layer", "optimizer=sgd", "lr=10")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        status = text(app, "#train-status")
        assert p.stop.reason == "non-finite" and "What happened" in status and "What to try" in status
        assert p.losses and all(np.isfinite(p.losses))


@pytest.mark.parametrize("lang, happened, to_try", [
    ("en", "What happened: Training stopped at iteration", "What to try: Lower the learning rate (try 1)"),
    ("ko", "무슨 일: ", "해 볼 것: 학습률을 낮춰(1 정도) 다시 시작하세요.")], ids=["en", "ko"])
async def test_a_stop_is_said_in_the_readers_language_and_all_of_it_shows(lang, happened, to_try):
    """The trainer's English ("training stopped at iteration 4: the loss became inf; …") stood under
    무슨 일 and 해 볼 것; and at most 4 rows of it showed, cutting what to try off a longer diagnosis."""
    app = make_app(pane=("train", ENTRY.parse([*TINY, "net=multi-layer", "optimizer=sgd", "lr=10"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        status = plain(text(app, "#train-status"))
        assert p.stop.code == "learning-rate" and status.startswith(happened) and to_try in status
        if lang == "ko":
            assert not re.search(r"\b(the|training|stopped|learning|rate)\b", status), status
        shown = "\n".join(screen_lines(app))
        assert plain(to_try.split(": ")[1]).split("(")[0] in plain(shown)      # on screen, not cut off


@pytest.mark.parametrize("lang, cause, unfold, to_try", [
    ("en", "Stopped: The loss had risen from", "i: what happened and what to try", "What to try: Lower the learning"),
    ("ko", "멈춤: 손실이", "i: 무슨 일이고 무엇을 해 볼지", "해 볼 것: 학습률을 낮춰")], ids=["en", "ko"])
async def test_beside_a_lessons_text_a_stop_is_folded_to_its_cause_and_the_loss_curve_keeps_its_rows(
        lang, cause, unfold, to_try):
    """37 cells beside the text: what went wrong took a dozen rows, six of them shown above the curves,
    and squeezed the loss plot to one row. Folded to its cause, the curve keeps its rows; `i` shows
    the whole explanation in place of the views, and again the views."""
    app = make_app(lesson_id="training-loop", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(TrainPane)
        assert p.apply(net="multi-layer", optimizer="sgd", lr=10.0, dataset="synthetic-digits", train_size=200,
                       test_size=100, batch_size=20, epochs=2)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("t")                                     # the text back beside the pane
        await pilot.pause()
        status = plain(text(app, "#train-status"))
        assert p.size.width < 45 and p.has_class("-went-wrong") and p.stop.code == "learning-rate"
        assert status.startswith(cause) and status.endswith(unfold) and to_try not in status, status
        assert "10" in status and p.query_one("#train-status-box").size.height <= 4
        assert p.query_one("#train-loss").size.height >= 5            # it was 1
        await pilot.press("i")
        await pilot.pause()
        shown = plain("\n".join(screen_lines(app)))
        assert p.has_class("-explaining") and not p.query_one("#train-views").display
        assert to_try in shown and not p.query_one("#train-status-box").more_below
        await pilot.press("i")
        await pilot.pause()
        assert not p.has_class("-explaining") and p.query_one("#train-loss").size.height >= 5
        await pilot.press("i")
        await pilot.press("t")                                     # the text folded away: room for all of it
        await pilot.pause()
        assert to_try in plain(text(app, "#train-status")) and p.query_one("#train-views").display
        await pilot.press("t")                                     # and back: folded again, the curves shown
        await pilot.pause()
        assert not p.has_class("-explaining") and p.query_one("#train-loss").size.height >= 5


async def test_save_then_load_shows_the_saved_network_again():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("l")
        assert "Nothing saved" in text(app, "#train-status")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        trained = p.records[-1]
        await pilot.press("w")
        path = default_save_path(p.settings, "synthetic-digits")
        assert path.is_file() and "Saved the parameters of epoch 2 to" in text(app, "#train-status")
        await pilot.press("l")
        await until(pilot, lambda: p.state == "done" and p.records and p.records[0].epoch == 0 and not p.losses)
        np.testing.assert_array_equal(p.records[0].predictions, trained.predictions)
        status = text(app, "#train-status")
        assert "with the parameters of epoch 2" in status and "Loaded the parameters of epoch 2" in status
        assert "after 0 epochs" not in status
        await pilot.press("4")                                    # the loaded filters, and a map through them
        shown = text(app, "#train-filters")
        assert "filters as loaded" in shown and "after epoch 2)" in shown and "before training" not in shown
        assert "on test image 0" in shown and "ReLU" in shown
        await pilot.press("g")                                    # goes on from the loaded parameters
        await until(pilot, lambda: p.state == "done" and p.losses)
        assert p.training.loaded == str(path)
        np.testing.assert_array_equal(p.records[0].predictions, trained.predictions)
        await pilot.press("w")
        assert "Saved the parameters of epoch 4 to" in text(app, "#train-status")   # 2 loaded + 2 more
        path.write_bytes(b"not a parameter file")
        await pilot.press("l")
        await until(pilot, lambda: p.state != "loading")
        assert "damaged" in text(app, "#train-status")


async def test_w_while_moved_back_to_an_earlier_epoch_saves_that_epochs_parameters_and_says_so():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("3", "comma")                           # the results of epoch 1
        assert p.shown_record().epoch == 1 and "w saves these" in plain(text(app, "#train-scrubber-results"))
        first = p.shown_record()
        await pilot.press("w")
        assert "Saved the parameters of epoch 1 to" in text(app, "#train-status")
        await pilot.press("l")
        await until(pilot, lambda: p.state == "done" and not p.losses and p.records)
        np.testing.assert_array_equal(p.records[0].predictions, first.predictions)
        assert "with the parameters of epoch 1" in text(app, "#train-status")


async def test_a_setting_the_pane_refuses_is_marked_and_keeps_the_last_good_plan():
    app = opened()
    async with app.run_test(size=SIZE):
        p = app.screen.query_one(TrainPane)
        assert not p.apply(batch_size=500)
        assert p.error.key == "batch_size" and p.settings.batch_size == 20


def still(app):
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_before_a_run(snap_compare, size):
    assert snap_compare(still(opened()), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_after_a_seeded_run(snap_compare, size):
    async def run(pilot):
        p = pilot.app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("3")
        await until_drawn(pilot, *(plot for plot in p.query(Plot) if plot.region.area))
    assert snap_compare(still(opened("train_size=600", "epochs=3")), terminal_size=size, run_before=run)


async def test_the_canvas_is_classified_by_the_trained_network_and_cleared():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("5")
        assert "Train a network (g)" in text(app, "#train-draw")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("5")
        assert "Draw a digit" in text(app, "#train-draw")
        canvas = app.screen.query_one(DigitCanvas)
        canvas.load(p.data.x_test[0, 0])
        await until(pilot, lambda: "%" in text(app, "#train-draw"))
        bars = text(app, "#train-draw")
        assert "after epoch 2" in bars and bars.count("%") == 10
        await pilot.press("c")
        await until(pilot, lambda: "Draw a digit" in text(app, "#train-draw"))
        await pilot.press("e", "space", "right", "right", "down", "down", "escape")
        await until(pilot, lambda: "%" in text(app, "#train-draw"))
        assert not canvas.is_blank


async def test_the_key_bar_names_e_and_c_in_the_draw_view_and_only_there():
    """The draw view's own keys (e draw, c clear) were missing from the bar when 5 opened the view, and
    stayed in it, doing nothing, once another view was opened: the bar was not told the view changed."""
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        def bar() -> str:
            return screen_lines(app)[-1]

        await pilot.press("5")
        await until(pilot, lambda: "e Draw" in bar() and "c Clear" in bar(), seconds=10)
        await pilot.press("2")
        await until(pilot, lambda: "e Draw" not in bar() and "c Clear" not in bar(), seconds=10)


async def test_a_missing_data_set_offers_the_download_and_says_when_it_fails(monkeypatch):
    import workbench.datasets
    import workbench.models.train as model
    from workbench.datasets import DatasetError

    def no_network(name, *, download=False, progress=None, **kwargs):
        progress(1000, 4000, "train-images-idx3-ubyte.gz")
        raise DatasetError("could not download train-images-idx3-ubyte.gz:\n  (no network)")
    monkeypatch.setattr(model, "places", lambda info, data_dir=None: [])       # MNIST is nowhere
    monkeypatch.setattr(workbench.datasets, "load_dataset", no_network)
    app = make_app(pane=("train", ENTRY.parse(["dataset=mnist", "train_size=200", "batch_size=20"])))
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        assert "MNIST is not on this computer: d downloads it" in text(app, "#train-plan")
        await pilot.press("d")
        await until(pilot, lambda: "Download failed" in text(app, "#train-status"))
        assert "could not download train-images-idx3-ubyte.gz:" in text(app, "#train-status")
        assert p.download_progress is None


@pytest.mark.parametrize("lang, said", [("en", "MNIST's training images are not on this computer, only its test split"),
                                        ("ko", "MNIST: 이 컴퓨터에는 시험 데이터만 있고 훈련 이미지는 없습니다")])
async def test_the_plan_says_when_only_the_test_split_is_here(monkeypatch, lang, said):
    """`workbench data` lists MNIST's test split beside the course as verified; the plan said "MNIST is
    not on this computer" all the same."""
    import workbench.app.panes.train as pane_module
    import workbench.models.train as model

    monkeypatch.setattr(model, "places", lambda info, data_dir=None: [])
    monkeypatch.setattr(pane_module, "test_split_only", lambda name, data_dir=None: name == "mnist")
    app = make_app(pane=("train", ENTRY.parse(["dataset=mnist", "train_size=200", "batch_size=20"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert said in text(app, "#train-plan").replace("\xa0", " ")


async def test_the_korean_pane_names_the_synthetic_digits_in_korean(monkeypatch):
    app = make_app(pane=("train", ENTRY.parse(TINY)), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "합성 숫자(내장, MNIST 아님): 이 컴퓨터에서 생성" in text(app, "#train-plan"))

    without_mnist(monkeypatch)
    app = make_app(pane=("train", ENTRY.parse([*TINY, "dataset=mnist"])), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        assert "MNIST: 이 컴퓨터에 없습니다" in text(app, "#train-plan")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert "MNIST 없음 → 합성 숫자(내장, MNIST 아님): 훈련 200장 / 시험 100장" in text(app, "#train-progress")


async def test_comma_as_an_epoch_ends_under_the_results_view_moves_the_scrubber():
    """The results view drawn for the last epoch; another epoch arrives before it is drawn (the newest
    is drawn at most once a second); `,` then goes to the epoch already drawn — the scrubber must still say so ("epoch 1/2"),
    or the key looks as if it did nothing (bench_keys.py caught it)."""
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        last = p.records.pop()                                   # as if epoch 2 had not ended yet
        await pilot.press("3")
        assert "epoch 1/1" in text(app, "#train-scrubber-results")
        p.records.append(last)                                   # it ends: the records grow, no redraw
        await pilot.press("comma")
        assert p.shown_record().epoch == 1
        assert "epoch 1/2" in text(app, "#train-scrubber-results")


async def test_an_epoch_that_ends_while_training_is_drawn_before_its_results_are_asked_for(monkeypatch):
    """Each new epoch's results are drawn as it ends (at most once a second; here at once), so `3`
    finds them drawn: nothing is drawn on the key's path (bench_keys.py: tab 3 cost up to 80 ms).
    Moved back to an earlier epoch, the view stays there and only the newest epoch is made ready."""
    monkeypatch.setattr("workbench.app.panes.train.PREDRAW_EVERY", 0.0)
    app = opened("epochs=1000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await train_until(pilot, p, 3)
        await pause_settled(pilot, p)
        await until(pilot, lambda: p._drawn.get("results") == p.results_key(p.records[-1]))
        assert p.view == "curves"
        drawn = p.query_one("#train-confusion", Static).visual
        await pilot.press("3")
        assert p.query_one("#train-confusion", Static).visual is drawn
        assert f"epoch {p.records[-1].epoch}/{p.records[-1].epoch}" in text(app, "#train-scrubber-results")
        await pilot.press("comma")
        earlier, moved = p.records[-2], p.query_one("#train-confusion", Static).visual
        await pilot.press("space")
        await until(pilot, lambda: len(p.records) >= 5)
        await pause_settled(pilot, p)
        await until(pilot, lambda: p.results_key(p.records[-1]) in p._views)
        assert p.shown_record() is earlier and p.query_one("#train-confusion", Static).visual is moved
        assert f"epoch {earlier.epoch}/{p.records[-1].epoch}" in text(app, "#train-scrubber-results")
        assert p.results_key(p.records[-1]) in p._views
        await stop_run(pilot, p)


async def test_the_results_view_follows_the_newest_epoch_while_training():
    app = opened("epochs=1000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await train_until(pilot, p, 2)
        await pilot.press("3")
        shown = p.records[-1].epoch

        def epoch_on_screen():
            return int(re.search(r"epoch (\d+)/", text(app, "#train-scrubber-results")).group(1))
        await until(pilot, lambda: epoch_on_screen() >= shown + 2, seconds=30)
        await stop_run(pilot, p)


async def test_the_settings_dialog_is_made_as_training_starts_and_goes_with_the_pane(monkeypatch):
    """Made and mounted off screen when the run starts (its first opening took 250 ms of the
    interface, now about 150), then opened, closed and, with the pane, removed. The dialog a pane
    on screen for a second makes anyway waits an hour here: on a busy machine the app's start took
    that second, and the dialog was there before `g`."""
    monkeypatch.setattr("workbench.app.shell.SETTINGS_AHEAD_AFTER", 3600.0)
    app = opened("epochs=1000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        assert p._settings_screen is None
        await pilot.press("g")
        await until(pilot, lambda: p._settings_screen is not None and p._settings_screen[1].is_running)
        made = p._settings_screen[1]
        await until(pilot, lambda: made.query("#settings-form SettingField"))
        assert made not in app.screen_stack
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is made and app.focused is made.query("#settings-form Input, #settings-form Select").first()
        assert made.query_one("#field-epochs", Input).value == "1,000"      # grouped, as the panes write counts
        await pilot.press("escape")
        await stop_run(pilot, p)
        app.pop_screen()
        await pilot.pause()
        assert not made.is_running and made not in app._installed_screens.values()


async def test_an_epoch_that_ends_under_the_settings_dialog_is_shown_once_the_dialog_closes(monkeypatch):
    monkeypatch.setattr("workbench.app.panes.train.PREDRAW_EVERY", 0.2)
    app = opened("epochs=1000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await train_until(pilot, p, 2)
        await pilot.press("3")
        await until(pilot, lambda: "results" in p._drawn)
        await pilot.press("s")
        await pilot.pause()
        covered, count = p._drawn["results"], len(p.records)
        await until(pilot, lambda: len(p.records) > count + 2 and p.results_key(p.records[-1]) in p._views)
        assert p._drawn["results"] == covered                      # nothing drawn under the dialog
        await pilot.press("escape")
        await until(pilot, lambda: p._drawn["results"] != covered, seconds=5)
        await stop_run(pilot, p)


async def test_a_setup_field_shows_its_help_only_while_it_has_focus():
    """"train_size 0" alone reads as no images: the field's help says 0 means all while it has focus."""
    from workbench.app.settings_form import SettingField
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        rows = {row.key: row for row in app.screen.query(SettingField)}
        hint = rows["train_size"].query_one(".setting-hint", Static)
        assert not hint.display
        for _ in range(12):                      # as a learner gets there: Tab from field to field
            if getattr(app.focused, "id", None) == "field-train_size":
                break
            await pilot.press("tab")
        assert hint.display and "0, empty or all for all of them" in str(hint.render())
        assert not rows["seed"].query_one(".setting-hint", Static).display
        await pilot.press("tab")
        await pilot.pause()
        assert not hint.display and rows["test_size"].query_one(".setting-hint", Static).display


@pytest.mark.parametrize("width, shown", [(60, "loss per iteration"), (36, "loss")])
async def test_a_plot_caption_too_narrow_for_its_title_takes_the_short_one(width, shown):
    from rich.text import Text
    from textual.app import App

    from workbench.app.panes.train import PlotCaption

    class One(App):
        def compose(self):
            yield PlotCaption(id="caption")

    app = One()
    async with app.run_test(size=(width, 3)) as pilot:
        caption = app.query_one(PlotCaption)
        caption.show(Text("━━ raw  ━━ smoothed  "), "train.plot.loss")
        await pilot.pause()
        line = str(caption.render())
        assert line == f"━━ raw  ━━ smoothed  {shown}" and len(line) <= width


async def test_beside_a_lessons_text_every_tab_is_named_before_a_run():
    """At 80 columns the pane is 37 cells wide beside the text: the tabs read "1 setup 2 curves 3 4
    5 draw", views 3 and 4 unnamed; now they take two rows."""
    app = make_app(lesson_id="simple-convnet", step=4, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tabs = text(app, "#train-tabs")
        assert all(name in tabs for name in ("1 setup", "2 curves", "3 results", "4 filters", "5 draw"))
        assert "3 results" in "\n".join(screen_lines(app))          # drawn, not cut off


async def test_g_shows_the_curves_of_the_new_run_from_any_view():
    """7.4 step 8 says "watch the accuracy plot": started from the filters view (where step 7 leaves
    the reader), the run stayed out of sight behind the previous run's filters."""
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        for view in ("3", "4"):
            await pilot.press(view)
            await pilot.press("g")
            assert p.view == "curves"
            await until(pilot, lambda: p.state == "done")


async def test_one_epoch_is_said_in_the_singular_and_the_epoch_line_keeps_the_speed():
    """After the run the progress lines go, and with them the images a second that 7.4 step 9 and 8.1
    step 2 ask the reader to compare: the epoch line keeps the last epoch's."""
    app = opened("epochs=1")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert re.fullmatch(r"Done: test accuracy [\d.]+ % after 1 epoch", plain(text(app, "#train-status")))
        rate = p.records[-1].samples_per_sec
        assert rate > 0 and plain(text(app, "#train-epoch-text")).endswith(f" · {rate:,.0f} images/s")


@pytest.mark.parametrize("lang, label", [("en", "accuracy"), ("ko", "정확도")], ids=["en", "ko"])
async def test_the_status_keeps_the_accuracy_with_its_label_at_every_width(lang, label):
    """The Korean status broke "시험 정확도" over "95.5 %" beside a lesson's text (36 to 40 cells), and
    "95.5" over "%" at 41: a label and its figure, and a figure and its %, are joined by no-break spaces."""
    from rich.console import Console

    app = make_app(pane=("train", ENTRY.parse([*TINY, "epochs=1"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        status = p.status_text()
        assert re.search(rf"{label}\u00a0[\d.]+\u00a0%", status.plain), status.plain
        for width in range(16, 60):
            rows = [line.plain.rstrip() for line in status.wrap(Console(width=80), width)]
            assert not any(row.endswith(label) or row.lstrip().startswith("%") for row in rows), (width, rows)


async def test_the_data_line_of_a_run_on_the_stand_in_digits_fits_the_pane_uncut(monkeypatch):
    """"no MNIST here → Synthetic digits (built in, not MNIST): 6000 training / 100…" lost its test
    images to the ellipsis at 80 columns."""
    without_mnist(monkeypatch)
    app = opened("dataset=mnist", "epochs=1")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert text(app, "#train-progress") == "no MNIST here → synthetic digits: 200 training / 100 test images"


async def test_the_epoch_keys_and_each_figure_with_its_name_wrap_as_wholes():
    """Beside the text the scrubber broke after ", " and left ". epochs" on the next row; the epoch
    line under the plots ended a row with "test" (Korean "시험") and began the next with "95.5 %"."""
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        line = p.scrubber(p.records[0]).plain
        assert ",\u00a0.\u00a0epochs" in line and "test\u00a0accuracy\u00a0" in line and "w\u00a0saves\u00a0these" in line
        assert "test\u00a0" in text(app, "#train-epoch-text")         # a figure and its name on one row


class TicksOnly:
    """A Figure that keeps what the pane asks of its axes and draws nothing."""

    def __init__(self):
        self.x_labels = []

    def line(self, *args, **kwargs):
        pass

    def ticks(self, x=None, y=None, x_labels=None, y_labels=None):
        if x_labels is not None:
            self.x_labels = list(x_labels)


def test_the_loss_plots_iterations_are_grouped_by_thousands():
    """The loss plot's axis read 1000 2000 3000 under a plan line that reads 3,000 iterations."""
    from workbench.app.panes.train_views import Curves

    pane = TrainPane.__new__(TrainPane)
    steps = list(range(0, 3001, 100))
    pane.curves = lambda: Curves(steps, [1.0] * len(steps), [1.0 - s / 4000 for s in steps], [], [], [], 5)
    figure = TicksOnly()
    pane._plot_loss(figure)
    assert "3,000" in figure.x_labels and "3000" not in figure.x_labels, figure.x_labels


async def test_the_draw_view_names_fashion_mnists_first_class_whole_and_fits_its_bars_after_a_resize():
    """At 80 columns the draw view wrote Fashion-MNIST's class 0 as "0 T-shirt/to": the labels were held
    to 12 cells with 28 left for the bars; it is whole now. Narrowed to 60 columns the bars go under the
    canvas, and they kept the width they had beside it (7 cells of bar in a row of 58): drawn again once
    laid out, each row now takes the draw view's width."""
    from dataclasses import replace

    from rich.cells import cell_len

    from workbench.datasets.sources import DATASETS

    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        p.data = replace(p.data, class_names=DATASETS["fashion-mnist"].class_names)
        await pilot.press("5")
        app.screen.query_one(DigitCanvas).load(p.data.x_test[0, 0])
        await until(pilot, lambda: "%" in text(app, "#train-draw"))
        assert "0 T-shirt/top " in text(app, "#train-draw") and "9 Ankle boot " in text(app, "#train-draw")
        draw = app.screen.query_one("#train-draw")

        def rows_fill_the_view() -> bool:
            rows = [row for row in text(app, "#train-draw").splitlines() if row.endswith("%")]
            return len(rows) == 10 and {cell_len(row) for row in rows} == {draw.size.width}

        await until(pilot, rows_fill_the_view)
        await pilot.resize_terminal(60, 24)
        await until(pilot, lambda: app.screen.query_one("#view-draw").styles.layout.name == "vertical")
        await until(pilot, rows_fill_the_view)
        assert "0 T-shirt/top " in text(app, "#train-draw")


def caption_cell(app, number: int) -> tuple[int, int]:
    """(column, row) in #train-filters of the number under filter `number` of the first grid (the epoch shown)."""
    for row, line in enumerate(text(app, "#train-filters").splitlines()):
        found = re.search(rf"(?:^| ){number}(?: |$)", line)
        if found and re.match(r"\d+( |$)", line):                # a row of numbers under filters
            return found.start() + (found.group(0)[0] == " "), row
    raise AssertionError(f"no caption {number}")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_filter_is_chosen_by_keys_or_a_click_and_its_feature_map_is_drawn_beside_the_filters(lang):
    """§7.6, as CNN Explainer shows it: , . (dimmed at the ends) or a click choose a filter, marked; beside
    the filters its map on the first test image, through the network's first convolution and ReLU."""
    from workbench.i18n import t
    from workbench.i18n.numbers import percent
    from workbench.models.feature_map import filter_map

    app = make_app(pane=("train", ENTRY.parse(list(TINY))), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("4")
        shown = text(app, "#train-filters")
        assert t("train.filters.chosen", n=1, count=30) in shown and text(app, "#train-feature-maps") == ""
        lit = filter_map(p.viewer(), p.data.x_test[0], 0).lit
        assert t("train.filters.lit", percent=percent(lit, 0)).split()[0] in shown
        assert p.check_action("filter", (-1,)) is None and p.check_action("filter", (1,)) is True
        assert not p.check_action("epoch", (1,))                  # in this view , . are the filters'
        await pilot.press("full_stop", "full_stop")
        assert p.filter_chosen == 2 and t("train.filters.chosen", n=3, count=30) in text(app, "#train-filters")
        assert p.shown_record().epoch == 2                        # the epoch did not move
        column, row = caption_cell(app, 29)
        await pilot.click("#train-filters", offset=(column, row))
        assert p.filter_chosen == 28
        await pilot.press("full_stop")
        assert p.filter_chosen == 29 and p.check_action("filter", (1,)) is None
        await pilot.press("full_stop")                            # dimmed at the end: nothing moves
        assert p.filter_chosen == 29 and p.shown_record().epoch == 2
        assert max(map(len, text(app, "#train-filters").splitlines())) <= SIZE[0] - 2   # beside, in 80 columns


async def test_before_any_run_the_filters_view_shows_the_random_initial_filters_and_says_so():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("4")
        await until(pilot, lambda: "Random initial filters" in text(app, "#train-scrubber-filters"))
        assert "filters, random," in text(app, "#train-filters") and "Its feature map is drawn" in text(app, "#train-filters")
        await pilot.press("full_stop")
        assert p.filter_chosen == 1 and "Filter 2/30" in text(app, "#train-filters")


async def test_the_map_is_of_the_digit_drawn_and_follows_the_training_at_each_epoch():
    """A digit drawn in view 5 is the map's (until [ ] go back to the test images); each epoch the
    filters and the map are drawn again, with that epoch's filters."""
    from workbench.models.feature_map import digit_image, filter_map

    app = opened("epochs=3")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        await pilot.press("4")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("4")
        assert "after epoch 3" in text(app, "#train-filters")
        image = np.zeros((28, 28), np.float32)
        image[4:24, 12:16] = 1.0
        await pilot.press("5")
        app.screen.query_one(DigitCanvas).load(image)
        await pilot.press("4")
        await until(pilot, lambda: "on your drawing" in text(app, "#train-filters"))
        lit = filter_map(p.viewer(), digit_image(image), 0).lit
        assert f"{round(100 * lit)} % of the map" in text(app, "#train-filters").replace("\n", " ")
        await pilot.press("right_square_bracket")
        assert "on test image 0" in text(app, "#train-filters")


async def test_the_filters_view_follows_a_run_epoch_by_epoch():
    app = opened("epochs=3")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(TrainPane)
        seen = set()
        await pilot.press("g")
        await pilot.press("4")
        def look() -> None:            # each epoch drawn: its filters, and the chosen one's map through them
            shown = text(app, "#train-filters")
            seen.update((epoch, "Filter 1/30: feature map" in shown and "ReLU" in shown)
                        for epoch in re.findall(r"filters after epoch (\d)", shown))
        while p.state != "done":
            look()
            await pilot.pause(0.05)
        await pilot.pause()
        look()
        assert ("3", True) in seen and len(seen) >= 2 and all(mapped for _, mapped in seen)
