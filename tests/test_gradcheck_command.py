"""`workbench gradcheck`: the table, exit 0 when every row passes and 1 when one fails, --list-bugs,
--json, one-line errors naming the option (exit 2), and Ctrl+C stopping after the current entry (exit 130)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from workbench.cli import main
from workbench.nn.bugs import BUGS


def run(capsys, *args):
    try:
        status = main(["gradcheck", *args])
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def rows(out):
    """param → its cells, from the printed table."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("param"))
    table = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        cells = line.split()
        table[cells[0]] = cells
    return table


def test_a_correct_network_passes_and_exits_0(capsys):
    status, out, err = run(capsys)
    assert status == 0
    assert "TwoLayerNet(20, 12, 10): built in float32, checked in float64" in out
    assert "pass < 1e−4 ≤ warn < 1e−2 ≤ fail" in out
    table = rows(out)
    assert list(table) == ["W1", "b1", "W2", "b2"]
    assert table["W1"][1:4] == ["20×12", "30", "of"] and table["b2"][1:3] == ["10", "10"]
    assert all("pass" in cells for cells in table.values())
    assert "All 4 parameters pass." in out
    assert "W1: pass (1 of 4)" in err              # plain progress lines when stderr is not a terminal


def test_numbers_are_written_one_way_as_the_panes_write_them(capsys):
    """"h 1e−4" stood beside "ε 5.5e−07" and errors like 1.9e+00: every exponent is now unpadded, with −."""
    import re

    _, out, _ = run(capsys, "--break", "relu-mask-inverted")
    exponents = re.findall(r"\d(e[^\d\s]*\d+)", out)
    assert exponents and all(re.fullmatch(r"e−?[1-9]\d*", e) for e in exponents), exponents      # 1.9, not 1.9e0
    assert re.search(r"· h 1e−4 · .* · ε \d\.\de−7$", out, re.M) and "e+" not in out


@pytest.mark.parametrize(("lang", "sampled"), [("en", "30 of 2,500"), ("ko", "2,500개 중 30개")])
def test_counts_are_grouped_by_thousands_as_the_lessons_write_them(capsys, lang, sampled):
    """SimpleConvNet's W2 has 2,500 entries: the table wrote "30 of 2500" ("2500개 중 30개")."""
    _, out, _ = run(capsys, "--net", "simple", "--lang", lang)
    assert sampled in out


def test_each_parameter_done_says_which_of_how_many_in_korean_too(capsys):
    """Korean read "(4개 중 4)": the second number had no counter."""
    _, _, err = run(capsys, "--lang", "ko")            # progress goes to stderr
    assert "W1: 통과 (4개 중 1번째)" in err and "b2: 통과 (4개 중 4번째)" in err, err


def test_a_bug_fails_its_rows_and_exits_1(capsys):
    status, out, _ = run(capsys, "--break", "relu-mask-inverted")
    assert status == 1
    assert "Bug in Relu1: ReLU's backward passes the gradient where" in out and "(relu-mask-inverted)" in out
    table = rows(out)
    assert [name for name, cells in table.items() if "fail" in cells] == ["W1", "b1"]
    assert "2 of 4 fail: W1, b1" in out


def test_the_bug_goes_where_it_is_told(capsys):
    status, out, _ = run(capsys, "--net", "multi-layer", "--break", "affine-dw-no-transpose", "--where", "3")
    assert status == 1 and "in Affine3" in out
    assert [name for name, cells in rows(out).items() if "fail" in cells] == ["W3"]


def test_list_bugs_gives_one_name_and_description_per_line(capsys):
    status, out, _ = run(capsys, "--list-bugs")
    assert status == 0
    lines = out.splitlines()          # each name, its description in a column of its own (polish51: not a tab)
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == list(BUGS)
    column = max(map(len, BUGS)) + 2
    assert all(line[column - 2:column] == "  " and line[column] != " " and len(line) < 80 for line in lines)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_on_a_terminal_the_bugs_are_in_columns_each_description_under_itself(capsys, monkeypatch, lang):
    """After a tab, Korean descriptions ran past an 80-column terminal's edge, cut inside their words."""
    from workbench import cli
    from workbench.i18n.cells import cell_len

    monkeypatch.setattr(cli, "_isatty", lambda stream: True)
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", lang, "--list-bugs")
    lines = out.splitlines()
    assert status == 0 and "\t" not in out and max(cell_len(line) for line in lines) < 80
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == list(BUGS)
    column = max(len(name) for name in BUGS) + 2
    assert all(line.startswith(" " * column) and line[column] != " " for line in lines if line[0] == " ")


def test_json_report(capsys):
    status, out, _ = run(capsys, "--net", "simple", "--samples", "12", "--seed", "3", "--json")
    assert status == 0
    report = json.loads(out)
    assert report["network"] == "simple" and report["built_in"] == "float32" and report["checked_in"] == "float64"
    assert report["verdict"] == "pass" and report["bug"] is None and report["seed"] == 3
    params = {p["name"]: p for p in report["params"]}
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert params["W2"]["checked"] == 12 and params["W2"]["sampled"] and params["W2"]["shape"] == [250, 10]
    assert params["b1"]["checked"] == 10 and not params["b1"]["sampled"]
    assert all(p["max_relative_error"] < 1e-4 for p in params.values())


@pytest.mark.parametrize("args, message", [
    (["--net", "huge"], "--net must be one of two-layer, multi-layer, multi-layer-extend, simple, deep"),
    (["--break", "pool-wrong-element"], "--break: the two-layer network has no Pooling layer"),
    (["--break", "relu-mask-inverted", "--where", "2"], "--where must be 1: the two-layer network has one ReLU layer"),
    (["--samples", "0"], "--samples = 0 is out of range"),
    (["--h", "abc"], "--h must be a number"),
])
def test_bad_arguments_end_in_one_line_and_exit_2(capsys, args, message):
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_ctrl_c_stops_after_the_current_entry_as_train_does():
    from test_compare_command import interrupted

    status, out, err = interrupted(["gradcheck", "--net", "deep", "--samples", "400"], "(2 of 16)", "stderr")
    assert status == 130, err
    assert "stopping after the current entry (Ctrl+C)…" in err and "Traceback" not in err
    import re

    stopped = re.fullmatch(r"stopped by Ctrl\+C: (\d+) of 16 parameters checked", err.splitlines()[-1])
    assert stopped and int(stopped[1]) == len(re.findall(r"\(\d+ of 16\)", err)) < 16, err
    # the parameters checked so far, as compare and search report their runs (it printed nothing)
    done = int(stopped[1])
    assert out.startswith("DeepConvNet((1, 12, 12)): built in float32, checked in float64\n"), out
    rows = out.split("\n\n")[1].splitlines()[1:]
    assert len(rows) == 16 and sum("pass" in row.split() for row in rows) == done >= 2, out
    assert all(row.split()[-1] == "…" for row in rows[done:]), out


@pytest.mark.parametrize("columns", [80, 60])
def test_the_progress_bar_fits_the_terminal_and_is_cleared_whole(monkeypatch, columns):
    """It was 78 cells whatever the terminal (each redraw wrapped below itself at 60 columns), cleared
    with 78 spaces."""
    import io
    import re

    from workbench.commands.gradcheck import Progress
    from workbench.i18n.cells import cell_len
    from workbench.jobs import JobProgress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    out = Terminal()
    progress = Progress(out, 16)
    progress.started -= 10
    progress.update(JobProgress(1, "gradcheck", 21, 100, {"param": "W3"}, ()))
    progress.finish(())
    frames = [frame for frame in re.sub(r"\x1b\[K", "", out.getvalue()).split("\r") if frame]
    assert frames and all(cell_len(frame) <= columns - 3 for frame in frames), frames
    assert "W3" in frames[0] and " 21 %" in frames[0]
    assert out.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [80, 60])
def test_on_a_terminal_the_table_fits_it_a_row_a_line(capsys, monkeypatch, lang, columns):
    """At 60 columns each row broke in two, its verdict and time on a line of their own under it: the
    table now leaves out columns to fit, as the pane does."""
    from workbench.i18n import set_language, t
    from workbench.i18n.cells import cell_len

    monkeypatch.setattr("workbench.cli._isatty", lambda stream: True)
    monkeypatch.setattr("workbench.commands._console._isatty", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((columns, 24)))
    status, out, _ = run(capsys, "--lang", lang, "--net", "multi-layer-extend")
    set_language(lang)
    assert status == 0 and all(cell_len(line) < columns for line in out.splitlines()), out
    names = ["W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3"]
    lines = out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith(t("gradcheck.column.param"))))
    rows = lines[start + 1:lines.index("", start)]                  # the header's next line to the blank one
    assert [row.split()[0] for row in rows] == names, out
    assert all(t("gradcheck.verdict.pass") in row.split() for row in rows), out


@pytest.mark.parametrize("argv", [["gradcheck", "--list-bugs", "--json"], ["compare", "--list", "--json"]])
def test_a_listing_with_json_is_json(capsys, argv):
    """With --json, stdout is JSON alone: --list-bugs and --list printed their tab-separated lines."""
    from workbench.cli import main as cli_main

    assert cli_main(argv) == 0
    listed = json.loads(capsys.readouterr().out)
    names = [item["name"] for item in listed]
    assert names == (list(BUGS) if argv[0] == "gradcheck" else ["optimizers", "weight-init", "batch-norm",
                                                                 "overfitting", "free"])
    assert all(item["description"] for item in listed)


def test_one_random_input_is_said_in_the_singular(capsys):
    _, out, _ = run(capsys, "--batch", "1")
    assert out.splitlines()[1].startswith("1 random input · h 1e−4 ·"), out


def test_ctrl_c_with_json_gives_the_parameters_checked_so_far_as_json():
    from test_compare_command import interrupted

    status, out, err = interrupted(["gradcheck", "--net", "deep", "--samples", "400", "--json"], "(2 of 16)",
                                   "stderr")
    assert status == 130, err
    stopped = json.loads(out)                          # stdout is JSON alone: it was empty
    assert stopped["interrupted"] is True and stopped["verdict"] is None and stopped["params_total"] == 16
    names = ["W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4", "W5", "b5", "W6", "b6", "W7", "b7", "W8", "b8"]
    assert len(stopped["params"]) >= 2 and [p["name"] for p in stopped["params"]] == names[:len(stopped["params"])]
    assert f"stopped by Ctrl+C: {len(stopped['params'])} of 16 parameters checked" in err


def test_the_help_gives_each_numbers_range_and_default(capsys, monkeypatch):
    """The help wrote "(default 30)" into its sentences: how many samples or which layers were allowed
    was learnt from an error. The ranges come from the settings, as train's help has them."""
    monkeypatch.setenv("COLUMNS", "200")
    for lang, words in (("en", ["(1 to 9; default 1)", "(1 to 100,000; default 30)", "(1 to 64; default 4)",
                                "(1e−10 to 0.1; default 0.0001)", "the sample (default 0)"]),
                        ("ko", ["넣습니다(1부터 9까지; 기본값 1)", "(1부터 64까지; 기본값 4)"])):
        status, out, _ = run(capsys, "--lang", lang, "--help")
        assert status == 0 and all(word in out for word in words), out
        assert "(default 30) (" not in out and "(기본값 30) (" not in out
