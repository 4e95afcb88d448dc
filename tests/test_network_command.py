"""`workbench network`: finds or trains chapter 3's network from the console, says what it learned from."""
import pytest

from workbench import cli
from workbench.commands.network import progress_line
from workbench.jobs import JobProgress
from workbench.models import trained


@pytest.fixture(autouse=True)
def tiny_data(monkeypatch):
    data = trained.synthetic_data(300, 100)
    monkeypatch.setattr(trained, "available_data", lambda: data)
    monkeypatch.setattr(trained, "best_source", lambda: "synthetic-digits")
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})


def test_the_first_run_trains_with_progress_and_the_next_one_only_describes(capsys):
    assert cli.main(["network"]) == 0
    out, err = capsys.readouterr()
    assert "No trained network is kept yet: training one on 300 synthetic digits" in out
    assert "A 784-50-100-10 sigmoid network, trained in" in out and f"Kept in {trained.paths()[0]}" in out
    assert cli.main(["network"]) == 0
    out, err = capsys.readouterr()
    assert "No trained network" not in out and "trained in" in out and err == ""


def test_retrain_trains_again(capsys):
    cli.main(["network"])
    capsys.readouterr()
    assert cli.main(["network", "--retrain"]) == 0
    assert "Training the network again on 300 synthetic digits" in capsys.readouterr().out


def test_a_training_that_fails_is_one_line(monkeypatch, capsys):
    def broken(ctx, **kwargs):
        raise ValueError("the disk is full")

    monkeypatch.setattr(trained, "obtain", broken)
    assert cli.main(["network"]) == 2
    assert capsys.readouterr().err.strip() == "workbench: error: the disk is full"


def test_progress_is_a_bar_with_the_epoch_and_the_loss():
    event = JobProgress(1, "network", 15, 60, {"phase": "train", "epoch": 2, "epochs": 8, "loss": 0.4321}, ())
    assert progress_line(event) == "[#######.......................]  25 %  epoch 2/8 · loss 0.43"
    looking = JobProgress(1, "network", 0, None, {"phase": "check"}, ())
    assert progress_line(looking) == "Looking for the trained network…"
