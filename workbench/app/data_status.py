"""Where the data sets are, from inside the app (the palette's "Data sets"): the report `workbench data`
prints, so that a learner told "MNIST is not on this computer; see 'workbench data'" need not leave."""
from __future__ import annotations

import io

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from workbench.app.click_outside import ClickOutsideCloses
from workbench.app.help_screen import DIALOG_HELP
from workbench.app.localize import Localized
from workbench.i18n import t
from workbench.textout import wrapped

FRAME_ROWS = 4
"""Rows of the box that are not the report: its top and bottom border, the title and the hint."""
DEFAULT_WIDTH = 70
"""The report's width before the box is laid out: home.tcss's 76 less border, padding and scrollbar."""


def status_report() -> str:
    """The text of `workbench data status`: each data set's files, checked, and the folder they are in."""
    from workbench.datasets import console

    out = io.StringIO()
    console.status(out)
    return out.getvalue().rstrip("\n")


class DataStatusScreen(ClickOutsideCloses, Localized, ModalScreen[None]):
    """The report in a box over the screen; Escape or a click beside it closes it, as the other dialogs do.
    Checking the files reads them whole (the checksums are of their content), so it runs in a thread and
    the box says so meanwhile."""

    BINDINGS = [Binding("escape", "dismiss(None)", id="datasets.close"), DIALOG_HELP]
    CLOSE_ACTION = "dismiss(None)"

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("help.datasets")

    def __init__(self):
        super().__init__()
        self.report: str | None = None
        """The report once checked, kept to be broken again at a new width."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("datasets.screen.title"), id="data-title")
            with VerticalScroll(id="data-scroll"):
                yield Static(t("datasets.screen.checking"), id="data-report", markup=False)   # paths as they are
            yield Static(t("datasets.screen.hint"), id="data-hint")

    def on_mount(self) -> None:
        self.fit_height()
        self.check()

    def on_resize(self) -> None:
        self.fit_height()
        self.call_after_refresh(self.show_report, self.report)     # broken again at the new width

    def fit_height(self) -> None:
        """The report scrolls within the screen's height, less the box's border, title and hint (an auto
        height would grow past the screen and push the hint off it)."""
        self.query_one("#data-scroll").styles.max_height = max(self.size.height - FRAME_ROWS, 3)

    @work(thread=True, exclusive=True)
    def check(self) -> None:
        report = status_report()
        self.app.call_from_thread(self.show_report, report)

    def show_report(self, report: str | None) -> None:
        """Put the report in the box, broken at words to its width, a broken line's rest indented under
        its own words as the console does (Static alone would start it at the margin)."""
        self.report = report
        if report is not None and self.is_attached:
            shown = self.query_one("#data-report", Static)
            shown.update(wrapped(report, shown.size.width or DEFAULT_WIDTH, hang=2))
