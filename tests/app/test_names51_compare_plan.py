"""Compare's plan names a setting that tells runs apart as the dialog labels it (에폭 수 = 201), not as
--set types it (epochs=201), en and ko; a free run named by its own assignment ("lr=0.1") says it once."""
import pytest

from workbench.app.app import make_app
from workbench.i18n import t
from workbench.models.catalog import pane
from screen_text import widget_text as text

SIZE = (80, 24)
TINY = ("dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=50")


def opened(name, *assignments, lang):
    app = make_app(pane=(name, pane(name).parse([*TINY, *assignments])), lang=lang)
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_plan_names_the_differing_setting_by_its_label(lang):
    app = opened("compare-overfitting", "runs=plain, dropout", lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plan = text(app, "#compare-table").replace("\u00a0", " ")
        label = t("compare-overfitting.label.epochs") if lang == "ko" else "epochs"
    assert "epochs=" not in plan, plan
    assert f"{label} = 201" in plan, plan


async def test_a_free_run_named_by_its_assignment_is_not_named_twice():
    app = opened("compare", "runs=lr=0.1; lr=0.01", "epochs=3", lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plan = text(app, "#compare-table").replace("\u00a0", " ")
    assert "lr=0.1" in plan and "학습률 = 0.1" not in plan, plan
