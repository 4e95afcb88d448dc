"""What the training pane says above its views: the status line (the run's state, a stop's cause and what
to try, folded to its cause where it would crowd out the curves, `i` unfolding it) and the progress lines
(the data, the epoch's and the run's bars). Kept apart from the views, which draw the run's figures;
these lines say where the run is and what happened to it.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from workbench.app.no_break import figures
from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.run_controls import KEEP_FINISHED
from workbench.app.panes.train_views import progress_line
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.cells import ellipsize
from workbench.i18n.numbers import grouped, percent
from workbench.models.catalog import pane
from workbench.models.mine import printed_lines
from workbench.models.train import fmt_time
from workbench.models.training_stop import the_cause, what_happened, what_to_try
from workbench.nn.trainer import STOP_FINISHED, STOP_STOPPED

STOP_ROWS = 6
"""Rows a stop's explanation may take above the curves (it scrolls past them)."""


class TrainStatus(PanePart):
    """The training pane's status and progress lines (`show_status`), and `i` for a stop's explanation."""

    def show_status(self) -> None:
        status, lines = self.status_text(), self.progress_lines()
        self.set_class(self.went_wrong(), "-went-wrong")
        self.set_class(bool(self.elsewhere_line()), "-elsewhere")     # "x stops it" read whole beside the text
        folds = self.folds_stop()
        self.explaining = explaining = self.explaining and folds    # with room for all of it, the views are back
        self.set_class(explaining, "-explaining")
        if folds != self._folds:             # i works while the explanation is folded (the keys panel lists it)
            self._folds = folds
            self.refresh_bindings()
        if self._shown.get("#train-status") != status:        # a new status is read from its start
            self.query_one("#train-status-box", MarkedScroll).scroll_home(animate=False)
        self.put("#train-status", status)
        self.put("#train-progress", "\n".join(lines))
        self.query_one("#train-progress", Static).display = bool(lines) and not explaining   # the views' data line

    def went_wrong(self) -> bool:
        """Whether the status says why the run went wrong (it gets more rows, and scrolls past them)."""
        return (self.presenters_run is None and self.failure is None and self.stop is not None
                and self.stop.reason not in (STOP_FINISHED, STOP_STOPPED))

    def folds_stop(self) -> bool:
        """Whether a stop's explanation is folded to its cause: where it would take more than a third of
        the pane (beside a lesson's text, 12 rows of 22), leaving the loss curve a row or two."""
        if not self.went_wrong():
            return False
        rows = len(self.stop_explanation().wrap(self.app.console, max(10, self.width() - 1)))
        return rows > min(STOP_ROWS, self.size.height // 3)

    def stop_explanation(self) -> Text:
        """What happened and what to try, in full."""
        colors = self.app.theme_variables
        text = Text(figures(t("train.stop.what_happened", text=what_happened(self.stop))),
                    style=f"bold {colors['text-error']}")
        to_try = what_to_try(self.stop)
        if to_try:
            text.append("\n" + figures(t("train.stop.what_to_try", text=to_try)))
        return text

    def folded_stop(self) -> Text:
        """The stop's cause on its own ("Not learning: the learning rate 100 is far too large for SGD."),
        then the key that shows the rest."""
        colors = self.app.theme_variables
        text = Text(figures(t(f"train.stop.folded.{self.stop.reason}", text=the_cause(self.stop))),
                    style=f"bold {colors['text-error']}")
        text.append("  " + t("train.stop.unfold", key="i"), style="dim")
        return text

    def status_text(self) -> Text:
        colors = self.app.theme_variables
        if self.presenters_run is not None:
            return self.presenters_status(self.presenters_run)
        if self.failure is not None:
            return Text(self.failure.headline(), style=f"bold {colors['text-error']}")
        if self.went_wrong():
            if not self.folds_stop():
                return self.stop_explanation()
            if not self.explaining:
                return self.folded_stop()
            text = self.stop_explanation()
            text.append("\n" + t("train.stop.fold", key="i", view=t(f"train.view.{self.view}")), style="dim")
            return text
        key = {"idle": "train.status.idle", "loading": "train.status.loading", "training": "train.status.training",
               "paused": "train.status.paused", "done": "train.status.done"}[self.state]
        if self.mine_run and self.state == "training":
            key = "mine.train.status"
        values = {"net": self.result.network_name if self.result else "", "epoch": self.progress.get("epoch", 0),
                  "epochs": (self.run_settings or self.settings).epochs}
        if self.state == "done" and self.records:
            last = self.records[-1]
            key = "train.status.stopped" if self.stop is not None and self.stop.reason == STOP_STOPPED else key
            values.update(acc=percent(last.test_acc), epoch=last.epoch)
            if self.training is not None and self.training.loaded and not self.losses:   # loaded, not trained
                epoch = self.training.loaded_epoch
                key = "train.status.loaded" if epoch is not None else "train.status.loaded_unknown"
                values.update(epoch=epoch)
        if key in ("train.status.done", "train.status.stopped") and values["epoch"] == 1:
            key += ".one"                               # "after 1 epoch"
        elsewhere = self.elsewhere_line()
        if key == "train.status.idle" and elsewhere:    # not "Ready: g starts": g waits for that run
            key, elsewhere = "pane.run_elsewhere", ""
        elif key == "train.status.idle" and self.let_go_line():    # "… not kept …; g trains them again"
            key = "pane.run_let_go"
            values.update(keep=KEEP_FINISHED)
        text = Text(figures(t(key, **values)), style="bold")         # "정확도 95.5 %" on one row
        if self.message:
            text.append("  " + self.message)
        if self.folded_note and self.state in ("loading", "training", "paused"):
            text.append("  " + t("train.text_folded"), style="dim")
        if elsewhere:
            text.append("\n" + elsewhere, style="dim")
        self.add_kept_line(text, "train.status.kept")       # the learner's own run, out of sight: k
        if self.presenter_waits:
            text.append("\n" + t("classroom.pane.own_run", key="x"), style="dim")
        return text

    def progress_lines(self) -> list[str]:
        width = self.width()
        run = self.presenters_run
        if run is not None:
            if not run.iterations or run.state not in ("running", "paused"):
                return []
            return [progress_line(t("train.progress.run"), run.iteration / run.iterations, width,
                                  t("train.progress.iterations", done=grouped(run.iteration),
                                    total=grouped(run.iterations)))]
        if self.download_progress is not None:
            done, total, name = self.download_progress
            return [progress_line(name, done / total if total else 0.0, width)]
        info = self.progress
        shown = self.data is not None and self.state != "idle" and self.view in ("setup", "curves")
        data = [ellipsize(self.data.short_text(width), width)] if shown else []
        if self.mine_run and shown and info.get("samples_per_sec"):
            data.append(ellipsize(self.rate_text(info, width), width))
        if self.state not in ("training", "paused") or not info.get("iter_per_epoch"):
            return data
        per_epoch, total = info["iter_per_epoch"], info.get("total") or 1
        epoch_tail = t("train.progress.rate", rate=f"{info.get('samples_per_sec', 0):,.0f}")
        run_tail = t("train.progress.iterations_left", done=grouped(info.get("done", 0)), total=grouped(total),
                     left=fmt_time(info.get("seconds_left", float("nan"))))     # the run's time left, on the run's bar
        return data + [progress_line(t("train.progress.epoch", epoch=info.get("epoch", 1)),
                              info.get("in_epoch", 0) / per_epoch, width, epoch_tail),
                progress_line(t("train.progress.run"), info.get("done", 0) / total, width, run_tail)]

    def rate_text(self, info: dict, width: int) -> str:
        """The learner's code's speed beside the library's, measured in the same child a moment before
        (a shorter form where the line would not fit)."""
        mine, library = info.get("samples_per_sec", 0.0), info.get("library_rate")
        if not library or not mine:
            return t("mine.train.rate_mine", mine=f"{mine:,.0f}")
        engine = pane("train").choice_label("conv", (self.run_settings or self.settings).conv)  # 빠른 엔진, not fast
        values = dict(mine=f"{mine:,.0f}", library=f"{library:,.0f}", engine=engine,
                      times=f"{library / mine:.0f}" if library >= 2 * mine else f"{library / mine:.1f}")
        full = t("mine.train.rate", **values)
        return full if cell_len(full) <= width else t("mine.train.rate_compact", **values)

    def failure_text(self) -> Text:
        """Under the status line that names the learner's part and what happened: their trimmed traceback
        and what to do (fix it, write it, or only press g again when none of their code ran)."""
        text = Text()
        if self.failure.traceback:
            text.append(self.failure.traceback + "\n", style="italic")
        text.append(self.failure.next_step(), style="dim")
        return text.append("".join("\n" + line for line in printed_lines(self.failure.printed)), style="dim")

    def action_explain(self) -> None:
        """Show a stop's whole explanation in place of the views, or the views again."""
        self.explaining = not self.explaining
        self.show_status()
