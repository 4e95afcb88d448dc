"""The batch inference pane (lesson 3.4): chapter 3's trained network classifies the test set a batch
at a time, with the shape of every array on the way, the argmax of each row, the accuracy counted
batch by batch, and a few digits of the batch with the network's answers.

The network comes from `workbench.models.trained` (found, or trained on first use as a job with a
progress bar); the arithmetic from `workbench.models.inference`: the book's predict() on the real
parameters, so every shape printed is the shape of an array that was just computed.

While the app follows a presenter its own timing (`m`) waits; the presenter's comes with its position
(`shared_figures`, `workbench.classroom.timings`) and the pane shows it until the student takes over.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from workbench.app.images import image_text
from workbench.app.no_break import figures, together
from workbench.app.panes.base import failure_text
from workbench.app.panes.cells import tighten
from workbench.app.panes.chapter3 import Chapter3Pane
from workbench.app.settings_form import SettingsForm
from workbench.app.styles import pane_css
from workbench.app.widgets.folded import Folded
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.network_status import NetworkStatus
from workbench.classroom.position import settings_text
from workbench.classroom.timings import BatchTimingSummary
from workbench.i18n import t
from workbench.i18n.numbers import num
from workbench.jobs import FINISHED, JobDone, JobProgress
from workbench.models.inference import (LAYERS, Accuracy, BatchView, InferencePlan, Timing,
                                        accuracy_in_batches, batch_view, time_inference)

SIZES = (1, 10, 100, 1000, 10000)
"""The batch sizes + and − step through."""
WIDE = 64
"""Cells from which each layer's line and its shapes share one line."""
DIGIT = 14
"""Cells per digit drawn at half size (28 × 28 pixels → 14 cells × 7 lines)."""
FULL_SIZE_HEIGHT = 34
"""Lines of the pane's body from which the digits are drawn at full size, all of it still in view."""
BESIDE_WIDTH = 70
"""Cells from which, in a pane too short for full-size digits, two digits go beside the counts, so
that at 80 × 24 everything is in view."""
BESIDE_DIGITS = 2
COUNTS_WIDTH = 50
"""Cells the counts keep beside the digits when there is room for more than BESIDE_DIGITS."""


CONTINUED = "    "
"""The indent of a shapes line's part that wraps: "+ (50,)" or "→ (100, 50)" under the product."""


def append_wrapped(text: Text, shape: Text, parts: tuple[str, ...], start: int, width: int) -> None:
    """`shape` from cell `start` and then `parts` (" + (50,)", " → (100, 50)"), each that would pass
    `width` on a line of its own under it: wrapped, never dropped (beside 3.4's text the bias's shape
    was left out, and the step's text is about that bias)."""
    text.append_text(shape)
    used = start + shape.cell_len
    for part in filter(None, parts):
        if used + len(part) > width:
            text.append("\n" + CONTINUED)
            part, used = part.lstrip(), len(CONTINUED)
        text.append(part)
        used += len(part)


def shape_text(shape: tuple[int, ...]) -> str:
    """(100, 784) as the book and NumPy print it, (100,) for one axis."""
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


SAME_SPEED = 1.15
"""Within this factor either way the two loops took about the same time (a busy computer moves each by more)."""


def compared_speed(speedup: float) -> str:
    """"3.2× faster", "about the same time" or "1.4× slower": batches of 1 came out "1× faster"."""
    if 1 / SAME_SPEED < speedup < SAME_SPEED:
        return t("inference.speed.same")
    factor = speedup if speedup >= 1 else 1 / speedup
    key = "inference.speed.faster" if speedup >= 1 else "inference.speed.slower"
    return t(key, factor=num(factor, 1 if factor < 10 else 0))


class InferencePane(Chapter3Pane):
    """Batch inference through chapter 3's network: shapes, argmax per row, accuracy, digits."""

    PANE = "inference"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("comma", "step(-1)", id="inference.back", group=Binding.Group("steps")),
        Binding("full_stop", "step(1)", id="inference.step", group=Binding.Group("steps")),
        Binding("plus,equals_sign", "resize(1)", id="inference.bigger", key_display="+", group=Binding.Group("size")),
        Binding("minus", "resize(-1)", id="inference.smaller", group=Binding.Group("size")),
        Binding("m", "measure", id="inference.measure"),
        Binding("r", "retrain", id="inference.retrain", show=False),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.images: np.ndarray | None = None
        self.labels: np.ndarray | None = None
        self.tested_on = ""
        self.view: BatchView | None = None
        self.accuracy: Accuracy | None = None
        self.counting: JobProgress | None = None
        self.counted_for: int | None = None
        """The batch size the accuracy was (or is being) counted with."""
        self.timing: Timing | None = None
        self.timing_note = ""
        self.presenters_timing: Timing | None = None
        """A presenter's timing, shown in place of the pane's own while the app follows it."""

    def compose_pane(self) -> ComposeResult:
        yield NetworkStatus(short=True, id="inference-network")
        yield SettingsForm(self.entry, self.settings, keys=["batch_size"], compact=True)
        with MarkedScroll(id="inference-body"):
            yield Folded(id="inference-batch")
            yield Static(id="inference-shapes")
            with Horizontal(id="inference-results"):
                with Vertical(id="inference-counts"):
                    yield Static(id="inference-rows")
                    yield Folded(id="inference-accuracy")
                    yield Folded(id="inference-timing")
                yield Static(id="inference-digits")
            yield Folded(id="inference-tested")

    def on_mount(self) -> None:
        tighten(self.query_one(SettingsForm), 2)   # one line, the name as wide as it is, an error under it full width

    # -- jobs: the network and its test set, the accuracy, the timing ---------------------------------

    def network_ready(self, result) -> None:
        _, self.images, self.labels, self.tested_on = result
        self.counted_for = None
        self.run_batch()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "measure" and (self.found is None or self.images is None):
            return None          # dimmed while the network is on its way: m had nothing to time, and said nothing
        if action == "resize" and self.resize_to(int(parameters[0])) == self.settings.batch_size:
            return None          # dimmed where the ladder or the test set ends: + and - did nothing, lit
        if action == "step" and self.view is not None and self.view.count == 1:
            return None          # one batch holds the whole test set: . and , have nowhere to go
        return super().check_action(action, parameters)

    def resize_to(self, direction: int) -> int:
        """The batch size + (`direction` 1) or - (−1) gives: the next of SIZES, none past the first that
        holds the whole test set (on 1,000 synthetic digits a batch of 10,000 is one batch of 1,000)."""
        size = self.settings.batch_size
        if direction > 0:
            if self.images is not None and size >= len(self.images):
                return size
            return next((bigger for bigger in SIZES if bigger > size), size)
        return next((smaller for smaller in reversed(SIZES) if smaller < size), size)

    def count_accuracy(self) -> None:
        """The book's loop over the whole test set, batch_size images at a time, as a job."""
        if self.found is None or self.images is None:
            return
        params, x, labels, size = self.found.network.params, self.images, self.labels, self.settings.batch_size
        self.accuracy, self.counting, self.counted_for = None, None, size
        self.start_job("accuracy", lambda ctx: accuracy_in_batches(params, x, labels, size, progress=ctx.progress,
                                                                  checkpoint=ctx.checkpoint))

    def job_progress(self, name: str, event: JobProgress) -> None:
        super().job_progress(name, event)
        if name == "accuracy":
            self.counting = event
            self.refresh_view()

    def job_done(self, name: str, event: JobDone) -> None:
        super().job_done(name, event)
        if name == "accuracy":
            self.counting = None
            if event.reason == FINISHED:
                self.accuracy = event.result
            else:
                self.counted_for = None          # counted again at the next change
        elif name == "timing":
            self.timing, self.timing_note = (event.result, "") if event.reason == FINISHED \
                else (None, failure_text(event))
        self.refresh_view()
        if name == "timing":
            self.call_after_refresh(self.scroll_to_timing)

    # -- the classroom -------------------------------------------------------------------------------

    def shared_figures(self) -> BatchTimingSummary | None:
        """The timing `m` took, which a presenter shares with its followers (None before one)."""
        s = self.timing
        return None if s is None else BatchTimingSummary(s.images, s.batch_size, s.one_by_one, s.batched)

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Show the presenter's timing (`shared`; None: the pane's own again), if it is of this pane's
        settings."""
        shared = shared if isinstance(shared, BatchTimingSummary) else None
        same = shared is not None and settings == dict(settings_text(self.settings))
        timing = Timing(shared.images, shared.batch_size, shared.one_by_one, shared.batched) if same else None
        if timing != self.presenters_timing:
            self.presenters_timing = timing
            self.refresh_view()
            if timing is not None:
                self.call_after_refresh(self.scroll_to_timing)

    def scroll_to_timing(self) -> None:
        """Bring the timing into view: at 80×24 beside the text it sits under the shapes, out of
        sight, and `m` seemed to do nothing."""
        self.query_one("#inference-timing").scroll_visible(animate=False)

    # -- settings ------------------------------------------------------------------------------------

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if self.is_mounted:
            self.run_batch()
            self.refresh_bindings()              # + at the top, - at 1, . and , with one batch: dimmed

    def run_batch(self) -> None:
        """The shown batch through the network (one batch: milliseconds), then render; the accuracy
        is counted again when the batch size changed."""
        if self.found is not None and self.images is not None:
            s = self.settings
            self.view = batch_view(self.found.network.params, self.images, self.labels, s.batch_size, s.batch)
            if self.counted_for != s.batch_size:
                self.count_accuracy()
        self.refresh_view()

    # -- rendering -----------------------------------------------------------------------------------

    def show(self, plan: InferencePlan) -> None:
        body = self.query_one("#inference-body").size
        width, height = max(body.width - 1, 20), body.height
        view = self.view
        self.query_one("#inference-batch", Static).update(self.batch_line())
        self.query_one("#inference-shapes", Static).update(self.shapes(plan, width))
        beside = width >= BESIDE_WIDTH and height < FULL_SIZE_HEIGHT
        self.set_class(beside, "-beside")
        shown = max(BESIDE_DIGITS, min(10, (width - COUNTS_WIDTH) // (DIGIT + 1))) if beside else None
        counts_width = width - shown * (DIGIT + 1) - 1 if beside else width
        rows = self.query_one("#inference-rows", Static)
        rows.display = view is not None
        if view is not None:
            rows.update(self.rows(view, counts_width))
        self.query_one("#inference-accuracy", Static).update(self.accuracy_text())
        timing = self.query_one("#inference-timing", Static)
        timing.display = self.timing is not None or bool(self.timing_note) or self.presenters_timing is not None
        timing.update(self.timing_text())
        digits = self.query_one("#inference-digits", Static)
        digits.display = view is not None
        if view is not None:
            digits.update(self.digits(view, width, height, count=shown))
        tested = self.query_one("#inference-tested", Static)
        tested.display = bool(self.tested_on)
        tested.update(self.tested_on)

    def batch_line(self) -> str:
        view = self.view
        if view is None:
            return t("inference.waiting")
        line = t("inference.batch", index=f"{view.index + 1:,}", count=f"{view.count:,}", first=view.start,
                 last=view.start + view.size)       # counts grouped as the pane's others; x[…] as code writes it
        if self.settings.batch > view.index:        # past the end (the test set's size is known only now)
            line += " " + t("inference.batch_past", asked=f"{self.settings.batch:,}", last=f"{view.count - 1:,}")
        return line

    def shapes(self, plan: InferencePlan, width: int) -> Text:
        """Each line of the book's predict() and the shapes it makes, the axes a product joins
        highlighted: beside the line when the pane is wide, under it when not.

        The shapes are those of the arrays just computed; before the network is ready, those the
        plan expects (muted).
        """
        colours = self.app.theme_variables
        shapes = self.view.shapes if self.view is not None else dict(plan.shapes)
        match = f"bold {colours['accent']}"
        lines: list[tuple[str, Text, str, str]] = [("x", Text(shape_text(shapes["x"])), "", "")]
        for i in range(1, LAYERS + 1):
            inputs = "x" if i == 1 else f"z{i - 1}"
            left, weights = shapes[inputs], shapes[f"W{i}"]
            product = Text.assemble(f"({left[0]}, ", (str(left[1]), match), ")·(", (str(weights[0]), match),
                                    f", {weights[1]})")
            lines.append((f"a{i} = {inputs}·W{i} + b{i}", product, f" + {shape_text(shapes[f'b{i}'])}",
                          f" → {shape_text(shapes[f'a{i}'])}"))
            if i < LAYERS:
                lines.append((f"z{i} = sigmoid(a{i})", Text(shape_text(shapes[f"z{i}"])), "", ""))
        lines.append((f"y = softmax(a{LAYERS})", Text(shape_text(shapes["y"])), "", ""))
        lines.append(("p = argmax(y, axis=1)", Text(shape_text(shapes["p"])), "", ""))
        code_width = max(len(code) for code, *_ in lines) + 2
        wide = width >= WIDE
        text = Text(style="" if self.view is not None else colours["text-muted"])
        for n, (code, shape, bias, result) in enumerate(lines):
            text.append(code, style="bold")
            if wide:
                gap = " " * (code_width - len(code))
            elif len(code) + 2 + shape.cell_len + len(bias + result) <= width:
                gap = "  "
            else:
                gap = "\n  "
            text.append(gap)
            start = len(gap) - 1 if gap.startswith("\n") else len(code) + len(gap)
            append_wrapped(text, shape, (bias, result), start, width)
            if n < len(lines) - 1:
                text.append("\n")
        return text

    def rows(self, view: BatchView, width: int) -> Text:
        """p (the argmax of each row) over t (the labels), wrong ones marked, and the batch's count."""
        colours = self.app.theme_variables
        shown = max(1, min(view.size, (width - 4) // 2))
        text = Text()
        for name, values in (("p", view.predicted), ("t", view.labels)):
            text.append(f"{name} ", style="bold")
            for i in range(shown):
                wrong = view.predicted[i] != view.labels[i]
                text.append(f" {values[i]}", style=f"bold {colours['text-error']}" if wrong else "")
            if shown < view.size:
                text.append(" …")
            text.append("\n")
        text.append(t("inference.batch_right", right=f"{view.correct:,}", size=f"{view.size:,}"))   # as the test set's
        return text

    def accuracy_text(self) -> Text:
        if self.accuracy is not None:
            a = self.accuracy
            batches = together(t("inference.batches.one" if a.batches == 1 else "inference.batches.many",
                                 batches=f"{a.batches:,}", size=f"{min(self.counted_for or self.settings.batch_size, a.total):,}"))
            # whole on its row: "(크기 1,000인 배치" over "1개)" beside the lesson text
            return Text(figures(t("inference.accuracy", right=f"{a.correct:,}", total=f"{a.total:,}",
                                  percent=num(100 * a.fraction, 1), batches=batches)), style="bold")
        if self.counting is not None:
            info = self.counting.info
            return Text(t("inference.counting", done=f"{int(self.counting.done):,}", count=f"{int(self.counting.total or 0):,}",
                          right=f"{info.get('correct', 0):,}", seen=f"{info.get('seen', 0):,}"))
        return Text("")

    def timing_text(self) -> str:
        if self.presenters_timing is not None:
            return self.timing_sentence(self.presenters_timing) + "\n" + t("classroom.pane.measured")
        if self.timing_note:
            return self.timing_note
        if self.timing is None:
            return ""
        return self.timing_sentence(self.timing)

    @staticmethod
    def timing_sentence(s: Timing) -> str:
        """The two times and how they compare, "(18× faster)" kept on one row: a pane 60 cells wide left
        "faster)" alone on the last."""
        return t("inference.timing", images=f"{s.images:,}", one=num(s.one_by_one, 3), size=f"{s.batch_size:,}",
                 batched=num(s.batched, 3), compared=together(compared_speed(s.speedup)))

    def digits(self, view: BatchView, width: int, height: int, count: int | None = None) -> Text:
        """The first `count` digits of the batch (as many as fit by default), each with the network's
        answer (✓, or ✗ and the label): at full size (28 cells × 14 lines) when the pane is tall and
        wide enough, else at half."""
        colours = self.app.theme_variables
        cells = 28 if height >= FULL_SIZE_HEIGHT and width >= 2 * 29 else DIGIT
        count = max(1, min(view.size, 10, count or (width + 1) // (cells + 1)))
        images = []
        for i in range(count):
            image = view.arrays["x"][i].reshape(28, 28)
            if cells < 28:
                image = image.reshape(14, 2, 14, 2).mean(axis=(1, 3))
            images.append(image_text(image, self.app, limits=(0.0, 1.0)).split("\n"))
        text = Text()
        for row in range(len(images[0])):
            for lines in images:
                text.append_text(lines[row])
                text.append(" ")
            text.append("\n")
        for i in range(count):
            right = view.predicted[i] == view.labels[i]
            label = f"{view.predicted[i]} ✓" if right else f"{view.predicted[i]} ✗ ({view.labels[i]})"
            text.append(f"{label:^{cells}} ", style=colours["text-success"] if right else f"bold {colours['text-error']}")
        return text

    # -- keys ----------------------------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        count = self.view.count if self.view is not None else 1
        self.apply(batch=(self.settings.batch + int(direction)) % count)

    def action_resize(self, direction: int) -> None:
        size = self.resize_to(int(direction))
        start = self.view.start if self.view is not None else 0
        self.apply(batch_size=size, batch=start // size)

    def action_measure(self) -> None:
        if self.found is None or self.images is None:
            return
        params, x, size = self.found.network.params, self.images, self.settings.batch_size
        self.timing, self.timing_note = None, t("inference.measuring")
        self.refresh_view()
        self.call_after_refresh(self.scroll_to_timing)
        self.start_job("timing", lambda ctx: time_inference(params, x, size, checkpoint=ctx.checkpoint))

    def action_retrain(self) -> None:
        self.view = self.accuracy = self.timing = self.counted_for = None
        super().action_retrain()
        self.refresh_bindings()
