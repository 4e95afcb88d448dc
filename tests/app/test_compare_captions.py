"""The captions of a comparison's views say what they show and stand apart: the grid's curves view
names its cell (its weight scale and place in the grid), and the two accuracy plots' captions, side by
side, do not run together. Tiny seeded runs of the synthetic digits."""
from __future__ import annotations

import dataclasses

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import ComparePane
from screen_text import screen_lines, until

SIZE = (80, 24)
TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=50, epochs=1, hidden=(10,))


async def pane_of(pilot, kind=ComparePane):
    await until(pilot, lambda: pilot.app.screen.query(kind))
    await pilot.pause()
    return pilot.app.screen.query_one(kind)


@pytest.mark.parametrize("lang", [None, "ko"])
async def test_the_accuracy_plots_captions_stand_apart_on_the_presenters_screen(lang):
    """6.4 presented at 80×24: "train % per epoch test % per epoch", the first caption filling its half,
    a space from the second, read as one. The halves stand two cells apart."""
    app = make_app(lesson_id="regularization", step=0, lang=lang, presenting=True)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot)
        p.settings = dataclasses.replace(p.settings, **TINY)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("2")
        train, test = (app.screen.query_one(f"#compare-{which}-caption") for which in ("train", "test"))
        await until(pilot, lambda: train.region.width and str(train.render()).strip())
        assert test.region.x - train.region.right >= 2
        row = next(line for line in screen_lines(app) if str(test.render()).strip() in line)
        assert f"{str(train.render()).strip()}  " in row, row


@pytest.mark.parametrize("lang, scale", [(None, "scale {cell}/16: w = {w}"), ("ko", "규모 {cell}/16: w = {w}")])
async def test_the_grids_curves_view_names_its_cell(lang, scale):
    """6.3 step 3: the curves view of the grid drew a pair "with batch norm" and "without", not saying
    of which of the 16 weight scales. Its legend names the cell, and follows , and . through them."""
    from workbench.app.panes.compare import BatchNormPane
    from workbench.models.compare import short_scale

    app = make_app(lesson_id="batch-norm", step=2, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot, BatchNormPane)
        p.settings = dataclasses.replace(p.settings, **TINY)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await pilot.press("comma", "comma", "2")
        await pilot.pause()
        cell = p.shown_cell()
        w = short_scale(next(r.spec.weight_init for r in p.plan.runs if r.spec.group == cell))
        legend = " ".join(screen_lines(app)).replace("\xa0", " ")
        assert scale.format(cell=cell + 1, w=w) in legend, legend
        assert cell == 13


async def test_the_footer_follows_the_view_shown():
    """6.3 step 3 at 80×24: after the grid, the curves view's footer still listed the grid's keys, z bare
    at its end: the footer was not asked again as the view changed (z does nothing off the grid)."""
    import re

    from workbench.app.panes.compare import BatchNormPane

    app = make_app(lesson_id="batch-norm", step=2)
    async with app.run_test(size=SIZE) as pilot:
        p = await pane_of(pilot, BatchNormPane)
        p.settings = dataclasses.replace(p.settings, **TINY)
        await pilot.press("g")
        await until(pilot, lambda: p.state == "done" and not p.running())
        await until(pilot, lambda: "z" in p.named_keys())
        await pilot.press("comma", "2")
        for _ in range(3):
            await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "z" not in [item.split(" ")[0] for item in re.split(r" {2,}", footer.strip())], footer


@pytest.mark.parametrize("lang, scale", [("en", "scale 14/16: w = "), ("ko", "규모 14/16: w = ")])
async def test_a_followers_grid_curves_name_the_presenters_cell(lang, scale):
    """A follower of a presenter's grid, shown its curves view, drew the pair without saying which cell:
    its legend names the cell of the presenter's runs (the 14th, two back from the last)."""
    from follow_fixtures import NOWHERE, followed, presenter_publishes, trained

    grid = ("dataset=synthetic-digits", "train_size=100", "test_size=100", "batch_size=50", "epochs=2")
    shared, presenter = await presenter_publishes("compare-batch-norm", grid, "g", trained, "3", "comma", "comma", "2")
    assert shared.cursor == "curves"
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        compare = await followed(pilot, shared, ComparePane)
        await pilot.pause()
        legend = str(compare.query_one("#compare-legend").render()).replace("\xa0", " ")
        assert compare.view == "curves" and scale in legend, legend
