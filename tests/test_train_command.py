"""`workbench train` end to end on small synthetic runs: the JSON line, curves once at the end when the
output is not a terminal, Ctrl+C (SIGINT) leaving a whole, loadable file, and one-line errors."""
import json
import os
import signal
import stat
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.console_text import joined, last_said, said
from workbench import cli
from workbench.models.train import TrainSettings, build_network

LONG_RUN = [sys.executable, "-m", "workbench", "train", "--dataset", "synthetic-digits", "--epochs", "100",
            "--train-size", "500", "--batch-size", "50", "--save"]
"""A run far longer than any test waits for, saving to the path that follows: stopped, it must save."""
SMALL = ["--dataset", "synthetic-digits", "--train-size", "1000", "--test-size", "200", "--epochs", "2",
         "--batch-size", "50"]


def workbench(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)


def test_a_small_run_ends_with_json_above_chance_and_plain_lines(tmp_path):
    saved = tmp_path / "simple.npz"
    done = workbench("train", *SMALL, "--json", "--save", str(saved))
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1            # stdout is the data alone; the lines for people: stderr
    result = json.loads(done.stdout)
    lines = done.stderr.splitlines()
    assert result["test_acc"] > 0.3 and result["epochs"] == 2 and result["dataset"] == "synthetic-digits"
    assert result["samples_per_sec"] > 0 and result["saved"] == str(saved) and not result["fell_back"]
    assert result["data_source"] == "generated" and result["data_folder"] is None
    assert result["data_source_text"] == "generated on this computer" and len(result["test_acc_per_epoch"]) == 2
    assert sum(line.startswith("epoch ") for line in lines) == 2
    assert "\r" not in done.stderr and "\x1b[" not in done.stderr        # a log, not a terminal
    assert "loss per iteration" in done.stderr                          # the curves, once, at the end
    assert result["stop_reason"] == "finished" and result["went_wrong"] is None
    # the steps alone, without the accuracies measured after each epoch: faster, and fewer seconds
    assert result["training_samples_per_sec"] > result["samples_per_sec"]
    assert 0 < result["training_seconds"] < result["seconds"]
    network = build_network(TrainSettings())
    network.load_params(saved)


@pytest.mark.slow
@pytest.mark.parametrize("name, status", [("SIGINT", 130), ("SIGTERM", 143), ("SIGHUP", 129)])
def test_a_stop_signal_stops_after_the_step_saves_a_whole_file_and_exits_128_plus_it(tmp_path, name, status):
    """Ctrl+C (SIGINT), `kill` (SIGTERM) and a closed terminal (SIGHUP) all stop the run the same way."""
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    saved = tmp_path / "stopped.npz"
    process = subprocess.Popen([*LONG_RUN, str(saved), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        deadline = time.monotonic() + 120
        first = ""
        while "epoch 1/100" not in first and time.monotonic() < deadline:
            first = process.stderr.readline()          # with --json the lines for people go to stderr
        assert "epoch 1/100" in first, "no epoch line within two minutes"
        process.send_signal(getattr(signal, name))
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == status, err
    result = json.loads(out.splitlines()[-1])
    assert result["stop_reason"] == "stopped" and result["saved"] == str(saved)
    assert "Traceback" not in err
    network = build_network(TrainSettings())
    network.load_params(saved)
    assert all(np.isfinite(p).all() for p in network.params.values())
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
def test_a_closed_terminal_still_gets_the_run_saved_and_exit_129(tmp_path):
    """The terminal goes away (its writes fail with EIO) and SIGHUP follows: the run stops after its
    step and saves, though nothing can be printed any more (it used to die on the stop message)."""
    import pty

    saved = tmp_path / "hung-up.npz"
    master, slave = pty.openpty()
    process = subprocess.Popen([*LONG_RUN, str(saved)], stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                               env={**os.environ, "COLUMNS": "80", "LINES": "24"})
    os.close(slave)
    try:
        seen, deadline = b"", time.monotonic() + 120
        while b"epoch 1/100" not in seen and time.monotonic() < deadline:
            seen += os.read(master, 4096)
        assert b"epoch 1/100" in seen, "no epoch line within two minutes"
        os.close(master)                               # the terminal is gone: writes now fail
        process.send_signal(signal.SIGHUP)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 129, err
    assert "Traceback" not in err.decode() and "cannot write" not in err.decode()
    network = build_network(TrainSettings())
    network.load_params(saved)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_a_reader_gone_stops_the_run_saves_and_exits_141(tmp_path):
    """`workbench train --save f | head -3`: once the pipe is closed the run stops, saves, exits 141."""
    saved = tmp_path / "piped.npz"
    process = subprocess.Popen([*LONG_RUN, str(saved)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        process.stdout.readline()
        process.stdout.close()                         # as head does after its lines
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 141, err
    assert b"Traceback" not in err
    build_network(TrainSettings()).load_params(saved)


SLOW_START = """
import sys, time
from workbench import cli
from workbench.models import train
def slow(*args, **kwargs):
    print("reading the data", flush=True)
    time.sleep(60)
train.load_data = slow
sys.exit(cli.main(sys.argv[1:]))
"""
"""`workbench ARGS` whose data takes a minute to read: a signal sent after "reading the data" comes
before training starts, as Ctrl+C in the first half second of a real run does."""


@pytest.mark.parametrize("lang, name, status, words", [
    ("en", "SIGINT", 130, "stopped before training started (Ctrl+C): nothing was trained or saved"),
    ("ko", "SIGINT", 130, "학습을 시작하기 전에 멈췄습니다(Ctrl+C). 학습하지도 저장하지도 않았습니다"),
    ("en", "SIGTERM", 143, "stopped before training started (SIGTERM)"),
    ("ko", "SIGHUP", 129, "학습을 시작하기 전에 멈췄습니다(SIGHUP)"),
])
def test_a_stop_signal_before_training_starts_is_said_and_exits_128_plus_it(tmp_path, lang, name, status, words):
    """It used to exit 130 without a word (SIGTERM: killed, 143 from the shell, without a word either)."""
    if not hasattr(signal, name):
        pytest.skip(f"no {name} here")
    saved = tmp_path / "never.npz"
    process = subprocess.Popen([sys.executable, "-c", SLOW_START, "--lang", lang, *LONG_RUN[3:], str(saved)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "reading the data\n"
        process.send_signal(getattr(signal, name))
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == status, err
    assert out.splitlines()[-1].startswith(words) and err == ""
    assert not saved.exists()


def test_ctrl_c_before_any_command_runs_is_said_too(capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["--lang", "ko", "train"]) == 130
    assert capsys.readouterr().err == "workbench: 멈췄습니다(Ctrl+C)\n"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP here")
def test_a_run_started_ignoring_hangups_nohup_goes_on_after_one(tmp_path):
    """`nohup workbench train …`: a closed terminal must not stop the run; Ctrl+C still does."""
    saved = tmp_path / "nohup.npz"
    process = subprocess.Popen([*LONG_RUN, str(saved)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 120
        line = ""
        while "epoch 1/100" not in line and time.monotonic() < deadline:
            line = process.stdout.readline()
        process.send_signal(signal.SIGHUP)
        assert "epoch 2/100" in process.stdout.readline() + process.stdout.readline()   # still training
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "(Ctrl+C)" in out and "SIGHUP" not in out
    build_network(TrainSettings()).load_params(saved)


def run_on_a_terminal(*args, env=None) -> str:
    """`workbench ARGS` on a pseudo-terminal of 100×40; all it wrote there."""
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "workbench", *args], stdin=slave, stdout=slave,
                               stderr=slave, env={**os.environ, "COLUMNS": "100", "LINES": "40", **(env or {})})
    os.close(slave)
    seen = b""
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:                      # the child is gone: EIO on Linux
                break
            if not chunk:
                break
            seen += chunk
        process.wait(timeout=120)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return seen.decode("utf-8", "replace")


CURVES_ONLY = ["--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "100", "--test-size", "50",
               "--epochs", "2", "--batch-size", "50"]
"""A run whose curves are drawn (two epochs of two steps): the colours are the claim, not the network,
which SMALL's convolutional net on 1,000 images trained for nothing here."""


@pytest.mark.parametrize("no_color", ["", "1"])
def test_on_a_terminal_the_curves_keep_its_background_and_no_color_means_none(no_color):
    import re

    shown = run_on_a_terminal("train", *CURVES_ONLY, env={"NO_COLOR": no_color})
    assert "loss per iteration" in shown
    colours = re.findall(r"\x1b\[([0-9;]*)m", shown)
    assert not [c for c in colours if c.startswith("48") or c in ("107", "47")], "a background colour"
    if no_color:
        assert colours == [] or set(colours) <= {"0", ""}, colours
    else:
        assert any(c.startswith("38") for c in colours), "the lines in colour"


@pytest.mark.parametrize("args, words", [
    (["--net", "resnet"], "net must be one of simple, deep"),
    (["--optimizer", "lion"], "optimizer must be one of sgd"),
    (["--lr", "0"], "lr = 0 is out of range"),
    (["--lr", "-1"], "lr = −1 is out of range"),
    (["--batch-size", "500", "--train-size", "100"], "--batch-size 500 is larger than the 100 training images"),
    (["--epochs", "many"], "epochs"),
    (["--batch-size", "0"], "--batch-size = 0 is out of range"),
    (["--force"], "--force is for --save"),
    (["--folder", "x"], "--folder is not used when impl = library"),
])
def test_bad_arguments_get_one_line_and_status_2(capsys, args, words):
    assert cli.main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("argv, line", [
    (["train", "--net", "foo"], 'workbench: 오류: --net: simple, deep, two-layer, multi-layer, multi-layer-extend 중 '
                                '하나여야 합니다(받은 값: "foo")'),
    (["gradcheck", "--break", "nope"], "workbench: 오류: --break: none, affine-dw-no-transpose,"),
    (["train", "--epochs", "-1"], "workbench: 오류: --epochs = −1: 허용 범위를 벗어났습니다(1부터 1,000까지)"),
])
def test_a_refused_option_is_named_once_by_its_option(capsys, argv, line):
    """In Korean the setting's name followed the option's ('--net: net: …', '--break: bug: …')."""
    assert cli.main(["--lang", "ko", *argv]) == 2
    assert capsys.readouterr().err.startswith(line)


def test_a_missing_data_set_named_on_the_command_line_is_an_error(capsys, monkeypatch):
    from workbench.datasets import load as load_module
    monkeypatch.setattr(load_module, "places", lambda info, data_dir=None: [])     # found nowhere
    assert cli.main(["train", "--dataset", "mnist"]) == 2
    err = capsys.readouterr().err
    assert "MNIST is not on this computer" in err and "workbench data download mnist" in err
    assert len(err.strip().splitlines()) == 1


def test_a_file_of_another_network_is_refused_before_training(capsys, tmp_path):
    path = tmp_path / "deep.npz"
    build_network(TrainSettings(net="deep")).save_params(path)
    assert cli.main(["train", "--dataset", "synthetic-digits", "--load", str(path)]) == 2
    err = capsys.readouterr().err
    assert "was saved from a DeepConvNet, not from a SimpleConvNet; add --net deep to load it" in err


def test_a_file_of_another_network_is_named_in_korean_by_the_option_too(capsys, tmp_path):
    """"신경망 deep을 고르세요" named no option to type; the app's pane says its setting (net = deep)."""
    path = tmp_path / "deep.npz"
    build_network(TrainSettings(net="deep")).save_params(path)
    assert cli.main(["--lang", "ko", "train", "--dataset", "synthetic-digits", "--load", str(path)]) == 2
    assert "불러오려면 --net deep 옵션을 붙이세요" in capsys.readouterr().err


def test_a_plotting_failure_costs_neither_the_file_nor_the_summary(capsys, monkeypatch, tmp_path):
    from workbench.commands import train as command

    def broken(self, plt, width, color=True):
        raise TypeError("'NoneType' object is not iterable")
    monkeypatch.setattr(command.Console, "_build", broken)
    saved = tmp_path / "s.npz"
    assert cli.main(["train", "--dataset", "synthetic-digits", "--train-size", "200", "--test-size", "100",
                     "--epochs", "1", "--batch-size", "50", "--save", str(saved), "--json"]) == 0
    out, err = capsys.readouterr()
    assert saved.is_file() and "the curves could not be drawn: TypeError" in err
    assert json.loads(out)["saved"] == str(saved)


def on_a_terminal(monkeypatch, columns: int):
    """The console as if it wrote to a terminal `columns` wide."""
    from workbench.commands import train as command

    monkeypatch.setattr(command, "_isatty", lambda stream: True)
    monkeypatch.setattr(command.Console, "columns", lambda self: columns)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))


def plain(text: str) -> list[str]:
    """Every line written, as the terminal shows it: no colours or cursor moves, a line rewritten in place
    (after a carriage return) as its last version."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
    return [line.split("\r")[-1] for line in text.splitlines()]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [80, 60])
def test_on_a_terminal_every_line_fits_words_stay_whole_and_the_curves_line_up(capsys, monkeypatch, lang, columns):
    from workbench.i18n import set_language, t
    from workbench.i18n.cells import cell_len
    from workbench.models.train import load_data

    on_a_terminal(monkeypatch, columns)
    assert cli.main(["--lang", lang, "train", "--dataset", "synthetic-digits", "--net", "two-layer",
                     "--train-size", "300", "--test-size", "100", "--epochs", "2", "--batch-size", "50"]) == 0
    lines = plain(capsys.readouterr().out)
    set_language(lang)
    assert all(cell_len(line) < columns for line in lines), max(lines, key=cell_len)
    text = "\n".join(lines)
    source = load_data(TrainSettings(dataset="synthetic-digits", train_size=300, test_size=100)).source_text()
    assert source in " ".join(lines), "a line broken inside a word"
    frames = [line for line in lines if "┐" in line or "┘" in line]
    assert len(frames) == 4 and len({cell_len(line) for line in frames}) == 1, frames   # drawn after each epoch
    boxes = [line for line in lines if line.count("│") + line.count("┤") >= 2]
    assert len({cell_len(line.rstrip()) for line in boxes}) == 1, boxes       # legends in Hangul too
    assert any(line.rstrip().endswith("│") and "┤" in line for line in lines)   # the accuracy's frame
    assert t("train.plot.accuracy") in text and t("train.plot.raw") in text


def test_the_accuracy_axis_spans_the_runs_accuracies_as_the_other_charts():
    """A fixed 0–100 axis squashed a run at 10–25 % into a row or two; `workbench train` draws the
    shared rule's axis (`percent_axis`) over its train and test accuracies, and names the lines under
    the plots (inside, the legend sat over the loss where it starts)."""
    import argparse
    import re

    import plotext as plt

    from workbench.commands.train import Console
    from workbench.models.axes import percent_axis

    console = Console(None, argparse.Namespace(json=False))
    console.losses = list(np.linspace(2.3, 1.9, 40))
    console.train_accs, console.test_accs = [0.10, 0.18, 0.25], [0.11, 0.16, 0.22]
    console.tty, console.columns = True, lambda: 100
    lines = console.curves(color=False).splitlines()
    labels = {int(m) for line in lines for m in re.findall(r"(?<![\d.])(\d+)┤", line)}
    axis = percent_axis([10, 18, 25, 11, 16, 22], 7)
    assert not axis.full and {int(v) for v in axis.ticks} <= labels
    assert 100 not in labels and axis.high <= 40
    framed = [line for line in lines if "│" in line]
    assert not any(name in line for line in framed for name in ("raw", "smoothed", "train", "test"))
    assert lines[-1].split() == ["*", "raw", "o", "smoothed", "+", "train", "x", "test"]   # under the plots


@pytest.mark.parametrize("lang, args, said", [
    ("en", ["--net", "multi-layer", "--optimizer", "sgd", "--lr", "10"],
     ["What happened: Training stopped at iteration 4: the loss became infinite. The loss had risen from",
      "the learning rate 10 is too large.", "What to try: Lower the learning rate (try 1) and start again."]),
    ("ko", ["--net", "multi-layer", "--optimizer", "sgd", "--lr", "10"],
     ["무슨 일: 4번째 반복에서 학습을 멈췄습니다. 손실이 무한대가 되었습니다. 손실이", "학습률 10이 너무 큽니다.",
      "해 볼 것: 학습률을 낮춰(1 정도) 다시 시작하세요."]),
    ("ko", ["--net", "two-layer", "--optimizer", "adam", "--lr", "50"],
     ["무슨 일: 1번째 에폭이 끝났는데도 학습이 되지 않습니다. 훈련 정확도", "우연 수준입니다",
      "Adam에는 학습률 50이 너무 큽니다.", "해 볼 것: 학습률을 책의 기본값인 0.001로 낮춰 보세요."])],
    ids=["en-diverged", "ko-diverged", "ko-not-learning"])
def test_a_run_that_goes_wrong_is_explained_in_the_readers_language_within_80_columns(capsys, monkeypatch, lang,
                                                                                       args, said):
    """`--lang ko` printed the trainer's English after 무슨 일 and 해 볼 것."""
    from workbench.i18n.cells import cell_len

    on_a_terminal(monkeypatch, 80)
    cli.main(["--lang", lang, "train", "--dataset", "synthetic-digits", "--train-size", "1000", "--epochs", "2", *args])
    lines = plain(capsys.readouterr().out)
    assert all(cell_len(line) < 80 for line in lines), max(lines, key=cell_len)
    text = " ".join(lines)
    assert all(part in text for part in said), text
    if lang == "ko":                                  # the trainer's own English stays in the library
        assert "training stopped" not in text and "not learning after" not in text and "learning rate" not in text


def test_json_carries_a_stops_cause_as_a_code_and_figures_and_the_words_go_to_stderr(capsys):
    """`train --json` printed the lines for people before its JSON on stdout, and the data named no cause."""
    status = cli.main(["--lang", "ko", "train", "--dataset", "synthetic-digits", "--train-size", "1000",
                       "--epochs", "2", "--net", "multi-layer", "--optimizer", "sgd", "--lr", "10", "--json"])
    out, err = capsys.readouterr()
    assert status == 1 and len(out.splitlines()) == 1, out
    wrong = json.loads(out)["went_wrong"]
    assert wrong["reason"] == "non-finite" and wrong["code"] == "learning-rate", wrong
    assert wrong["figures"]["lr"] == 10 and "무슨 일:" in err


@pytest.mark.parametrize("argv, environ", [(["--lang", "ko"], {}), ([], {"LANG": "ko_KR.UTF-8"})])
def test_json_names_where_the_data_came_from_by_an_id_in_every_language(capsys, monkeypatch, argv, environ):
    """`data_source` was the sentence for people, in their language ("이 컴퓨터에서 생성"): a program
    reading it had to know every translation. The id is fixed; the sentence is a field of its own."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(cli, "_remembered_language", lambda: None)
    assert cli.main([*argv, "train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "200",
                     "--test-size", "100", "--epochs", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["data_source"] == "generated" and result["data_folder"] is None
    assert result["data_source_text"] == "이 컴퓨터에서 생성"
    assert result["dataset"] == result["dataset_asked"] == "synthetic-digits" and result["net"] == "two-layer"


def test_the_two_speeds_are_labelled(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")      # the words, not where a page of 80 breaks them (the speeds vary)
    assert cli.main(["train", "--net", "two-layer", *SMALL]) == 0
    out = capsys.readouterr().out
    assert " s at " in out and " images/s overall)" in out and "samples/s" not in out


def test_an_epochs_seconds_are_those_its_speed_counts(capsys, monkeypatch):
    """With --impl mine the first epoch read "802/s" beside "8.0 s" for 1,000 images: the seconds
    counted the sandbox's start and the accuracies after the epoch, the speed only its steps. Here a
    slow evaluation stands in for both."""
    import re

    from workbench.nn.networks import TwoLayerNet

    accuracy = TwoLayerNet.accuracy

    def slow(self, *args, **kwargs):
        time.sleep(0.1)
        return accuracy(self, *args, **kwargs)
    monkeypatch.setattr(TwoLayerNet, "accuracy", slow)
    monkeypatch.setenv("COLUMNS", "200")      # each epoch's line whole, however wide its speed
    assert cli.main(["train", "--net", "two-layer", *SMALL]) == 0
    lines = re.findall(r"epoch \d/2 .*  ([\d.]+) s at ([\d,]+) images/s", capsys.readouterr().out)
    assert len(lines) == 2
    for seconds, rate in lines:
        assert abs(float(seconds) - 1000 / int(rate.replace(",", ""))) <= 0.05 + 1e-9, (seconds, rate)


def test_the_header_writes_the_learning_rate_as_the_panes_do(capsys):
    """It read "(lr 1e-05)": an unpadded exponent and a true minus, as in the app."""
    assert cli.main(["train", "--dataset", "synthetic-digits", "--train-size", "100", "--test-size", "50",
                     "--epochs", "1", "--batch-size", "50", "--net", "two-layer", "--lr", "1e-5"]) == 0
    assert "(lr 1e−5)" in capsys.readouterr().out.splitlines()[0]


def test_the_header_names_the_optimizer_by_its_class_as_it_names_the_network(capsys):
    """It read "Training TwoLayerNet with rmsprop": the network by its class, the optimizer by its option,
    where compare's runs and the book say RMSprop."""
    assert cli.main(["train", "--dataset", "synthetic-digits", "--train-size", "100", "--test-size", "50",
                     "--epochs", "1", "--batch-size", "50", "--net", "two-layer", "--optimizer", "rmsprop"]) == 0
    assert capsys.readouterr().out.startswith("Training TwoLayerNet with RMSprop (lr 0.001)")


def test_a_run_stopped_before_its_first_epoch_says_the_train_accuracy_was_not_measured(capsys, monkeypatch):
    from workbench.commands import train as command

    def interrupted(self, event):
        raise KeyboardInterrupt
    monkeypatch.setattr(command.Console, "progress", interrupted)
    assert cli.main(["train", *SMALL, "--json"]) == 130
    out, err = capsys.readouterr()
    assert "nan" not in out.replace('"train_acc": null', "") and "train accuracy not measured" in err
    assert json.loads(out)["train_acc"] is None
    assert "loss per iteration" in err and "accuracy (%) per epoch" not in err     # no empty frame beside it


def test_a_saved_run_records_its_epochs_and_a_run_that_loads_it_says_which(capsys, tmp_path):
    saved = tmp_path / "run.npz"
    assert cli.main(["train", "--net", "two-layer", *SMALL, "--save", str(saved)]) == 0
    capsys.readouterr()
    assert cli.main(["train", "--net", "two-layer", *SMALL[:-4], "--epochs", "1", "--batch-size", "50",
                     "--load", str(saved), "--save", str(saved)]) == 0
    assert said(capsys.readouterr().out, f"starting from the parameters of epoch 2 in {saved}")
    from workbench.nn.params_io import saved_epoch
    assert saved_epoch(saved) == 3


# -- --save: checked before training, never replacing what it should not ---------------------------

TINY = ["train", "--dataset", "synthetic-digits", "--train-size", "100", "--test-size", "50", "--epochs", "1",
        "--batch-size", "50"]


def refused(capsys, *args):
    """cli.main(TINY + args) must end with status 2 before training: the one error line."""
    assert cli.main([*TINY, *args]) == 2
    out, err = capsys.readouterr()
    assert "epoch 1/1" not in out and len(err.strip().splitlines()) == 1
    return err


def test_an_empty_save_path_is_refused_before_training(capsys):
    assert "--save needs a file name, such as simple.npz" in refused(capsys, "--save", "")


@pytest.mark.parametrize("lang, words", [("en", "cannot save to {path}: the file system is read-only"),
                                         ("ko", "{path}에 저장할 수 없습니다: 읽기 전용 파일 시스템입니다")])
def test_a_read_only_folder_is_refused_before_training(capsys, tmp_path, monkeypatch, lang, words):
    from workbench.models import train as model

    def read_only(*args, **kwargs):
        raise OSError(30, "Read-only file system")
    monkeypatch.setattr(model.tempfile, "mkstemp", read_only)
    err = refused(capsys, "--lang", lang, "--save", str(tmp_path / "p.npz"))
    assert words.format(path=tmp_path / "p.npz") in err


@pytest.mark.skipif(not os.path.isdir("/sys") or os.access("/sys", os.W_OK) and sys.platform != "linux",
                    reason="needs a folder nobody can create files in")
def test_a_folder_nobody_can_write_is_refused_before_training(capsys):
    assert "cannot save to /sys/p.npz" in refused(capsys, "--save", "/sys/p.npz")


def test_a_folder_that_cannot_be_created_is_refused(capsys, tmp_path):
    (tmp_path / "file").write_text("a file where a folder should be")
    assert "is a file, not a folder" in refused(capsys, "--save", str(tmp_path / "file" / "sub" / "p.npz"))


def test_a_dangling_symlink_is_refused_before_training(capsys, tmp_path):
    (tmp_path / "link.npz").symlink_to(tmp_path / "gone" / "p.npz")
    err = refused(capsys, "--save", str(tmp_path / "link.npz"))
    assert "is a symbolic link to" in err and "whose folder does not exist" in err


def test_a_file_that_is_not_a_parameter_file_needs_force(capsys, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    err = refused(capsys, "--save", str(notes))
    assert "is not a parameter file saved by workbench; give another name, or add --force" in err
    assert notes.read_text() == "my notes"
    assert cli.main([*TINY, "--save", str(notes), "--force"]) == 0
    build_network(TrainSettings()).load_params(notes)


def test_a_parameter_file_is_replaced_without_force(capsys, tmp_path):
    path = tmp_path / "p.npz"
    build_network(TrainSettings()).save_params(path)
    assert cli.main([*TINY, "--save", str(path)]) == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_is_never_replaced(capsys, tmp_path):
    pipe = tmp_path / "pipe.npz"
    os.mkfifo(pipe)
    for force in ([], ["--force"]):
        assert "it is a named pipe, not a file, and a save never replaces one" in refused(
            capsys, "--save", str(pipe), *force)
    with pytest.raises(ValueError, match="it is a named pipe, not a file, and a save replaces only files"):
        build_network(TrainSettings()).save_params(pipe)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_a_save_that_fails_after_training_exits_1(capsys, tmp_path, monkeypatch):
    from workbench.models import train as model

    def disk_full(network, path, **options):
        raise ValueError(f"cannot save to {path}: No space left on device")
    monkeypatch.setattr(model, "save_network", disk_full)
    assert cli.main([*TINY, "--save", str(tmp_path / "p.npz"), "--json"]) == 1
    out, err = capsys.readouterr()
    assert "not saved: cannot save to" in err and json.loads(out)["saved"] is None


@pytest.mark.parametrize("lang, words", [("en", "not saved: cannot save to {path}: no space left on the disk"),
                                         ("ko", "저장하지 못했습니다: {path}에 저장할 수 없습니다: 디스크에 남은 공간이 없습니다")])
def test_a_disk_full_at_the_save_is_said_in_the_readers_language(capsys, tmp_path, monkeypatch, lang, words):
    """The library's writer fails (ENOSPC) after training: its English message used to reach the reader."""
    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(np, "savez", disk_full)
    saved = tmp_path / "p.npz"
    assert cli.main([*TINY, "--lang", lang, "--save", str(saved)]) == 1
    out = capsys.readouterr().out
    assert said(out, words.format(path=saved)) and "No space left on device" not in out
    assert not saved.exists()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [80, 60])
def test_the_progress_bar_fits_the_terminal_with_room_for_ctrl_c_and_whole_figures(monkeypatch, lang, columns):
    """At 80 columns the bar ran to the edge and was cut: 'run 32' for 'run 32 %' (five-digit speeds on
    Fashion-MNIST); the ^C the terminal echoes then wrapped, leaving a stray '^' above the stop line."""
    from types import SimpleNamespace

    from workbench.commands import train as command
    from workbench.i18n import set_language
    from workbench.i18n.cells import cell_len

    on_a_terminal(monkeypatch, columns)
    set_language(lang)
    written = []
    console = SimpleNamespace(training=SimpleNamespace(settings=TrainSettings(epochs=3)), write=written.append,
                              out=None)
    info = {"epoch": 3, "iter_per_epoch": 600, "in_epoch": 6, "samples_per_sec": 12113.4, "seconds_left": 10}
    command.Console.draw_bar(console, info, 1206, 1800)
    line = written[-1].removeprefix("\r").removesuffix("\x1b[K")
    assert cell_len(line) <= columns - 3, line
    assert line.endswith(" 67 %") and "[" in line and "]" in line


def test_on_a_terminal_a_number_stays_with_its_unit():
    """The summary broke between '1.7' and 's' at 80 columns."""
    from types import SimpleNamespace

    from workbench.commands import train as command

    written = []
    console = SimpleNamespace(tty=True, columns=lambda: 80, line=written.append)
    command.Console.say(console, "test accuracy 74.00 % · train accuracy 77.30 % · epochs 2, iterations 120, "
                                 "1.7 s (7,186/s overall)")
    assert written == ["test accuracy 74.00 % · train accuracy 77.30 % · epochs 2, iterations 120,\n"
                       "1.7 s (7,186/s overall)"]


def test_the_help_gives_each_options_default(capsys, monkeypatch):
    """`train --help` named no default: a new user could not tell how many epochs a bare run trains."""
    monkeypatch.setenv("COLUMNS", "200")
    try:
        cli.main(["train", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "--epochs N        passes over the training images (1 to 1,000; default 5)\n" in out
    assert "(sgd|momentum|nesterov|adagrad|rmsprop|adam; default adam)" in out and "(1e−6 to 100; default 0.001)" in out
    # MNIST, else the synthetic digits: a default in words (it named none, and a new user could not tell)
    assert "(mnist|fashion-mnist|synthetic-digits; default mnist, or synthetic-digits when MNIST is not on this " \
           "computer)" in " ".join(out.split())


def test_the_help_gives_each_numbers_range_kept_on_one_line(capsys, monkeypatch):
    """`train --help` gave defaults only: the range of --epochs or --lr was learnt from an error."""
    from workbench.i18n import cells

    monkeypatch.setenv("COLUMNS", "80")
    for lang, epochs, train_size in (("en", "(1 to 1,000; default 5)", "(0 to 60,000; default 0)"),
                                     ("ko", "(1부터 1,000까지; 기본값 5)", "(0부터 60,000까지;")):
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, "train", "--help"])
        out = capsys.readouterr().out
        assert epochs in out and train_size in out                   # never "(0" / "to 60,000" on two lines
        assert "1e−6" in out and max(cells.cell_len(line) for line in out.splitlines()) <= 80
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "search", "--help"])
    assert "(1 to 1,000; default 100)" in capsys.readouterr().out     # --trials


def only_the_test_split_of_mnist(monkeypatch, tmp_path) -> None:
    """MNIST's test files in WORKBENCH_DATA (as `workbench data` lists them, verified), and no more."""
    from workbench.datasets import load as load_module
    from workbench.datasets.locate import Place
    from workbench.models import train as train_module

    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        (tmp_path / name).write_bytes(b"")
    where = lambda info, data_dir=None: [Place(tmp_path, "user", "WORKBENCH_DATA")]
    monkeypatch.setattr(load_module, "places", where)
    monkeypatch.setattr(train_module, "places", where)


@pytest.mark.parametrize("argv, instead", [(["train", "--dataset", "mnist"], "--dataset synthetic-digits"),
                                           (["compare", "optimizers", "--set", "dataset=mnist"],
                                            "--set dataset=synthetic-digits")])
def test_a_data_set_of_which_only_the_test_split_is_here_says_so(capsys, monkeypatch, tmp_path, argv, instead):
    """With MNIST's test files in WORKBENCH_DATA (as `workbench data` lists them, verified) it said
    "MNIST is not on this computer"."""
    only_the_test_split_of_mnist(monkeypatch, tmp_path)
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err == (f"workbench: error: MNIST's training images are not on this computer, only its test split; "
                   f"run 'workbench data download mnist' first, or use {instead}\n")


def test_the_loss_axis_of_a_single_iteration_is_whole(capsys):
    """One mini-batch (--train-size 100 --batch-size 100 --epochs 1): the iteration axis read
    0.50 0.75 1.00 1.25 1.50."""
    assert cli.main(["train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "100",
                     "--test-size", "10", "--epochs", "1", "--batch-size", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    axis = lines[next(i for i, line in enumerate(lines) if line.strip().startswith("iteration")) - 1]
    assert "0.75" not in axis and "1.25" not in axis and axis.split()[:1] == ["1"], axis


def test_the_summary_groups_a_thousand_iterations(capsys):
    """"iterations 1000" stood raw beside "1,000 training … images" on the line above."""
    assert cli.main(["train", "--dataset", "synthetic-digits", "--net", "two-layer", "--train-size", "1000",
                     "--test-size", "100", "--batch-size", "1", "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    assert "1,000 training" in out and "epochs 1, iterations 1,000," in out


@pytest.mark.parametrize("lang, words", [
    ("en", "MNIST's training images are not on this computer, only its test split, so these are the synthetic digits."),
    ("ko", "MNIST: 이 컴퓨터에는 시험 데이터만 있고 훈련 이미지가 없어서 합성 숫자를 씁니다.")])
def test_without_dataset_the_stand_in_line_says_only_the_test_split_is_here(capsys, monkeypatch, tmp_path, lang, words):
    """Without --dataset the run fell back to the synthetic digits saying "MNIST is not on this computer"
    while `workbench data` listed MNIST's test split as verified."""
    only_the_test_split_of_mnist(monkeypatch, tmp_path)
    assert cli.main(["--lang", lang, "train", "--net", "two-layer", "--train-size", "100", "--test-size", "100",
                     "--epochs", "1"]) == 0
    assert said(capsys.readouterr().out, words)


def test_without_dataset_and_without_mnist_the_stand_in_line_says_it_is_not_here(capsys, monkeypatch):
    from workbench.datasets import load as load_module
    from workbench.models import train as train_module

    monkeypatch.setattr(load_module, "places", lambda info, data_dir=None: [])
    monkeypatch.setattr(train_module, "places", lambda info, data_dir=None: [])
    assert cli.main(["train", "--net", "two-layer", "--train-size", "100", "--test-size", "100", "--epochs", "1"]) == 0
    assert "MNIST is not on this computer, so these are the synthetic digits." in capsys.readouterr().out


TRAIN_100 = ["train", "--net", "two-layer", "--epochs", "1", "--train-size", "100", "--test-size", "100"]


@pytest.mark.parametrize("argv, lang, words", [
    (TRAIN_100, "en", "to train on MNIST, run 'workbench data download mnist' first, then this command again"),
    (TRAIN_100, "ko", "MNIST로 학습하려면 먼저 'workbench data download mnist' 명령으로 내려받고 이 명령을 다시 실행하세요"),
    (["compare", "weight-init", "--set", "iterations=2", "--set", "train_size=100", "--set", "test_size=100",
      "--set", "batch_size=50"], "en", "to train on MNIST, run 'workbench data download mnist' first"),
    (["search", "--trials", "1", "--epochs", "1", "--set", "train_size=200", "--set", "batch_size=50"], "en",
     "to train on MNIST, run 'workbench data download mnist' first")])
def test_the_synthetic_digits_standing_in_for_mnist_say_how_to_get_it(capsys, monkeypatch, argv, lang, words):
    """"MNIST is not on this computer, so these are the synthetic digits" left the way to MNIST to be found."""
    from workbench.datasets import load as load_module
    from workbench.models import train as train_module

    monkeypatch.setattr(load_module, "places", lambda info, data_dir=None: [])
    monkeypatch.setattr(train_module, "places", lambda info, data_dir=None: [])
    assert cli.main(["--lang", lang, *argv]) == 0
    lines = capsys.readouterr().out.splitlines()
    stand_in = next(i for i, line in enumerate(lines) if line.startswith("MNIST"))
    after = next(i for i in range(stand_in + 1, len(lines)) if joined("\n".join(lines[i:])).startswith(words))
    assert joined("\n".join(lines[stand_in:after])).endswith(")")      # the data's line, then the way to MNIST
    chosen = ["--dataset", "synthetic-digits"] if argv[0] == "train" else ["--set", "dataset=synthetic-digits"]
    assert cli.main(["--lang", lang, *argv, *chosen]) == 0
    assert "workbench data download" not in capsys.readouterr().out     # asked for: nothing to get


def test_the_rate_set_beside_the_librarys_counts_the_epochs_steps_only():
    """With --impl mine, "your code: 380 samples/s · library: 5,289 samples/s (14× as fast)" set the run's
    overall rate, its evaluations counted, beside the library's steps alone; its epochs ran at ~700/s."""
    from types import SimpleNamespace

    from workbench.commands import train as command
    from workbench.models.train import EpochRecord

    console = object.__new__(command.Console)
    console.training = SimpleNamespace(settings=SimpleNamespace(batch_size=50))
    console.iteration_before, console.trained = 0, [0, 0.0]
    for iteration, rate in ((10, 500.0), (20, 250.0)):            # 500 images in 1 s, then in 2 s
        console.epoch_seconds(EpochRecord(iteration // 10, iteration, 0.5, 0.5, {}, np.zeros(1), 0.0, rate))
    assert console.training_rate(SimpleNamespace(samples_per_sec=200.0)) == pytest.approx(1000 / 3)


# -- after a stop: what is kept, and what to do next -----------------------------------------------

def stopped_in_the_first_epoch(monkeypatch) -> None:
    """Ctrl+C as the first progress of the run arrives (before its first epoch ends)."""
    from workbench.commands import train as command

    def interrupted(self, event):
        raise KeyboardInterrupt
    monkeypatch.setattr(command.Console, "progress", interrupted)


def test_a_stopped_run_saved_says_the_command_that_goes_on_from_it(capsys, monkeypatch, tmp_path):
    """The stop said "stopped at iteration 3" and "saved to net.npz": how to go on was left to guess
    (--load, with the same options, for the epochs left)."""
    import shlex

    saved = tmp_path / "my net.npz"
    stopped_in_the_first_epoch(monkeypatch)
    assert cli.main(["train", *SMALL, "--lr", "0.002", "--save", str(saved)]) == 130
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("to go on training from here:")
    rows = lines[at + 1:]                           # into a pipe too, broken to a page before its options
    assert len(rows) > 1 and all(row.endswith(" \\") for row in rows[:-1]), rows
    command = shlex.split(" ".join(row.removesuffix("\\") for row in rows))
    assert command[:2] == ["workbench", "train"] and "--lr" in command and command[command.index("--lr") + 1] == "0.002"
    assert command[-6:] == ["--epochs", "2", "--load", str(saved), "--save", str(saved)]
    monkeypatch.undo()
    assert cli.main(command[1:]) == 0               # it runs as printed
    assert said(capsys.readouterr().out, f"starting from {saved}")


def test_a_stopped_run_without_save_says_nothing_was_kept_and_how_to_keep_it(capsys, monkeypatch):
    stopped_in_the_first_epoch(monkeypatch)
    assert cli.main(["train", *SMALL, "--lang", "ko"]) == 130
    assert last_said(capsys.readouterr().out, "아무것도 저장하지 않았습니다. --save PATH를 주면 학습을 "
                                              "멈춰도 학습된 매개변수를 저장합니다")


def test_on_a_terminal_the_command_to_go_on_is_broken_before_its_options_as_a_shell_reads_it(
        capsys, monkeypatch, tmp_path):
    saved = tmp_path / "run.npz"
    on_a_terminal(monkeypatch, 60)
    stopped_in_the_first_epoch(monkeypatch)
    assert cli.main(["train", *SMALL, "--save", str(saved)]) == 130
    lines = plain(capsys.readouterr().out)
    command = lines[lines.index("to go on training from here:") + 1:]
    assert command[0].startswith("  workbench train --dataset synthetic-digits")
    assert all(line.endswith(" \\") for line in command[:-1]) and command[-1] == f"      --save {saved}"
    assert f"      --load {saved} \\" in command                  # a path wider than the line left whole
    assert all(len(line) <= 59 for line in command if str(saved) not in line)


@pytest.mark.parametrize("lang, words", [("en", "images/s"), ("ko", "초당")])
def test_into_a_log_a_long_epoch_says_how_far_it_is_as_lines_of_their_own(capsys, monkeypatch, lang, words):
    """Piped or into a file, a DeepConvNet epoch left the log silent for a minute or more: after
    LOG_EVERY seconds without a line, one says how far the epoch is (here at once, every event)."""
    import re

    from workbench.commands import train as command

    monkeypatch.setattr(command, "LOG_EVERY", 0.0)
    assert cli.main(["train", "--net", "two-layer", *SMALL, "--lang", lang]) == 0
    out = capsys.readouterr().out
    progress = [line for line in out.splitlines() if re.match(r"(epoch|에폭) 1/2: \d+(\.\d)? %", line)]
    assert progress and all(words in line for line in progress), out
    assert "\r" not in out and "\x1b[" not in out
    lines = out.splitlines()
    epoch_1 = next(n for n, line in enumerate(lines) if re.match(r"(epoch|에폭) 1/2  ", line))
    assert all(lines.index(line) < epoch_1 for line in progress)           # each before epoch 1's own line
