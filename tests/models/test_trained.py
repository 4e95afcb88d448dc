"""Chapter 3's trained network: trained on first use, kept as .npz with a JSON record, loaded after,
retrained (with the reason) when it is missing, damaged, another network's or from worse data.

Every test trains on a few hundred synthetic digits (a fraction of a second) in a fresh data home.
"""
import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pytest

from workbench.jobs import Cancelled
from workbench.models import trained

REPO = Path(__file__).resolve().parents[2]
MNIST_TEST_DIR = Path(os.environ.get("WORKBENCH_TEST_MNIST") or REPO.parent / "shared/datasets/mnist")


def tiny() -> trained.TrainingData:
    return trained.synthetic_data(300, 100)


class Recorder:
    """A stand-in for a job's context: records progress, can cancel at a checkpoint."""

    def __init__(self, cancel_after: int | None = None):
        self.events: list[tuple] = []
        self.checkpoints = 0
        self.cancel_after = cancel_after

    def progress(self, done, total=None, **info):
        self.events.append((done, total, info))

    def checkpoint(self):
        self.checkpoints += 1
        if self.cancel_after is not None and self.checkpoints > self.cancel_after:
            raise Cancelled

    def on_control(self, **hooks):
        self.hooks = hooks

    def flush(self):
        self.flushed = len(self.events)


@pytest.fixture(autouse=True)
def short_recipes(monkeypatch):
    """Two epochs of three batches: enough to train, save and load; nothing here measures learning."""
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})


@pytest.fixture
def kept():
    """A network trained on tiny data and kept in the test's data home."""
    return trained.obtain(data=tiny)


def test_first_use_trains_keeps_and_says_why(kept):
    npz, record_path = trained.paths()
    assert npz.is_file() and record_path.is_file()
    assert kept.trained_now and "No trained network is kept yet" in kept.notice
    assert "300 synthetic digits" in kept.notice
    r = kept.record
    assert (r.source, r.train_size, r.test_size, r.sizes, r.activation) == ("synthetic-digits", 300, 100,
                                                                           (784, 50, 100, 10), "sigmoid")
    assert 0.0 <= r.test_accuracy <= 1.0 and r.seconds >= 0 and r.sha256 == trained.file_sha256(npz)
    with np.load(npz, allow_pickle=False) as saved:
        assert saved["W1"].shape == (784, 50) and saved["W3"].shape == (100, 10)


def test_the_book_shapes_and_layers():
    network = trained.build_network()
    assert [name for name in network.layers] == ["Affine1", "Activation_function1", "Affine2",
                                                 "Activation_function2", "Affine3"]
    assert {k: v.shape for k, v in network.params.items()} == {
        "W1": (784, 50), "b1": (50,), "W2": (50, 100), "b2": (100,), "W3": (100, 10), "b3": (10,)}


def test_the_kept_network_is_loaded_next_time_without_training(kept):
    again = trained.obtain(data=tiny)
    assert not again.trained_now and again.notice == ""
    assert again.record == kept.record
    for name, value in kept.network.params.items():
        np.testing.assert_array_equal(again.network.params[name], value)


def test_the_record_round_trips_through_json(kept):
    text = trained.paths()[1].read_text(encoding="utf-8")
    assert trained.Record.from_json(text) == kept.record
    assert json.loads(text)["sizes"] == [784, 50, 100, 10]


@pytest.mark.parametrize("text, complaint", [
    ("{", "not JSON"), ("[]", "not a JSON object"), ('{"source": "mnist"}', "no split"),
])
def test_a_broken_record_is_refused_with_a_reason(text, complaint):
    with pytest.raises(ValueError, match=complaint):
        trained.Record.from_json(text)


def test_a_record_with_a_wrong_kind_of_value_is_refused(kept):
    raw = json.loads(kept.record.to_json())
    raw["train_size"] = "many"
    with pytest.raises(ValueError, match="train_size"):
        trained.Record.from_json(json.dumps(raw))


def test_a_damaged_file_is_retrained_with_a_notice(kept):
    npz, _ = trained.paths()
    npz.write_bytes(b"not a zip file at all")
    again = trained.obtain(data=tiny)
    assert again.trained_now and "changed after its record was written" in again.notice
    assert trained.load_kept()[1] == again.record          # the new one is kept, and loads


def test_an_unreadable_file_that_matches_its_record_is_retrained_with_the_library_reason(kept):
    npz, record_path = trained.paths()
    npz.write_bytes(npz.read_bytes()[:200])                  # truncated, then the record "agrees"
    record_path.write_text(dataclasses.replace(kept.record, sha256=trained.file_sha256(npz)).to_json())
    again = trained.obtain(data=tiny)
    assert "cannot be loaded" in again.notice and "not a readable parameter file" in again.notice


def test_a_missing_or_broken_record_is_retrained(kept):
    _, record_path = trained.paths()
    record_path.unlink()
    assert "record cannot be read" in trained.obtain(data=tiny).notice
    record_path.write_text("{ nonsense")
    assert "record cannot be read" in trained.obtain(data=tiny).notice


def test_another_network_is_retrained(kept):
    _, record_path = trained.paths()
    record_path.write_text(dataclasses.replace(kept.record, sizes=(784, 100, 10)).to_json())
    again = trained.obtain(data=tiny)
    assert "not the one this version uses" in again.notice and "784-100-10 sigmoid" in again.notice


def test_a_file_of_another_network_class_is_retrained(kept):
    from workbench.nn.networks import TwoLayerNet

    npz, record_path = trained.paths()
    TwoLayerNet(784, 50, 10).save_params(npz)
    record_path.write_text(dataclasses.replace(kept.record, sha256=trained.file_sha256(npz)).to_json())
    again = trained.obtain(data=tiny)
    assert "cannot be loaded" in again.notice and "TwoLayerNet" in again.notice


def test_better_data_than_the_network_learned_from_is_used():
    trained.obtain(data=tiny)
    x_train, t_train, x_test, t_test = trained.cut(tiny().x_train, tiny().t_train)
    better = trained.TrainingData("mnist-split", x_train, t_train, x_test, t_test, split="test")
    again = trained.obtain(data=lambda: better)
    assert "better data is here now" in again.notice and "240 images of MNIST's test split" in again.notice
    assert again.record.source == "mnist-split"
    assert not trained.obtain(data=tiny).trained_now         # never back to worse data


def test_retraining_when_asked(kept):
    again = trained.obtain(data=tiny, retrain=True)
    assert again.trained_now and again.notice.startswith("Training the network again")


def test_a_job_sees_why_then_progress_then_the_test(tmp_path):
    ctx = Recorder()
    trained.obtain(ctx, data=tiny)
    phases = [info.get("phase") for _, _, info in ctx.events]
    assert phases[0] == "check" and phases[-1] == "test" and "train" in phases
    assert phases.index("data") < phases.index("train")        # drawing the digits takes seconds: said first
    why = next(i for i, (_, _, info) in enumerate(ctx.events) if "why" in info)
    assert "No trained network is kept yet" in ctx.events[why][2]["why"]
    assert ctx.flushed == why + 1                            # sent at once, before training starts
    steps = [(done, total) for done, total, info in ctx.events if info.get("loss") is not None]
    assert steps[-1] == (6, 6)                               # 2 epochs of 3 batches of 100
    assert ctx.checkpoints >= 6 and "cancel" in ctx.hooks


def test_a_cancelled_training_keeps_nothing():
    with pytest.raises(Cancelled):
        trained.obtain(Recorder(cancel_after=3), data=tiny)
    npz, record_path = trained.paths()
    assert not npz.exists() and not record_path.exists()


def test_the_network_is_tested_on_what_it_never_saw(kept):
    x, t, text = trained.evaluation_set(kept.record)
    data = tiny()
    np.testing.assert_array_equal(x, data.x_test)
    assert "learned from 300 synthetic digits" in text


def test_the_synthetic_digits_are_centred_as_mnist_digits_are():
    images = tiny().x_train.reshape(-1, 28, 28).astype(np.float64)
    rows, cols = np.indices((28, 28))
    mass = images.sum(axis=(1, 2))
    centre_y = (images * rows).sum(axis=(1, 2)) / mass
    centre_x = (images * cols).sum(axis=(1, 2)) / mass
    assert np.abs(centre_y - 14).max() <= 0.75 and np.abs(centre_x - 14).max() <= 0.75


def test_without_mnist_the_data_is_the_synthetic_digits(monkeypatch):
    monkeypatch.setattr(trained, "mnist_split", lambda split: None)
    assert trained.best_source() == "synthetic-digits"
    data = tiny()
    monkeypatch.setattr(trained, "synthetic_data", lambda: data)
    assert trained.available_data().source == "synthetic-digits"


def test_one_mnist_split_is_cut_into_unseen_parts(monkeypatch):
    data = tiny()
    monkeypatch.setattr(trained, "mnist_split",
                        lambda split: (data.x_train, data.t_train) if split == "test" else None)
    found = trained.available_data()
    assert (found.source, found.split, len(found.x_train), len(found.x_test)) == ("mnist-split", "test", 240, 60)
    rows = {row.tobytes() for row in found.x_train}
    assert not any(row.tobytes() in rows for row in found.x_test)
    assert "(MNIST's training split is not on this computer)" in found.describe()


@pytest.mark.skipif(not MNIST_TEST_DIR.is_dir(), reason=f"{MNIST_TEST_DIR} is absent (set WORKBENCH_TEST_MNIST)")
def test_the_real_mnist_test_split_is_found_and_cut(monkeypatch):
    monkeypatch.setenv("WORKBENCH_DATA", str(MNIST_TEST_DIR))
    found = trained.available_data()
    assert found.source in ("mnist-split", "mnist")
    if found.source == "mnist-split":
        assert (found.split, len(found.x_train), len(found.x_test)) == ("test", 8000, 2000)
