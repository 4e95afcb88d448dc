"""The keys of the panes that measure as a job (`layer-times`, `float16`, `numerical-vs-backprop`, on the
shared `MeasuringPane`): while a run is under way the status says "x stops", and the footer did not show
`x` (layer-times and float16 had it hidden); now `x` is in the footer for as long as there is a run to
stop, and `g` is dimmed meanwhile (it would do nothing until the run ends)."""
import importlib
import threading

import pytest

from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures (float16 needs chapter 3's network)
from screen_text import until

from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.models.catalog import pane as entry

PANES = ("layer-times", "float16", "numerical-vs-backprop")


def footer(app) -> dict[str, bool]:
    """The footer's actions as it lists them (at 80 columns: those that fit), each lit or dimmed."""
    bar = app.screen.query_one(KeyBar)
    shown = {binding.id for binding, *_ in bar.choose(app.size.width)}
    return {binding.action: on for binding, on, _ in bar.items() if binding.id in shown}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", PANES)
async def test_x_is_in_the_footer_while_a_run_can_be_stopped(monkeypatch, name, lang, request):
    if name == "float16":
        request.getfixturevalue("kept_network")
    release = threading.Event()

    def measurement(self):
        def work(ctx):                               # a run that lasts until the test lets it end
            while not release.wait(0.02):
                ctx.progress(1, 2)
                ctx.checkpoint()
        return work

    monkeypatch.setattr(type_of(name), "measurement", measurement)
    app = make_app(pane=(name, entry(name).parse([])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        kind = type_of(name)                         # (a query by the base misses float16's pane)
        await until(pilot, lambda: app.screen.query(kind) and app.screen.query_one(kind).progress)
        pane = app.screen.query_one(kind)
        await pilot.pause()
        keys = footer(app)
        assert keys.get("cancel") is True and keys.get("run") is False, keys
        release.set()
        await until(pilot, lambda: not pane.running and pane.ended is not None)
        await pilot.pause()
        keys = footer(app)
        assert "cancel" not in keys and keys.get("run") is True, keys


def type_of(name: str) -> type:
    module, cls = entry(name).widget.split(":")
    return getattr(importlib.import_module(module), cls)
