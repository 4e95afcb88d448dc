"""Chapter 3's network trained on a disk that refuses to keep it (read-only or full) is still used, and the refusal is said: lesson 3.4 showed "No network: failed: cannot save
to …" after training it, trained it again at every start, and `workbench network` said only the error."""
import errno
from types import SimpleNamespace

import pytest

from tests.console_text import joined, said
from workbench import cli
from workbench.app.chapter3_network import SharedNetwork
from workbench.jobs import FINISHED, JobDone
from workbench.models import trained
from workbench.nn import params_io
from workbench.paths import networks_dir


@pytest.fixture(autouse=True)
def tiny_and_unkeepable(monkeypatch):
    data = trained.synthetic_data(300, 100)
    monkeypatch.setattr(trained, "available_data", lambda: data)
    monkeypatch.setattr(trained, "best_source", lambda: "synthetic-digits")
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(params_io.os, "replace", full_disk)


def test_a_network_that_cannot_be_kept_is_still_used():
    found = trained.obtain()
    assert found.trained_now and "no space left on the disk" in found.not_kept
    x, t = found.test_part
    assert 0.0 <= found.network.accuracy(x, t) <= 1.0
    assert not any(networks_dir().iterdir())                # nothing half-written left behind


def test_the_console_says_it_was_trained_but_not_kept(capsys):
    assert cli.main(["network"]) == 2
    out, err = capsys.readouterr()
    assert said(out, "A 784-50-100-10 sigmoid network, trained in") and "Kept in" not in out
    assert joined(err).endswith("no space left on the disk; a file that was already there is unchanged. The "
                                "network was trained but is not kept: the app trains it again each time a "
                                "lesson needs it")


def test_the_app_says_it_once_as_a_warning():
    notices = []
    shared = SharedNetwork(SimpleNamespace(notify=lambda text, **kw: notices.append((text, kw))))
    found = trained.obtain()
    shared.notify_replaced(JobDone(1, "chapter3.network", FINISHED, "", (found,)))
    [(text, kw)] = notices
    assert text.startswith(found.not_kept) and "used until workbench closes" in text
    assert kw["title"] == "The trained network could not be kept" and kw["severity"] == "warning"
