"""The training pane's filters view: the first layer's filters (or weights) before training and at the
epoch shown, on one scale, and one test image's feature maps through the first convolution (`[` `]`
choose the image): what the network learned to look for.
"""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import common_limits, grid
from workbench.i18n import t
from workbench.models.evaluation import feature_maps, first_layer_images, grow, shrink
from workbench.models.train import EpochRecord


class TrainFilters(PanePart):
    """The filters view (`show_filters`) and the test image its feature maps are of."""

    def show_filters(self) -> None:
        if self.presenters_run is not None:
            self.show_presenters_epoch("filters", ("#train-filters", "#train-feature-maps"))
            return
        record = self.shown_record()
        if record is None or self.data is None:
            self.put("#train-scrubber-filters", t("train.results.empty"))
            self.query_one("#train-filters", Static).update("")
            self.query_one("#train-feature-maps", Static).update("")
            return
        self.put("#train-scrubber-filters", self.scrubber(record))
        key = ("filters", id(record), self.digit, self.width(), self.app.theme)
        if self._drawn.get("filters") == key:
            return
        self._drawn["filters"] = key
        names = ("#train-filters", "#train-feature-maps")
        for name, content in zip(names, self._views_of(key, record, lambda: self.filters_views(record))):
            self.query_one(name, Static).update(content)

    def filters_views(self, record: EpochRecord) -> tuple:
        """The filters view of `record`: the first layer's filters before and after, feature maps."""
        width = self.width()
        before, now = first_layer_images(self.records[0].params), first_layer_images(record.params)
        text = Text()
        if not now:
            text.append(t("train.filters.none"))
        else:
            conv = now[0].shape[0] < 28
            grow_by = 2 if width >= 100 else 1
            shown = len(now) if conv else min(len(now), 12)
            scale = [grow(img, grow_by) if conv else shrink(img) for img in now[:shown]]
            first = [grow(img, grow_by) if conv else shrink(img) for img in before[:shown]]
            limits = common_limits(first + scale)
            text.append(t("train.filters.before" if conv else "train.filters.weights_before") + "\n", style="bold")
            text.append_text(grid(first, [], self.app, width, signed=True, limits=limits))
            text.append("\n" + t("train.filters.after" if conv else "train.filters.weights_after",
                                 epoch=record.epoch) + "\n", style="bold")
            text.append_text(grid(scale, [], self.app, width, signed=True, limits=limits))
        return text, self.maps_text(record, width)

    def maps_text(self, record: EpochRecord, width: int) -> Text:
        data = self.data
        if record.params.get("W1") is None or record.params["W1"].ndim != 4:
            return Text()
        index = self.digit % len(data.x_test)
        image = data.x_test[index]
        maps = feature_maps(record.params, image, **self.conv_geometry())
        text = Text("\n" + t("train.filters.maps", index=index, label=data.class_names[data.t_test[index]],
                             predicted=data.class_names[record.predictions[index]]), style="bold")
        if self.mine_run:
            text.append(" " + t("mine.train.draw_note"), style="dim")
        text.append("\n")
        pictures = [shrink(image[0])] + [shrink(m) for m in maps]
        captions = [t("train.filters.input")] + [str(i + 1) for i in range(len(maps))]
        text.append_text(grid(pictures[:1], captions[:1], self.app, width, limits=(0.0, 1.0)))
        text.append("\n")
        text.append_text(grid(pictures[1:], captions[1:], self.app, width, signed=True,
                              limits=common_limits(pictures[1:])))
        return text

    def conv_geometry(self) -> dict[str, int]:
        """The first convolution's stride and padding, read from the network that was trained."""
        layer = self.training.network.layers.get("Conv1") if self.training is not None else None
        return {"stride": getattr(layer, "stride", 1), "pad": getattr(layer, "pad", 0)}

    def action_digit(self, step: int) -> None:
        if self.data is not None:
            self.digit = (self.digit + int(step)) % len(self.data.x_test)
            self.refresh_view()
