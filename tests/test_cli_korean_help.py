"""Every subcommand's `--help` in Korean writes an aside onto its word, as the catalog does: an option's
range and default were joined to its help with a space, "넣습니다 (1부터 9까지; 기본값 1)", where Korean
print writes "넣습니다(1부터 9까지; 기본값 1)"; English keeps its space."""
import argparse

import pytest

from test_korean_parentheses import spaced_asides
from workbench import cli
from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def helps(lang: str) -> dict[str, str]:
    """(command, option) → the option's help, unwrapped, for every command and subcommand."""
    set_language(lang)
    found, parsers = {}, [("workbench", cli.build_parser())]
    while parsers:
        name, parser = parsers.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
            elif action.help:
                found[(name, "/".join(action.option_strings) or action.dest)] = action.help
    return found


def test_no_korean_help_sets_an_aside_a_space_after_its_word():
    found = {where: spaced_asides("option.help", text) for where, text in helps("ko").items()}
    assert len(found) > 100 and {where: places for where, places in found.items() if places} == {}


@pytest.mark.parametrize("lang, command, option, text", [
    ("ko", "workbench gradcheck", "--where", "넣습니다(1부터 9까지; 기본값 1)"),
    ("ko", "workbench train", "--epochs", "(1부터 1,000까지; 기본값 "),
    ("ko", "workbench search", "--trials", "(1부터 "),
    ("en", "workbench gradcheck", "--where", " (1 to 9; default 1)"),
    ("en", "workbench train", "--epochs", " (1 to 1,000; default "),
])
def test_an_options_range_and_default_follow_its_help(lang, command, option, text):
    from workbench.i18n.cells import NO_BREAK

    assert text in helps(lang)[(command, option)].replace(NO_BREAK, " ")
