"""16-bit floats: chapter 3's trained network in float32, with its values rounded to float16, and with
float16 arrays throughout, on the same test images (`workbench.models.float16`), measured as a job."""
from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from workbench.app.panes.base import failure_text
from workbench.app.panes.cells import pane_css
from workbench.app.panes.chapter3 import Chapter3Pane
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.network_status import NetworkStatus, bar
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import num, percent, sci
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models.float16 import FORMS, SMALLEST_NORMAL, Float16Report, measure


def kilobytes(count: int) -> str:
    return t("float16.kb", value=num(count / 1024, 0))


def probability(value: float) -> str:
    return num(value, 4)


def change(value: float) -> str:
    """A change of a probability: 0, or 0.0016, or 3.1e−6 when it is that small."""
    if value == 0:
        return "0"
    return num(value, 4) if value >= 1e-4 else sci(value)


class Float16Pane(Chapter3Pane):
    """Accuracy, changed answers and the largest change of a probability, for each form of the network."""

    PANE = "float16"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("g", "run", id="float16.run"),
        Binding("x", "cancel", id="float16.cancel", show=False),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.data: tuple | None = None
        """(x, t, what they are): the test images of the network."""
        self.measured_for: tuple | None = None
        self.progress: JobProgress | None = None
        self.report: Float16Report | None = None
        self.ended: JobDone | None = None

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

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        self.ensure_run()

    def key(self) -> tuple:
        return (id(self.found), self.settings.images)

    def ensure_run(self) -> None:
        """Measure when the network or the settings are not those of the report shown."""
        if self.found is None or self.data is None or not self.is_attached or self.key() == self.measured_for:
            return
        self.start_run()

    @property
    def running(self) -> bool:
        job = self.jobs.get("measure")
        return job is not None and not job.done

    def start_run(self) -> None:
        job = self.jobs.get("measure")
        if job is not None and not job.done:
            job.cancel()
        self.measured_for = self.key()
        self.progress, self.report, self.ended = None, None, None
        network, (x, labels, _) = self.found.network, self.data
        images = self.settings.images

        def work(ctx):
            def on_batch(done, total):
                ctx.progress(done, total)
                ctx.checkpoint()
            return measure(network, x, labels, images, on_batch=on_batch)

        self.start_job("measure", work)
        self.refresh_view()

    def leave(self) -> None:
        """Stop measuring; a run cut short is made again if the pane comes back to the same network."""
        if self.running:
            self.measured_for = None
        super().leave()

    def job_progress(self, name: str, event: JobProgress) -> None:
        if name == "measure":
            self.progress = event
            self.refresh_view()

    def job_done(self, name: str, event: JobDone) -> None:
        if name == "measure":
            self.progress, self.ended = None, event
            if event.reason == FINISHED:
                self.report = event.result
            self.refresh_view()

    # -- drawing -------------------------------------------------------------------------------------

    def show(self, result: Any) -> None:
        width = max((self.query_one("#f16-body").size.width or 38) - 1, 20)
        self.query_one("#f16-table", Static).update(self.table(width))
        self.query_one("#f16-details", Static).update(self.details(width))
        self.query_one("#f16-what", Static).update(self.what(width))
        self.query_one("#f16-status", Static).update(self.status_line(width))

    def table(self, width: int) -> Text:
        """One row per form: accuracy, answers unlike float32's, the largest change of a probability."""
        text = Text()
        if self.report is None:
            if self.progress is not None and self.progress.total:
                share = self.progress.done / self.progress.total
                text.append(t("float16.measuring") + "\n", style="italic")
                text.append(bar(share, min(width - 6, 24)), style=self.app.theme_variables["accent"])
                text.append(" " + percent(share, 0))
            return text
        r = self.report
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
        if self.report is None:
            return Text()
        r, lines = self.report, []
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

    def status_line(self, width: int) -> Text:
        if self.running:
            return Text(t("float16.status.running"), style="dim")
        if self.ended is not None and self.ended.reason != FINISHED:
            return Text(failure_text(self.ended) + " · " + t("float16.status.again"), style="bold")
        return Text(t("float16.status.done"), style="dim")

    # -- keys ----------------------------------------------------------------------------------------

    def action_run(self) -> None:
        if self.found is not None and self.data is not None and not self.running:
            self.start_run()

    def action_cancel(self) -> None:
        job = self.jobs.get("measure")
        if job is not None and not job.done:
            job.cancel()
