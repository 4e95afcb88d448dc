"""`workbench compare` and `workbench search` end to end on tiny synthetic runs: the JSON line, plain
lines into a pipe, the list of presets, one-line errors with status 2, and Ctrl+C reporting the runs
(or trials) so far with status 130."""
import json
import signal
import subprocess
import sys
import time

import pytest

from workbench import cli

TINY = ["--set", "dataset=synthetic-digits", "--set", "train_size=200", "--set", "test_size=100"]


def workbench(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                          timeout=300, **kwargs)


def test_a_tiny_comparison_ends_with_its_table_and_a_json_line():
    done = workbench("compare", "free", *TINY, "--set", "runs=optimizer=sgd lr=0.1; optimizer=adam lr=0.001",
                     "--set", "epochs=2", "--set", "batch_size=50", "--json")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    result = json.loads(lines[-1])
    assert result["preset"] == "free" and result["dataset"] == "synthetic-digits" and result["fell_back"] is False
    assert [r["name"] for r in result["runs"]] == ["optimizer=sgd lr=0.1", "optimizer=adam lr=0.001"]
    first = result["runs"][0]
    assert first["differs"] == {"optimizer": "SGD", "lr": "0.1"} and first["epochs_done"] == 2
    assert first["stop_reason"] is None and 0 <= first["final_train_acc"] <= 1 and 0 <= first["final_test_acc"] <= 1
    assert first["seconds"] > 0 and len(first["test_acc_per_epoch"]) == 2
    assert len(lines) == 1                                               # stdout is the data alone
    human = done.stderr.splitlines()
    assert "\r" not in done.stderr and "\x1b[" not in done.stderr        # a log, not a terminal
    assert any(line.startswith("optimizer=adam lr=0.001: finished after 2 epochs") for line in human)
    assert "loss per iteration (smoothed)" in done.stderr and "best epoch" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_carries_what_went_wrong_as_a_code_and_figures_and_the_words_go_to_stderr():
    """`--json` wrote the trainer's English diagnosis into the data ("warning": "not learning after
    epoch 3: …"), said nothing of why a run stopped, and mixed the lines for people into stdout."""
    done = workbench("--lang", "ko", "compare", "free", *TINY, "--set", "runs=lr=0.1; lr=100; optimizer=adam lr=50",
                     "--set", "epochs=3", "--set", "batch_size=50", "--json")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1
    fine, diverged, stuck = json.loads(done.stdout)["runs"]
    assert fine["went_wrong"] is None and "warning" not in stuck
    assert diverged["stop_reason"] == "non-finite" and diverged["went_wrong"]["reason"] == "non-finite"
    assert diverged["went_wrong"]["code"] == "learning-rate"
    assert diverged["went_wrong"]["figures"]["lr"] == 100 and diverged["went_wrong"]["figures"]["value"] == "inf"
    assert stuck["went_wrong"]["reason"] == "not-learning" and stuck["went_wrong"]["code"] == "learning-rate"
    assert stuck["went_wrong"]["figures"]["optimizer"] == "Adam" and stuck["went_wrong"]["figures"]["lower"] == 0.001
    assert "not learning" not in done.stdout and "training stopped" not in done.stdout
    err = " ".join(line.strip() for line in done.stderr.splitlines())
    assert "학습률 100이 너무 큽니다." in err and "Adam에는 학습률 50이 너무 큽니다." in err
    assert "not learning" not in err and "Traceback" not in err


def test_runs_that_went_wrong_are_explained_in_the_readers_language(capsys):
    """`--lang ko` printed "lr=100: non-finite: training stopped at iteration 4: …" and "학습이 안 됨: not
    learning after epoch 3: …": the reason's code and the trainer's English."""
    cli.main(["--lang", "ko", "compare", "free", *TINY, "--set", "runs=lr=0.1; lr=100; optimizer=adam lr=50",
              "--set", "epochs=3", "--set", "batch_size=50"])
    out = " ".join(line.strip() for line in capsys.readouterr().out.splitlines())   # as wrapped to any width
    assert "lr=100: 발산: " in out and "학습률 100이 너무 큽니다. 학습률을 낮춰(10 정도) 다시 시작하세요." in out
    assert "번째 에폭이 끝났는데도 학습이 되지 않습니다." in out and "Adam에는 학습률 50이 너무 큽니다." in out
    assert "non-finite" not in out and "training stopped" not in out and "not learning" not in out


def test_a_preset_that_falls_back_says_so_in_json():
    done = workbench("compare", "weight-init", "--set", "iterations=3", "--set", "train_size=200",
                     "--set", "test_size=50", "--set", "batch_size=50", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["dataset_asked"] == "mnist" and result["dataset"] == "synthetic-digits" and result["fell_back"]
    assert [r["name"] for r in result["runs"]] == ["std=0.01", "Xavier", "He"]
    assert [r["iterations"] for r in result["runs"]] == [3, 3, 3]


@pytest.mark.parametrize("preset, settings, names, labels", [
    ("overfitting", ["epochs=1", "dropout_epochs=1", "hidden=10", "train_size=100"],
     ["plain", "weight-decay", "dropout"], ["처방 없음", "가중치 감소 0.1", "드롭아웃 0.2"]),
    ("batch-norm", ["grid=false", "epochs=1", "hidden=10", "train_size=100", "test_size=50"],
     ["batch-norm w=0.01", "plain w=0.01"], ["배치 정규화 있음, w=0.01", "배치 정규화 없음, w=0.01"])])
def test_json_names_each_run_the_same_in_every_language_and_its_label_beside(capsys, preset, settings, names, labels):
    """Under --lang ko a run's name was its Korean label ("가중치 감소 0.1"): a program had to know the
    translation to tell the runs apart. The name is fixed; the label for people is a field of its own."""
    argv = [word for setting in ["dataset=synthetic-digits", *settings] for word in ("--set", setting)]
    assert cli.main(["--lang", "ko", "compare", preset, *argv, "--json"]) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [r["name"] for r in runs] == names and [r["label"] for r in runs] == labels


def test_the_list_of_presets_has_a_description_in_a_column_of_its_own(capsys):
    """Each name, then its description in one column (polish51: a tab made it ragged in `less`)."""
    assert cli.main(["compare", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert names == ["optimizers", "weight-init", "batch-norm", "overfitting", "free"]
    column = len("overfitting") + 2
    assert all(line[column - 2:column] == "  " and line[column] != " " for line in lines)


@pytest.mark.parametrize("args, words", [
    (["compare", "adamw"], "no comparison called adamw"),
    (["compare"], "name a comparison"),
    (["compare", ""], "name a comparison"),                          # it read "no comparison called ;"
    (["compare", "optimizers", "--set", "optimizers=adam"], "optimizers must name 2 to 6 optimizers"),
    (["compare", "free", "--set", "runs=lr=0.1; wings=2"], "a run cannot change wings"),
    (["compare", "batch-norm", "--set", "colour=red"], "unknown setting colour"),
    (["compare", "overfitting", "--set", "epochs=0"], "epochs = 0 is out of range"),
    (["search", "--trials", "0"], "error: --trials = 0 is out of range"),
    (["search", "--epochs", "many"], "error: --epochs must be a whole number"),
    (["search", "--set", "trials=0"], "error: trials = 0 is out of range"),
    (["search", "--set", "lr_min=1", "--set", "lr_max=0.1"], "lr_min (1) must not be above lr_max"),
    (["search", "--set", "wd_min=1e-5", "--set", "wd_max=1e-6"], "wd_min (1e−5) must not be above wd_max (1e−6)"),
])
def test_bad_presets_and_settings_get_one_line_and_status_2(capsys, args, words):
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("args", [["compare", "optimizers", "--set", "dataset=mnist"],
                                  ["search", "--set", "dataset=mnist"]])
def test_a_missing_data_set_points_at_the_option_these_commands_have(capsys, monkeypatch, args):
    from workbench.datasets import load as load_module
    monkeypatch.setattr(load_module, "places", lambda info, data_dir=None: [])     # found nowhere
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "MNIST is not on this computer" in err and "--set dataset=synthetic-digits" in err
    assert "--dataset" not in err                     # they have no such option


def interrupted(args, marker, watched="stdout"):
    """Run `workbench ARGS`, send SIGINT once `marker` is printed on `watched` (stdout, or stderr where
    `--json` writes the lines for people); (status, stdout, stderr)."""
    process = subprocess.Popen([sys.executable, "-m", "workbench", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = getattr(process, watched).readline()
            seen.append(line)
            if marker in line or not line:
                break
        assert any(marker in line for line in seen), "".join(seen)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    before = "".join(seen)
    out, err = (before + out, err) if watched == "stdout" else (out, before + err)
    return process.returncode, out, err


@pytest.mark.slow
def test_ctrl_c_reports_the_runs_so_far_and_exits_130():
    status, out, err = interrupted(["compare", "batch-norm", *TINY, "--set", "epochs=40", "--json"],
                                   "with batch norm, w=1: finished", "stderr")   # the first cell's first run ended
    assert status == 130, err
    result = json.loads(out.splitlines()[-1])
    assert result["interrupted"] is True and 2 <= len(result["runs"]) < 32
    assert result["runs"][0]["stop_reason"] is None and result["runs"][0]["epochs_done"] == 40
    # a weight scale's two runs train in lockstep, and the one without batch norm may already have
    # overflowed ("non-finite") when Ctrl+C stops its partner: the last pair holds the stopped run
    last_pair = [run["stop_reason"] for run in result["runs"][-2:]]
    assert "stopped" in last_pair and set(last_pair) <= {"stopped", "non-finite"}, last_pair
    assert "Traceback" not in err
    assert "stopped by Ctrl+C" in err and len(out.splitlines()) == 1


def test_a_tiny_search_reports_its_trials_split_and_best():
    done = workbench("search", "--trials", "3", "--epochs", "2", "--set", "dataset=synthetic-digits",
                     "--set", "train_size=100", "--set", "batch_size=20", "--json")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1            # stdout is the data alone; the lines for people: stderr
    result = json.loads(done.stdout)
    assert len(result["trials"]) == 3 and result["dataset"] == "synthetic-digits"
    trial = result["trials"][0]
    assert set(trial) >= {"seed", "lr", "weight_decay", "val_acc"} and 1e-6 <= trial["lr"] <= 1e-2
    assert 1e-8 <= trial["weight_decay"] <= 1e-4 and 0 <= trial["val_acc"] <= 1
    split = result["split"]
    assert split["from"] == "train" and split["validation"] == 20 and split["training"] == 80
    assert split["test_split_used"] is False and len(split["validation_indices"]) == 20
    assert result["best"][0]["val_acc"] == max(t["val_acc"] for t in result["trials"])
    assert "To search again where these 3 are" in done.stderr and "\x1b[" not in done.stderr     # not "the best five"
    assert "The best 3 of 3, by validation accuracy:" in done.stderr and "best five" not in done.stderr
    # its ranges written as the panes write numbers (they read "1e-06…0.01"); the --set line stays typeable
    assert "lr 1e−6…0.01, weight decay 1e−8…0.0001" in done.stderr.splitlines()[0], done.stderr
    trial_lines = [line for line in done.stderr.splitlines() if line.startswith("trial ") and "/3:" in line]
    assert len(trial_lines) == 3 and not any("e-0" in line for line in trial_lines), trial_lines  # 5.72e−8


def test_ctrl_c_keeps_the_finished_trials():
    status, out, err = interrupted(["search", "--trials", "500", "--epochs", "2", "--set", "dataset=synthetic-digits",
                                    "--set", "train_size=100", "--set", "batch_size=20", "--json"], "trial 2/500",
                                   watched="stderr")
    assert status == 130, err
    result = json.loads(out)
    assert result["interrupted"] is True and 2 <= len(result["trials"]) < 500 and "Traceback" not in err


@pytest.mark.parametrize("columns", [80, 60])
def test_the_progress_line_fits_the_terminal_and_keeps_its_last_figure(monkeypatch, columns):
    """It was cut at the terminal's edge: the time left went first, and the ^C the terminal echoes
    wrapped onto a row of its own."""
    import io
    import os
    import re

    from workbench.commands._console import JobConsole
    from workbench.i18n.cells import cell_len

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    out = Terminal()
    JobConsole(out).progress(0.5, "weight scale 8/16 · 12000/24000 iterations · 1:05 left", "")
    [line] = [frame for frame in re.sub(r"\x1b\[K", "", out.getvalue()).split("\r") if frame]
    assert cell_len(line) <= columns - 3 and line.endswith("1:05 left"), line


def test_on_a_terminal_a_run_s_line_breaks_at_words(monkeypatch):
    """Lines as each run ended ran to the edge and broke inside a number: '· 0' / '.3 s'."""
    import io
    import os

    from workbench.commands._console import JobConsole

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    out = Terminal()
    JobConsole(out).say("AdaGrad: finished after 5 epochs · train 99.4 % · test 95.9 % · gap +3.5 pts · 0.3 s")
    assert out.getvalue() == "AdaGrad: finished after 5 epochs · train 99.4 % · test 95.9 % · gap +3.5 pts ·\n0.3 s\n"


def test_curves_have_whole_epochs_and_iterations_and_round_percentages():
    """plotext's own ticks read 1.25 epochs, 50.8 iterations and 16.7, 33.3 … %."""
    from workbench.commands._console import ranked_chart, whole_ticks

    picture, _, _ = ranked_chart([("a", [1, 2, 3, 4, 5], [10, 40, 60, 70, 80])], "accuracy", "epoch", 78, False,
                                 [10, 40, 60, 70, 80])
    axis = next(line for line in picture.splitlines() if line.lstrip().startswith("1 ")).split()
    assert axis == ["1", "2", "3", "4", "5"]
    assert "100┤" in picture and " 60┤" in picture and "16.7" not in picture and "83.3" not in picture
    assert whole_ticks(range(1, 201)) == [1, 51, 100, 150, 200] and whole_ticks([0.5, 1.0]) == []


def comparison_pictures(monkeypatch, lang: str, columns: int, color: bool) -> tuple[str, list[str]]:
    """The charts `workbench compare weight-init` prints at the end, on a terminal `columns` wide, for
    runs whose accuracies stayed at 10–25 % (the book's std=0.01 start): (the pictures, the run names)."""
    import io

    from workbench.commands._console import JobConsole
    from workbench.commands.compare import CompareConsole
    from workbench.i18n import set_language
    from workbench.models.compare import compute
    from workbench.models.compare_settings import WeightInitSettings

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    set_language(lang)
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "" if color else "1")
    console = object.__new__(CompareConsole)
    console.plan = compute(WeightInitSettings(dataset="synthetic-digits"))
    console.console = JobConsole(Terminal())
    runs = range(len(console.plan.runs))
    console.losses = {i: [2.3 - 0.001 * k * (i + 1) for k in range(60)] for i in runs}
    console.accs = {i: [(e, (10 + 3 * e + i) / 100, (9 + 2.5 * e + i) / 100) for e in range(1, 6)] for i in runs}
    console.results = {}                 # the runs still going: drawn in their order
    return console.pictures(), [run.spec.name for run in console.plan.runs]


def frames(pictures: str) -> list[tuple[list[str], list[str]]]:
    """Each chart's rows inside its frame (without the y labels) and the lines under its x label."""
    import re

    charts = []
    for chart in pictures.split("\n\n"):
        lines = chart.splitlines()
        top = next(i for i, line in enumerate(lines) if "┌" in line)
        bottom = next(i for i, line in enumerate(lines) if "└" in line)
        inside = [re.split("[┤│]", line, maxsplit=1)[1].rstrip().removesuffix("│") for line in lines[top + 1:bottom]]
        charts.append((inside, lines[bottom + 3:]))
    return charts


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("color", [True, False], ids=["color", "no_color"])
def test_accuracies_at_10_to_25_percent_fill_the_chart_and_the_legend_is_under_it(monkeypatch, lang, columns,
                                                                                 color):
    """On the fixed 0–100 axis the curves of a comparison's first epochs lay on one or two of the seven
    rows, and plotext's legend, top-left inside the chart, covered the curves that stay near the top."""
    import re

    import plotext

    from workbench.i18n.cells import cell_len

    pictures, names = comparison_pictures(monkeypatch, lang, columns, color)
    assert ("\x1b[" in pictures) is color
    plain = plotext.uncolorize(pictures)
    assert max(cell_len(line) for line in plain.splitlines()) <= columns - 1
    loss, train, test = frames(plain)
    for inside, under in (loss, train, test):
        assert not any(name in row for row in inside for name in names)      # no legend over the curves
        key = " ".join(under)
        assert all(name in key for name in names)
    for inside, _ in (train, test):
        assert sum(1 for row in inside if row.strip()) >= 3, "\n".join(inside)     # 0–100: one or two
    axis = "\n".join(line for line in plain.splitlines() if "┤" in line)
    assert "100┤" not in axis and " 50┤" not in axis and "10┤" in axis and "30┤" in axis
    from workbench.commands._console import LINE_COLORS     # each name beside its run's number, in its line's colour

    for i, name in enumerate(names):
        mark = plotext.colorize(str(i + 1), LINE_COLORS[i]) if color else str(i + 1)
        assert re.search(f"^    {re.escape(mark)}  {re.escape(name)}", pictures, re.M)
def test_a_korean_title_does_not_shrink_the_chart():
    """plotext counts a Hangul syllable as one cell: the chart was drawn again narrower by the
    difference, so the Korean loss chart was 9 cells narrower than the accuracy charts under it."""
    from workbench.commands._console import marked_chart, value_axis
    from workbench.i18n.cells import cell_len

    def frame(title: str) -> int:
        picture, _, _ = marked_chart([("He", [1, 2, 3], [2.0, 1.0, 0.5])], ["1"], title, "반복", 78, False,
                                     value_axis([2.0, 1.0, 0.5], 11))
        return cell_len(next(line for line in picture.splitlines() if "┐" in line))

    assert frame("반복마다의 손실(평활)") == frame("loss per iteration (smoothed)")


def test_the_console_writes_gaps_and_grid_scales_as_the_panes_do():
    """A gap below zero with the minus sign − (it was "-0.6 pts"), the grid's scales to 3 figures
    (0.000631, not 0.000630957), as the compare panes write them."""
    from workbench.commands.compare import CompareConsole, _points
    from workbench.models.compare import compute, points, short_scale
    from workbench.models.compare_settings import BatchNormSettings

    assert _points(-0.006) == points(-0.006) == "\u22120.6 pts" and _points(0.241) == "+24.1 pts"
    import io

    from workbench.commands._console import JobConsole

    console = object.__new__(CompareConsole)
    console.plan, console.results = compute(BatchNormSettings(dataset="synthetic-digits")), {}
    console.console = JobConsole(io.StringIO())
    scales = [line.split()[0] for line in console.grid_table().splitlines()[3:] if line.strip()]
    assert len(scales) == 16 and "0.000631" in scales and not any(len(s) > 8 for s in scales)
    assert scales == [short_scale(run.spec.weight_init) for run in console.plan.runs[::2]]


def test_a_table_too_wide_for_the_terminal_closes_up_then_gives_each_row_a_line():
    """At 60 columns the comparison's table was 62 cells: the terminal broke every row ("stopp" / "ed");
    the search's best five (62 cells) broke at 50 and below."""
    from workbench.commands._console import table
    from workbench.i18n.cells import cell_len

    headers = ["run", "train", "test", "gap", "best epoch", "time", "end"]
    rows = [["Momentum", "88.2 %", "84.0 %", "+4.2 pts", "8", "0.7 s", "stopped"],
            ["SGD", "80.4 %", "78.5 %", "+1.9 pts", "9", "0.7 s", "stopped"]]
    right = [False, True, True, True, True, True, False]
    wide = table(headers, rows, right)
    assert max(cell_len(line) for line in wide.splitlines()) == 62 and table(headers, rows, right, 62) == wide
    close = table(headers, rows, right, 59).splitlines()
    assert max(cell_len(line) for line in close) <= 59 and close[2].split() == " ".join(rows[0]).split()
    narrow = table(headers, rows, right, 40).splitlines()
    assert max(cell_len(line) for line in narrow) <= 40
    assert narrow == ["Momentum: train 88.2 % · test 84.0 % ·", "  gap +4.2 pts · best epoch 8 ·",
                      "  time 0.7 s · end stopped",                  # each value on the line of its header
                      "SGD: train 80.4 % · test 78.5 % ·", "  gap +1.9 pts · best epoch 9 ·",
                      "  time 0.7 s · end stopped"]


def test_the_best_five_write_lr_and_weight_decay_as_the_trial_lines_do():
    """The trial lines read "weight decay 3.1e−6", the table under them "3.1e-06"."""
    import io

    from workbench.commands._console import JobConsole
    from workbench.commands.search import SearchConsole
    from workbench.models.search import TrialResult

    console = object.__new__(SearchConsole)
    console.console = JobConsole(io.StringIO())
    console.trials = [TrialResult(5, 87989972, 0.00985, 3.1e-06, 0.26, 0.298, (0.26,), (0.298,), None, 1.0),
                      TrialResult(7, 35492826, 4.35e-06, 1.37e-08, 0.12, 0.09, (0.12,), (0.09,), None, 1.0)]
    rows = console.table().splitlines()[2:]
    assert rows[0].split()[:3] == ["#6", "0.00985", "3.1e\u22126"], rows
    assert rows[1].split()[:3] == ["#8", "4.35e\u22126", "1.37e\u22128"], rows


@pytest.mark.parametrize("lang, words", [("en", "1,056/8,000 iterations · 0:15 left"),
                                         ("ko", "반복 1,056/8,000 · 남은 시간 0:15")])
def test_the_progress_line_groups_its_counts_as_the_other_numbers_are(monkeypatch, lang, words):
    """It read "1056/8000 iterations" beside "5,000 training images" and the training bar's "7,526 samples/s"."""
    import io
    import os
    import re
    from types import SimpleNamespace

    from workbench.commands._console import JobConsole
    from workbench.commands.compare import CompareConsole
    from workbench.i18n import set_language
    from workbench.jobs import JobProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    set_language(lang)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    console = object.__new__(CompareConsole)
    console.console, console.plan = JobConsole(Terminal()), SimpleNamespace(groups=1)
    console.take((), JobProgress(1, "compare", 1056, 8000, {"seconds_left": 15}, ()))
    [line] = [frame for frame in re.sub(r"\x1b\[K", "", console.console.out.getvalue()).split("\r") if frame]
    assert line.endswith(words), line


def test_a_setting_another_preset_has_is_not_taken_for_a_typo_of_an_unlike_one(capsys):
    """batch-norm counts epochs: '--set iterations=300' got "did you mean train_size?" (difflib's 0.6)."""
    assert cli.main(["compare", "batch-norm", "--set", "iterations=300"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbench: error: unknown setting iterations; known: dataset, grid,") and "epochs" in err
    assert cli.main(["compare", "batch-norm", "--set", "epoch=3"]) == 2
    assert "unknown setting epoch (did you mean epochs?)" in capsys.readouterr().err


@pytest.mark.parametrize("trials, epochs, words", [(1, 1, "Random search: 1 trial of 1 epoch,"),
                                                   (2, 1, "Random search: 2 trials of 1 epoch,"),
                                                   (1, 2, "Random search: 1 trial of 2 epochs,"),
                                                   (2, 2, "Random search: 2 trials of 2 epochs,")])
def test_one_trial_or_one_epoch_is_said_in_the_singular(capsys, trials, epochs, words):
    """It read "1 trials of 1 epochs", and a run "finished after 1 epochs"."""
    assert cli.main(["search", "--trials", str(trials), "--epochs", str(epochs), "--set", "dataset=synthetic-digits",
                     "--set", "train_size=100", "--set", "batch_size=20"]) == 0
    assert capsys.readouterr().out.startswith(words)


def test_a_run_of_one_epoch_is_said_in_the_singular(capsys):
    assert cli.main(["compare", "free", *TINY, "--set", "runs=lr=0.1; lr=0.01", "--set", "epochs=1",
                     "--set", "batch_size=50"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith(("lr=0.1: finished after 1 epoch ·", "lr=0.01: finished after 1 epoch ·"))
               for line in lines) == 2, lines


@pytest.mark.parametrize("lang, heading", [("en", "examples:"), ("ko", "예:")])
def test_the_help_s_examples_stand_apart_from_the_presets(capsys, lang, heading):
    """"examples:" came on the line right under the presets, as if it were one of them."""
    from workbench.i18n import set_language

    try:
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, "compare", "--help"])
    finally:
        set_language("en")
    out = capsys.readouterr().out
    assert f"\n\n{heading}\n  workbench compare optimizers" in out, out


def search_pictures(monkeypatch, trials, columns=80):
    """The console search's scatter and its legend, without colour, for `trials` on the default ranges."""
    import io
    import os

    from workbench.commands._console import JobConsole
    from workbench.commands.search import SearchConsole
    from workbench.models.catalog import pane

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    console = object.__new__(SearchConsole)
    console.console, console.settings, console.trials = JobConsole(Terminal()), pane("search").settings(), trials
    return console.pictures().split("\n\n")[0]


def search_trials(places):
    """A trial at each (lr, weight decay, validation accuracy) of `places`."""
    from workbench.models.search import TrialResult

    return [TrialResult(i, 1, lr, wd, acc, acc, (acc,), (acc,), None, 1.0) for i, (lr, wd, acc) in enumerate(places)]


def test_the_search_scatter_labels_round_ticks_with_a_true_minus(monkeypatch):
    """The scatter's ticks were plotext's own, -7.88 … -4.32 with a hyphen-minus, where the console writes
    −: they are the round log₁₀ values of the ranges, −8 … −4 and −6 … −2, as the other charts write them."""
    scatter = search_pictures(monkeypatch, search_trials([(1e-5, 1e-7, 0.3), (1e-3, 1e-5, 0.6), (3e-3, 3e-6, 0.5)]))
    lines = scatter.splitlines()
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert y_labels == ["\u22124", "\u22125", "\u22126", "\u22127", "\u22128"], scatter
    x_labels = lines[[i for i, line in enumerate(lines) if "└" in line][0] + 1].split()
    assert x_labels == ["\u22126", "\u22125", "\u22124", "\u22123", "\u22122"], scatter
    assert "-" not in "".join(y_labels + x_labels)


def test_the_search_scatter_without_colour_marks_two_kinds_of_trial_in_one_place(monkeypatch):
    """Without colour one of the best five drawn where another trial was hid it (● over •): that cell
    shows ◉, which the legend names; with no such cell neither is there."""
    apart = [(10 ** (-6 + 0.5 * k), 10 ** (-8 + 0.5 * k), 0.1 * k) for k in range(1, 8)]
    scatter = search_pictures(monkeypatch, search_trials(apart))
    assert "◉" not in scatter and scatter.count("●") == 6 and scatter.count("•") == 1 + 1, scatter  # legend's too
    together = apart + [(apart[0][0] * 1.01, apart[0][1] * 1.01, 0.99)]       # best, on the worst trial
    scatter = search_pictures(monkeypatch, search_trials(together))
    plot, legend = scatter_and_legend(scatter)
    assert plot.count("◉") == 1 and "◉ both in one place" in legend, scatter
    assert plot.count("●") == 4 and plot.count("•") == 2 and plot.count("○") == 0, scatter


def scatter_and_legend(scatter: str) -> tuple[str, str]:
    """The console's scatter split into its picture and the legend under it (the lines after the x label)."""
    lines = scatter.splitlines()
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    return "\n".join(lines[:bottom + 3]), "\n".join(lines[bottom + 3:])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_search_scatter_splits_the_trials_other_than_the_best_five_at_their_own_median(monkeypatch, lang):
    """Split at the median of all eight trials, the best five included, the upper half of the other three
    was empty (all ○): they split at their own median now, as the app's scatter does; the legend names each
    group by its marker."""
    from workbench.i18n import set_language, t

    set_language(lang)
    try:
        places = [(10 ** (-6 + 0.5 * k), 10 ** (-8 + 0.5 * k), 0.1 * k) for k in range(1, 9)]
        plot, legend = scatter_and_legend(search_pictures(monkeypatch, search_trials(places)))
        assert (plot.count("●"), plot.count("•"), plot.count("○")) == (5, 2, 1), plot
        for marker, key in (("●", "top"), ("•", "upper"), ("○", "lower")):
            assert f"{marker} {t(f'search.plot.{key}')}" in legend, legend
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_on_a_terminal_the_list_of_presets_is_in_columns_each_description_under_itself(capsys, monkeypatch, lang):
    """After a tab, a Korean description ran past the edge of an 80-column terminal, cut where it fell."""
    from workbench.i18n.cells import cell_len

    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["--lang", lang, "compare", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "\t" not in "".join(lines) and max(cell_len(line) for line in lines) < 60
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == \
        ["optimizers", "weight-init", "batch-norm", "overfitting", "free"]
    assert len(lines) > 5 and all(line.startswith(" " * 13) and line[13] != " " for line in lines if line[0] == " ")


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_the_command_to_search_again_runs_as_copied(capsys, monkeypatch, tty):
    """Only the four --set options were given, after the sentence: on a terminal they broke across two
    lines, neither of which ran when copied, and the search's own settings (its data, trials, epochs)
    were left to be typed again."""
    import re
    import shlex

    from workbench.commands import _console
    from workbench.i18n.cells import cell_len

    monkeypatch.setattr(_console, "_isatty", lambda stream: tty)
    monkeypatch.setenv("COLUMNS", "60")
    assert cli.main(["search", "--trials", "3", "--epochs", "1", "--set", "dataset=synthetic-digits",
                     "--set", "train_size=100", "--set", "batch_size=20", "--set", "lr_max=0.005"]) == 0
    lines = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", capsys.readouterr().out).splitlines()
    at = lines.index("To search again where these 3 are:")
    command = lines[at + 1:]
    assert all(line.startswith("  ") for line in command) and len(command) > 1, command   # a pipe's page too
    assert all(cell_len(line) <= 59 for line in command)
    assert all(line.endswith(" \\") and after.lstrip().startswith("--") for line, after in zip(command, command[1:]))
    argv = shlex.split(" ".join(line.removesuffix("\\") for line in command))
    assert argv[:2] == ["workbench", "search"]
    args = cli.build_parser().parse_args(argv[1:])
    assert (args.trials, args.epochs) == ("3", "1")
    assert args.assignments[:3] == ["dataset=synthetic-digits", "train_size=100", "batch_size=20"]
    assert [a.partition("=")[0] for a in args.assignments[3:]] == ["lr_min", "lr_max", "wd_min", "wd_max"]


def test_the_console_scatter_of_three_trials_names_them_and_no_empty_half(monkeypatch):
    """Three trials are all the best: the legend said "● best five   • upper half   ○ lower half"."""
    scatter = search_pictures(monkeypatch, search_trials([(1e-5, 1e-7, 0.3), (1e-3, 1e-5, 0.6), (3e-3, 3e-6, 0.5)]))
    legend = scatter.splitlines()[-1]
    assert "best 3 of 3" in legend and "half" not in legend and "five" not in legend, legend
