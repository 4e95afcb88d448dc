"""The `workbench` command: subcommands, one-line errors, exit codes, never a traceback."""
import os
import subprocess
import sys

import pytest

from workbench import cli
from workbench.course.files import load_course

COURSE = load_course()


def run(capsys, *argv):
    """main(argv) → (exit status, stdout, stderr); argparse's own exits count as statuses."""
    try:
        status = cli.main(list(argv))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def opened(monkeypatch):
    """Record the app the command would run instead of taking over the terminal."""
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    return apps


def test_help_lists_every_subcommand(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("lesson", "lessons", "panes", "data"):
        assert f"\n    {command} " in out
    assert "lessons check" in out and "data status" in out


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.startswith("workbench 0.")


def test_no_argument_opens_home(capsys, opened):
    assert run(capsys)[0] == 0
    [app] = opened
    assert app._start == (None, None)


def test_lesson_opens_that_lesson_at_a_step(capsys, opened):
    assert run(capsys, "lesson", "xor", "--step", "2")[0] == 0
    assert opened[0]._start == ("xor", 1)


@pytest.mark.parametrize("argv, message", [
    (["lesson", "xr"], "workbench: error: no lesson 'xr'; did you mean 'xor'?"),
    (["lesson", "no-such-thing-at-all"], "workbench: error: no lesson 'no-such-thing-at-all'; see 'workbench lessons'"),
    (["lesson", "xor", "--step", "99"], "workbench: error: lesson 'xor' has steps 1 to 4, not 99"),
    (["lesson", "xor", "--step", "two"], "workbench lesson: error: argument --step: invalid int value: 'two'"),
    (["frobnicate"], "workbench: error: argument COMMAND: invalid choice: 'frobnicate'"),
    (["--colour"], "workbench: error: unrecognized arguments: --colour"),
    (["lessons", "fix"], "workbench lessons: error: argument action: invalid choice: 'fix'"),
    (["data", "download", "cifar"], "workbench data download: error: argument NAME: invalid choice: 'cifar'"),
    (["data"], "workbench data: error: the following arguments are required: ACTION"),
])
def test_bad_arguments_get_one_line_and_a_non_zero_status(capsys, opened, argv, message):
    status, out, err = run(capsys, *argv)
    assert status != 0 and not opened and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_lessons_lists_every_lesson_by_chapter(capsys):
    status, out, _ = run(capsys, "lessons")
    assert status == 0
    for lesson in COURSE.lessons:
        assert f"{lesson.number:<5}{lesson.id}" in out
    assert out.index("Chapter 2") < out.index("Chapter 8")


def test_lessons_check_passes_on_the_shipped_lessons(capsys):
    status, out, _ = run(capsys, "lessons", "check")
    assert status == 0 and f"{len(COURSE.lessons)} lessons" in out and "all valid" in out


def test_lessons_check_reports_file_and_line(capsys, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "lesson.toml").write_text('id = "broken"\nchapter = 3\norder = 1\n\n[[steps]]\nid = "a"\n'
                                        'pane = "nope"\n', encoding="utf-8")
    (folder / "en.md").write_text("---\ntitle: T\nsummary: S\n---\n\n## A {#a}\n\nText.\n", encoding="utf-8")
    status, out, _ = run(capsys, "lessons", "check", "--dir", str(tmp_path))
    assert status == 1
    assert f"{folder / 'lesson.toml'}:7: unknown pane 'nope'" in out
    assert "chapters.toml:1:" in out


def test_lessons_check_on_a_missing_folder(capsys, tmp_path):
    status, _, err = run(capsys, "lessons", "check", "--dir", str(tmp_path / "nowhere"))
    assert status == 2 and err.startswith("workbench: error: no lessons folder at")


def test_panes_lists_settings_with_ranges(capsys):
    status, out, _ = run(capsys, "panes")
    assert status == 0
    assert "activation-plot: activation functions plot" in out
    assert "x_min: a number -100.0 to 100.0" in out


def test_data_commands_reach_the_datasets_console(capsys, monkeypatch):
    from workbench.datasets import console

    calls = []
    monkeypatch.setattr(console, "status", lambda out: calls.append("status") or 0)
    monkeypatch.setattr(console, "download", lambda names, out: calls.append(("download", names)) or 1)
    monkeypatch.setattr(console, "verify", lambda out: calls.append("verify") or 0)
    assert run(capsys, "data", "status")[0] == 0
    assert run(capsys, "data", "download")[0] == 1
    assert run(capsys, "data", "download", "fashion-mnist")[0] == 1
    assert run(capsys, "data", "verify")[0] == 0
    assert calls == ["status", ("download", ["mnist", "fashion-mnist"]), ("download", ["fashion-mnist"]), "verify"]


def test_the_installed_command_fails_cleanly_in_a_real_process():
    done = subprocess.run([sys.executable, "-m", "workbench", "lesson", "nope"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "workbench: error: no lesson 'nope'; see 'workbench lessons'\n"
    assert "Traceback" not in done.stdout + done.stderr


def test_importing_the_cli_does_not_load_textual():
    code = "import sys, workbench.cli; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_closed_pipe_ends_the_listing_quietly():
    """`workbench lessons | head -1`: the reader has gone; no BrokenPipeError traceback."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "workbench", "lessons"], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
