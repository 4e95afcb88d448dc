"""The training pane in a class: what a presenter's pane shares and how a follower's draws it.

A follower of a presenter trains nothing: the presenter's run comes with the position
(`show_presenters_run`), and the curves view draws its thinned curves, read-only, in place of the
pane's own, until the student takes over. The view the presenter shows and the epoch it stepped to
come as its cursor (`shared_cursor`, `follow_cursor`), the confusion matrix of that epoch as its
figures (`shared_figures`): the follower shows that view, the presenter's epoch, its test accuracy and
its confusion matrix (the images stay on the presenter's screen, drawn from its network).
"""
from __future__ import annotations

import numpy as np
from rich.text import Text
from textual.widgets import Static

from workbench.app.no_break import together
from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import confusion_text, pairs_text
from workbench.classroom.results import ResultsSummary
from workbench.classroom.run import RunSummary
from workbench.i18n import t
from workbench.i18n.numbers import percent
from workbench.models.evaluation import confusion_matrix
from workbench.models.train import NET_CLASSES, SYNTHETIC
from workbench.nn.trainer import STOP_FINISHED, STOP_STOPPED


class TrainFollowing(PanePart):
    """The run, its cursor and its figures as a presenter shares them, and a follower's drawing of them."""

    def show_presenters_run(self, run: RunSummary | None, settings: dict[str, str]) -> None:
        """Draw the presenter's `run` (a follower's pane; None: the pane's own again). The view is the
        presenter's (its cursor), and stays when the student takes over. A run of the pane's own still
        going (the student's, from before they followed again) stays shown, and the status line says
        so: the classroom line tells of the presenter's meanwhile. The presenter's `settings` are this
        pane's while it follows: nothing to check them against."""
        waits = run is not None and self.running()
        if waits != self.presenter_waits:
            self.presenter_waits = waits
            self.show_status()
        if run is not None and (self.running() or run.kind != "run" or run.runs):
            run = None
        if run == self.presenters_run:
            return
        came_or_went = (run is None) != (self.presenters_run is None)
        self.presenters_run = run
        if came_or_went:        # the pane's own views, or the presenter's, are drawn again; the keys change
            self._drawn.clear()
            self.refresh_bindings()
        self.refresh_view()

    def shared_cursor(self) -> str:
        """The view shown and, once `,` or `.` stepped back, the epoch its results are of: "curves",
        "results 2" ("" for the setup at the latest epoch, where a step starts); a follower's, what it
        shows of the presenter's run."""
        if self.presenters_run is not None:
            epoch = self.presenters_epoch
        else:
            epoch = self.shown_record().epoch if self.epoch_shown is not None and self.records else None
        if epoch is None:
            return "" if self.view == "setup" else self.view
        return f"{self.view} {epoch}"

    def follow_cursor(self, text: str) -> None:
        """Show the view a presenter shows, at the epoch it stepped to; text that is no cursor changes
        nothing. The view is then the presenter's choice: it stays when the student takes over."""
        view, *epoch = text.split() or ["setup"]
        if view not in self.VIEWS or len(epoch) > 1 or not all(e.isascii() and e.isdigit() and len(e) <= 6 for e in epoch):
            return
        self.presenters_epoch = int(epoch[0]) if epoch else None
        self.view = view
        self._drawn.clear()
        self.refresh_view()

    def show_presenters_epoch(self, view: str, cleared: tuple[str, ...]) -> None:
        """The results or filters view of a follower: the presenter's epoch, its test accuracy and, in
        the results, its confusion matrix and most confused pairs (the images and filters are drawn from
        the presenter's network, which stays on its computer)."""
        run, results = self.presenters_run, self.presenters_results
        epoch = (self.presenters_epoch if self.presenters_epoch is not None
                 else results.epoch if results is not None else run.epoch)
        text = Text(t("train.results.epoch", epoch=epoch, last=max(run.epoch, epoch)), style="bold")
        test = next((point[2] for point in run.accuracies if point[0] == epoch), None)
        if test is not None:
            text.append("  " + together(t("train.results.accuracy", acc=percent(test))))
        matrix = view == "results" and results is not None and results.epoch == epoch
        text.append("\n" + t("classroom.pane.images" if matrix else "classroom.pane.results"), style="dim")
        self.put(f"#train-scrubber-{view}", text)
        for name in cleared:
            self.query_one(name, Static).update("")
        if matrix:
            cm = np.array(results.matrix, dtype=np.int64)
            self.query_one("#train-confusion", Static).update(confusion_text(cm, self.app, width=self.width(),
                                                                             picked=self.pair))
            self.query_one("#train-pairs", Static).update(pairs_text(cm, results.names))
            if self.pair is not None:        # its images are the presenter's: how many, and where they are
                text = self.pair_title(cm, results.names)
                text.append("\n" + t("train.results.pair_elsewhere"), style="dim")
                self.query_one("#train-misclassified", Static).update(text)
        self._drawn.pop(view, None)

    def shared_figures(self) -> ResultsSummary | None:
        """The confusion matrix of the epoch the results show, which a presenter shares with its
        followers (None before the first epoch's predictions)."""
        record = self.shown_record() if self.presenters_run is None else None
        if record is None or self.data is None or record.predictions is None:
            return None
        names = self.data.class_names
        matrix = confusion_matrix(self.data.t_test, record.predictions, len(names))
        return ResultsSummary.of(record.epoch, names, matrix)

    def show_presenters_figures(self, shared, settings: dict[str, str]) -> None:
        """Keep the presenter's confusion matrix (`shared`; None: none) for the results view."""
        shared = shared if isinstance(shared, ResultsSummary) else None
        if shared != self.presenters_results:
            self.presenters_results = shared
            if self.view == "results" and self.presenters_run is not None:
                self.refresh_view()

    def presenters_status(self, run: RunSummary) -> Text:
        """"The presenter's run of SimpleConvNet: epoch 3/17 · trained on the presenter's computer, drawn here"."""
        text = Text(t("classroom.pane.train", net=run.network,
                      state=t(f"classroom.run.{run.state}", epoch=run.epoch, epochs=run.epochs)), style="bold")
        text.append(" · " + t("classroom.pane.read_only"), style="dim")
        return text

    def data_used(self, settings) -> tuple[str, str]:
        """The data set the run of `settings` trains on, and the one asked for when it fell back to the
        synthetic digits ("" else). While its data loads, as the plan found the data: the setting said
        MNIST to every follower for the whole loading of the synthetic digits; a previous run's data, of
        another set asked for, says nothing of this run's."""
        data, plan = self.data, self.result
        if data is not None and data.asked == settings.dataset:
            return data.name, data.asked if data.fell_back else ""
        if plan is not None and plan.settings.dataset == settings.dataset and not plan.data.present:
            return SYNTHETIC, settings.dataset
        return settings.dataset, ""

    def shared_network(self, settings) -> str:
        """The class the run of `settings` trains, as the pane names it ("SimpleConvNet"), its plan or
        none: without a plan yet, followers were told of a run of "simple"."""
        plan = self.result
        if plan is not None and plan.settings.net == settings.net:
            return plan.network_name
        return NET_CLASSES.get(settings.net, settings.net)

    def shared_run(self) -> RunSummary | None:
        """The run in a few figures, which a presenter shares with its followers (None without a run)."""
        settings = self.run_settings
        if settings is None or self.state == "idle" or (not self.losses and not self.running()):
            return None
        done = [record for record in self.records if record.epoch > 0]
        if self.state in ("loading", "training", "paused"):
            state, epoch = ("paused" if self.state == "paused" else "running"), self.progress.get("epoch", 0)
        else:
            stopped = self.stop.reason if self.stop is not None else STOP_FINISHED
            state = ("failed" if self.failure is not None or stopped not in (STOP_FINISHED, STOP_STOPPED)
                     else "stopped" if stopped == STOP_STOPPED else "finished")
            epoch = done[-1].epoch if done else 0
        used, asked = self.data_used(settings)
        return RunSummary.rounded(
            self.shared_network(settings), used, state, asked=asked,
            epoch=epoch, epochs=settings.epochs, iteration=self.progress.get("done"),
            iterations=self.progress.get("total"), loss=self.epoch_loss(done[-1]) if done else None,
            train_acc=done[-1].train_acc if done else None, test_acc=done[-1].test_acc if done else None,
            losses=self.smooth, raw=self.losses,
            accuracies=[(record.epoch, record.train_acc, record.test_acc) for record in done])
