"""The `workbench` command: subcommands, one-line errors, exit codes, never a traceback."""
import os
import re
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
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    return apps


def test_help_lists_every_subcommand(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("lesson", "lessons", "panes", "data"):
        assert f"\n    {command} " in out
    assert "lessons check" in out and "data status" in out


def test_version(capsys):
    from importlib.metadata import version

    status, out, _ = run(capsys, "--version")
    assert status == 0 and out == f"workbench {version('workbench')}\n"


def test_no_argument_opens_home(capsys, opened):
    assert run(capsys)[0] == 0
    [app] = opened
    assert app._start == (None, None, None)


def test_lesson_opens_that_lesson_at_a_step(capsys, opened):
    assert run(capsys, "lesson", "xor", "--step", "2")[0] == 0
    assert opened[0]._start == ("xor", 1, None)


def test_a_lesson_can_be_named_by_its_number(capsys, opened):
    assert run(capsys, "lesson", "2.2")[0] == 0
    assert opened[0]._start == ("xor", None, None)


@pytest.mark.parametrize("argv, message", [
    (["lesson", "xr"], "workbench: error: no lesson 'xr'; did you mean 'xor'?"),
    (["lesson", "no-such-thing-at-all"], "workbench: error: no lesson 'no-such-thing-at-all'; see 'workbench lessons'"),
    (["lesson", "xor", "--step", "99"], "workbench: error: lesson 'xor' has steps 1 to 5, not 99"),
    (["lesson", "xor", "--step", "two"], 'workbench lesson: error: argument --step: must be a whole number, got "two"'),
    (["present", "xor", "--step", "1.5"], 'workbench present: error: argument --step: must be a whole number, got "1.5"'),
    (["serve", "--port", "http"], 'workbench serve: error: argument --port: must be a whole number, got "http"'),
    (["serve", "--idle-minutes", "ten"], 'workbench serve: error: argument --idle-minutes: must be a number, got "ten"'),
    (["frobnicate"], "workbench: error: argument COMMAND: invalid choice: 'frobnicate'"),
    (["--colour"], "workbench: error: unrecognized arguments: --colour"),
    (["lessons", "fix"], "workbench lessons: error: argument ACTION: invalid choice: 'fix' (choose from 'list', 'check')"),
    (["lesson"], "workbench lesson: error: the following arguments are required: LESSON"),
    (["exercises"], "workbench exercises: error: the following arguments are required: ACTION"),
    (["data", "download", "cifar"], "workbench data download: error: argument NAME: invalid choice: 'cifar'"),
])
def test_bad_arguments_get_one_line_and_a_non_zero_status(capsys, opened, argv, message):
    status, out, err = run(capsys, *argv)
    assert status != 0 and not opened and out == ""
    assert err.startswith(message) and err.count("\n") == 1


@pytest.mark.parametrize("argv, line", [
    (["train", "--epocs", "3"], "workbench train: error: unrecognized arguments: --epocs 3; did you mean --epochs? "
                                "(see 'workbench train --help')"),
    (["gradcheck", "--net", "deep", "--smaples=3"], "workbench gradcheck: error: unrecognized arguments: --smaples=3; "
                                                   "did you mean --samples? (see 'workbench gradcheck --help')"),
    (["data", "status", "--all"], "workbench data status: error: unrecognized arguments: --all "
                                  "(see 'workbench data status --help')"),
    (["lessons", "check", "extra"], "workbench lessons: error: unrecognized arguments: extra "
                                    "(see 'workbench lessons --help')"),
    (["trian"], "workbench: error: argument COMMAND: invalid choice: 'trian'; did you mean 'train'? "
                "(see 'workbench --help')"),
    (["lessons", "chek"], "workbench lessons: error: argument ACTION: invalid choice: 'chek'; did you mean 'check'? "
                          "(see 'workbench lessons --help')"),
])
def test_a_mistyped_argument_is_blamed_on_its_command_with_the_one_meant(capsys, opened, argv, line):
    """Arguments a command does not take were refused by the top-level parser, pointing at
    'workbench --help' (a command's options are not there); a close option or choice is named."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and not opened
    assert err == line + "\n"


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
    assert f"{folder / 'lesson.toml'}:7: step 'a', pane 'nope': no pane called 'nope'; panes: " in out
    assert "chapters.toml:1:" in out


def test_lessons_check_on_a_folder_without_lessons_says_so_once(capsys, tmp_path):
    """--dir /tmp listed every folder of /tmp as a lesson whose lesson.toml is missing, then seven
    empty chapters; folders that hold neither a lesson.toml nor a text are no lessons."""
    for name in ("cache", "photos", "build"):
        (tmp_path / name).mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"")
    status, out, _ = run(capsys, "lessons", "check", "--dir", str(tmp_path))
    assert status == 1
    assert out.splitlines() == [f"{tmp_path}:1: no lessons here: no folder in it holds a lesson.toml or a lesson's "
                                "text (.md), and there is no chapters.toml", f"1 problem in {tmp_path}"]


def test_lessons_check_of_a_blank_folder_is_refused(capsys, tmp_path, monkeypatch):
    """`--dir ""` checked the current folder."""
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "lessons", "check", "--dir", "")
    assert status == 2 and out == "" and "argument --dir: the folder's name is blank; name a folder" in err


def test_lessons_check_of_the_current_folder_names_it(capsys, tmp_path, monkeypatch):
    """`--dir .` said ".:1: no lessons here" and "1 problem(s) in ." (in Korean ".에 문제가 …")."""
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, "lessons", "check", "--dir", ".")
    assert status == 1 and out.splitlines()[-1] == f"1 problem in {tmp_path.resolve()}"
    assert out.startswith(f"{tmp_path.resolve()}:1: no lessons here")


def test_lessons_check_still_reports_a_lesson_begun_without_its_lesson_toml(capsys, tmp_path):
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "en.md").write_text("---\ntitle: T\nsummary: S\n---\n", encoding="utf-8")
    (tmp_path / "junk").mkdir()
    status, out, _ = run(capsys, "lessons", "check", "--dir", str(tmp_path))
    assert status == 1
    assert f"{tmp_path / 'half' / 'lesson.toml'}:1: file missing" in out and "junk" not in out
    assert "chapters.toml:1: file missing" in out


def test_lessons_check_on_a_missing_folder(capsys, tmp_path):
    status, _, err = run(capsys, "lessons", "check", "--dir", str(tmp_path / "nowhere"))
    assert status == 2 and err.startswith("workbench: error: no lessons folder at")


def test_panes_lists_settings_with_ranges(capsys):
    status, out, _ = run(capsys, "panes")
    assert status == 0
    assert "activation-plot: activation functions plot" in out
    assert "    x_min: a number from −100 to 100; default −6 — left end of the x axis" in out


def test_panes_writes_each_default_as_its_range_is_written(capsys, monkeypatch):
    """Defaults were the field's text ("default -6", "default 1e-06") beside ranges "from −100" and
    "from 1e−9": one way to write a number, a true minus and an unpadded exponent. (A page wide enough
    for every setting on a line of its own: into a pipe they are broken to fit 80 cells.)"""
    monkeypatch.setenv("COLUMNS", "1000")
    status, out, _ = run(capsys, "panes")
    assert status == 0
    assert "    b: a number from −10 to 10; default −0.7 — bias" in out
    assert "lr_min: a number from 1e−9 to 100, read in powers of ten; default 1e−6 — the smallest learning rate " \
           "drawn (the book: 1e−6)" in out
    defaults = re.findall(r"; default (.*?)(?: — |$)", out, re.MULTILINE)
    assert len(defaults) > 100 and not [d for d in defaults if re.search(r"(^|[ ;,\[])-\d|\de[-+]|e−0", d)]


def test_panes_lists_only_the_panes_named_as_the_help_of_search_and_compare_points_there(capsys):
    """`search --set` and `compare --set` said "as in the pane's settings": which ones, and how to see them,
    was a search through 35 panes' listing."""
    status, out, _ = run(capsys, "panes", "search", "compare-optimizers")
    assert status == 0
    assert [line.partition(":")[0] for line in out.splitlines() if not line.startswith(" ")] == \
        ["search", "compare-optimizers"]
    assert "    trials: a whole number from 1 to 1,000; default 100" in out
    status, _, err = run(capsys, "panes", "serch")
    assert status == 2 and err.startswith("workbench: error: no pane called 'serch' (did you mean 'search'?)")
    for command, named in (("search", "'workbench panes search'"), ("compare", "'workbench panes compare-optimizers'"),
                           ("open", "'workbench panes PANE'")):
        status, out, _ = run(capsys, "--lang", "en", command, "--help")
        assert status == 0 and named in " ".join(out.split())


def test_panes_speaks_korean_when_asked(capsys):
    status, out, _ = run(capsys, "--lang", "ko", "panes")
    assert status == 0 and "activation-plot: 활성화 함수 그래프" in out and "기본값 −6" in out


def test_open_checks_the_settings_like_a_lesson_and_opens_the_pane(capsys, opened):
    assert run(capsys, "open", "perceptron", "--set", "w1=1", "--set", "target=OR")[0] == 0
    name, settings = opened[0]._start[2]
    assert name == "perceptron" and settings.w1 == 1.0 and settings.target == "OR"


@pytest.mark.parametrize("argv, message", [
    (["open", "perceptorn"], "workbench: error: no pane called 'perceptorn' (did you mean 'perceptron'?)"),
    (["open", "perceptron", "--set", "taget=OR"], "workbench: error: unknown setting taget (did you mean target?)"),
    (["open", "perceptron", "--set", "w1=heavy"], 'workbench: error: w1 must be a number from −10 to 10, got "heavy"'),
    (["open", "perceptron", "--set", "w1=99"], "workbench: error: w1 = 99 is out of range"),
    (["open", "perceptron", "--set", "w1"], "workbench: error: expected KEY=VALUE, got w1"),
    (["open", "activation-plot", "--set", "x_min=7"], "workbench: error: x_min (7) must be less than x_max"),
])
def test_open_names_a_bad_pane_or_setting_in_one_line(capsys, opened, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2 and not opened and out == ""
    assert err.startswith(message) and err.count("\n") == 1


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


def test_data_alone_shows_the_status(capsys, monkeypatch):
    """The app and lesson 3.4 say "see 'workbench data'": typed as written, it shows where the data is,
    rather than an error asking for an action."""
    from workbench.datasets import console

    calls = []
    monkeypatch.setattr(console, "status", lambda out: calls.append("status") or 0)
    status, out, err = run(capsys, "data")
    assert (status, calls, err) == (0, ["status"], "")
    assert run(capsys, "data", "--lang", "ko")[0] == 0 and calls == ["status", "status"]


def test_the_installed_command_fails_cleanly_in_a_real_process():
    done = subprocess.run([sys.executable, "-m", "workbench", "lesson", "nope"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "workbench: error: no lesson 'nope'; see 'workbench lessons'\n"
    assert "Traceback" not in done.stdout + done.stderr


def test_importing_the_cli_does_not_load_textual():
    code = "import sys, workbench.cli; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _clean_env(**extra):
    """The environment of a user's shell: none of the variables a developer's shell may set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(extra)
    return env


def test_a_closed_pipe_ends_the_listing_quietly():
    """`workbench lessons | head -1`: the reader has gone; no BrokenPipeError, even block-buffered."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "workbench", "lessons"], stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60, env=_clean_env())
    finally:
        os.close(write_end)
    assert done.returncode == 141
    assert done.stderr == ""


@pytest.mark.parametrize("command", ["lessons", "panes", "data status", "data verify"])
def test_a_closed_stdout_ends_quietly(command, tmp_path):
    """`workbench data status >&-`: nothing to write to, so nothing is written, as for `lessons`."""
    env = _clean_env(WORKBENCH_CACHE=str(tmp_path / "cache"), WORKBENCH_STATE_DIR=str(tmp_path / "state"))
    env.pop("WORKBENCH_DATA", None)
    closed = subprocess.run(["sh", "-c", f"exec {sys.executable} -m workbench {command} >&-"], capture_output=True,
                            text=True, timeout=60, env=env)
    assert "Traceback" not in closed.stderr and closed.stderr == ""
    opened = subprocess.run([sys.executable, "-m", "workbench", *command.split()], capture_output=True, text=True,
                            timeout=60, env=env)
    assert closed.returncode == opened.returncode


def test_a_full_disk_is_one_line_not_a_traceback():
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "workbench", "lessons"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60, env=_clean_env())
    assert done.returncode == 1
    assert done.stderr.startswith("workbench: error: cannot write the output: no space left on the disk")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [["lessons"], ["panes"], ["lessons", "check"], ["--lang", "ko", "lessons"]])
def test_a_console_that_is_not_utf8_gets_look_alikes_not_an_error(encoding, command):
    done = subprocess.run([sys.executable, "-m", "workbench", *command], capture_output=True, timeout=60,
                          env=_clean_env(PYTHONIOENCODING=encoding))
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and done.stdout


@pytest.mark.parametrize("stdin, env", [("devnull", {}), ("closed", {}), ("devnull", {"TERM": "dumb"})])
def test_the_app_without_a_terminal_says_so(stdin, env):
    kwargs = {"stdin": subprocess.DEVNULL} if stdin == "devnull" else {"close_fds": True, "stdin": None}
    code = [sys.executable, "-m", "workbench"]
    if stdin == "closed":
        code = ["sh", "-c", f"exec {sys.executable} -m workbench <&-"]
    done = subprocess.run(code, capture_output=True, text=True, timeout=60, env=_clean_env(**env),
                          **({k: v for k, v in kwargs.items() if k != "stdin"} if stdin == "closed" else kwargs))
    assert done.returncode == 2
    assert done.stderr.startswith("workbench: error: the workbench app")
    assert "Traceback" not in done.stderr


def test_lang_may_come_after_the_subcommand(capsys, opened):
    status, out, _ = run(capsys, "panes", "--lang", "ko")
    assert status == 0 and "활성화 함수 그래프" in out
    assert run(capsys, "lesson", "xor", "--lang", "ko")[0] == 0
    assert opened[0]._asked_language == "ko"


@pytest.mark.parametrize("preset, expected", [(None, 1), ("2", 2)])
def test_every_command_runs_numpy_with_one_blas_thread_unless_told_otherwise(preset, expected):
    """Two BLAS threads beside the interface or a busy neighbour collapse; the engine runs its own threads."""
    pytest.importorskip("threadpoolctl")
    env = {key: value for key, value in os.environ.items() if key not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    if preset:
        env["OPENBLAS_NUM_THREADS"] = preset
    code = ("from workbench.cli import one_blas_thread; one_blas_thread(); import numpy, threadpoolctl; "
            "print(max(i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert int(out) == min(expected, os.cpu_count())


@pytest.mark.parametrize("pane, assignments, words", [
    ("perceptron", ["network=two-layer", "w1=3"], "w1 is not used when network = two-layer; leave it out"),
    ("train", ["net=two-layer", "conv=book"], "conv is not used when net = two-layer"),
    ("train", ["net=simple", "dropout=0.5"], "dropout is not used when net = simple"),
])
def test_open_says_a_setting_is_not_used_in_that_mode(capsys, opened, pane, assignments, words):
    args = [item for assignment in assignments for item in ("--set", assignment)]
    status, _, err = run(capsys, "--lang", "en", "open", pane, *args)
    assert status == 2 and words in err and not opened


def test_open_takes_the_same_settings_in_a_mode_that_uses_them(capsys, opened):
    assert run(capsys, "--lang", "en", "open", "perceptron", "--set", "network=single", "--set", "w1=3")[0] == 0


def test_a_listing_of_another_folder_points_at_its_own_check(capsys, tmp_path):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "lesson.toml").write_text("id = ")
    status, out, _ = run(capsys, "lessons", "--dir", str(tmp_path))
    assert status == 0 and f"run 'workbench lessons check --dir {tmp_path}'" in out


def on_a_terminal(monkeypatch, columns: int) -> None:
    """stdout and stderr as a terminal `columns` wide."""
    import shutil

    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("argv, words", [
    (["graph", "relu(x)", "--set", "x=0"], "the numerical derivative 0.5"),
    (["shapes", "conv", "--input", "10,3,7,7", "--filter", "10,5,5"], "6,750"),
    (["panes"], "perceptron"),
    (["lessons"], "Numerical differentiation and the gradient"),
    (["open", "perceptrn"], "perceptron"),
    (["shapes", "conv", "--input", "1,1,4,4", "--filter", "1,5,5"], "4 + 2·0 = 4"),
])
def test_on_a_terminal_prose_and_errors_break_at_words_to_fit(capsys, opened, monkeypatch, lang, argv, words):
    """The check line of `graph` (166 cells), im2col's summary under `shapes conv` (138), `panes`'
    settings and one-line errors ran past 80 columns, and the terminal cut them inside words."""
    from workbench.i18n.cells import cell_len

    columns = 60 if argv == ["lessons"] else 80
    on_a_terminal(monkeypatch, columns)
    _, out, err = run(capsys, "--lang", lang, *argv)
    lines = (out + err).splitlines()
    assert all(cell_len(line) < columns for line in lines), max(lines, key=cell_len)
    if lang == "en":
        assert words in " ".join(line.strip() for line in lines)


@pytest.mark.parametrize("argv, line", [
    (["present", "--step", "2"], "workbench: error: --step 2 needs a lesson to start in, e.g. "
                                 "'workbench present 7.1 --step 2'"),
    (["present", "--step", "0"], "workbench: error: --step 0 needs a lesson to start in, e.g. "
                                 "'workbench present 7.1 --step 2'"),
    (["present", "--step", "-3"], "workbench: error: --step −3 needs a lesson to start in, e.g. "
                                  "'workbench present 7.1 --step 2'"),
    (["present", "xr"], "workbench: error: no lesson 'xr'; did you mean 'xor'?"),
])
def test_present_refuses_a_step_without_a_lesson_and_names_the_lesson_meant(capsys, opened, argv, line):
    """--step without a lesson was ignored (the presenter's home screen opened), and a mistyped lesson
    got no suggestion, as `workbench lesson` gives."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and not opened and err == line + "\n"


@pytest.mark.parametrize("argv, start, base", [
    (["present", "--share", "7.2", "--step", "3"], ("im2col", 2, None), "http://127.0.0.1:8000"),
    (["present", "--share", "im2col"], ("im2col", 0, None), "http://127.0.0.1:8000"),
    (["present", "--share", "127.0.0.1:8001", "7.2"], ("im2col", 0, None), "http://127.0.0.1:8001"),
])
def test_present_takes_a_lesson_after_share_for_the_lesson_not_the_servers_url(capsys, opened, argv, start, base):
    """`workbench present --share 7.2` opened the home screen and shared to http://7.2:80 (argparse gave
    --share the lesson), its classroom line saying no server answered on port 80; with --step it refused
    the step for want of a lesson."""
    status, _, err = run(capsys, *argv)
    assert status == 0 and err == ""
    [app] = opened
    presenting, share, follow = app._classroom
    assert app._start == start and presenting and share.base == base and follow is None


@pytest.mark.parametrize("argv, line", [
    (["follow", ""], "workbench: error: '' is not a class's address"),
    (["follow", "http://a b/"], "workbench: error: 'http://a b/' is not a class's address"),
    (["serve", "--idle-minutes", "-1"], "workbench: error: --idle-minutes must be more than 0, not -1\n"),
])
def test_a_refused_value_is_shown_as_typed(capsys, opened, monkeypatch, argv, line):
    """An empty URL left a gap ('error:  is not'); -1 minutes came back as -1.0."""
    from workbench.classroom import channel

    monkeypatch.setattr(channel.Address, "parse", classmethod(lambda cls, url: (_ for _ in ()).throw(channel.BadURL(url))))
    status, _, err = run(capsys, *argv)
    assert status == 2 and err.startswith(line)


@pytest.mark.parametrize("action, words", [("status", "Which datasets are found, and where."),
                                           ("download", "Download and verify datasets into the cache."),
                                           ("verify", "Check the checksums of every dataset found.")])
def test_each_data_action_says_what_it_does_in_its_help(capsys, action, words):
    status, out, _ = run(capsys, "data", action, "--help")
    assert status == 0 and f"\n\n{words}\n" in out


def test_help_lists_the_commands_by_what_they_are_for(capsys):
    """The app's commands, then those that compute in the console, then the classroom's: present sat
    between network and train, serve between train and follow."""
    status, out, _ = run(capsys, "--help")
    listed = [line.split()[0] for line in out.split("\n  COMMAND\n")[1].split("\n\n")[0].splitlines()
              if line.startswith("    ") and not line.startswith("     ")]
    assert listed == ["lesson", "lessons", "panes", "open", "data", "glossary", "train", "compare", "search",
                      "gradcheck", "graph", "shapes", "network", "exercises", "present", "serve", "follow"]
    assert "\n  workbench train --epochs 3         train SimpleConvNet in the console\n" in out


def test_on_a_terminal_argparse_errors_break_at_words_too(capsys, monkeypatch):
    """They were written by argparse itself: the terminal cut them anywhere ('workbench tr' / 'ain --help')."""
    on_a_terminal(monkeypatch, 80)
    status, _, err = run(capsys, "--lang", "ko", "train", "--epocs", "2")
    assert status == 2
    assert err == "workbench train: 오류: 알 수 없는 인자: --epocs 2. 혹시 --epochs?\n('workbench train --help' 참고)\n"


def read_terminal_until(master: int, done, seconds: float, seen: bytes = b"") -> bytes:
    """What the app on the pseudo-terminal `master` wrote, after `seen`, until `done(all of it)`, the app is
    gone, or `seconds` have passed."""
    import select
    import time

    deadline = time.monotonic() + seconds
    while not done(seen) and time.monotonic() < deadline:
        if select.select([master], [], [], 0.1)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:               # the app is gone: EIO on Linux
                break
            if not chunk:
                break
            seen += chunk
    return seen


def app_on_a_terminal_then(signal_name: str, home) -> tuple[int, bytes, bytes]:
    """`workbench` on a pseudo-terminal of 80×24 until its home screen is drawn, then `signal_name`:
    (exit status, what it wrote before the signal, what it wrote after)."""
    import pty
    import select
    import signal

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "workbench"], stdin=slave, stdout=slave, stderr=slave,
                               env={**os.environ, "HOME": str(home), "TERM": "xterm-256color",
                                    "COLUMNS": "80", "LINES": "24"})
    os.close(slave)

    def read_until(done, seconds: float) -> bytes:
        return read_terminal_until(master, done, seconds)
    try:
        before = read_until(lambda seen: b"Perceptrons" in seen, 60)
        process.send_signal(getattr(signal, signal_name))
        after = read_until(lambda seen: process.poll() is not None and not select.select([master], [], [], 0.2)[0], 30)
        process.wait(timeout=30)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return process.returncode, before, after


@pytest.mark.slow
@pytest.mark.parametrize("signal_name, status", [("SIGTERM", 143), ("SIGHUP", 129)])
def test_kill_or_a_closed_terminal_ends_the_app_as_ctrl_q_does(tmp_path, signal_name, status):
    """By default SIGTERM (kill, timeout) ended Python at once: the terminal stayed in the app's
    alternate screen, with no cursor and no echo, and mouse moves typed escape codes at the prompt."""
    import signal

    if not hasattr(signal, signal_name):
        pytest.skip(f"no {signal_name} here")
    returned, before, after = app_on_a_terminal_then(signal_name, tmp_path)
    assert b"Perceptrons" in before, before[-500:]
    assert returned == status, (returned, after[-500:])
    assert b"\x1b[?1049l" in after and b"\x1b[?25h" in after, after[-500:]      # main screen, cursor shown
    assert b"Traceback" not in after


STUCK_APP = """
import asyncio, os, signal, sys, time
from workbench import cli
cli.HANGUP_GRACE = 0.5


class StuckApp:
    \"\"\"Ends as the app did with its terminal gone: exit() is asked for, then its last write blocks.\"\"\"
    return_code = None

    def exit(self, return_code=0):
        self.return_code = return_code
        time.sleep(3600)                               # a write to the closed terminal that never returns

    def run(self):
        async def forever():
            os.kill(os.getpid(), signal.SIGHUP)
            while True:
                await asyncio.sleep(0.05)
        asyncio.run(forever())


sys.exit(cli._run_app(StuckApp()))
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP here")
def test_an_app_whose_last_writes_block_after_its_terminal_closed_still_ends():
    """Apps stayed behind asleep after their tmux pane closed: Textual's writes to the gone terminal
    blocked for good in shutdown (seen as orphans holding 80 MB each)."""
    done = subprocess.run([sys.executable, "-c", STUCK_APP], capture_output=True, text=True, timeout=20)
    assert done.returncode == 129, done.stderr


@pytest.mark.parametrize("argv, tail", [
    (["train", "--net", "simpel"], 'got "simpel"; did you mean simple?\n'),
    (["train", "--optimizer", "Adma"], 'got "adma"; did you mean adam?\n'),
    (["gradcheck", "--break", "relu-mask-invert"], 'got "relu-mask-invert"; did you mean relu-mask-inverted?\n'),
    (["compare", "optimizr"], "did you mean optimizers?\n"),
    (["--lang", "ko", "train", "--net", "simpel"], '(받은 값: "simpel"). 혹시 simple?\n'),
    # a setting given with --set, as its option is (they got the list of choices alone)
    (["open", "train", "--set", "dataset=mnsit"], 'got "mnsit"; did you mean mnist?\n'),
    (["open", "graph", "--set", "graph=appel"], 'got "appel"; did you mean apple?\n'),
    (["compare", "optimizers", "--set", "dataset=fashion"], 'got "fashion"; did you mean fashion-mnist?\n'),
    (["search", "--set", "optimizer=adma"], 'got "adma"; did you mean adam?\n'),
    (["--lang", "ko", "search", "--set", "dataset=mnsit"], '(받은 값: "mnsit"). 혹시 mnist?\n'),
    (["data", "download", "mnsit"], "invalid choice: 'mnsit'; did you mean 'mnist'? (see 'workbench data download "
                                     "--help')\n"),
])
def test_a_mistyped_choice_is_named_as_a_mistyped_command_is(capsys, argv, tail):
    """'trian' got "did you mean 'train'?", but '--net simpel' and '--break relu-mask-invert' only the
    list of every choice to search."""
    from workbench.i18n import set_language

    try:
        status, out, err = run(capsys, *argv)
    finally:
        set_language("en")
    assert status == 2 and out == "" and err.endswith(tail) and err.count("\n") == 1, err


def test_a_choice_nothing_is_close_to_gets_the_list_alone(capsys):
    status, _, err = run(capsys, "train", "--net", "resnet")
    assert status == 2 and err.endswith('got "resnet"\n') and "did you mean" not in err


@pytest.mark.parametrize("url, words", [
    ("nonsense", "workbench: error: nonsense is not a class's join URL: it has no token, and a class served to "
                 "other computers always gives one"),
    ("http://10.0.0.5:8000/", "workbench: error: http://10.0.0.5:8000/ is not a class's join URL: it has no token"),
    ("ftp://10.0.0.5:8000/?token=a", "a join URL starts with http:// or https://, not ftp://"),
    ("http://", "workbench: error: http:// is not a class's address"),
])
def test_follow_refuses_what_cannot_be_a_join_url_before_the_app_starts(capsys, opened, url, words):
    """`workbench follow nonsense` opened the app, which asked http://nonsense for the presenter's
    step for ever: a class on another computer always gives a join URL with a token."""
    status, _, err = run(capsys, "follow", url)
    assert status == 2 and not opened and words in err


@pytest.mark.parametrize("url", ["http://10.0.0.5:8000/?token=abc", "localhost:8000", "http://127.0.0.1:8000/",
                                 "https://class.example.org/?token=t"])
def test_follow_opens_the_app_for_a_join_url_even_before_its_server_answers(capsys, opened, url):
    status, _, err = run(capsys, "follow", url)
    assert status == 0 and len(opened) == 1 and err == ""


@pytest.mark.parametrize("argv, meant", [
    (["check"], "did you mean 'workbench lessons check' or 'workbench exercises check'?"),
    (["list"], "did you mean 'workbench lessons' or 'workbench panes'?"),
    (["download", "mnist"], "did you mean 'workbench data download'?"),
    (["--lang", "ko", "check"], "혹시 'workbench lessons check' 또는 'workbench exercises check'?"),
])
def test_a_commands_own_word_given_as_a_command_names_the_commands_that_take_it(capsys, argv, meant):
    """`workbench check` was taken for a typo of gradcheck ("did you mean 'gradcheck'?"), where a new
    user meant the lessons' or the exercises' check; `workbench list` got the list of 17 commands."""
    status, _, err = run(capsys, *argv)
    assert status == 2 and meant in err and err.count("\n") == 1 and "gradcheck" not in err


@pytest.mark.parametrize("typed, meant", [("kr", "ko"), ("korean", "ko"), ("ko_KR", "ko"), ("ko-KR", "ko"),
                                          ("English", "en"), ("en_US", "en")])
def test_a_language_named_another_way_is_pointed_at_its_code(capsys, typed, meant):
    """`--lang kr` (the country), `--lang korean` or a locale's name got "(choose from 'en', 'ko')":
    difflib finds none of them close to ko. The refusal is in the language meant."""
    told = {"en": f"invalid choice: '{typed}'; did you mean '{meant}'?", "ko": f"--lang에 알 수 없는 값: '{typed}'. 혹시 '{meant}'?"}
    for argv in (["--lang", typed, "lessons"], ["lessons", "--lang", typed]):
        status, _, err = run(capsys, *argv)
        assert status == 2 and told[meant] in err, err


@pytest.mark.parametrize("argv, line", [
    (["--lang", "ko", "--lang", "xx", "lessons"], "workbench: 오류: --lang에 알 수 없는 값: 'xx'. 다음 중 하나를 쓰세요: en, ko"),
    (["--lang=ko", "shapes", "simple", "--lang", "zz"], "workbench shapes: 오류: --lang에 알 수 없는 값: 'zz'. 다음 중 하나를 쓰세요: en, ko"),
    (["--lang", "en", "--lang", "xx", "lessons"], "workbench: error: argument --lang: invalid choice: 'xx'"),
])
def test_a_language_code_that_is_none_is_refused_in_the_language_asked_before(capsys, monkeypatch, argv, line):
    """`--lang ko … --lang xx` was refused in English (or the locale's language): the last --lang was
    read as the language, and xx is none."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    status, _, err = run(capsys, *argv)
    assert status == 2 and err.startswith(line), err


@pytest.mark.parametrize("argv, line", [
    (["lesson", "xor", "--step", "-1"], "workbench: error: lesson 'xor' has steps 1 to 5, not −1"),
    (["lesson", "xor", "--step", "-2000"], "workbench: error: lesson 'xor' has steps 1 to 5, not −2,000"),
    (["present", "xor", "--step", "1000"], "workbench: error: lesson 'xor' has steps 1 to 5, not 1,000"),
])
def test_a_step_out_of_range_is_written_as_every_number_is(capsys, opened, argv, line):
    """A step below 1 was "not -1" with a hyphen, beside "--epochs = −1" from the other commands."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and not opened and err == line + "\n"


@pytest.mark.parametrize("argv, line", [
    (["shapes", "conv", "--input", "-1,3,7,7", "--filter", "10,5,5"],
     "workbench: error: --input: input.N = −1 is out of range; allowed: from 1 to 4,096"),
    (["train", "--lr", "-1e-3"], "workbench: error: --lr = −0.001 is out of range; allowed: from 1e−6 to 100"),
    (["train", "--lr", "-inf"], "workbench: error: --lr must be a finite number from 1e−6 to 100, got -inf"),
    (["gradcheck", "--h", "-.5"], "workbench: error: --h = −0.5 is out of range; allowed: from 1e−10 to 0.1"),
])
def test_a_value_that_begins_with_a_minus_is_the_options_value(capsys, argv, line):
    """argparse took "-1,3,7,7" (and "-1e-3", "-inf") for an unknown option: "argument --input: expected
    one argument", which says nothing of the −1 and which a learner could not act on."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and err == line + "\n"


EXAMPLES = {"lesson": "cli.lesson.examples", "open": "cli.open.examples", "present": "cli.present.examples",
            "glossary": "cli.glossary.examples", "network": "cli.network.examples"}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command", sorted(EXAMPLES))
def test_every_commands_help_ends_with_examples_that_run_as_copied(capsys, opened, monkeypatch, lang, command):
    """lesson, open, present, glossary and network had no examples in their --help, where the other
    commands have them; each example given runs (the app recorded, not started; network not trained)."""
    import shlex

    from workbench.i18n import strings

    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", lang, command, "--help")
    block = strings(lang)[EXAMPLES[command]]
    assert status == 0 and block.splitlines()[0] in out.splitlines()
    examples = [shlex.split(line.strip().partition("  ")[0]) for line in block.splitlines()[1:]
                if line.startswith("  workbench")]
    assert examples and all(argv[1] in (command, "panes") for argv in examples)
    for argv in examples:
        if argv[1] == "network":
            continue
        status, out, err = run(capsys, *argv[1:])
        assert status == 0 and err == "", (argv, err)
    assert len(opened) == sum(argv[1] in ("lesson", "open", "present") for argv in examples)


@pytest.mark.parametrize("lang, argv", [
    ("en", ["gradcheck", "--break", "nope"]), ("ko", ["gradcheck", "--break", "nope"]),
    ("en", ["gradcheck", "--break", "softmax"]),          # the start of two bugs: neither is meant more
    ("en", ["open", "gradcheck", "--set", "bug=nope"]), ("en", ["train", "--conv", "fist"]),
])
def test_a_word_one_letter_from_a_short_choice_gets_the_list_not_a_guess(capsys, lang, argv):
    """'--break nope' was answered "did you mean none?": difflib finds the two alike (0.75), but a word
    that is a word of its own is no typo of a four-letter choice; the list of choices is the help."""
    from workbench.i18n import set_language

    try:
        status, _, err = run(capsys, "--lang", lang, *argv)
    finally:
        set_language("en")
    assert status == 2 and ("none," in err or "fast," in err), err           # the choices, listed
    assert "did you mean" not in err and "혹시" not in err, err
