"""What a console command printed, read as messages again: a run's messages are broken at words to fit
the page, 80 cells into a pipe too (console52), so a test that reads one whole joins its rows first.

`joined` puts the rows back into one line, a space where the message was broken at one and none after
a path broken at a "/"; `said` checks that a message begins a row and reads on whole from there, so a
test checks as much as it did when each message was one line. `printed` runs a command as into a pipe
on a page of $COLUMNS cells (80 when None).
"""
from __future__ import annotations


def _rows(text: str) -> tuple[str, list[int]]:
    """`text`'s rows joined (see `joined`) and where each row begins in the result."""
    out, starts = "", []
    for row in text.splitlines():
        if out:
            out += "" if out.endswith("/") else " "
        starts.append(len(out))
        out += row.strip()
    return out, starts


def joined(text: str) -> str:
    """`text`'s rows as one line: a message broken across rows reads whole again ("saved to" + the path)."""
    return _rows(text)[0]


def said(text: str, message: str) -> bool:
    """Whether `message` was printed at the start of a row of `text`, whole across the rows it took."""
    out, starts = _rows(text)
    return any(out.startswith(message, start) for start in starts)


def last_said(text: str, message: str) -> bool:
    """Whether `message` is the last thing `text` printed, beginning a row (the line it was, unwrapped)."""
    return said(text, message) and joined(text).endswith(message)


def printed(capsys, monkeypatch, lang: str, argv: list[str], columns: str | None, statuses=(0,)) -> str:
    """What `workbench --lang LANG ARGV` printed on stdout into a pipe `columns` wide (80 when None)."""
    from workbench import cli

    monkeypatch.delenv("NO_COLOR", raising=False)
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert cli.main(["--lang", lang, *argv]) in statuses
    out, _ = capsys.readouterr()
    assert out.strip()
    return out
