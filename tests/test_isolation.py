"""The suite's own promise: a test never reads or writes the learner's real state, even after
`monkeypatch.undo()` (which once sent a test to the real progress file and its saved language)."""
import os


def test_undoing_a_tests_patches_keeps_the_private_state_and_the_english_locale(monkeypatch, tmp_path):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    monkeypatch.undo()
    assert os.environ["WORKBENCH_STATE_DIR"] == str(tmp_path / "state")
    assert os.environ["WORKBENCH_DATA_HOME"] == str(tmp_path / "data-home")
    assert not {"LC_ALL", "LC_MESSAGES", "LANG"} & set(os.environ)
