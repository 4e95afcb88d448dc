"""`workbench open PANE` where the app cannot start (a pipe) names the pane's console twin, settings carried."""
import shlex
import sys

import pytest

from workbench import cli
from workbench.commands._twins import TWINS, command_line
from workbench.i18n import set_language
from workbench.models.catalog import PANES, pane


def refusal(capsys, *argv):
    """(exit status, stderr) of `workbench ARGV` with stdin and stdout pipes (pytest's)."""
    status = cli.main(list(argv))
    return status, capsys.readouterr().err


def twin_in(err: str) -> list[str]:
    """The command the refusal names, as the shell would split it."""
    return shlex.split(err.strip().rpartition(": ")[2])


@pytest.mark.parametrize("lang, said", [("en", "this console command prints what the im2col pane shows"),
                                        ("ko", "다음 콘솔 명령이 im2col 패널의 내용을 출력합니다")])
def test_a_pane_in_a_pipe_names_its_twin_with_its_settings(capsys, lang, said):
    status, err = refusal(capsys, "--lang", lang, "open", "im2col", "--set", "input=1,3,7,7",
                          "--set", "filter=1,3,5,5", "--set", "pad=1")
    assert status == 2 and said in err, err
    assert twin_in(err) == ["workbench", "shapes", "conv", "--input", "1,3,7,7", "--filter", "1,3,5,5",
                            "--stride", "1", "--pad", "1"]


def test_a_setting_the_twin_does_not_take_is_left_out_and_a_flag_is_a_flag(capsys):
    status, err = refusal(capsys, "--lang", "en", "open", "gradcheck", "--set", "bug=relu-mask-inverted",
                          "--set", "book_delta=true", "--set", "view=map")
    assert twin_in(err) == ["workbench", "gradcheck", "--break", "relu-mask-inverted", "--book-delta"]
    status, err = refusal(capsys, "--lang", "en", "open", "im2col", "--set", "layer=pool")
    assert twin_in(err) == ["workbench", "shapes", "pool", "--input", "1,1,4,4", "--size", "2,2", "--stride", "1"]


def test_a_custom_network_is_given_its_layers_as_written(capsys):
    status, err = refusal(capsys, "--lang", "en", "open", "shapes", "--set", "network=custom")
    assert twin_in(err) == ["workbench", "shapes", "custom", "conv 30 5, relu, pool 2, affine 100, relu, affine 10"]


def test_the_command_stays_on_one_line_where_a_terminal_breaks_the_message(capsys, monkeypatch):
    """Cut at its spaces by the terminal's width, the command's second half was a line of its own."""
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)
    monkeypatch.setattr("workbench.textout.terminal_columns", lambda stream: 80)
    status, err = refusal(capsys, "--lang", "en", "open", "im2col", "--set", "input=1,3,7,7",
                          "--set", "filter=1,3,5,5", "--set", "pad=1")
    assert "workbench shapes conv --input 1,3,7,7 --filter 1,3,5,5 --stride 1 --pad 1" in err.splitlines(), err


def test_a_comparison_gives_its_settings_with_set(capsys):
    status, err = refusal(capsys, "--lang", "en", "open", "compare", "--set", "runs=lr=0.1; lr=0.01")
    assert twin_in(err) == ["workbench", "compare", "free", "--set", "runs=lr=0.1; lr=0.01"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_glossary_is_no_pane_but_a_command(capsys, lang):
    status, err = refusal(capsys, "--lang", lang, "open", "glossary")
    assert status == 2 and twin_in(err) == ["workbench", "glossary"] and "'loss'" not in err, err


def test_a_pane_without_a_twin_says_what_it_said(capsys):
    status, err = refusal(capsys, "--lang", "en", "open", "conv")
    assert status == 2 and "'workbench lessons', 'workbench panes'" in err


@pytest.mark.parametrize("name", sorted(TWINS))
def test_every_twin_line_is_a_command_the_parser_takes(name):
    """Each pane's line at its default settings (and a custom network's) parses as the command it names."""
    set_language("en")
    assert name in PANES or name == "glossary"
    settings = pane(name).build() if name in PANES else None
    for line in [command_line(name, settings)] + ([command_line(name, pane(name).parse(["network=custom"]))]
                                                 if name == "shapes" else []):
        words = shlex.split(line)
        assert words[0] == "workbench"
        args = cli.build_parser().parse_args(words[1:])
        assert args.command == words[1]


def test_a_command_too_long_for_a_row_breaks_at_its_spaces(capsys, monkeypatch):
    monkeypatch.setattr(cli, "_isatty", lambda stream: stream is sys.stderr)
    monkeypatch.setattr("workbench.textout.terminal_columns", lambda stream: 80)
    status, err = refusal(capsys, "--lang", "en", "open", "gradcheck", "--set", "net=multi-layer-extend",
                          "--set", "bug=relu-mask-inverted", "--set", "kinks=count", "--set", "samples=100",
                          "--set", "seed=3", "--set", "book_delta=true")
    lines = err.splitlines()
    assert all(len(line) <= 79 and not line.startswith(" ") for line in lines), lines
    assert "--kinks count" in err and "--break relu-mask-inverted" in err
