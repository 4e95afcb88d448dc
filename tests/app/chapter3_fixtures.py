"""Fixtures for panes that use chapter 3's trained network: a tiny one, trained or kept, and a way to
wait for the pane's jobs. Imported by the pane tests (`from chapter3_fixtures import ...`)."""
import asyncio
import dataclasses

import pytest

from workbench.models import trained


def synthetic_only(monkeypatch, train: int, test: int):
    """Training sees `train` synthetic digits for two epochs, testing `test`, whatever data this computer has."""
    data = trained.synthetic_data(train, test)
    monkeypatch.setattr(trained, "available_data", lambda: data)
    monkeypatch.setattr(trained, "best_source", lambda: "synthetic-digits")
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})
    return data


@pytest.fixture
def tiny_data(monkeypatch):
    """Training sees 300 synthetic digits for two epochs (6 steps), whatever data this computer has."""
    return synthetic_only(monkeypatch, 300, 100)


@pytest.fixture
def kept_network(tiny_data):
    """The tiny network, kept, trained enough to tell some digits apart (30 steps: about 70 % right),
    its training time pinned to 1 s so that snapshots are stable."""
    network, record = trained.train(tiny_data, trained.Recipe(epochs=10, lr=0.01))
    return trained.keep(network, dataclasses.replace(record, seconds=1.0, trained_at="2026-01-01T00:00:00Z"))


async def settle(app, pilot, timeout: float = 30.0) -> None:
    """Wait until every job of the app has finished and its last event has been handled."""
    for _ in range(int(timeout / 0.02)):
        if all(job.delivered for job in app.jobs.jobs.values()):      # each one's JobDone sent
            break
        await asyncio.sleep(0.02)
    await pilot.pause()
    await pilot.pause()
