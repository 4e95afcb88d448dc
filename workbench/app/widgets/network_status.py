"""NetworkStatus: where the chapter-3 network comes from, while it is found or trained and after.

A pane runs `trained.obtain` as a job and hands its events on: `progress(event)` shows why a network
is being trained and a progress bar, `ready(found)` one line on the network, `failed(text)` the
reason it is missing. `short` keeps the last to one line (for a pane that describes the data
elsewhere); otherwise the long line is used wherever it fits on two.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from workbench.app.no_break import figures
from workbench.app.styles import pane_css
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.jobs import JobProgress
from workbench.models.trained import Chapter3Network, describe_source

BLOCKS = " ▏▎▍▌▋▊▉█"


def bar(fraction: float, width: int) -> str:
    """A bar `width` cells long filled to `fraction`, in eighths of a cell."""
    eighths = int(round(max(0.0, min(1.0, fraction)) * width * 8))
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


class NetworkStatus(Static):
    """A line or two about the network: looking for it, training it (with a bar), or what it is."""

    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, *, short: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.short = short
        self.found: Chapter3Network | None = None
        self._event: JobProgress | None = None

    def looking(self) -> None:
        self._event = self.found = None
        self.set_classes("")
        self.update(t("trained.status.looking"))

    def progress(self, event: JobProgress) -> None:
        """A progress event of the job running `trained.obtain`."""
        self._event = event
        info = event.info
        if info.get("phase") == "check":
            self.looking()
            return
        if info.get("phase") in ("data", "test_data"):
            self.set_classes("-training")
            self.update(t(f"trained.status.{info['phase']}"))
            return
        self.set_classes("-training")
        self.update(self._progress_text(event))

    def _progress_text(self, event: JobProgress) -> Text:
        info = event.info
        text = Text(info.get("why", t("trained.status.training")) + "\n")
        fraction = event.done / event.total if event.total else 0.0
        figures = f" {num(100 * fraction, 0)} %"
        if info.get("phase") == "test":
            figures += "  " + t("trained.status.testing")
        elif info.get("loss") is not None:
            figures += "  " + t("trained.status.figures", epoch=info.get("epoch", 0), epochs=info.get("epochs", 0),
                                loss=num(info["loss"], 2))
        width = max(8, min(40, (self.size.width or 40) - cell_len(figures) - 1))
        if cell_len(figures) + width > (self.size.width or 80):
            figures = f" {num(100 * fraction, 0)} %"
        text.append(bar(fraction, width), style=self.app.theme_variables["accent"])
        text.append(figures)
        return text

    def ready(self, found: Chapter3Network) -> None:
        self._event = None
        self.found = found
        self.set_classes("")
        self.update(self._ready_text())

    def _ready_text(self) -> str:
        """The long line when it fits on two lines of the widget, else the short one."""
        r = self.found.record
        values = dict(source=describe_source(r.source, r.split), train=f"{r.train_size:,}",
                      seconds=num(r.seconds, 1), accuracy=num(100 * r.test_accuracy, 1), test=f"{r.test_size:,}")
        line = t("trained.status.ready", **values)
        if self.short or cell_len(line) > 2 * (self.size.width or 80):
            line = t("trained.status.short", **values)
        return figures(line)                               # "93.1 %" never split

    def failed(self, text: str) -> None:
        self._event = None
        self.set_classes("-failed")
        self.update(t("trained.status.failed", reason=text))

    def on_resize(self) -> None:
        if self._event is not None and self._event.info.get("phase") not in ("check", "data", "test_data"):
            self.update(self._progress_text(self._event))
        elif self.found is not None and not self.has_class("-failed"):
            self.update(self._ready_text())
