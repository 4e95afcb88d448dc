"""`workbench train --save net.npz` stopped before its first step ended (Ctrl+C while DeepConvNet's first
step runs, or while the learner's code starts in its sandbox) saved the network's first weights, at
random, over net.npz, a network trained before: "saved to net.npz" after 0 iterations. Nothing trained,
nothing saved: the file stays as it was, and the run says so."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench import cli
from workbench.i18n import set_language, t

TINY = ["train", "--net", "two-layer", "--dataset", "synthetic-digits", "--train-size", "200", "--test-size", "100",
        "--epochs", "1", "--batch-size", "50"]


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_run_stopped_before_its_first_step_leaves_the_saved_file_as_it_was(capsys, monkeypatch, tmp_path, lang):
    from workbench.commands import train as command
    from workbench.models.train import TrainingRun

    monkeypatch.chdir(tmp_path)                 # a short path: a path wider than the page breaks at its "/"
    saved = Path("net.npz")
    assert cli.main([*TINY, "--save", str(saved)]) == 0        # a network trained before
    before = saved.read_bytes()
    capsys.readouterr()

    def first_step_never_ends(self, reporter):
        reporter.progress(0, 4, epoch=1, in_epoch=0, iter_per_epoch=4)
        while not reporter.cancelled:
            threading.Event().wait(0.01)
        return self.outcome()

    def interrupted(self, event):
        raise KeyboardInterrupt
    monkeypatch.setattr(TrainingRun, "run", first_step_never_ends)
    monkeypatch.setattr(command.Console, "progress", interrupted)
    assert cli.main(["--lang", lang, *TINY, "--save", str(saved)]) == 130
    out = capsys.readouterr().out
    assert saved.read_bytes() == before
    assert t("train.cli.not_saved_untrained", path=saved) in out.replace("\n", " ")     # the path on a row of its own
    assert t("train.cli.saved", path=saved) not in out.replace("\n", " ").replace(
        t("train.cli.not_saved_untrained", path=saved), "")
