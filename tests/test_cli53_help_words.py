"""Every command's `--help`, in English and Korean, at 80 columns: no word cut in two. Korean sets an
aside onto its word ("신경망(simple|deep|…|multi-layer-extend; 기본값 simple)"), and `train --help`'s
--net broke that word, wider than the help's column, inside a name: "…multi-layer-exten" / "d; 기본값"."""
from __future__ import annotations

import argparse
import re

import pytest

from workbench import cli
from workbench.i18n import cell_len, set_language


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def every_parser(lang: str) -> list[tuple[str, argparse.ArgumentParser]]:
    set_language(lang)
    found, parsers = [], [("workbench", cli.build_parser())]
    while parsers:
        name, parser = parsers.pop()
        found.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers += [(f"{name} {sub}", p) for sub, p in action.choices.items() if p is not parser]
    return found


def words(text: str) -> set[str]:
    """The words of a help, a parenthesis opening a word of its own (a wrap may set it apart)."""
    return {word for piece in text.split() for word in re.sub(r"(?<=\S)\(", " (", piece).split()} - {"\\"}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_help_cuts_a_word_at_80_columns(monkeypatch, lang):
    cut = {}
    for name, parser in every_parser(lang):
        monkeypatch.setenv("COLUMNS", "10000")
        whole = words(parser.format_help())
        monkeypatch.setenv("COLUMNS", "80")
        wrapped = parser.format_help()
        assert max(cell_len(line) for line in wrapped.splitlines()) <= 78       # argparse leaves two free
        pieces = words(wrapped) - whole
        if pieces:
            cut[name] = sorted(pieces)
    assert cut == {}
