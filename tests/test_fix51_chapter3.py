"""The chapter-3 network's job after its last epoch: a network trained just now is tested on the test part
of the data it was trained on, not on 7,000 synthetic digits drawn again (seconds at "95 % epoch 8/8"
with nothing said); a kept network's job says it is getting the test images while it reads or draws them."""
import numpy as np
import pytest

from workbench.app.chapter3_network import find_or_train
from workbench.models import trained


class Context:
    """A job's context, as the job runner gives it: the progress so far, and what was sent at once."""

    def __init__(self):
        self.events, self.sent = [], []

    def progress(self, done, total=None, **info):
        self.events.append(info)

    def flush(self):
        self.sent.append(self.events[-1] if self.events else None)

    def checkpoint(self):
        pass

    def on_control(self, **hooks):
        pass


@pytest.fixture
def drawn(monkeypatch):
    """Two short epochs on 300 synthetic digits; how many times digits are drawn."""
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})
    real, count = trained.synthetic_data, []

    def synthetic(n_train=300, n_test=100):
        count.append((n_train, n_test))
        return real(n_train, n_test)
    monkeypatch.setattr(trained, "synthetic_data", synthetic)
    monkeypatch.setattr(trained, "available_data", lambda: synthetic(300, 100))
    return count


def test_a_network_trained_now_is_tested_on_its_own_test_part_without_drawing_again(drawn):
    found, x, t, text = find_or_train(False)(Context())
    assert found.trained_now and drawn == [(300, 100)], "the digits were drawn once, to train on"
    np.testing.assert_array_equal(x, trained.synthetic_data(300, 100).x_test)
    assert len(t) == 100 and "300 synthetic digits" in text


def test_a_kept_networks_job_says_it_gets_the_test_images(drawn):
    find_or_train(False)(Context())
    ctx = Context()
    found, x, t, _ = find_or_train(False)(ctx)
    assert not found.trained_now and len(x) == 100
    assert ctx.sent and ctx.sent[-1] == {"phase": "test_data"}, ctx.events
