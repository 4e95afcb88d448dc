"""The training pane's filters view: the first convolution's filters at the epoch shown and before
training, on one scale, one of them chosen (a click on it, or `,` `.`) and marked, and beside them
(under them where the width is short) that filter's feature map on one digit, after the convolution
and after ReLU (`models/feature_map.py` computes it; this only draws): the first test image, another
with `[` `]`, or the digit drawn in the draw view. The book's §7.6: the filters become edge and blob
detectors; the map shows where one of them responds. `<` `>` move the filters through the epochs.
Before any run it draws the settings' network's random initial filters, and says so.
"""
from __future__ import annotations

import numpy as np
from rich.text import Text
from textual import events
from textual.widgets import Static

from workbench.app.messages import CursorMoved
from workbench.app.panes.pane_part import PanePart
from workbench.app.panes.train_views import FILTER, beside, common_limits, grid
from workbench.datasets.sources import class_label
from workbench.i18n import t
from workbench.i18n.numbers import percent
from workbench.models.evaluation import first_layer_images, grow, shrink
from workbench.models.feature_map import FilterMap, digit_image, filter_count, filter_map
from workbench.models.train import EpochRecord, build_network

MAP_GAP = 2
"""Cells between the filters and the chosen filter's map beside them."""
WIDE = 100
"""From this width on, the digit and the maps are drawn a pixel a cell (under it, shrunk to half)."""
FEWEST_BESIDE = 5
"""Filters a row the filters must keep for the map to go beside them (else it goes under them)."""


class TrainFilters(PanePart):
    """The filters view (`show_filters`), the filter chosen and the digit its map is drawn on."""

    filter_chosen = 0
    """The filter whose feature map is drawn (an index into the first convolution's filters)."""
    drawing_passed: bytes | None = None
    """The drawing `[` `]` left for the test images (its bytes): the map is of a test image until it changes."""
    _initial: tuple | None = None

    # -- what is drawn ------------------------------------------------------------------------------

    def show_filters(self) -> None:
        if self.presenters_run is not None:
            self.show_presenters_epoch("filters", ("#train-filters", "#train-feature-maps"))
            return
        record = self.shown_record()
        if record is None or self.data is None:
            self.show_initial_filters()
            return
        self.put("#train-scrubber-filters", self.scrubber(record))
        key = ("filters", id(record), self.digit, self.filter_chosen, self.map_drawing(), self.width(),
               self.app.theme)
        if self._drawn.get("filters") == key:
            return
        self._drawn["filters"] = key
        names = ("#train-filters", "#train-feature-maps")
        for name, content in zip(names, self._views_of(key, record, lambda: self.filters_views(record))):
            self.query_one(name, Static).update(content)

    def show_initial_filters(self) -> None:
        """Before any run: the settings' network's random initial filters, said to be so, and the chosen
        one's map on the digit drawn, if one is."""
        network = self.initial_network()
        if network is None or not first_layer_images(network.params):
            self.put("#train-scrubber-filters", t("train.results.empty"))
            self.query_one("#train-filters", Static).update("")
            self.query_one("#train-feature-maps", Static).update("")
            return
        self.put("#train-scrubber-filters", Text(t("train.filters.initial"), style="bold"))
        key = ("initial", id(network), self.filter_chosen, self.map_drawing(), self.width(), self.app.theme)
        if self._drawn.get("filters") == key:
            return
        self._drawn["filters"] = key
        shown = self.filters_content(network.params, None, None, network)
        for name, content in zip(("#train-filters", "#train-feature-maps"), shown):
            self.query_one(name, Static).update(content)

    def initial_network(self):
        """The network the settings would train, as built before its first step (kept per settings)."""
        settings = self.settings
        if self._initial is None or self._initial[0] != settings:
            try:
                network = build_network(settings)
            except (ValueError, TypeError):
                network = None
            self._initial = (settings, network)
        return self._initial[1]

    def filters_views(self, record: EpochRecord) -> tuple:
        """The filters view of `record`: its filters and those before training, the chosen one's map."""
        return self.filters_content(self.records[0].params, record.params, record.epoch, self.viewer())

    def filters_content(self, before_params: dict, now_params: dict | None, epoch: int | None, network) -> tuple:
        """(the filters, with the map beside them; the map when it goes under them, else empty)."""
        width = self.width()
        before = first_layer_images(before_params)
        now = first_layer_images(now_params) if now_params is not None else before
        if not now:
            return Text(t("train.filters.none")), Text()
        if now[0].shape[0] >= 28:                          # a fully connected network: its first weights
            return self.weights_text(before, now, epoch, width), Text()
        count = len(now)
        self.filter_chosen = min(self.filter_chosen, count - 1)
        side = self.map_text(network, width >= WIDE)
        side_width = max((line.cell_len for line in side.split()), default=0)
        cell = now[0].shape[1] + 1
        left = width - side_width - MAP_GAP
        if left + 1 < FEWEST_BESIDE * cell:               # no room beside: the map under the filters
            return self.filters_text(before, now, epoch, width), side
        return beside(self.filters_text(before, now, epoch, left), side, left, MAP_GAP), Text()

    def filters_text(self, before: list, now: list, epoch: int | None, width: int) -> Text:
        """The filters at `epoch` (None: before any run, only the random ones), then before training
        (not for a network loaded and not trained further: its only filters are the loaded ones), on
        one scale, numbered, the chosen one's number marked; a click on a filter chooses it."""
        grow_by = 2 if width >= WIDE else 1
        images = [grow(img, grow_by) for img in now]
        first = [grow(img, grow_by) for img in before]
        limits = common_limits(first + images)
        captions, marks = [str(k + 1) for k in range(len(now))], list(range(len(now)))
        chosen = self.filter_chosen
        loaded = self.training.loaded_epoch if self.loaded_only() else None
        title = t("train.filters.initial_title") if epoch is None else \
            t("train.filters.loaded", epoch=loaded) if loaded is not None else \
            t("train.filters.loaded_unknown") if self.loaded_only() else t("train.filters.now", epoch=epoch)
        text = self.wrapped([Text(title, style="bold")], width)
        text.append("\n")
        text.append_text(grid(images, captions, self.app, width, signed=True, limits=limits, marks=marks,
                              key=FILTER, chosen=chosen))
        if epoch is not None and not self.loaded_only():
            text.append("\n")
            text.append_text(self.wrapped([Text(t("train.filters.then"), style="bold")], width))
            text.append("\n")
            text.append_text(grid(first, captions, self.app, width, signed=True, limits=limits, marks=marks,
                                  key=FILTER, chosen=chosen))
        return text

    def loaded_only(self) -> bool:
        """The run shown loaded a network (l) and did not train it (no step yet)."""
        return self.training is not None and bool(self.training.loaded) and not self.losses

    def weights_text(self, before: list, now: list, epoch: int | None, width: int) -> Text:
        """A fully connected network's first weights (its first 12 units), before training and now."""
        shown = min(len(now), 12)
        first, scale = [shrink(img) for img in before[:shown]], [shrink(img) for img in now[:shown]]
        limits = common_limits(first + scale)
        text = Text(t("train.filters.weights_before") + "\n", style="bold")
        text.append_text(grid(first, [], self.app, width, signed=True, limits=limits))
        if epoch is not None:
            text.append("\n" + t("train.filters.weights_after", epoch=epoch) + "\n", style="bold")
            text.append_text(grid(scale, [], self.app, width, signed=True, limits=limits))
        return text

    def map_digit(self) -> tuple[np.ndarray, str] | None:
        """The digit the map is of and what it says of it: the drawing, else the test image chosen."""
        if self.map_drawing() is not None:
            return digit_image(self.drawing), t("train.filters.on_drawing")
        data = self.data
        if data is None or not len(data.x_test):
            return None
        index = self.digit % len(data.x_test)
        record = self.shown_record()
        predicted = class_label(data.class_names[record.predictions[index]]) if record is not None and \
            len(record.predictions) > index else "?"
        return data.x_test[index], t("train.filters.on_test", index=index,
                                      label=class_label(data.class_names[data.t_test[index]]),
                                      predicted=predicted)

    def map_drawing(self) -> bytes | None:
        """The drawing the map is of (its bytes, which tell a new drawing), or None: a test image's."""
        drawing = self.drawing
        if drawing is None or not drawing.any():
            return None
        seen = drawing.tobytes()
        return None if seen == self.drawing_passed else seen

    def map_text(self, network, wide: bool) -> Text:
        """The chosen filter's map on the digit: the map after the convolution and after ReLU on one
        scale, the digit and the filter under them, and how much of the map the ReLU lets through."""
        if network is None:
            return Text()
        cells = 28 if wide else 14
        title = Text(t("train.filters.chosen", n=self.filter_chosen + 1, count=filter_count(network)), style="bold")
        digit = self.map_digit()
        if digit is None:
            return self.wrapped([title, Text(t("train.filters.no_digit"), style="dim")], 2 * cells)
        image, said = digit
        shown: FilterMap = filter_map(network, image, self.filter_chosen)
        scale = (lambda img: img) if wide else shrink
        picture = grid([scale(image[0])], [t("train.filters.input")], self.app, cells, limits=(0.0, 1.0))
        weights = grow(shown.weights, 2)
        kernel = grid([weights], [t("train.filters.filter")], self.app, weights.shape[1], signed=True)
        maps = [scale(shown.conv)] + ([scale(shown.relu)] if shown.relu is not None else [])
        captions = [t("train.filters.conv"), t("train.filters.relu")][:len(maps)]
        drawn = grid(maps, captions, self.app, len(maps) * (maps[0].shape[1] + 1), signed=True,
                     limits=common_limits(maps))
        width = max(len(maps) * (maps[0].shape[1] + 1) - 1, cells + 2 + weights.shape[1])
        text = self.wrapped([title, Text(said, style="dim")], width)
        text.append("\n")
        text.append_text(drawn)                     # the maps first: in sight at 80×24 with the filters
        text.append("\n")
        text.append_text(beside(picture, kernel, cells, 2))
        text.append("\n")
        text.append_text(self.wrapped([Text(t("train.filters.lit", percent=percent(shown.lit, 0)), style="dim")],
                                      width))
        return text

    def wrapped(self, lines: list[Text], width: int) -> Text:
        """`lines`, each wrapped to `width` cells, one under the other (a column beside the filters)."""
        return Text("\n").join(piece for line in lines for piece in line.wrap(self.app.console, width))

    # -- keys and clicks ----------------------------------------------------------------------------

    def filters_count(self) -> int:
        """How many filters the view can choose from (0: none drawn, or a presenter's run)."""
        if self.presenters_run is not None or self.view != "filters":
            return 0
        network = self.viewer() if self.records and self.data is not None else self.initial_network()
        return filter_count(network) if network is not None else 0

    def filter_check(self, step: int) -> bool | None:
        """`,` `.` in the filters view: lit where they move the choice, dimmed at the ends."""
        count = self.filters_count()
        if not count:
            return False
        return None if not 0 <= self.filter_chosen + step < count else True

    def action_filter(self, step: int) -> None:
        count = self.filters_count()
        if count:
            self.choose_filter(min(max(self.filter_chosen + int(step), 0), count - 1))

    def choose_filter(self, index: int) -> None:
        if index != self.filter_chosen:
            self.filter_chosen = index
            self.refresh_view()
        self.refresh_bindings()
        self.post_message(CursorMoved())

    def action_filters_epoch(self, step: int) -> None:
        """`<` `>`: the filters one epoch earlier or later (`,` `.` choose a filter in this view)."""
        self.action_epoch(step)

    def on_click(self, event: events.Click) -> None:
        """A click on a filter (or its number) chooses it (a handler by its name, as PanePart says)."""
        meta = event.style.meta if event.style is not None else {}
        if self.view != "filters" or FILTER not in meta or self.presenters_run is not None:
            return
        event.stop()
        self.choose_filter(int(meta[FILTER]))

    def action_digit(self, step: int) -> None:
        """`[` `]`: another test image (from a drawing: the test image chosen before, the drawing left)."""
        if self.data is None:
            return
        if self.map_drawing() is not None:
            self.drawing_passed = self.drawing.tobytes()
        else:
            self.digit = (self.digit + int(step)) % len(self.data.x_test)
        self.refresh_view()
