"""A batch-norm run named alone says without what: the status's best run read "(without, w=1)" and
"(없음, w=1)", a run that ended early "without, w=1: diverged". Beside the other of its pair (legend,
grid's column) "without" is still enough."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from workbench.app.app import make_app
from workbench.app.panes.compare import BatchNormPane
from workbench.models.catalog import pane


@pytest.mark.parametrize("lang, said", [(None, "(without batch norm, w=1)"), ("ko", "(배치 정규화 없음, w=1)")])
async def test_the_best_run_without_batch_norm_is_named_so(lang, said):
    settings = pane("compare-batch-norm").parse(["dataset=synthetic-digits", "grid=false", "weight_scale=1"])
    app = make_app(pane=("compare-batch-norm", settings), lang=lang)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormPane)
        p.plan, p.state = p.result, "done"
        p.results = {i: SimpleNamespace(name=run.spec.name, stop_reason=None, final_train_acc=0.5,
                                        final_test_acc=0.3 if run.spec.batch_norm else 0.4)
                     for i, run in enumerate(p.plan.runs)}
        assert said in p.status_text().plain.replace("\n", " ")
        assert [run.spec.label for run in p.plan.runs][1] in ("without", "없음")   # beside its pair: short
