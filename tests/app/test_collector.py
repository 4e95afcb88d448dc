"""Full garbage collections on the app's timer, not in the middle of a frame (collector.py)."""
import gc
import time

from workbench.app import collector
from workbench.app.app import make_app

SIZE = (80, 24)


async def test_while_the_app_runs_full_collections_come_from_its_timer_and_stop_with_it(monkeypatch):
    monkeypatch.setattr(collector, "EVERY", 0.1)
    before = gc.get_threshold()
    full = []

    def note(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(info)
    app = make_app()
    gc.callbacks.append(note)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.get_threshold() == (*before[:2], collector.OUT_OF_REACH)
            full.clear()
            deadline = time.monotonic() + 10
            while len(full) < 3:                        # every 0.1 s, or later on a busy machine
                assert time.monotonic() < deadline, "no full collections came from the app's timer"
                await pilot.pause(0.05)
    finally:
        gc.callbacks.remove(note)
    assert gc.get_threshold() == before             # Python's own rule again once the app has stopped


async def test_two_apps_side_by_side_put_the_thresholds_back_only_when_both_have_stopped():
    before = gc.get_threshold()
    first, second = make_app().run_test(size=SIZE), make_app().run_test(size=SIZE)
    await (await first.__aenter__()).pause()
    await (await second.__aenter__()).pause()
    await first.__aexit__(None, None, None)            # the first to start stops first
    assert gc.get_threshold() == (*before[:2], collector.OUT_OF_REACH)
    await second.__aexit__(None, None, None)
    assert gc.get_threshold() == before
