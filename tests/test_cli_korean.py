"""`workbench --lang ko`: argparse's own frame (usage, options, its errors) in Korean, through its hooks."""
import argparse
import re

import pytest

from test_cli import run
from workbench.i18n import set_language
from workbench.i18n.argparse_text import MESSAGES, gettext


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_help_says_usage_and_options_in_korean(capsys):
    status, out, _ = run(capsys, "--lang", "ko", "--help")
    assert status == 0
    assert out.startswith("사용법: workbench")
    assert "\n옵션:\n" in out and "이 도움말을 보여 주고 끝냅니다" in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out


@pytest.mark.parametrize("argv, line", [
    (["lesson"], "workbench lesson: 오류: 다음 인자가 필요합니다: LESSON ('workbench lesson --help' 참고)"),
    (["lessons", "bogus"], "workbench lessons: 오류: 알 수 없는 값: 'bogus'. 다음 중 하나를 쓰세요: list, check"),
    (["lessons", "lsit"], "workbench lessons: 오류: 알 수 없는 값: 'lsit'. 혹시 'list'? ('workbench lessons --help' 참고)"),
    (["frobnicate"], "workbench: 오류: 알 수 없는 명령: 'frobnicate'. 다음 중 하나를 쓰세요: lesson, lessons, panes,"),
    (["check"], "workbench: 오류: 알 수 없는 명령: 'check'. 혹시 'workbench lessons check' 또는 'workbench exercises check'?"),
    (["--glyphs", "x"], "workbench: 오류: --glyphs에 알 수 없는 값: 'x'. 다음 중 하나를 쓰세요: unicode, ascii"),
    (["train", "--epocs", "3"], "workbench train: 오류: 알 수 없는 인자: --epocs 3. 혹시 --epochs? ('workbench train --help' 참고)"),
    (["trian"], "workbench: 오류: 알 수 없는 명령: 'trian'. 혹시 'train'? ('workbench --help' 참고)"),
    (["--colour"], "workbench: 오류: 알 수 없는 인자: --colour"),
    (["lesson", "xor", "--step", "x"], 'workbench lesson: 오류: 인자 --step: 정수여야 합니다(받은 값: "x")'),
    (["serve", "--max-sessions", "many"], 'workbench serve: 오류: 인자 --max-sessions: 정수여야 합니다(받은 값: "many")'),
])
def test_argparse_errors_are_korean_lines(capsys, argv, line):
    status, _, err = run(capsys, "--lang", "ko", *argv)
    assert status == 2 and err.startswith(line) and err.count("\n") == 1, err


@pytest.mark.parametrize("argv, name", [(["trian"], "COMMAND"), (["frobnicate"], "COMMAND"), (["lessons", "fix"], "ACTION"),
                                        (["--glyphs", "x"], "--glyphs")])
def test_a_wrong_choice_in_korean_is_said_without_argparses_jargon(capsys, argv, name):
    """"인자 COMMAND: 잘못된 선택" was argparse's frame, translated word for word: a new reader learns neither
    what was wrong nor what to type. English keeps argparse's words (`test_english_is_argparse_as_it_was`)."""
    status, _, err = run(capsys, "--lang", "ko", *argv)
    assert status == 2 and "알 수 없는" in err and "인자" not in err and "잘못된 선택" not in err, err
    status, _, err = run(capsys, "--lang", "en", *argv)
    assert status == 2 and f"argument {name}: invalid choice: " in err, err


def test_english_is_argparse_as_it_was(capsys):
    status, _, err = run(capsys, "--lang", "en", "lesson")
    assert status == 2 and err.startswith("workbench lesson: error: the following arguments are required: LESSON")


def test_every_message_routed_is_one_argparse_writes():
    source = open(argparse.__file__, encoding="utf-8").read()
    assert all(repr(message) in source or f'"{message}"' in source for message in MESSAGES if "%s arguments" not in message)
    assert gettext("something argparse never says") == "something argparse never says"


def test_panes_names_each_setting_in_korean_beside_its_key(capsys):
    status, out, _ = run(capsys, "--lang", "ko", "panes")
    assert status == 0
    assert "\n    stride (스트라이드): " in out and "\n    batch_size (배치 크기): " in out
    status, out, _ = run(capsys, "--lang", "en", "panes")
    assert "\n    stride: " in out


COMMANDS = ["", "lesson", "lessons", "panes", "open", "data", "shapes", "graph", "gradcheck", "exercises", "network",
            "present", "train", "serve", "follow", "compare", "search", "glossary"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_fits_an_80_column_terminal(capsys, monkeypatch, lang, command):
    """argparse wraps by characters, and a Hangul syllable takes two cells; descriptions and examples
    were not wrapped at all (gradcheck's Korean description was one line of 235 cells)."""
    from workbench.i18n.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", lang, *([command] if command else []), "--help")
    assert status == 0
    too_wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not too_wide, too_wide


def test_an_examples_description_wraps_under_itself(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    status, out, _ = run(capsys, "--lang", "ko", "--help")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("  workbench lesson perceptron"))
    column = lines[at].index("레슨")
    assert lines[at + 1][:column].strip() == "" and lines[at + 1][column:].strip(), lines[at:at + 2]


@pytest.mark.parametrize("lang, lines", [
    ("en", ["  workbench shapes simple", "      SimpleConvNet, batch 100"]),
    ("ko", ["  workbench shapes simple", "      SimpleConvNet, 배치 100"]),
])
def test_an_examples_description_without_room_beside_it_goes_whole_under_it(capsys, monkeypatch, lang, lines):
    """With a few cells left beside a long example the description was split across two places:
    'SimpleConvNet,' far right, 'batch 100' under the command."""
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", lang, "shapes", "--help")
    at = out.splitlines().index(lines[0])
    assert out.splitlines()[at:at + 2] == lines


@pytest.mark.parametrize("command", ["train", "gradcheck", "lesson"])
def test_a_korean_usage_goes_on_under_its_first_option(capsys, monkeypatch, command):
    """argparse indents usage's next lines by the prefix's characters, and "사용법: " takes three cells
    more than its five: they began three cells left of the options they go on with."""
    from workbench.i18n.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", "ko", command, "--help")
    usage = out.split("\n\n")[0].splitlines()
    assert status == 0 and len(usage) > 1
    first = cell_len(usage[0][:usage[0].index("[-h]")])
    assert first == cell_len(f"사용법: workbench {command} ")
    assert all(len(line) - len(line.lstrip()) == first for line in usage[1:]), usage
    assert all(cell_len(line) <= 78 for line in usage), usage


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command, example", [
    ("train", "workbench train --net two-layer --optimizer sgd --lr 0.1 --train-size 300 --epochs 50"),
    ("compare", 'workbench compare free --set "runs=optimizer=sgd; optimizer=adam lr=0.001" --set epochs=5'),
])
def test_a_long_example_breaks_before_an_option_and_still_runs_when_copied(capsys, monkeypatch, lang, command,
                                                                           example):
    """Wrapped at any space, "--train-size" ended a line and its 300 began the next, and a quoted
    --set value was cut in two: copied, neither ran as written."""
    import re

    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", lang, command, "--help")
    lines = out.splitlines()
    continued = [i for i, line in enumerate(lines) if line.endswith(" \\")]
    assert status == 0 and continued
    assert all(lines[i + 1].lstrip().startswith("--") for i in continued)
    assert example in re.sub(r" \\\n +", " ", out)


@pytest.mark.parametrize("phrase", ["(chapter 6)", "5 epochs"])
def test_help_keeps_a_number_with_its_word(capsys, monkeypatch, phrase):
    """"(chapter" ended a line of `train --help` and "6)" began the next; "5" / "epochs" likewise."""
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", "en", "train", "--help")
    assert status == 0 and any(phrase in line for line in out.splitlines()), out


def test_gradchecks_korean_example_keeps_its_last_syllable_with_its_word(capsys, monkeypatch):
    """At 80 columns "TwoLayerNet, 모든 행이 통과해야" ended a line and "함" was alone on the next."""
    monkeypatch.setenv("COLUMNS", "80")
    status, out, _ = run(capsys, "--lang", "ko", "gradcheck", "--help")
    lines = [line.strip() for line in out.splitlines()]
    assert status == 0 and "함" not in lines and "통과해야 함" in lines


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("command", COMMANDS)
def test_no_line_of_korean_help_starts_with_a_syllable_cut_from_the_line_before(capsys, monkeypatch, command,
                                                                                columns):
    """A one-syllable word ("함", "뒤", "곳", "수") went on to the next line alone, away from the word it
    ends ("…확인한" / "뒤 멈춥니다"); one that leads ("이 컴퓨터", "한 줄") may begin a line, as may any
    after the end of a sentence."""
    import re

    from workbench.textout import _LEADS

    monkeypatch.setenv("COLUMNS", columns)
    status, out, _ = run(capsys, "--lang", "ko", *([command] if command else []), "--help")
    lines = out.splitlines()
    cut = [(before, line) for before, line in zip(lines, lines[1:])
           if line.split() and re.fullmatch(r"[가-힣][).,:;]*", line.split()[0]) and line.split()[0] not in _LEADS
           and before.strip() and not before.rstrip().endswith((".", "!", "?", ":"))]
    assert status == 0 and not cut, cut


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("command", COMMANDS)
def test_at_60_columns_no_example_is_described_in_a_sliver_far_right(capsys, monkeypatch, lang, command):
    """gradcheck's "--break relu-mask-inverted" example has its description on a line of its own, set
    at column 47: at 60 columns it wrapped there into 13 cells ("어느 행이" / "실패할까?")."""
    monkeypatch.setenv("COLUMNS", "60")
    status, out, _ = run(capsys, "--lang", lang, *([command] if command else []), "--help")
    slivers = [line for line in out.splitlines() if line.strip() and len(line) - len(line.lstrip()) > 60 - 20]
    assert status == 0 and not slivers, slivers


CONSOLE_OUTCOMES = ["cli.stopped", "cli.lessons.valid", "train.cli.stopped", "train.cli.stopped_early",
                    "train.cli.saved", "train.cli.not_saved", "train.cli.not_kept", "compare.cli.interrupted",
                    "search.cli.interrupted", "gradcheck.cli.stopped", "datasets.download.interrupted"]
"""The console's lines that tell what happened to a run, a file or a check: what Ctrl+C did, what was saved."""


@pytest.mark.parametrize("key", CONSOLE_OUTCOMES)
def test_what_the_console_says_happened_is_a_sentence_in_the_hamnida_form(key):
    """Ctrl+C ended a Korean run on notes: "반복 162에서 멈춤", "저장함: net.npz", "Ctrl+C로 멈춤: …했습니다"
    (a note, then a sentence); a lesson check ended on "모두 올바름". Each says it as a sentence (합니다)."""
    from workbench.i18n import strings

    text = strings("ko")[key]
    assert re.search(r"(?:멈춤|저장함|못함|올바름|중단됨)(?:$|[(:.\s])", text) is None, text
    assert "니다" in text, text


OPTION_ACTIONS = ["train.cli.save", "train.cli.force", "train.cli.load", "train.cli.json", "compare.cli.list",
                  "gradcheck.cli.break", "gradcheck.cli.where", "gradcheck.cli.samples", "gradcheck.cli.book_delta",
                  "gradcheck.cli.json", "gradcheck.cli.list_bugs", "cli.open.set"]
"""Options whose help says what they do (save, load, list, print), not what they are (--seed's "시드")."""


@pytest.mark.parametrize("key", OPTION_ACTIONS)
def test_an_options_help_says_what_it_does_in_the_hamnida_form(key):
    """train's --save read "…에 저장(Ctrl+C로 멈춰도)", --force "…덮어씀", gradcheck's "BUG를 넣음", beside
    --json's "JSON 한 줄만 씁니다" in the same help."""
    from workbench.i18n import strings

    text = strings("ko")[key]
    assert re.search(r"(?:저장|시작|확인|출력|설명|[씀넣음냄김])(?:\([^()]*\))?$", text) is None, text
    assert "니다" in text, text


@pytest.mark.parametrize("argv", [["train", "--folder", ""], ["gradcheck", "--impl", "mine", "--folder", ""]])
def test_an_option_whose_setting_leads_a_korean_message_is_named_once(capsys, argv):
    """"--folder: folder에는 exercises 같은 폴더 이름을 …": the setting's name, followed by its particle,
    was kept after the option that gave it, naming it twice (the English has "--folder must name …")."""
    status, _, err = run(capsys, "--lang", "ko", *argv)
    assert status == 2 and err == "workbench: 오류: --folder에는 exercises 같은 폴더 이름을 적어야 합니다\n", err


@pytest.mark.parametrize("name, line", [
    ("mnst", "workbench data download: 오류: 알 수 없는 값: 'mnst'. 혹시 'mnist'?"),
    ("cifar", "workbench data download: 오류: 알 수 없는 값: 'cifar'. 다음 중 하나를 쓰세요: mnist, fashion-mnist"),
])
def test_a_data_set_that_is_none_is_said_as_a_choice_is(capsys, name, line):
    """The data sets are checked by a type function, whose refusal argparse framed as 인자 NAME: 잘못된 선택."""
    status, _, err = run(capsys, "--lang", "ko", "data", "download", name)
    assert status == 2 and err.startswith(line) and err.count("\n") == 1, err
    status, _, err = run(capsys, "--lang", "en", "data", "download", name)
    assert status == 2 and err.startswith(f"workbench data download: error: argument NAME: invalid choice: '{name}'"), err
