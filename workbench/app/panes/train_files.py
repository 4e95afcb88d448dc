"""The training pane's files: `w` saves the network shown (an earlier epoch's when the views are moved
back to it), `l` loads the one saved for the settings in use (the next `g` goes on from it), `d` downloads
the data set when it is missing. What the run reads and writes on disk, apart from the run itself.
"""
from __future__ import annotations

from pathlib import Path

from workbench.app.panes.pane_part import PanePart
from workbench.i18n import t
from workbench.models.mine import impl_named
from workbench.models.settings import labelled
from workbench.models.train import default_save_path, epochs_trained, save_network


class TrainFiles(PanePart):
    """Saving and loading the network (`w`, `l`) and downloading the data set (`d`)."""

    def action_save(self) -> None:
        """Save the parameters shown: an earlier epoch's when the views are moved back to it, else the
        network as training left it; the message and the file say which epoch they are."""
        if self.mine_run and self.records and self.state not in ("loading", "training"):
            self.save_mine()
            return
        if self.training is None or self.state in ("loading", "training"):
            self.message = t("train.save.not_now")
            self.refresh_view()
            return
        path = default_save_path(self.run_settings or self.settings, self.data.name)
        record, trainer = self.shown_record(), self.training.trainer
        scrubbed = record is not None and record is not self.records[-1]
        at_epoch_end = trainer.current_iter % trainer.iter_per_epoch == 0
        try:
            if scrubbed or (record is not None and at_epoch_end):
                network = self.viewer() if scrubbed else self.training.network
                epoch = epochs_trained(self.training, record.epoch)
                save_network(network, path, epoch=epoch)
                self.message = (t("train.save.saved_epoch", epoch=epoch, path=path) if epoch is not None
                                else t("train.save.saved", path=path))
            else:
                save_network(self.training.network, path)
                self.message = t("train.save.saved_now", iteration=trainer.current_iter, path=path)
        except ValueError as exc:
            self.message = t("train.save.failed", reason=exc)
        self.refresh_view()

    def save_mine(self) -> None:
        """Save the shown epoch's parameters, trained by the learner's code, beside the library's file."""
        record = self.shown_record()
        path = default_save_path(self.run_settings, self.data.name)
        try:
            save_network(self.viewer(), path, epoch=record.epoch)
            self.message = t("train.save.saved_epoch", epoch=record.epoch, path=path) + " · " + \
                t("mine.train.saved_apart")
        except ValueError as exc:
            self.message = t("train.save.failed", reason=exc)
        self.refresh_view()

    def action_load(self) -> None:
        if self.settings.impl == "mine":
            with labelled(self.entry.setting_label, self.entry.choice_label):    # as the settings show them
                self.message = t("mine.train.no_load", **impl_named())
            self.refresh_view()
            return
        if self.running():
            self.message = t("train.load.not_now")
            self.refresh_view()
            return
        path = self.saved_path()
        if not path.is_file():
            self.message = t("train.load.none", path=path)
            self.refresh_view()
            return
        self.begin(load=path, train=False)
        self.continue_from = path

    def saved_path(self) -> Path:
        s = self.settings
        name = s.dataset if self.result is None or self.result.data.present else "synthetic-digits"
        return default_save_path(s, name)

    def action_download(self) -> None:
        if self.result is None or self.result.data.present or self.running():
            return
        name = self.settings.dataset
        self.download_progress = (0, 1, name)

        def work(ctx):
            from workbench.datasets import load_dataset

            load_dataset(name, download=True, progress=lambda done, total, file: ctx.progress(done, total, file=file))
            return name

        self.start_job("download", work)
        self.refresh_view()
