"""`workbench network`: finds or trains chapter 3's network from the console, says what it learned from."""
import pytest

from tests.console_text import said
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
    assert said(out, "No trained network is kept yet: training one on 300 synthetic digits")
    assert said(out, "A 784-50-100-10 sigmoid network, trained in") and said(out, f"Kept in {trained.paths()[0]}")
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


def frames(err: str) -> list[str]:
    """The progress lines written to stderr, redrawn ones (\\r) apart."""
    return [frame.replace("\x1b[K", "").strip() for frame in err.replace("\r", "\n").splitlines()
            if frame.replace("\x1b[K", "").strip()]


def test_a_finished_training_ends_on_a_full_bar_with_the_last_epoch_in_a_pipe(capsys):
    """The last progress report comes before the last step (four a second): the bar used to stop
    there, at 99 % or at an epoch before the last."""
    assert cli.main(["network", "--retrain"]) == 0
    bars = [frame for frame in frames(capsys.readouterr().err) if frame.startswith("[")]
    assert bars[-1] == "[" + "#" * 30 + "] 100 %  " + bars[-1].partition("100 %  ")[2]
    assert "epoch 2/2" in bars[-1]
    assert all("100 %" not in frame for frame in bars[:-1])


def test_on_a_terminal_the_bar_is_honest_and_its_last_frame_full(capsys, monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert cli.main(["network", "--retrain"]) == 0
    out, err = capsys.readouterr()
    bars = [frame for frame in frames(err) if frame.startswith("[")]
    assert bars[-1].startswith("[" + "#" * 30 + "] 100 %") and "epoch 2/2" in bars[-1]
    for frame in bars:
        cells = frame[1:31]
        assert ("100 %" in frame) == ("." not in cells)
    assert err.endswith("\n")                           # the finished bar stays, on a line of its own


def test_a_progress_line_never_says_100_percent_before_the_end():
    event = JobProgress(1, "network", 597, 600, {"phase": "train", "epoch": 8, "epochs": 8, "loss": 0.1}, ())
    assert progress_line(event).startswith("[" + "#" * 29 + ".]  99 %")


def test_ctrl_c_stops_the_training_with_130_and_no_error_line(monkeypatch, capsys):
    """Ctrl+C is a stop, not a mistake: it said 'workbench: error: training stopped…' with status 2."""
    import threading

    def slow(ctx, **kwargs):
        while True:
            ctx.checkpoint()
            threading.Event().wait(0.01)

    def interrupted(self, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(trained, "obtain", slow)
    monkeypatch.setattr("queue.Queue.get", interrupted)
    assert cli.main(["network"]) == 130
    err = capsys.readouterr().err
    assert err == "training stopped; the network kept before, if any, is unchanged\n"


def test_on_a_narrow_terminal_the_bar_is_shorter_and_the_line_fits():
    from workbench.i18n.cells import cell_len

    event = JobProgress(1, "network", 15, 60, {"phase": "train", "epoch": 2, "epochs": 8, "loss": 0.4321}, ())
    line = progress_line(event, 45)
    assert cell_len(line) <= 45 and line.startswith("[") and "epoch 2/8" in line
