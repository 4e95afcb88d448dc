"""The training model without the app: settings, the plan, the data and its fallback, a run's events,
stopping, divergence, saving and loading."""
import threading

import numpy as np
import pytest

from workbench.datasets import DatasetError
from workbench.i18n import set_language
from workbench.models import train as model
from workbench.models.catalog import pane
from workbench.models.settings import SettingError
from workbench.models.train import (EpochRecord, TrainingRun, TrainSettings, build_network, compute, load_data,
                                    load_into, network_state, restore, save_network)
from workbench.nn.trainer import StepEvent, StopEvent

TINY = dict(dataset="synthetic-digits", train_size=200, test_size=100, batch_size=20, epochs=2)


class Collect:
    """A reporter that keeps everything (as a job context would send it)."""

    def __init__(self):
        self.items, self.progress_calls, self.hooks = [], [], {}

    def progress(self, done, total=None, **info):
        self.progress_calls.append((done, total, info))

    def emit(self, *items):
        self.items.extend(items)

    def on_control(self, **hooks):
        self.hooks = hooks

    def of(self, kind):
        return [item for item in self.items if isinstance(item, kind)]


def tiny(**changes):
    return TrainSettings(**{**TINY, **changes})


def test_a_batch_larger_than_the_training_subset_is_refused_naming_batch_size():
    with pytest.raises(SettingError) as info:
        TrainSettings(train_size=50, batch_size=100)
    assert info.value.key == "batch_size" and "50 training images" in str(info.value)


def test_the_plan_counts_iterations_and_parameters_of_every_network():
    for net in model.NETS:
        plan = compute(tiny(net=net))
        assert plan.iter_per_epoch == 10 and plan.max_iter == 20
        assert plan.param_count == sum(p.size for p in build_network(tiny(net=net)).params.values())
    assert compute(tiny()).network_name == "SimpleConvNet"
    assert [name for name, _, _ in compute(tiny()).layers][:3] == ["Conv1", "Relu1", "Pool1"]


def test_the_catalog_has_the_train_pane_and_its_settings_read_from_text():
    entry = pane("train")
    settings = entry.parse(["net=deep", "lr=0.01", "conv=book", "train_size=300"])
    assert (settings.net, settings.lr, settings.conv, settings.train_size) == ("deep", 0.01, "book", 300)
    with pytest.raises(SettingError):
        entry.parse(["lr=0"])


@pytest.mark.parametrize("net", ["simple", "deep", "two-layer"])
def test_a_weight_decay_for_a_network_without_one_is_refused_not_ignored(net):
    """The book's TwoLayerNet, SimpleConvNet and DeepConvNet have no weight decay: given for them, it was
    accepted and silently left out of the training."""
    with pytest.raises(SettingError) as refused:
        pane("train").parse([f"net={net}", "weight_decay=0.1"])
    assert refused.value.key == "weight_decay"
    for net in ("multi-layer", "multi-layer-extend"):
        assert build_network(pane("train").parse([f"net={net}", "weight_decay=0.1"])).weight_decay_lambda == 0.1


@pytest.fixture
def no_mnist(monkeypatch):
    """MNIST is nowhere on this computer (whatever this machine has), the synthetic digits are here."""
    real = model.load_dataset

    def missing(name, **kwargs):
        if name != "synthetic-digits":
            raise DatasetError("MNIST is not on this computer")
        return real(name, **kwargs)
    monkeypatch.setattr(model, "load_dataset", missing)
    monkeypatch.setattr(model, "places", lambda info, data_dir=None: [])


def test_a_missing_data_set_falls_back_to_the_synthetic_digits_and_says_so(no_mnist):
    data = load_data(tiny(dataset="mnist"))
    assert data.name == "synthetic-digits" and data.asked == "mnist" and data.fell_back
    assert "MNIST is not on this computer" in data.source_text() and len(data.x_train) == 200
    with pytest.raises(DatasetError):
        load_data(tiny(dataset="mnist"), fallback=False)


def test_the_data_line_names_the_data_sets_in_the_interface_language(no_mnist):
    set_language("ko")
    try:
        data = load_data(tiny(dataset="mnist"))
        assert data.short_text() == "MNIST 없음 → 합성 숫자(내장, MNIST 아님): 훈련 200장 / 시험 100장"
        assert "합성 숫자(내장, MNIST 아님): 훈련 이미지 200장" in data.source_text()
        assert compute(tiny()).data.label == "합성 숫자(내장, MNIST 아님)"
        assert compute(tiny(dataset="mnist")).data.label == "MNIST"
    finally:
        set_language("en")
    assert data.short_text() == ("no MNIST here → Synthetic digits (built in, not MNIST): "
                                 "200 training / 100 test images")


@pytest.mark.parametrize("width, line", [
    (None, "no MNIST here → Synthetic digits (built in, not MNIST): 200 training / 100 test images"),
    (74, "no MNIST here → synthetic digits: 200 training / 100 test images"),     # the whole pane at 80 columns
    (60, "no MNIST here → synthetic digits: 200 train, 100 test"),
    (35, "no MNIST here → synthetic digits")])                                    # beside a lesson's text
def test_the_data_line_is_shortened_to_fit_not_cut(no_mnist, width, line):
    """At 80 columns the line lost its sizes to an ellipsis ("6000 training / 100…"), beside the text
    all but "no MNIST here → Synthetic digits (…"."""
    assert load_data(tiny(dataset="mnist")).short_text(width) == line


def test_the_synthetic_digits_chosen_go_down_to_their_name_and_no_further():
    data = load_data(tiny())
    assert data.short_text(40) == "synthetic digits: 200 train, 100 test"
    assert data.short_text(35) == data.short_text(10) == "synthetic digits"


def test_a_run_emits_every_step_and_a_record_per_epoch_and_one_before():
    data = load_data(tiny())
    reporter = Collect()
    outcome = TrainingRun(tiny(), data).run(reporter)
    steps, records = reporter.of(StepEvent), reporter.of(EpochRecord)
    assert [s.iteration for s in steps] == list(range(1, 21))
    assert [r.epoch for r in records] == [0, 1, 2]
    assert records[0].predictions.shape == (100,) and records[0].predictions.dtype == np.int8
    assert not np.array_equal(records[0].params["W1"], records[2].params["W1"])   # copies, not live arrays
    assert reporter.of(StopEvent)[-1].reason == "finished" == outcome.stop.reason
    assert outcome.test_acc == records[-1].test_acc == np.mean(records[-1].predictions == data.t_test)
    last = reporter.progress_calls[-1]
    assert last[0] == 20 and last[1] == 20 and last[2]["samples_per_sec"] > 0


def test_an_epochs_record_reuses_the_trainers_test_pass_instead_of_predicting_the_test_set_again():
    data = load_data(tiny(epochs=1))
    run = TrainingRun(tiny(epochs=1), data)
    seen = []
    predict = run.network.predict

    def counted(x, train_flg=False):
        if not train_flg:                # an evaluation, not a training step's forward pass
            seen.append(len(x))
        return predict(x, train_flg)

    run.network.predict = counted
    reporter = Collect()
    run.run(reporter)
    before, after = reporter.of(EpochRecord)
    assert sum(seen) == 3 * 100     # the record before training, then the accuracies on 100 training and test images
    assert np.array_equal(after.predictions, model.predictions(run.network, data.x_test))
    assert after.predictions.dtype == np.int8 and after.test_acc == np.mean(after.predictions == data.t_test)


def test_a_seeded_run_is_repeatable():
    losses = []
    for _ in range(2):
        reporter = Collect()
        TrainingRun(tiny(), load_data(tiny())).run(reporter)
        losses.append([s.loss for s in reporter.of(StepEvent)])
    assert losses[0] == losses[1]


def test_stop_from_another_thread_ends_the_run_with_its_results():
    settings = tiny(epochs=100)
    run = TrainingRun(settings, load_data(settings))
    reporter = Collect()
    original = reporter.emit

    def emit(*items):
        original(*items)
        if len(reporter.of(StepEvent)) == 5:
            threading.Thread(target=reporter.hooks["cancel"]).start()
    reporter.emit = emit
    outcome = run.run(reporter)
    assert outcome.stop.reason == "stopped" and 5 <= outcome.iterations < 20
    assert 0 <= outcome.test_acc <= 1


def test_a_huge_learning_rate_stops_with_what_happened_and_what_to_try():
    settings = tiny(net="multi-layer", optimizer="sgd", lr=10.0)
    reporter = Collect()
    outcome = TrainingRun(settings, load_data(settings)).run(reporter)
    assert outcome.stop.reason == "non-finite"
    assert "learning rate 10" in outcome.stop.what_happened and "try 1" in outcome.stop.what_to_try
    assert len(reporter.of(StepEvent)) == outcome.iterations >= 1


def test_saving_and_loading_round_trip_and_refuse_another_network(tmp_path):
    settings = tiny()
    run = TrainingRun(settings, load_data(settings))
    run.run(Collect())
    path = save_network(run.network, tmp_path / "deeper" / "simple.npz")
    again = TrainingRun(settings, run.data, load=path)
    np.testing.assert_array_equal(again.network.params["W1"], run.network.params["W1"])
    assert again.loaded == str(path)
    deep = build_network(tiny(net="deep"))
    before = deep.params["W1"].copy()
    with pytest.raises(ValueError, match="saved from a SimpleConvNet, not from a DeepConvNet; set net = simple to load it"):
        load_into(deep, path)
    np.testing.assert_array_equal(deep.params["W1"], before)
    damaged = tmp_path / "damaged.npz"
    damaged.write_bytes(path.read_bytes()[:500])
    with pytest.raises(ValueError, match="damaged"):
        load_into(build_network(settings), damaged)
    with pytest.raises(ValueError, match="no such file"):
        load_into(build_network(settings), tmp_path / "none.npz")


def test_network_state_keeps_batch_norm_statistics_and_restores_them():
    settings = tiny(net="multi-layer-extend", dropout=0.2)
    run = TrainingRun(settings, load_data(settings))
    run.run(Collect())
    state = network_state(run.network)
    assert "BatchNorm1.running_mean" in state
    fresh = build_network(settings)
    restore(fresh, state)
    x = run.data.x_test[:10]
    np.testing.assert_allclose(fresh.predict(x), run.network.predict(x), rtol=1e-5)


def test_a_data_set_on_this_computer_is_named_with_its_folder_and_place_in_one_bracket(tmp_path):
    """The data line nested brackets: "(/usr/share/datasets/fashion-mnist (system copy))"."""
    from workbench.datasets import dataset_info
    spec = dataset_info("fashion-mnist").source.splits["train"][0]
    folder = tmp_path / "fashion"
    folder.mkdir()
    (folder / spec.name).write_bytes(b"")
    status = model.data_status("fashion-mnist", data_dir=folder)
    assert status.present and status.where.startswith(str(folder) + ", ")
    assert "(" not in status.where


def test_where_a_data_set_is_found_is_also_an_id_and_a_folder_the_same_in_every_language(tmp_path):
    """`train --json` gives programs the place's kind and the folder, not the sentence ("시스템 사본")."""
    from workbench.datasets import dataset_info
    from workbench.i18n import language, set_language
    spec = dataset_info("fashion-mnist").source.splits["train"][0]
    (tmp_path / spec.name).write_bytes(b"")
    before = language()
    try:
        found = []
        for lang in ("en", "ko"):
            set_language(lang)
            status = model.data_status("fashion-mnist", data_dir=tmp_path)
            found.append((status.source, status.folder))
    finally:
        set_language(before)
    assert found == [("user", str(tmp_path))] * 2
    assert model.data_status("synthetic-digits").source == "generated"


def test_the_short_data_line_says_when_only_the_test_split_of_the_data_set_asked_for_is_here(monkeypatch, tmp_path):
    """The training pane's "no MNIST here →" while `workbench data` listed MNIST's test split, verified."""
    from workbench.datasets import load as load_module
    from workbench.datasets.locate import Place
    from workbench.models import train as train_module

    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (tmp_path / name).write_bytes(b"")
    where = lambda info, data_dir=None: [Place(tmp_path, "user", "WORKBENCH_DATA")]
    monkeypatch.setattr(load_module, "places", where)
    monkeypatch.setattr(train_module, "places", where)
    data = load_data(TrainSettings(dataset="mnist", train_size=200, test_size=100, batch_size=20))
    assert data.short_text(80) == "only MNIST's test split here → synthetic digits: 200 training / 100 test images"


@pytest.mark.parametrize("lang, said", [
    ("en", "batch_size 100 is larger than the 8 training images; choose 8 or less, or use more images"),
    ("ko", "batch_size: 미니배치 100장은 훈련 이미지 8장보다 많습니다. 8 이하로 줄이거나 훈련 이미지를 늘리세요")])
def test_a_batch_larger_than_the_images_is_refused_in_a_sentence(lang, said):
    """In Korean it read "batch_size: 100, 훈련 이미지 8장보다 큽니다", a fragment, not the book's sentence."""
    set_language(lang)
    try:
        with pytest.raises(SettingError) as refused:
            TrainSettings(batch_size=100, train_size=8)
    finally:
        set_language("en")
    assert str(refused.value) == said
