"""The console's --help read as a new reader of either edition would: every example of `workbench --help`
says what it does, and `search --help` names what the search prints, en and ko."""
from __future__ import annotations

import pytest

from workbench import cli
from workbench.i18n import cell_len, set_language


def help_text(capsys, monkeypatch, lang, *argv):
    monkeypatch.setenv("COLUMNS", "80")
    try:
        with pytest.raises(SystemExit):
            cli.main(["--lang", lang, *argv, "--help"])
    finally:
        set_language("en")
    return capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_example_of_the_top_help_says_what_it_does(capsys, monkeypatch, lang):
    """'workbench data download [mnist|fashion-mnist]' stood alone among examples that each say theirs."""
    out = help_text(capsys, monkeypatch, lang)
    lines = out.split("\n\n")[-1].splitlines()[1:]
    for i, line in enumerate(lines):
        if line.startswith("  workbench"):
            said = line[37:].strip() if len(line) > 37 and line[35:37] == "  " else ""
            following = lines[i + 1] if i + 1 < len(lines) else ""
            assert said or (following.startswith(" " * 37) and following.strip()), line
    assert max(cell_len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("lang, words", [("en", "the best five's curves and table"),
                                         ("ko", "가장 좋은 다섯의 곡선과 표")])
def test_the_search_help_names_the_curves_it_prints(capsys, monkeypatch, lang, words):
    out = help_text(capsys, monkeypatch, lang, "search")
    assert words in " ".join(out.split()), out
