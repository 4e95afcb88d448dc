"""The training pane's results view: the confusion matrix of the epoch shown, its most confused pairs and
the misclassified test images under them; a click on a cell (or `[` `]`) lists that pair's mistakes, a
click on a mistake draws it large with the network's three likeliest classes, Escape undoes them.
"""
from __future__ import annotations

import numpy as np
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import (CELL, IMAGE, class_name, confusion_text, grid, mistake_text,
                                             pairs_text, top_text)
from workbench.i18n import t
from workbench.i18n.numbers import grouped
from workbench.models.evaluation import answer, confusion_matrix, misclassified, shrink, worst_pairs
from workbench.models.train import EpochRecord

MISCLASSIFIED_SHOWN = 12
PAIR_ROWS = 3
"""Rows of images a cell of the confusion matrix lists its mistakes in (as many as fit in them)."""


class TrainResults(PanePart):
    """The results view (`show_results`), and the cell or the image picked in it."""

    def show_results(self) -> None:
        if self.presenters_run is not None:
            self.show_presenters_epoch("results", ("#train-confusion", "#train-pairs", "#train-misclassified"))
            return
        record = self.shown_record()
        if record is None or self.data is None:
            self.put("#train-scrubber-results", t("train.results.empty"))
            for name in ("#train-confusion", "#train-pairs", "#train-misclassified"):
                self.query_one(name, Static).update("")
            return
        self.put("#train-scrubber-results", self.scrubber(record))    # "epoch 3/5" also moves when only the last epoch did
        key = self.results_key(record)
        if self._drawn.get("results") == key:
            return
        self._drawn["results"] = key
        names = ("#train-confusion", "#train-pairs", "#train-misclassified")
        for name, content in zip(names, self._views_of(key, record, lambda: self.results_views(record))):
            self.query_one(name, Static).update(content)

    def results_key(self, record: EpochRecord) -> tuple:
        return ("results", id(record), self.width(), self.app.theme, self.pair, self.picked)

    def results_views(self, record: EpochRecord) -> tuple:
        """The results view of `record`: confusion matrix, most confused pairs, and under them the
        misclassified images (the first of all, or those of the cell picked), or the one picked, large."""
        data = self.data
        cm = confusion_matrix(data.t_test, record.predictions, len(data.class_names))
        confusion = confusion_text(cm, self.app, width=self.width(), picked=self.pair)
        if self.picked is not None and 0 <= self.picked < len(data.t_test):
            return confusion, pairs_text(cm, data.class_names), self.mistake_view(record)
        per_row = max(1, (self.width() + 1) // 15)          # 14-cell images, a gap between
        limit = MISCLASSIFIED_SHOWN if self.pair is None else max(MISCLASSIFIED_SHOWN, PAIR_ROWS * per_row)
        wrong = misclassified(data.t_test, record.predictions, limit, pair=self.pair)
        images = [shrink(data.x_test[i, 0]) for i in wrong]
        if self.pair is None:
            captions = [f"{data.t_test[i]}→{record.predictions[i]}" for i in wrong]
            title = Text.assemble((t("train.results.wrong", shown=len(wrong),
                                     total=grouped(np.sum(data.t_test != record.predictions))), "bold"), "\n")
            hint = "train.results.click_cell" if len(wrong) else ""
        else:
            captions = [f"#{i}" for i in wrong]
            title = self.pair_title(cm, data.class_names, len(wrong))
            title.append("\n")
            hint = "train.results.click_back" if len(wrong) else "train.results.click_back.none"
        if hint:
            title.append(t(hint) + "\n", style="dim")
        marks = [int(i) for i in wrong]
        return (confusion, pairs_text(cm, data.class_names),
                title + grid(images, captions, self.app, self.width(), limits=(0.0, 1.0), marks=marks)
                if len(wrong) else title)

    def pair_title(self, cm: np.ndarray, names, shown: int | None = None) -> Text:
        """"true 4 → predicted 9: 23 images" of the cell picked (", the first 15" when fewer are shown)."""
        true, predicted = self.pair
        count = int(cm[true, predicted])
        key = "train.results.pair" + (".none" if count == 0 else ".one" if count == 1 else "")
        text = Text()
        text.append(t(key, true=class_name(true, names), predicted=class_name(predicted, names),
                      count=grouped(count)), style="bold")
        if shown is not None and 0 < shown < count:
            text.append(t("train.results.pair_first", shown=shown), style="bold")
        return text

    def mistake_view(self, record: EpochRecord) -> Text:
        """The picked test image large, with the three classes the network of `record` finds likeliest for
        it, computed now (where there is no network to ask, it says so in their place)."""
        data, index = self.data, self.picked
        names = data.class_names
        text = Text.assemble((t("train.results.image", index=index, true=class_name(int(data.t_test[index]), names),
                                predicted=class_name(int(record.predictions[index]), names)), "bold"), "\n")
        network = self.viewer()
        if network is None:
            said = Text(t("train.results.no_network"), style="dim")
        else:
            try:
                top = answer(network, data.x_test[index], 3)
            except ValueError as exc:          # a network that does not take this image: say why, in place
                said = Text(t("train.results.no_answer", reason=exc), style="dim")
            else:
                said = Text(t("train.results.answer", net=type(network).__name__, epoch=record.epoch) + "\n")
                said.append_text(top_text(top, names, max(20, self.width() - 30)))
        text.append_text(mistake_text(data.x_test[index, 0], said, self.app, self.width()))
        text.append("\n" + t("train.results.click_close"), style="dim")
        text.stylize(Style(meta={IMAGE: index}))             # a click on it closes it
        return text

    def on_click(self, event: events.Click) -> None:
        """A click on a cell of the confusion matrix lists that pair's mistakes (again, or on the diagonal:
        all of them); on a mistake, draws it large with the network's answer; on that, closes it."""
        meta = event.style.meta if event.style is not None else {}
        if self.view != "results" or not (CELL in meta or IMAGE in meta):
            return
        event.stop()
        if CELL in meta:
            true, predicted = meta[CELL]
            self.pair = None if true == predicted or self.pair == (true, predicted) else (true, predicted)
            self.picked = None
        else:
            self.picked = None if self.picked == meta[IMAGE] else meta[IMAGE]
        self.show_picked()

    def show_picked(self) -> None:
        """The results again, after the cell or the image picked changed; the keys that undo it with them."""
        self.refresh_bindings()
        self.show_results()
        if self.picked is not None:          # its top in view: the picture replaces the grid clicked in
            self.call_after_refresh(self.query_one("#train-misclassified").scroll_visible, animate=False, top=True)

    def action_unpick(self) -> None:
        """Escape: the image drawn large closes; else every mistake is listed again."""
        if self.picked is not None:
            self.picked = None
        else:
            self.pair = None
        self.show_picked()

    def action_pair(self, step: int) -> None:
        """[ and ]: the next or the previous confused pair (most confused first), then all mistakes again."""
        cm = self.shown_matrix()
        if cm is None:
            return
        order = [None, *((i, j) for i, j, _ in worst_pairs(cm, cm.size))]
        at = order.index(self.pair) if self.pair in order else 0
        self.pair, self.picked = order[(at + int(step)) % len(order)], None
        self.show_picked()

    def shown_matrix(self) -> np.ndarray | None:
        """The confusion matrix the results view shows: of the epoch shown, or the presenter's (None: none)."""
        if self.presenters_run is not None:
            results = self.presenters_results
            return np.array(results.matrix, dtype=np.int64) if results is not None else None
        record = self.shown_record()
        if record is None or self.data is None or record.predictions is None:
            return None
        return confusion_matrix(self.data.t_test, record.predictions, len(self.data.class_names))
