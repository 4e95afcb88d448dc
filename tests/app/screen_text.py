"""The screen as a learner sees it, as plain text: one string a terminal row, measured in cells.

    lines = screen_lines(app)          # after `await pilot.pause()`
    meta_at(app, "compare-run", 1)     # where a click picks run 1
    text(app, "#train-status")         # one widget's text
    await until(pilot, lambda: pane.state == "done")
    await until_drawn(pilot, plot)      # a plot shows its latest drawing
"""
from __future__ import annotations

import re
import time

from workbench.i18n.cells import cell_len


def screen_lines(app) -> list[str]:
    """Every row of the current screen (and the screens under a dialog), as the terminal shows it: the
    text of each row's segments as the compositor renders the whole screen (printing that through a Rich
    console and exporting its text, as this did, made the same rows at several times the CPU: a frame
    read at each of the 177 steps of test_ci51c_first_frame's walks was most of their 30 s)."""
    width = app.size.width
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = ["".join(segment.text for strip in row for segment in strip if not segment.control)
             for row in update.strips]
    assert all(cell_len(line) <= width for line in lines), "a row wider than the terminal"
    return lines


HELP_KEY_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(key:[^)]*\)")
"""A key of the help linked to the key it presses: "[\\.](key:full_stop)" (help_screen.key_links)."""


def help_as_read(markdown: str) -> str:
    """The help's Markdown with its keys as a learner reads them ("- **. ,** …"), without their links."""
    def keys_read(line: str) -> str:
        if not line.startswith("- **"):
            return line
        keys, rest = line[4:].split("**", 1)
        return "- **" + re.sub(r"\\(.)", r"\1", HELP_KEY_LINK.sub(lambda link: link.group(1), keys)) + "**" + rest
    return "\n".join(keys_read(line) for line in markdown.split("\n"))


def meta_at(app, key: str, value) -> tuple[int, int] | None:
    """The first cell (x, y) of the screen whose style names `value` under the meta `key` (what a click
    there picks: a matrix cell, a run's row), or None."""
    width, height = app.size
    for y in range(height):
        for x in range(width):
            if app.screen.get_style_at(x, y).meta.get(key) == value:
                return x, y
    return None


def cells_of(row: str, start: int, end: int) -> str:
    """The part of a screen row from cell `start` to cell `end` (a Hangul syllable takes two cells)."""
    out, x = [], 0
    for char in row:
        if start <= x < end:
            out.append(char)
        x += cell_len(char)
    return "".join(out)


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


def widget_text(app, selector: str) -> str:
    """What one widget of the current screen shows (a Static's text), as a string."""
    return str(app.screen.query_one(selector).render())


async def until(pilot, condition, seconds: float = 120.0) -> None:
    """Let the app run until `condition()` holds: a job's thread posts its events meanwhile, and a
    busy machine is slow to get there (the deadline only ends a test that would hang)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the app did not get there in time"
        await pilot.pause(0.05)


def drawn(plot) -> bool:
    """Whether `plot` (a workbench.app.plotting.Plot) shows its latest drawing at its size: a plot
    rebuilds at most every 0.25 s after it is given one, so a fixed pause only guessed when."""
    built = plot._built
    return plot._pending is None and built is not None and built[0][:3] == (plot._version, *plot.size)


async def until_drawn(pilot, *plots) -> None:
    """Let the app handle what it was sent, then run until each of `plots` shows its latest drawing."""
    await pilot.pause()
    await until(pilot, lambda: all(drawn(plot) for plot in plots))


def palette_searched(app, typed: str | None = None) -> bool:
    """Whether the open command palette holds `typed` (if given) and has listed every hit for what it
    holds (Textual adds hits in batches a quarter of a second apart)."""
    from textual.command import CommandPalette
    from textual.widgets import Input
    from textual.worker import WorkerState

    palette = app.screen
    if not isinstance(palette, CommandPalette) or typed is not None and palette.query_one(Input).value != typed:
        return False
    return not any(worker.node is palette and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
                   for worker in app.workers)


def field_error(root, key: str) -> str | None:
    """The error shown under the field of setting `key` in `root` (a pane or a dialog's screen), or
    None when the field is not marked."""
    from workbench.app.settings_form import SettingField

    row = next(field for field in root.query(SettingField) if field.key == key)
    return str(row.query_one(".setting-hint").render()) if row.has_class("-invalid") else None


HELD = 0.3
"""Seconds a test watches a paused job hold still: longer than the job runner's interval (0.25 s), so a
job that went on would have sent a batch meanwhile."""


async def pause_settled(pilot, pane, key: str = "space") -> None:
    """Press `key` (pause) and run until `pane` has had its job's paused flush, the last batch it sends
    before it holds (JobContext.checkpoint): from then on nothing the job sent is still on its way, so a
    test need not guess how long the batches in flight take to arrive."""
    told: list[bool] = []
    own = pane.job_progress

    def noted(name, event):
        told.append(event.paused)
        own(name, event)

    pane.job_progress = noted
    try:
        await pilot.press(key)
        await until(pilot, lambda: any(told))
    finally:
        del pane.job_progress                 # the class's method again
    await pilot.pause()
