"""The training pane's settings dialog opened again, nothing changed on disk, looks into no folder for
the data set (its values' "all (6,000)" asked where the images are at every refresh)."""
import os
import time

import workbench.models.train as model
from workbench.app.app import make_app
from workbench.app.settings_form import SettingsScreen
from workbench.datasets.locate import candidates
from screen_text import until


async def test_opening_the_training_settings_again_looks_into_no_folder(tmp_path, monkeypatch):
    ago = time.time() - 3600
    os.utime(tmp_path, (ago, ago))
    monkeypatch.setenv("WORKBENCH_CACHE", str(tmp_path))
    monkeypatch.delenv("WORKBENCH_DATA", raising=False)
    looked = []
    monkeypatch.setattr(model, "candidates", lambda place, spec: looked.append(place) or candidates(place, spec))
    monkeypatch.setattr(model, "_looked_up", {}, raising=False)
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert looked                               # the pane's plan looked once
        for _ in range(2):
            looked.clear()
            await pilot.press("s")
            await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
            await pilot.pause()
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, SettingsScreen))
            assert looked == []
