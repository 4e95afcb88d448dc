"""The inference pane's batch line groups its counts as the pane's other lines do: a batch size of 1
over 1,000 test images said "배치 1/1000" under "배치 크기 1", beside "1,000" everywhere else; and it
names the batch setting as its field does in Korean (배치 번호, not `batch`)."""
import pytest
from chapter3_fixtures import settle, synthetic_only
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.inference import InferencePane
from workbench.models import trained
from workbench.models.catalog import pane


@pytest.fixture
def thousand_tests(monkeypatch):
    """A network trained a little on 300 synthetic digits, tested on 1,000."""
    data = synthetic_only(monkeypatch, 300, 1000)
    network, record = trained.train(data, trained.Recipe(epochs=1, lr=0.01))
    trained.keep(network, record)
    return data


@pytest.mark.parametrize("lang, first, past", [
    ("en", "batch 1/1,000: x[0:1]", "batch = 1,200 is past the last, 999"),
    ("ko", "배치 1/1,000: x[0:1]", "(배치 번호 = 1,200은 마지막 999보다 큽니다"),
])
async def test_the_batch_line_groups_a_thousand_batches(thousand_tests, lang, first, past):
    app = make_app(pane=("inference", pane("inference").parse(["batch_size=1"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)

        def line() -> str:
            return " ".join(str(app.screen.query_one("#inference-batch", Static).render()).split())
        assert first in line(), line()
        app.screen.query_one(InferencePane).apply(batch=1200)
        await settle(app, pilot)
        assert past in line().replace("\u00a0", " "), line()
        assert "1,000/1,000" in line()                # x[999:1000] is code, as NumPy takes it
