"""`workbench search`'s command to copy at its end, the narrowing one, fits the page into a pipe too: it
was one line of 198 cells there, which `less` wrapped anywhere; now it breaks before its options with
" \\" at the end of each row but the last, as on a terminal, and pastes into a shell as one command."""
import shlex

import pytest

from workbench import cli
from workbench.commands import search
from workbench.i18n import cell_len

ARGV = ["search", "--trials", "3", "--epochs", "1", "--set", "dataset=synthetic-digits", "--set", "train_size=60",
        "--set", "batch_size=10"]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("columns", [None, "60"])
def test_the_narrowing_command_fits_a_pipes_page_and_pastes_as_one_command(capsys, monkeypatch, lang, columns):
    meant = []
    narrow = search.SearchConsole.narrow_command
    monkeypatch.setattr(search.SearchConsole, "narrow_command", lambda self: meant.append(narrow(self)) or meant[-1])
    monkeypatch.delenv("NO_COLOR", raising=False)
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli.main(["--lang", lang, *ARGV]) == 0
    lines = capsys.readouterr()[0].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  workbench search "))
    rows = lines[start:]
    rows = rows[:next(i for i, row in enumerate(rows) if not row.endswith(" \\")) + 1]
    assert len(rows) > 1 and all(cell_len(row) < int(columns or 80) for row in rows), rows
    assert all(row.startswith("      --") for row in rows[1:]), rows
    assert shlex.split(" ".join(row.removesuffix(" \\") for row in rows)) == meant[0], rows

