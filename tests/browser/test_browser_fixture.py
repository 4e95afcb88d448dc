"""The browser tests without chromium: a local run (the README's test command on a fresh machine) skips
them with the line that installs it; CI (.ci/run, which installs chromium and sets WORKBENCH_CI) fails."""
from pathlib import Path

import pytest

from browser_session import REQUIRED, need_chromium

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_local_run_without_chromium_skips_and_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.delenv(REQUIRED, raising=False)
    with pytest.raises(pytest.skip.Exception, match="sudo apt-get install chromium"):
        need_chromium(str(tmp_path / "chromium"))


def test_ci_without_chromium_fails(monkeypatch, tmp_path):
    monkeypatch.setenv(REQUIRED, "1")
    with pytest.raises(pytest.fail.Exception, match="sudo apt-get install chromium"):
        need_chromium(str(tmp_path / "chromium"))


def test_ci_sets_the_variable_before_it_runs_the_tests():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert lines.index(f"export {REQUIRED}=1") < next(i for i, line in enumerate(lines) if line.endswith("&& pytest"))
