"""Shared fixtures: no test ever reads or writes the real progress file."""
import pytest


@pytest.fixture(autouse=True)
def private_state_dir(tmp_path, monkeypatch):
    """Point $WORKBENCH_STATE_DIR at a fresh folder for every test."""
    folder = tmp_path / "state"
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(folder))
    return folder
