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
