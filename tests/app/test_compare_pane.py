"""The comparison and search panes through their keys, on tiny seeded runs of the synthetic digits:
start and see every run's curves, pause, stop with the runs so far kept, the batch-norm grid filling
in and its large cell moved with , and ., the search's scatter, best five and narrowing; Korean;
snapshots before and after a run at 80×24 and 120×40 (review new SVGs by eye).

Each test waits for the job to end before it asserts: a CPU-bound thread stalls Pilot (STYLE §5)."""

import dataclasses
import re

import pytest


from workbench.app.app import make_app
from workbench.jobs import JobContext
from workbench.app.panes.compare import BatchNormPane, ComparePane
from workbench.app.panes import search as search_pane
from workbench.app.panes.search import SearchPane
from workbench.i18n import cell_len, t
from workbench.models.axes import percent_axis
from workbench.models.catalog import pane
from screen_text import HELD, pause_settled, until, until_drawn, widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=50")


def opened(name, *assignments, lang=None):
    tiny = TINY if name != "search" else ("dataset=synthetic-digits", "train_size=200")
    app = make_app(pane=(name, pane(name).parse([*tiny, *assignments])), lang=lang)
    app.animation_level = "none"
    return app


def shown_lines(widget) -> list[str]:
    """The rows `widget` draws, as text, blank ones left out."""
    return [strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset) if strip.text.strip()]


def shown_plots(pane) -> list:
    """The plots of `pane` that its current view shows."""
    from workbench.app.plotting import Plot

    return [plot for plot in pane.query(Plot) if plot.region.area]


async def table_of_runs(pilot, p: ComparePane) -> list[str]:
    """The runs view's table of a comparison that has run, row by row."""
    await pilot.press("1")
    await pilot.pause()
    return shown_lines(p.query_one("#compare-table"))


async def grid_and_caption(pilot):
    """The batch-norm pane and its large cell's caption, once `3` has shown the grid and the caption is drawn."""
    await pilot.pause()
    p = pilot.app.screen.query_one(BatchNormPane)
    caption = pilot.app.screen.query_one("#compare-cell-caption")
    await pilot.press("3")
    await until(pilot, lambda: caption.size.width > 0 and caption.render().plain)
    return p, caption


async def run_tiny(pilot, **tiny) -> ComparePane:
    """A lesson step's comparison made tiny (200 synthetic digits, and `tiny`), run to its end."""
    await pilot.pause()
    p = pilot.app.screen.query_one(ComparePane)
    p.settings = dataclasses.replace(p.settings, dataset="synthetic-digits", train_size=200, test_size=100,
                                     batch_size=50, **tiny)
    await pilot.press("g")
    await until(pilot, lambda: p.state == "done")
    return p


async def test_a_comparison_draws_every_run_and_ends_with_its_table():
    app = opened("compare", "runs=lr=0.1; optimizer=adam lr=0.001", "epochs=3")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(ComparePane)
        assert "lr=0.1" in text(app, "#compare-table") and "optimizer=adam lr=0.001" in text(app, "#compare-table")
        assert "Ready: g trains the 2 runs" in text(app, "#compare-status")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert p.view == "curves" and [len(p.losses[i]) for i in (0, 1)] == [12, 12]
        assert [len(p.accs[i]) for i in (0, 1)] == [3, 3] and p.query_one("#compare-loss").builds >= 1
        assert "lr=0.1" in text(app, "#compare-legend") and "optimizer=adam" in text(app, "#compare-legend")
        assert text(app, "#compare-status").startswith("Done: best test accuracy")
        assert re.search(r"accuracy\u00a0[\d.]+\u00a0%", text(app, "#compare-status"))   # one figure, one row
        await pilot.press("1")
        table = text(app, "#compare-table")
        assert "best epoch" in table and "lr=0.1" in table and "pts" in table


async def test_runs_that_went_wrong_are_explained_in_the_readers_language():
    """The table's notes were the trainer's English under a Korean table: "training stopped at iteration
    4: the loss became inf; …" and "not learning after epoch 3: …"."""
    app = opened("compare", "runs=lr=0.1; lr=100; optimizer=adam lr=50", "epochs=3", lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(ComparePane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("1")
        table = text(app, "#compare-table").replace("\u00a0", " ")
        assert "lr=100: 발산" in table and "번째 반복에서 학습을 멈췄습니다. 손실이 무한대가 되었습니다." in table
        assert "학습률 100이 너무 큽니다." in table and "학습률을 낮춰(10 정도) 다시 시작하세요." in table
        assert "optimizer=adam lr=50: 끝까지, 학습 안 됨" in table and "Adam에는 학습률 50이 너무 큽니다." in table
        assert "training stopped" not in table and "not learning" not in table and "learning rate" not in table


@pytest.mark.slow
async def test_pause_holds_the_runs_and_stop_keeps_them():
    app = opened("compare-optimizers", "iterations=100000")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(ComparePane)
        await pilot.press("g")
        await until(pilot, lambda: len(p.losses.get(3, [])) >= 5)
        await pause_settled(pilot, p)
        assert p.state == "paused" and p.jobs["run"].paused
        held = len(p.losses[0])
        await pilot.pause(HELD)
        assert len(p.losses[0]) == held and "Paused" in text(app, "#compare-status")
        await pilot.press("space")
        await until(pilot, lambda: len(p.losses[0]) > held)
        await pilot.press("x")
        await until(pilot, lambda: p.state == "done")
        assert sorted(p.results) == [0, 1, 2, 3] and {r.stop_reason for r in p.results.values()} == {"stopped"}
        assert text(app, "#compare-status").startswith("Stopped: 4 of 4 runs reported")
        assert all(r.iterations < 100000 for r in p.results.values())


@pytest.mark.slow
async def test_the_batch_norm_grid_fills_in_and_its_large_cell_moves():
    app = opened("compare-batch-norm", "epochs=2")
    async with app.run_test(size=(120, 40)) as pilot:
        p = app.screen.query_one(BatchNormPane)
        await pilot.press("g")
        assert p.view == "grid"
        await until(pilot, lambda: p.state == "done")
        assert len(p.results) == 32 and p.shown_cell() == 15
        assert "scale 16/16" in text(app, "#compare-cell-caption") and "0.0001" in text(app, "#compare-grid")
        scale, finals = text(app, "#compare-cell-caption").splitlines()     # the accuracies on a line of their own
        assert scale == "scale 16/16: w = 0.0001 · train accuracy % per epoch"
        assert "batch norm" in finals and "without" in finals
        await pilot.press("comma", "comma")
        assert p.shown_cell() == 13 and "scale 14/16" in text(app, "#compare-cell-caption")
        await pilot.press("full_stop")
        assert "scale 15/16" in text(app, "#compare-cell-caption")
        await pilot.press("1")
        assert "Training/test accuracy at each weight scale" in text(app, "#compare-table")


async def test_the_grids_cell_keys_are_dim_at_the_first_and_the_last_cell():
    """A grid's run ends on its last cell, where `.` moved nowhere and stayed lit; `,` likewise at the first."""
    from workbench.app.key_bar import KeyBar

    app = opened("compare-batch-norm", "epochs=1", "hidden=10")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(BatchNormPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        assert p.view == "grid" and p.shown_cell() == 15
        assert p.check_action("cell", (1,)) is None and p.check_action("cell", (-1,)) is True
        await pilot.press("comma")
        assert p.shown_cell() == 14 and p.check_action("cell", (1,)) is True
        p.cell = 1
        await pilot.press("comma")
        assert p.shown_cell() == 0 and p.check_action("cell", (-1,)) is None
        lit = {b.id: on for b, on, _ in app.screen.query_one(KeyBar).items()}
        assert lit["compare.cell_next"] and not lit["compare.cell_back"]


async def test_the_batch_norm_grid_fits_its_view_when_the_run_ends_before_its_first_report(monkeypatch):
    """A run quicker than the job runner's first report (a fast machine, a tiny run) sends everything
    with its end, which also adds the data line above the views: the grid drawn at that moment used
    the views' old height, and its last row fell off the screen at 80×24."""
    monkeypatch.setattr(JobContext, "_maybe_flush", lambda _self: None)
    app = opened("compare-batch-norm", "epochs=1")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(BatchNormPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        fits = lambda: len(text(app, "#compare-grid").splitlines()) <= p.query_one("#compare-views").size.height  # noqa: E731
        await until(pilot, fits, seconds=10)       # the layout settles after the end's message: not a fixed pause
        grid = text(app, "#compare-grid").splitlines()
        assert "0.0001" in grid[-1]


@pytest.mark.parametrize("lesson_id, step, tiny, shown, hidden", [
    ("batch-norm", 1, dict(epochs=2), "#compare-accuracies", "#compare-loss"),     # figure 6-18: accuracies
    ("weight-init", 6, dict(iterations=20), "#compare-loss", "#compare-accuracies")])  # figure 6-15: loss
async def test_a_short_curves_view_keeps_the_plot_of_the_books_figure(lesson_id, step, tiny, shown, hidden):
    """In a lesson at 80×24 the three plots left the loss one row; the view keeps one kind, tall."""
    app = make_app(lesson_id=lesson_id, step=step)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, **tiny)
        await pilot.press("2")
        await pilot.pause()
        assert not p.query_one(hidden).display and p.query_one(shown).display
        assert p.query_one(shown).size.height >= 9
    app = opened(f"compare-{lesson_id}" if lesson_id == "batch-norm" else "compare-weight-init")
    async with app.run_test(size=(120, 40)) as pilot:          # full screen, tall: all three
        p = await run_tiny(pilot, **tiny)                       # before a run a line says what comes there
        await pilot.press("2")
        await pilot.pause()
        assert p.query_one("#compare-loss").display and p.query_one("#compare-accuracies").display


@pytest.mark.parametrize("lang, lesson", [("ko", True), ("en", False)])
async def test_the_loss_plot_drawn_with_the_accuracies_keeps_rows_to_read(lang, lesson):
    """6.2's comparison at 80×24 in Korean (its view a row taller than the English one: the data line
    wraps in two) and the pane full screen drew all three plots, the loss in 5 rows: two rows of points."""
    app = make_app(lesson_id="weight-init", step=6, lang=lang) if lesson else opened("compare-weight-init", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, iterations=20)
        await pilot.press("2")
        await pilot.pause()
        loss, accuracies = p.query_one("#compare-loss"), p.query_one("#compare-accuracies")
        await until(pilot, lambda: loss.size.height > 0)
        assert accuracies.display and loss.size.height >= 7 and accuracies.size.height >= 9


@pytest.mark.parametrize("lesson_id, step, tiny, rows", [
    ("weight-init", 6, dict(iterations=20), 3),                                 # std=0.01, Xavier, He
    ("batch-norm", 2, dict(epochs=1, hidden=(10, 10)), 16)])                    # the 16 weight scales
async def test_the_runs_table_beside_the_text_keeps_a_row_a_line(lesson_id, step, tiny, rows):
    """Half the screen at 80×24: the table wrapped row by row, so a row's tail looked like the next run's."""
    app = make_app(lesson_id=lesson_id, step=step)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, **tiny)
        shown = await table_of_runs(pilot, p)
        figures = [line for line in shown if "." in line and any(c.isdigit() for c in line)]
        assert len(figures) == rows, shown                     # a run's (or a scale's) figures: one line each
        assert all(line.count("/") == 2 for line in figures) if lesson_id == "batch-norm" else True


async def test_the_search_beside_the_text_keeps_the_scatter_alone_and_tall():
    """At 80×24 in 6.4 the scatter had three rows (log λ labelled −4, −5, −8) and the curves one."""
    app = make_app(lesson_id="regularization", step=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        p.settings = dataclasses.replace(p.settings, trials=3, epochs=2, train_size=200)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        assert p.view == "scatter" and not p.query_one("#search-curves").display
        assert p.query_one("#search-scatter").size.height >= 8
    app = opened("search", "trials=3", "epochs=2")
    async with app.run_test(size=(120, 40)) as pilot:          # full screen, tall: the curves too
        p = app.screen.query_one(SearchPane)
        await pilot.press("g")                                   # before a trial, a line says what comes there
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        assert p.query_one("#search-curves").display


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_search_with_the_text_folded_gives_the_best_fives_curves_eight_rows(lang):
    """6.4 at 80×24 with the text folded: the curves' plot had two rows of points, labelled 100 and 0, so
    curves at 17–56 % read as one band. It gets 8 rows (the Korean scatter caption on one line), its
    y axis spans what the curves reach, and the scatter keeps a row for each of its log λ labels."""
    app = make_app(lesson_id="regularization", step=3, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        p.settings = dataclasses.replace(p.settings, trials=3, epochs=2, train_size=200)
        await pilot.press("t", "g")
        await until(pilot, lambda: p.state == "done")
        await pilot.pause()
        curves, scatter = p.query_one("#search-curves"), p.query_one("#search-scatter")
        assert p.view == "scatter" and curves.display and curves.size.height >= 8
        assert scatter.size.height >= 6 and p.query_one("#search-scatter-caption").size.height == 1
        accs = [100 * a for r in p.trials for a in r.val_accs]
        axis = percent_axis(accs, curves.size.height - 3)
        assert axis.low <= min(accs) and max(accs) <= axis.high and not axis.full


def test_log_lambda_ticks_keep_a_row_each():
    """Five labels −4 … −8 on three rows of points: plotext printed one of two on a row, a wrong one."""
    limits = (-8.2, -3.8)
    assert search_pane.row_ticks(-8, -4, limits, 3) == [-8, -6, -4]
    assert search_pane.row_ticks(-8, -4, limits, 12) == [-8, -7, -6, -5, -4]


async def test_the_search_fills_its_scatter_lists_the_best_and_narrows():
    app = opened("search", "trials=6", "epochs=2", "batch_size=40")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(SearchPane)
        assert "The test images are never used" in text(app, "#search-plan")
        assert ", SGD, batch 40" in text(app, "#search-plan").replace("\n", " ")      # the book's name, not "sgd"
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        assert p.view == "scatter" and len(p.trials) == 6
        # a plot builds at most every 0.25 s: six tiny trials can finish before its first build (CI, loaded)
        await until(pilot, lambda: p.query_one("#search-scatter").builds >= 1)
        assert re.search(r"accuracy\u00a0[\d.]+\u00a0%", p.status_text().plain)   # "56.0 / %" broke; so did "accuracy / 56.0"
        await pilot.press("3")
        assert "The best five of 6 trials" in text(app, "#search-best")
        before = p.settings
        await pilot.press("r")
        assert p.settings.lr_max <= before.lr_max and p.settings.lr_min >= before.lr_min
        assert p.settings != before
        await until(pilot, lambda: p.state == "done" and len(p.trials) == 6)
        assert all(p.settings.lr_min <= r.lr <= p.settings.lr_max for r in p.trials)


async def test_stopping_a_search_keeps_its_trials():
    app = opened("search", "trials=1000", "epochs=2", "batch_size=40")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(SearchPane)
        await pilot.press("g")
        await until(pilot, lambda: len(p.trials) >= 2)
        await pilot.press("x")
        await until(pilot, lambda: p.state == "done")
        assert 2 <= len(p.trials) < 1000 and text(app, "#search-status").startswith("Stopped:")


async def test_korean():
    app = opened("compare-overfitting", "epochs=2", "dropout_epochs=3", "train_size=100", lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(ComparePane)
        assert "준비됨" in text(app, "#compare-status") and "가중치 감소 0.1" in text(app, "#compare-table")
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("1")
        assert "차이" in text(app, "#compare-table") and " %p" in text(app, "#compare-table")
        assert " %" in text(app, "#compare-table")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_before_a_comparison(snap_compare, size):
    assert snap_compare(opened("compare-optimizers"), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_after_a_comparison(snap_compare, size):
    async def run(pilot):
        p = pilot.app.screen.query_one(ComparePane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await until_drawn(pilot, *shown_plots(p))
    assert snap_compare(opened("compare-weight-init", "iterations=40"), terminal_size=size, run_before=run)


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_of_the_batch_norm_grid(snap_compare, size):
    async def run(pilot):
        p = pilot.app.screen.query_one(ComparePane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await until_drawn(pilot, *shown_plots(p))
    assert snap_compare(opened("compare-batch-norm", "epochs=3"), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_of_a_search_in_korean(snap_compare, size):
    async def run(pilot):
        p = pilot.app.screen.query_one(SearchPane)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await until_drawn(pilot, *shown_plots(p))
    assert snap_compare(opened("search", "trials=8", "epochs=2", "batch_size=40", lang="ko"), terminal_size=size,
                        run_before=run)


def test_snapshot_of_a_comparison_in_korean(snap_compare):
    assert snap_compare(opened("compare-overfitting", lang="ko"), terminal_size=SIZE)


@pytest.mark.parametrize("lang, title", [(None, "Initial weights: 3 runs"), ("ko", "가중치의 초깃값: 학습 3개")])
async def test_the_plan_names_its_comparison_in_words_and_says_g_once(lang, title):
    """The plan's title named the preset by its id ('weight-init: 학습 3개'), and both the ready line and
    the plan's last line said that g starts."""
    app = opened("compare-weight-init", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plan, status = text(app, "#compare-table"), text(app, "#compare-status")
        assert plan.startswith(title) and "weight-init" not in plan
        assert len(re.findall(r"(?:^|\s)g(?:\s|로)", status + "\n" + plan)) == 1


@pytest.mark.parametrize("lang, pair", [(None, ("with batch norm, w=0.01", "without batch norm, w=0.01")),
                                        ("ko", ("배치 정규화 있음, w=0.01", "배치 정규화 없음, w=0.01"))])
async def test_the_batch_norm_pairs_legend_names_batch_norm_once(lang, pair):
    """6.3 step 2's plan read "━━ with batch norm, w=0.01  batch_norm=on": the settings that differ
    were written after a name that already says them. A setting the name does not say still follows it."""
    app = opened("compare-batch-norm", "grid=false", "weight_scale=0.01", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = [line.strip(" ━") for line in text(app, "#compare-table").splitlines() if line.startswith("━")]
        assert lines == list(pair)
    app = opened("compare-optimizers", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        plan = text(app, "#compare-table").replace("\u00a0", " ")
        lr = "학습률" if lang == "ko" else "lr"        # as the dialog labels it (names51)
        assert f"Adam  {lr} = 0.001" in plan and "optimizer" not in plan


@pytest.mark.parametrize("lang, words", [(None, "per epoch"), ("ko", "에폭마다")])
async def test_the_accuracy_plots_say_their_x_axis_counts_epochs(lang, words):
    """The loss plot's x axis counts iterations, the accuracy plots' epochs: their captions say so
    (they said 'train accuracy %' under an axis of 0, 20, 40), in the short form in a narrow half."""
    app = opened("compare-weight-init", "iterations=20", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await run_tiny(pilot)                                   # before a run a line says what comes there
        await pilot.press("2")
        await pilot.pause()
        for which in ("train", "test"):
            caption = app.screen.query_one(f"#compare-{which}-caption")
            shown = caption.render().plain
            assert words in shown and cell_len(shown) <= caption.size.width


@pytest.mark.parametrize("lang, words", [(None, "per epoch"), ("ko", "에폭마다")])
@pytest.mark.parametrize("where", ["pane", "lesson"])
async def test_the_grids_large_cell_says_its_axes_in_the_words_that_fit(lang, words, where):
    """The grid's large plot has no axis labels: its caption said the scale only, under an axis of 0, 5,
    10… At 80×24 (on its own, and beside the lesson text) it says what the axes hold in a form that
    fits every cell's caption, in one line."""
    if where == "lesson":
        app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    else:
        app = opened("compare-batch-norm", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p, caption = await grid_and_caption(pilot)
        for cell in (15, 0, 12):
            p.cell = cell
            p.show_grid()
            await pilot.pause()
            shown = caption.render().plain.splitlines()[0]         # under it, beside the text: z's hint
            assert words in shown and "w = " in shown and cell_len(shown) <= caption.size.width, shown
            assert shown.startswith(f"{cell + 1}/16") or shown.startswith(("scale", "규모")), shown


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_large_cells_final_accuracies_fit_beside_the_lesson_text(lang):
    """"with batch norm 60.9 % · without 11.0 %" is 39 cells where 36 are: then the values alone, each
    in its run's legend colour (the scale and the values had two lines at most: it was cut to "without 11.…")."""
    from types import SimpleNamespace

    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p, caption = await grid_and_caption(pilot)
        plan = p.shown_plan()
        pair = [i for i, r in enumerate(plan.runs) if r.spec.group == p.shown_cell()]
        p.results = {i: SimpleNamespace(name=plan.runs[i].spec.label, final_train_acc=acc)
                     for i, acc in zip(pair, (0.609, 0.11))}
        p.show_grid()
        await pilot.pause()
        lines = caption.render().plain.splitlines()[:2]            # the third says z draws it large
        assert len(lines) == 2 and all(cell_len(line) <= caption.size.width for line in lines), lines
        assert "60.9 %" in lines[1] and "11.0 %" in lines[1], lines


async def test_a_grids_run_starts_on_the_grid_after_a_pairs_run_on_its_curves():
    """6.3: step 2 runs one pair (curves), step 3 the whole grid; `g` there filled the curves view,
    not the grid the text describes."""
    app = opened("compare-batch-norm", "grid=false", "epochs=1")
    async with app.run_test(size=SIZE) as pilot:
        p = app.screen.query_one(BatchNormPane)
        await pilot.press("g")
        assert p.view == "curves"
        await until(pilot, lambda: p.state == "done")
        p.settings = dataclasses.replace(p.settings, grid=True)
        await pilot.pause()
        await pilot.press("g")
        assert p.view == "grid"
        await pilot.press("x")
        await until(pilot, lambda: not p.running())


@pytest.mark.parametrize("lang, said", [(None, "3 shows the grid"), ("ko", "3을 누르면 격자가")])
async def test_a_grids_plan_names_the_grid_view_among_the_views(lang, said):
    """6.3 step 3's ready screen said "2 shows the curves, 1 this table" and left out 3, the grid."""
    app = opened("compare-batch-norm", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert said in app.screen.query_one(BatchNormPane).plan_text(app.screen.query_one(BatchNormPane).result).plain


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("lesson_id, step, tiny", [
    ("regularization", 1, dict(epochs=2)),                                  # "weight decay 0.1"
    ("batch-norm", 1, dict(epochs=1, hidden=(10, 10)))])                    # "with batch norm, w=0.01"
async def test_the_runs_table_beside_the_text_never_cuts_a_runs_name(lesson_id, step, tiny, lang):
    """6.4 step 2 at 80×24 cut its run to "weight deca…" (6.3 step 2: "with batch …"): the gap gives
    up its unit first, and a name still too long wraps in its column, the run's figures on one line."""
    app = make_app(lesson_id=lesson_id, step=step, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, **tiny)
        shown = await table_of_runs(pilot, p)
        assert not any("…" in line for line in shown), shown
        assert len([line for line in shown if "%" in line]) == len(p.results), shown
        words = " ".join(shown).split()
        assert all(any(all(word in words for word in name.split()) for name in (run.spec.name, run.spec.short or run.spec.name))
                   for run in p.plan.runs), shown                      # the name, or its short form: "with batch norm"
        if lesson_id == "regularization":                # at 80×24 the whole name fits, unit dropped
            assert any(p.results[1].name in line for line in shown), shown


@pytest.mark.parametrize("lang", [None, "ko"])
@pytest.mark.parametrize("lesson_id, step, tiny", [
    ("regularization", 1, dict(epochs=2)),                                   # "weight decay 0.03"
    ("batch-norm", 1, dict(epochs=1, hidden=(10, 10)))])                     # "with batch norm, w=0.01"
async def test_the_runs_table_beside_the_text_keeps_a_run_a_row_at_its_widest_figures(lesson_id, step, tiny, lang):
    """6.4 step 2 at 80×24 wrapped "weight decay 0.03" over two rows once the plain run showed 100.0 % (one
    cell more than a tiny run's figures), and 6.3 step 2 "with batch norm, w=0.01": a name too long gives
    way to its short form from the catalog ("λ 0.03"; the pair's "with batch norm", their weight scale
    being the same) before it wraps, and takes the gap's unit back if it then fits."""
    app = make_app(lesson_id=lesson_id, step=step, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, **tiny)
        p.results = {i: dataclasses.replace(r, final_train_acc=1.0, final_test_acc=0.759 if i else 0.912)
                     for i, r in p.results.items()}                     # the step's own runs: 100.0 %, +8.8 / +24.1
        shown = await table_of_runs(pilot, p)
        shown, hint = shown[:1 + len(p.results)], " ".join(shown[1 + len(p.results):])
        assert hint.split()[:3] == t("compare.table.pick").split()[:3], shown   # the heading, a row a run, what a click does
        for run, row in zip(p.plan.runs, shown[1:]):
            assert row.startswith((run.spec.name, run.spec.short or run.spec.name)), shown
            assert re.search(r"\+(8\.8|24\.1)( pts| %p)?$", row), shown
        if lesson_id == "regularization" and lang is None:              # with room for the gap's unit again
            assert shown[2].startswith("λ 0.03 ") and shown[2].endswith("+24.1 pts"), shown


def test_a_gap_is_written_with_a_true_minus():
    from workbench.app.panes.compare import points, signed
    assert signed(-0.006) == "−0.6" and signed(0.241) == "+24.1" and points(-0.006) == "−0.6 pts"


async def test_the_grid_writes_its_weight_scales_as_its_caption_and_table_do():
    """6.3's grid labelled its cells to 2 digits (0.54, 0.0086) while its caption, its table and the
    lesson text wrote 3 (0.541, 0.0858)."""
    from workbench.app.panes.compare import short_scale
    app = opened("compare-batch-norm")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        p = app.screen.query_one(BatchNormPane)
        labels = [line.split() for line in text(app, "#compare-grid").splitlines() if line[:1].isdigit()]
        assert [label for row in labels for label in row] == [short_scale(p.result.runs[2 * g].spec.weight_init)
                                                               for g in range(16)]
        assert "0.541" in labels[0] and "0.0858" in labels[1]


@pytest.mark.parametrize("lang, said", [(None, "without batch norm, w=1: diverged"), ("ko", "배치 정규화 없음, w=1: 발산")])
async def test_the_grids_table_says_which_runs_ended_early(lang, said):
    """6.3 step 3's table showed "--/--" at the two largest scales without a word; the text says their
    loss overflowed at once and they stopped: the table now names them and why."""
    from types import SimpleNamespace

    app = opened("compare-batch-norm", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormPane)
        p.plan = p.result
        nan = float("nan")
        p.results = {i: SimpleNamespace(name=run.spec.name, stop_reason="non-finite" if i in (1, 3) else None,
                                        final_train_acc=nan if i in (1, 3) else 0.5, final_test_acc=0.4)
                     for i, run in enumerate(p.plan.runs)}
        lines = p.grid_table(p.plan, p.results).plain.splitlines()
        assert said in lines and len([line for line in lines if line.endswith(said.split(": ")[1])]) == 2, lines


@pytest.mark.parametrize("lesson_id, step, kept, dropped", [
    ("regularization", 0, ["0", "100", "200"], "50"),         # 201 epochs in a half beside the text
    ("regularization", 2, ["0", "200"], "300"),               # 301 (dropout): "0 100 200", 300 dropped
    ("batch-norm", 1, ["0", "10", "20"], "5")])               # 20: "0 5 10 15 20" had no cell between
async def test_the_accuracy_plots_label_only_the_epochs_that_fit(lesson_id, step, kept, dropped):
    """6.4's accuracy plots beside the text labelled their x axis "0 50    150": plotext dropped the
    labels that collided (100, 200). They now tick as many round epochs as their width holds, each
    label shown. The runs' epochs are the step's (the axis is of them); their networks are tiny."""
    from screen_text import screen_lines

    app = make_app(lesson_id=lesson_id, step=step)
    async with app.run_test(size=SIZE) as pilot:
        await run_tiny(pilot, hidden=(10,))
        await pilot.press("2")
        plot = app.screen.query_one("#compare-train")
        await until_drawn(pilot, plot)
        row = screen_lines(app)[plot.region.bottom - 1][plot.region.x:plot.region.right].split()
        assert row == kept and dropped not in row, row


async def test_the_plan_names_every_network_its_runs_train():
    """6.4 step 3 trains MultiLayerNetExtend beside MultiLayerNet, as its text says; the plan named only
    the first run's network (6.3's pair, MultiLayerNetExtend with its parameters, for both)."""
    app = make_app(lesson_id="regularization", step=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ComparePane)
        plan = p.plan_text(p.result).plain.replace("\n", " ")
        assert "MultiLayerNet / MultiLayerNetExtend," in plan, plan
    app = make_app(lesson_id="batch-norm", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ComparePane)
        plan = p.plan_text(p.result).plain.replace("\n", " ")
        assert "MultiLayerNetExtend / MultiLayerNet, hidden layers 100×100×100×100×100: 120,910 / 119,910 parameters" in plan, plan


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_best_five_beside_the_text_keep_a_trial_a_line_with_its_seed(lang):
    """6.4 step 4 at 80×24 wrapped each of the best five over two lines ("56.0" above "% 71.5 %  846428919"):
    beside the text the table leaves out the training accuracy and shortens its headings, seeds kept
    (the text sends the reader to them); the scatter's log ticks have a true minus, and its legend
    keeps each entry on one line."""
    app = make_app(lesson_id="regularization", step=3, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SearchPane)
        p.settings = dataclasses.replace(p.settings, trials=7, epochs=2, train_size=200)    # two others: both halves
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done")
        await pilot.press("3")
        await pilot.pause()
        shown = shown_lines(p.query_one("#search-best"))
        rows = [line for line in shown if line.startswith("#") and "%" in line]
        assert len(rows) == 5 and not any(line.lstrip().startswith("%") for line in shown), shown
        top = sorted(p.trials, key=lambda r: -r.val_acc)[:5]
        assert all(any(line.endswith(str(r.seed)) for line in rows) for r in top), shown
        assert not any("-" in line for line in rows), rows       # 5.36e−4, not 5.36e-04
        await pilot.press("2")
        from screen_text import screen_lines
        scatter = p.query_one("#search-scatter")
        await until_drawn(pilot, scatter)
        labels = re.findall(r"[−-]\d+┤", "\n".join(screen_lines(app)[scatter.region.y:scatter.region.bottom]))
        assert labels and all(label.startswith("−") for label in labels), labels
        caption = p.query_one("#search-scatter-caption")      # "○ lower" over "half": each entry whole
        from workbench.models.scatter import BEST_MARKER, LOWER_MARKER, OTHER_MARKER
        lines = [strip.text.replace("\u00a0", " ").strip() for strip in caption.render_lines(caption.region.reset_offset)]
        entries = [t(f"search.plot.{key}") for key in ("top", "upper", "lower")] + t("search.plot.axes").split(", ")
        assert all(any(entry in line for line in lines) for entry in entries), lines
        assert not any(line.endswith(marker) for marker in (BEST_MARKER, OTHER_MARKER, LOWER_MARKER) for line in lines), lines


def test_a_learning_rate_or_weight_decay_is_written_to_3_figures_with_a_short_exponent():
    from workbench.app.panes.search import log_value
    assert [log_value(v) for v in (0.00934, 0.000536, 1.81e-08, 3.1e-06, 1e-6, 0.01, 0.0001)] == [
        "0.00934", "5.36e−4", "1.81e−8", "3.1e−6", "1e−6", "0.01", "1e−4"]


def test_the_korean_overfitting_settings_name_the_plain_run_as_its_table_does():
    """The table and 6.4's text call the plain run 처방 없음; its settings and the preset said 그대로."""
    from workbench.i18n import set_language
    set_language("ko")
    plain = t("compare.overfitting.plain")
    for key in ("compare-overfitting.setting.runs", "compare.preset.overfitting"):
        assert plain in t(key) and "그대로" not in t(key), t(key)
    assert "처방 없는" in t("compare-overfitting.setting.epochs")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_presenters_share_trained_stays_with_its_percent_sign(lang):
    """A follower's status read "The presenter's runs: 37 % trained …", free to break between 37 and %."""
    from workbench.classroom.run import RunSummary

    app = opened("compare-optimizers", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ComparePane)
        run = RunSummary("MultiLayerNet", "synthetic-digits", "running", iteration=37, iterations=100, runs=4,
                         runs_done=1)
        assert "37\u00a0%" in p.presenters_status(run).plain


READABLE = 5
"""Rows of points a plot needs for a curve to read as one (CELL_ROWS in the pane)."""


def plotted_rows_of(plot) -> int:
    """Rows of points the large cell draws in (its height less the frame's two and the x axis's labels),
    0 when it is hidden."""
    return plot.size.height - 3 if plot.display and plot.region.area else 0


@pytest.mark.parametrize("lang, hint, back", [(None, "z draws this cell large", "z shows the grid again"),
                                              ("ko", "z를 누르면 이 칸을", "z를 누르면 격자로")])
async def test_the_large_cell_beside_the_lesson_text_is_never_two_rows_and_z_draws_it_large(lang, hint, back):
    """6.3 step 3 at 80×24: under the grid the large cell's plot had two rows of points (a line at 0 and a
    label at 100, no curve to read). Where it cannot have CELL_ROWS it is left out, its caption says z,
    and z draws it in place of the grid with room to read, , and . still choosing the cell."""
    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, epochs=2, hidden=(10,))
        assert p.view == "grid"
        cell, grid = p.query_one("#compare-cell"), p.query_one("#compare-grid")
        await until(pilot, lambda: hint in text(app, "#compare-cell-caption"), seconds=10)
        rows = plotted_rows_of(cell)
        assert rows == 0 or rows >= READABLE, rows
        assert hint in text(app, "#compare-cell-caption")
        assert "0.0001" in text(app, "#compare-grid")                       # the whole grid still shows
        await pilot.press("z")
        await until(pilot, lambda: not grid.display and plotted_rows_of(cell) >= READABLE, seconds=10)
        assert back in text(app, "#compare-cell-caption")
        assert "16/16" in text(app, "#compare-cell-caption")
        await pilot.press("comma")
        await until(pilot, lambda: "15/16" in text(app, "#compare-cell-caption"), seconds=10)
        assert plotted_rows_of(cell) >= READABLE
        await pilot.press("z")
        await until(pilot, lambda: grid.display, seconds=10)
        assert grid.display and hint in text(app, "#compare-cell-caption")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_large_cell_keeps_rows_to_read_where_there_is_room(size):
    """Beside the text at 120×40, and on its own at 80×24 (the cell beside the grid), the large cell is
    drawn with at least CELL_ROWS rows of points, and no z hint under it."""
    app = make_app(lesson_id="batch-norm", step=2) if size == (120, 40) else opened("compare-batch-norm")
    async with app.run_test(size=size) as pilot:
        p, caption = await grid_and_caption(pilot)
        await until(pilot, lambda: plotted_rows_of(p.query_one("#compare-cell")) >= READABLE, seconds=10)
        assert "z " not in caption.render().plain


@pytest.mark.parametrize("lang, grid", [(None, "grid"), ("ko", "격자")])
async def test_a_single_pair_offers_no_grid_view(lang, grid):
    """6.3 step 2 (one weight scale) showed a tab "3 grid" whose grid was one cell, smaller than the
    curves view's plots of the same pair: it is not offered, 3 does nothing, and going back to it from
    step 3's grid shows the runs."""
    app = make_app(lesson_id="batch-norm", step=1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormPane)
        tabs = text(app, "#compare-tabs")
        assert grid not in tabs and " 3 " not in tabs and " 2 " in tabs, tabs
        await pilot.press("3")
        await pilot.pause()
        assert p.view == "runs" and p.check_action("view", (2,)) is False
        await pilot.press("right")                                       # step 3: the grid of 16
        await until(pilot, lambda: p.shown_plan().groups == 16)
        await pilot.press("3")
        await pilot.pause()
        assert p.view == "grid" and grid in text(app, "#compare-tabs")
        await pilot.press("left")
        await until(pilot, lambda: p.shown_plan().groups == 1)
        await pilot.pause()
        assert p.view == "runs" and grid not in text(app, "#compare-tabs")


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_each_step_shows_its_own_settings_plan_or_run(lang):
    """6.3: after the grid's run at step 3, step 2 showed that run's grid (the pane kept the last run's
    plan) instead of its own pair's plan. Each step shows what its settings describe, and step 3's run
    is there again when the lesson comes back to it."""
    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, epochs=1, hidden=(10,))
        assert p.shown_plan().groups == 16 and p.view == "grid"
        ran = p.settings                             # step 3's, made tiny
        await pilot.press("left")
        await until(pilot, lambda: p.settings.grid is False)
        await pilot.pause()
        assert p.shown_plan().groups == 1 and p.state == "idle" and not p.results and p.view == "runs"
        assert "w=0.01" in text(app, "#compare-table") and "0.0001" not in text(app, "#compare-table")
        p.settings = ran                             # as step 3 sets them again
        await pilot.pause()
        assert p.shown_plan().groups == 16 and p.state == "done" and len(p.results) == 32


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_a_run_goes_on_out_of_sight_while_another_steps_settings_are_shown(lang):
    """A grid's run still going when the lesson steps back keeps going for its own step (x stops it,
    the status says so, in place of "Ready: g trains", since g waits for that run: at 80×24 in Korean
    the two together were cut at the status's four rows), and the step shows its own plan meanwhile."""
    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormPane)
        p.settings = dataclasses.replace(p.settings, dataset="synthetic-digits", train_size=200, test_size=100,
                                         batch_size=50, epochs=20, hidden=(10,))
        ran = p.settings
        await pilot.press("g")
        await until(pilot, lambda: p.state == "training")
        await pilot.press("space")                   # paused, so that it is still going below
        await pilot.press("left")
        await until(pilot, lambda: p.settings.grid is False)
        await pilot.pause()
        assert p.shown_plan().groups == 1 and p.state == "idle" and p.running()
        status = text(app, "#compare-status")
        assert t("pane.run_elsewhere") in status and t("compare.status.idle", runs=2) not in status
        await pilot.press("x")
        await until(pilot, lambda: not p.running())
        await pilot.pause()
        status = text(app, "#compare-status")
        assert p.state == "idle" and t("pane.run_elsewhere") not in status
        assert t("compare.status.idle", runs=2) in status
        p.settings = ran
        await pilot.pause()
        assert p.state == "done" and p.shown_plan().groups == 16


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_footer_keeps_z_while_the_large_cells_caption_names_it(lang):
    """6.3 step 3 at 80×24: the caption said "z draws this cell large", but the footer, full with the
    step's keys (← → esc t 1 , .), had no room for z. The pane's caption names it, so the footer keeps
    it after the step's own keys, which all stay, each with its label (`,` `.` one item, ", . Cell")."""
    from workbench.app.key_bar import KeyBar

    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await run_tiny(pilot, epochs=1, hidden=(10,))
        await until(pilot, lambda: "z" in text(app, "#compare-cell-caption"))
        await pilot.pause()
        footer = str(app.screen.query_one(KeyBar).render())
        items = re.split(r" {2,}", footer.strip())
        keys = {item.split(" ")[0] for item in items} | {item[:3] for item in items}   # ", . Cell": one item
        assert {"←", "→", "g", "1", ", .", "z"} <= keys and all(" " in item for item in items), footer
        await pilot.press("1")                       # off the grid z does nothing, and is not listed
        await pilot.pause()
        assert "z" not in p.named_keys() and "z " not in str(app.screen.query_one(KeyBar).render())


async def test_only_the_last_comparisons_of_other_settings_are_kept_and_one_let_go_is_said():
    """As the training pane does (run_controls.KEEP_FINISHED): comparisons of four seeds, then a fifth's
    settings; the first two are let go, and coming back to the first shows its plan and says so."""
    app = opened("compare", "runs=lr=0.1; lr=0.01", "epochs=1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(ComparePane)
        for seed in (1, 2, 3, 4, 5):
            p.apply(seed=seed)
            await pilot.pause()
            if seed < 5:
                await pilot.press("g")
                await until(pilot, lambda: p.state == "done" and not p.running())
        assert [k.settings.seed for k in p.kept_runs] == [3, 4]
        p.apply(seed=1)
        await pilot.pause()
        status = " ".join(text(app, "#compare-status").splitlines())
        assert p.state == "idle" and not p.results and t("pane.run_let_go", keep=2) in status
        assert t("compare.status.idle", runs=2) not in status     # the line, in place of "Ready", fits beside a text
        p.apply(seed=4)
        await pilot.pause()
        assert p.state == "done" and p.results and t("pane.run_let_go", keep=2) not in text(app, "#compare-status")


@pytest.mark.parametrize("lang, said", [("en", "1,000 training images, 1,000 test images; 200 iterations a run, "
                                               "6,400 in all"),
                                        ("ko", "훈련 이미지 1,000장, 시험 이미지 1,000장, 학습마다 반복 200번, 모두 6,400번")])
async def test_the_plan_groups_its_counts_by_thousands(lang, said):
    """6.3 step 3's plan read "1000 training images … 6400 in all" beside "120,910 parameters" and the
    training pane's "1,000 training images": every count is grouped."""
    app = opened("compare-batch-norm", "train_size=1000", "test_size=1000", "batch_size=100", "epochs=20",
                 "grid=true", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: said in text(app, "#compare-table").replace("\n", " "))
