"""Which epoch the training pane's results and filters views show, `,` and `.` stepping through the
epochs kept (each epoch's parameters and test predictions); the line over those views that names it
("epoch 3/5 … , . epochs"); the network with its parameters, which the views ask for answers; and the
views drawn, kept by epoch, so that stepping back to an epoch shows it at once.
"""
from __future__ import annotations

from rich.text import Text
from textual.content import Content

from workbench.app.messages import CursorMoved
from workbench.app.no_break import together
from workbench.app.panes.pane_part import PanePart
from workbench.app.widgets.view_tabs import key_hint
from workbench.i18n import t
from workbench.i18n.numbers import percent
from workbench.models.train import EpochRecord, build_network, restore

SCRUB_KEYS = {",": "comma", ".": "full_stop"}
"""The keys the results' ", . epochs" names, which a click on them presses."""
FILTERS_SCRUB_KEYS = {"<": "less_than_sign", ">": "greater_than_sign"}
"""The keys the filters' "< > epochs" names (there `,` `.` choose a filter)."""
VIEWS_KEPT = 16
"""Drawn results and filters views kept (by epoch, digit, width and theme)."""


class TrainEpochs(PanePart):
    """The epoch the post-run views show (`shown_record`), its scrubber line, its network and the views kept."""

    def shown_record(self) -> EpochRecord | None:
        if not self.records:
            return None
        index = len(self.records) - 1 if self.epoch_shown is None else self.epoch_shown
        return self.records[min(index, len(self.records) - 1)]

    def scrubber(self, record: EpochRecord) -> Text:
        """"epoch 3/5  test accuracy 97.1 %  , . epochs" ("< > epochs" over the filters, whose `,` `.`
        choose a filter; under it, after a run of the learner's code, that the library's layers draw
        their weights): the keys and the figure after "epoch 3/5" each wrap as a whole beside the text
        (", . epochs" broke after its comma)."""
        last = self.records[-1].epoch
        text = Text(t("train.results.epoch", epoch=record.epoch, last=last), style="bold")
        if record.epoch == 0:
            text.append("  " + together(t("train.results.before")), style="dim")
        text.append("  " + together(t("train.results.accuracy", acc=percent(record.test_acc))))
        if len(self.records) > 1:            # a click on , or . presses it
            text.append("  ", style="dim")
            filters = self.view == "filters" and self.filters_count() > 0
            hint, keys = ("train.filters.scrub", FILTERS_SCRUB_KEYS) if filters else ("train.results.scrub", SCRUB_KEYS)
            text.append_text(key_hint(together(t(hint)), keys, "dim"))
        if record is not self.records[-1]:
            text.append("  " + together(t("train.results.save_these")), style="dim")
        if self.mine_run and self.view == "filters":      # the learner's weights, in the library's layers
            text.append("\n" + t("mine.train.draw_note"), style="dim")
        return text

    def _views_of(self, key: tuple, record: EpochRecord, make) -> tuple:
        """What `make()` draws for `key`, made at the first asking and kept (VIEWS_KEPT of them), as
        Textual content: `,` and `.` return to an epoch at once (drawing a results view takes tens
        of milliseconds, most of it turning Rich text into Textual's content)."""
        kept = self._views.get(key)
        if kept is None:
            console = self.app.console
            contents = tuple(Content.from_rich_text(r, console=console) if isinstance(r, Text) else r for r in make())
            if len(self._views) >= VIEWS_KEPT:
                self._views.pop(next(iter(self._views)))
            kept = self._views[key] = (record, contents)      # the record too: its id stays its own
        return kept[1]

    def action_epoch(self, step: int) -> None:
        if len(self.records) < 2:
            return
        index = len(self.records) - 1 if self.epoch_shown is None else self.epoch_shown
        index = min(max(index + int(step), 0), len(self.records) - 1)
        self.epoch_shown = None if index == len(self.records) - 1 else index
        if self.view not in ("results", "filters"):
            self.view = "results"
        self.refresh_view()
        self.post_message(CursorMoved())

    def viewer(self):
        """A network with the shown epoch's parameters (not the one training), for predictions."""
        record = self.shown_record()
        if record is None or self.run_settings is None:
            return None
        key = (id(record), self.run_settings)
        if self._viewer_key != key:
            network = build_network(self.run_settings)
            restore(network, record.params)
            self._viewer, self._viewer_key = network, key
        return self._viewer
