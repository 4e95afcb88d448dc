"""16-bit floats: chapter 3's trained network in float32, with its values rounded to float16, and with
float16 arrays throughout, on the same test images (`workbench.models.float16`), measured as a job.

While the app follows a presenter its own measurement waits (`ClassroomApp.hold_job`); the presenter's
comes with its position instead (`shared_figures`, `workbench.classroom.rounding`), and the pane shows it
(`show_presenters_figures`) until the student takes over: before, every follower's table stayed empty.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.chapter3 import Chapter3Pane
from workbench.app.panes.measuring import MeasuringPane, progress_to
from workbench.app.panes.shared_figures import SharedFigures
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.network_status import NetworkStatus
from workbench.classroom.rounding import FormFigures, RoundingSummary
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import human_bytes, num, percent, sci
from workbench.jobs import JobContext
from workbench.models.float16 import FORMS, SMALLEST_NORMAL, Float16Report, FormResult, WeightRounding, measure


def kilobytes(count: int) -> str:
    """The weights' memory in whole KB (units of 1,024 bytes), by the rule every size follows."""
    return human_bytes(count, places=0)


def probability(value: float) -> str:
    return num(value, 4)


def change(value: float) -> str:
    """A change of a probability: 0, or 0.0016, or 3.1e−6 when it is that small."""
    if value == 0:
        return "0"
    return num(value, 4) if value >= 1e-4 else sci(value)


class Float16Pane(SharedFigures, Chapter3Pane, MeasuringPane):
    """Accuracy, changed answers and the largest change of a probability, for each form of the network."""

    SUMMARY = RoundingSummary

    FIGURES = ("report",)
    PANE = "float16"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "run", id="float16.run"),
        Binding("x", "cancel", id="float16.cancel"),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.data: tuple | None = None
        """(x, t, what they are): the test images of the network."""
        self.report: Float16Report | None = None
        self.presenters: Float16Report | None = None
        """A presenter's measurement, shown in place of the pane's own while the app follows it."""

    def compose_pane(self) -> ComposeResult:
        yield NetworkStatus(short=True, id="f16-network")
        with MarkedScroll(id="f16-body"):
            yield Static(id="f16-table")
            yield Static(id="f16-details")
            yield Static(id="f16-what")
        yield Static(id="f16-status")

    # -- the measurement -----------------------------------------------------------------------------

    def network_ready(self, result: Any) -> None:
        _, x, labels, tested_on = result
        self.data = (x, labels, tested_on)
        self.measured_for = None
        self.ensure_run()

    def measure_key(self) -> tuple | None:
        """The network by its file and the digest of its parameters, and the images: the same on every
        visit, so a measurement kept past the pane (`FIGURES`) is shown again at once. It was the
        object's id(), which a lesson left and come back to need not give again."""
        if self.found is None or self.data is None:
            return None
        return (str(self.found.path), self.found.record.sha256, self.settings.images)

    def measurement(self) -> Callable[[JobContext], Float16Report]:
        network, (x, labels, _) = self.found.network, self.data
        images = self.settings.images
        return lambda ctx: measure(network, x, labels, images, on_batch=progress_to(ctx))

    def clear_figures(self) -> None:
        self.report = None

    def finished(self, result: Float16Report) -> None:
        self.report = result

    # -- the classroom -------------------------------------------------------------------------------

    def shared_figures(self) -> RoundingSummary | None:
        """The measurement in figures, which a presenter shares with its followers (None before one)."""
        r = self.report
        if r is None:
            return None
        forms = tuple(FormFigures(f.form, f.correct, f.changed, f.largest, f.where, f.before, f.after) for f in r.forms)
        w = r.weights
        return RoundingSummary(r.images, forms, (w.count, w.bytes32, w.bytes16, w.largest_relative, w.tiny,
                                                 w.largest_tiny, w.to_zero, w.largest_input))

    def presenters_figures(self, shared):
        return report_of(shared)

    @property
    def shown_report(self) -> Float16Report | None:
        return self.presenters if self.presenters is not None else self.report

    # -- drawing -------------------------------------------------------------------------------------

    def show(self, result: Any) -> None:
        width = max(self.width_of(self.query_one("#f16-body")) - 1, 20)
        self.query_one("#f16-table", Static).update(self.table(width))
        self.query_one("#f16-details", Static).update(self.details(width))
        self.query_one("#f16-what", Static).update(self.what(width))
        status = (Text(t("classroom.pane.measured"), style="dim") if self.presenters is not None
                  else self.run_status(self.running, self.ended))
        self.query_one("#f16-status", Static).update(status)

    def table(self, width: int) -> Text:
        """One row per form: accuracy, answers unlike float32's, the largest change of a probability."""
        r, text = self.shown_report, Text()
        if r is None:
            return self.progress_bar(t("float16.measuring"), min(width - 6, 24))
        text.append(t("float16.images", images=f"{r.images:,}") + "\n", style="bold")
        rows = [[t("float16.column.form"), t("float16.column.accuracy"), t("float16.column.changed"),
                 t("float16.column.largest")]]
        for form in r.forms:
            first = form.form == "float32"
            rows.append([t(f"float16.form.{form.form}"), percent(form.correct / r.images, 2),
                         "–" if first else str(form.changed), "–" if first else change(form.largest)])
        widths = [max(cell_len(row[k]) for row in rows) for k in range(4)]
        gap = "  " if sum(widths) + 6 <= width else " "
        for i, row in enumerate(rows):
            cells = [row[0] + " " * (widths[0] - cell_len(row[0]))] + \
                    [" " * (widths[k] - cell_len(row[k])) + row[k] for k in range(1, 4)]
            text.append(("\n" if i else "") + gap.join(cells).rstrip(), style="bold" if i == 0 else "")
        return text

    def details(self, width: int) -> Text:
        """Where the largest change was, what rounding did to the weights and the pixels, and which
        images these are."""
        r, lines = self.shown_report, []
        if r is None:
            return Text()
        for name in FORMS[1:]:
            form = r.form(name)
            if form.where is not None:
                image, label = form.where
                lines.append(t("float16.largest", form=t(f"float16.form.{name}"), image=image, label=label,
                               before=probability(form.before), after=probability(form.after)))
        w = r.weights
        lines.append(t("float16.weights", count=f"{w.count:,}", before=kilobytes(w.bytes32), after=kilobytes(w.bytes16),
                       relative=percent(w.largest_relative, 3), smallest=sci(SMALLEST_NORMAL)))
        if w.tiny:
            lines.append(t("float16.tiny", tiny=f"{w.tiny:,}", smallest=sci(SMALLEST_NORMAL),
                           error=sci(w.largest_tiny), zero=w.to_zero))
        lines.append(t("float16.inputs", largest=sci(w.largest_input)))
        text = Text("\n".join(line for line_text in lines for line in wrap(line_text, width)))
        if self.data is not None:
            text.append("\n" + "\n".join(wrap(self.data[2], width)), style="dim")
        return text

    def what(self, width: int) -> Text:
        """What each row measures, in words (the book's code computes in float64)."""
        return Text("\n".join(line for key in ("float16.what.values", "float16.what.arrays")
                              for line in wrap(t(key), width)), style="dim")


def report_of(shared: RoundingSummary) -> Float16Report:
    """The presenter's figures as the report the pane draws."""
    forms = tuple(FormResult(f.form, f.correct, f.changed, f.largest, f.where, f.before, f.after) for f in shared.forms)
    return Float16Report(shared.images, forms, WeightRounding(*shared.weights))
