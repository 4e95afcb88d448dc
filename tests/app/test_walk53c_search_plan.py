"""The search's plan where MNIST is not on this computer said "MNIST: of the first 500 training images,
400 train each trial and 100 score it" and, two lines on, "MNIST is not on this computer: the runs use
the synthetic digits": two claims at odds on one screen. The missing line comes first and the split names
the images the trials will use."""
from __future__ import annotations

import pytest

from workbench.app.app import make_app
from workbench.datasets import dataset_label
from workbench.i18n import t
from workbench.models import search
from workbench.models.catalog import pane
from workbench.models.train import SYNTHETIC, DataStatus
from screen_text import widget_text as text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_search_of_a_data_set_not_here_plans_with_the_images_it_will_use(monkeypatch, lang):
    monkeypatch.setattr(search, "data_status", lambda name: DataStatus(name, False, "", False))
    app = make_app(pane=("search", pane("search").parse(["dataset=mnist"])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        lines = text(app, "#search-plan").splitlines()
        missing = lines.index(t("compare.plan.missing", name=dataset_label("mnist")))
        split = next(i for i, line in enumerate(lines) if line.startswith(dataset_label(SYNTHETIC) + ":"))
        said_mnist = [i for i, line in enumerate(lines) if line.startswith(dataset_label("mnist") + ":") and i != missing]
        assert missing < split and said_mnist == [], lines
