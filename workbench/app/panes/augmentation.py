"""Data augmentation: one digit rotated, shifted, scaled, flipped, cropped or made brighter, beside (or
over) the original, with the amounts of every transform (`workbench.models.augmentation`); a transform is
chosen by its number or a click on it in the list."""
from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding

from workbench.app.panes.base import Pane, failure_text
from workbench.app.panes.cells import Canvas, CellView, CursorKeys, Shades, half_blocks, step_bindings
from workbench.app.styles import pane_css
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.i18n import t
from workbench.i18n.cells import wrap
from workbench.i18n.numbers import num, percent
from workbench.jobs import JobDone
from workbench.models.augmentation import (DATASETS, FLIPS, IDENTITY, PICTURES, SIDE, TRANSFORMS, AugmentationResult,
                                           is_identity, is_loaded, load_test_images, random_amounts)

WIDE = 2 * SIDE + 3
"""Columns from which the original and the augmented digit fit side by side."""
STEPS = {"rotate": 5.0, "scale": 0.05, "crop": 2, "brightness": 0.1}
"""What + and - add or take away for each transform (a flip goes to the next; a shift moves with h j k l)."""
LIMITS = {"rotate": (-180.0, 180.0), "scale": (0.25, 2.0), "crop": (8, SIDE), "brightness": (0.0, 3.0)}
OVERLAY = 0.55
"""How much of the accent colour marks where the original had ink that the augmented digit has not."""


def amount_text(result: AugmentationResult, transform: str) -> str:
    """A transform with its amount, as the list under the image shows it: "rotate 15°", "crop 20 at (4, 4)"."""
    s = result.settings
    values = {"rotate": {"angle": num(s.angle)}, "shift": {"down": num(s.shift[0]), "right": num(s.shift[1])},
              "scale": {"scale": num(s.scale, 2)}, "flip": {"flip": t(f"augmentation.flip.{s.flip}")},
              "crop": {"crop": s.crop, "top": s.crop_at[0], "left": s.crop_at[1]},
              "brightness": {"brightness": num(s.brightness, 2)}}[transform]
    return t(f"augmentation.amount.{transform}", **values)


class AugmentationPane(CursorKeys, Pane):
    """A digit and its augmented copy; keys choose a transform and change its amount."""

    PANE = "augmentation"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        *(Binding(str(i), f"select('{name}')", id=f"augmentation.{name}", show=i == 1, key_display="1–6" if i == 1 else None)
          for i, name in enumerate(TRANSFORMS, start=1)),
        Binding("plus,equals_sign", "amount(1)", id="augmentation.more", key_display="+",
                group=Binding.Group("amount")),
        Binding("minus", "amount(-1)", id="augmentation.less", key_display="-", show=False,
                group=Binding.Group("amount")),
        *step_bindings("augmentation"),
        Binding("0", "reset", id="augmentation.reset", show=False),
        Binding("left_square_bracket", "image(-1)", id="augmentation.previous_image", key_display="[", show=False,
                group=Binding.Group("image")),
        Binding("right_square_bracket", "image(1)", id="augmentation.next_image", key_display="]", show=False,
                group=Binding.Group("image")),
        Binding("m", "dataset", id="augmentation.dataset", show=False),
        Binding("v", "picture", id="augmentation.picture", show=False),
        *CursorKeys.bindings("augmentation"),
    ]

    def compose_pane(self) -> ComposeResult:
        yield CellView(id="augmentation-status")
        with MarkedScroll(id="augmentation-body"):
            yield CellView(id="augmentation-images")
            yield CellView(id="augmentation-numbers")

    # -- drawing ------------------------------------------------------------------------------------

    def show(self, result: AugmentationResult) -> None:
        width = (self.query_one("#augmentation-body").size.width or 39) - 1      # room for the scroll bar
        theme = self.app.theme_variables
        self.query_one("#augmentation-status", CellView).draw(self.status(result, width, theme))
        self.query_one("#augmentation-images", CellView).draw(self.images(result, width, Shades(theme)))
        self.query_one("#augmentation-numbers", CellView).draw(self.numbers(result, width, theme))
        if result.digit.pending:
            self.load(result.settings.dataset)

    def status(self, result: AugmentationResult, width: int, theme: dict[str, str]) -> Canvas:
        """Which image (and, where only one picture fits, which picture), and a note when the image is
        not from the data set asked for."""
        d = result.digit
        canvas = Canvas()
        line = t(f"conv.dataset.{d.dataset}", label=d.label, index=result.settings.index)
        x = canvas.put(0, 0, line, "bold")
        y = 1
        if width < WIDE:
            picture = t(f"augmentation.picture.{result.settings.picture}")
            if x + 3 + cell_len(picture) <= width:
                canvas.put(x, 0, " · " + picture)
            else:
                canvas.put(0, 1, picture)
                y = 2
        for text in wrap(d.note, width) if d.note else []:
            canvas.put(0, y, text, theme["warning"])
            y += 1
        return canvas

    def images(self, result: AugmentationResult, width: int, shades: Shades) -> Canvas:
        """The original and the augmented digit side by side, with their names; in a narrow pane one
        picture (`v`), named on the status line."""
        canvas = Canvas()
        if width < WIDE:
            half_blocks(canvas, 0, 0, self.colors(result, result.settings.picture, shades), shades.base.hex)
            return canvas
        for x, picture in ((0, "original"), (SIDE + 3, "augmented")):
            canvas.put(x, 0, t(f"augmentation.picture.{picture}"), "bold")
            half_blocks(canvas, x, 1, self.colors(result, picture, shades), shades.base.hex)
        return canvas

    @staticmethod
    def colors(result: AugmentationResult, picture: str, shades: Shades) -> list[list[str]]:
        """Pixels as colours: grey for a digit; in the overlay the augmented digit in grey and, in the
        accent colour, the original's ink where the augmented digit has less."""
        if picture != "overlay":
            image = result.original if picture == "original" else result.augmented
            return [[shades.gray(float(v)) for v in row] for row in image]
        return [[shades.tint(shades.gray(float(a)), OVERLAY * float(o - a)) if o > a else shades.gray(float(a))
                 for o, a in zip(row_o, row_a)] for row_o, row_a in zip(result.original, result.augmented)]

    def numbers(self, result: AugmentationResult, width: int, theme: dict[str, str]) -> Canvas:
        """How much ink is left and how many pixels changed, every transform with its amount (the
        selected one marked, the ones in use bright), then, under them, the warning a flip brings: above
        them it pushed the transforms below the fold at 80×24, where + and - change them."""
        canvas = Canvas()
        s = result.settings
        flipped = s.flip != "none"
        y = self.lines(canvas, 0, self.counts(result, width, flipped), width)
        x = 0
        for i, transform in enumerate(TRANSFORMS, start=1):
            piece = f"{i} {amount_text(result, transform)}"
            if x and x + cell_len(piece) > width:
                x, y = 0, y + 1
            if transform == s.selected:
                style = f"bold reverse {theme['accent']}"
            else:
                style = "dim" if is_identity(s, transform) else "bold"
            x = canvas.put(x, y, piece, style, key=("transform", transform)) + 2
        if flipped:
            self.lines(canvas, y + 1, self.one_line("augmentation.flip_warning", width), width, theme["warning"])
        return canvas

    @staticmethod
    def one_line(key: str, width: int, **values) -> str:
        """The text of `key`, or of its short form (`key`.short) when it would not fit on one line."""
        text = t(key, **values)
        return text if cell_len(text) <= width else t(f"{key}.short", **values)

    def counts(self, result: AugmentationResult, width: int, flipped: bool) -> str:
        """Ink kept and pixels changed; on one line while a flip is on, so that with the flip's warning
        the numbers take the rows they take without it and the last transform stays above the fold."""
        values = {"ink": percent(result.ink_kept, 0), "changed": result.changed, "pixels": SIDE * SIDE}
        return self.one_line("augmentation.counts", width, **values) if flipped else t("augmentation.counts", **values)

    @staticmethod
    def lines(canvas: Canvas, y: int, text: str, width: int, style: str = "") -> int:
        """`text` wrapped to `width` from row `y`; the row after it."""
        for line in wrap(text, width):
            canvas.put(0, y, line, style)
            y += 1
        return y

    # -- loading a data set --------------------------------------------------------------------------

    def load(self, dataset: str) -> None:
        job = self.jobs.get("load")
        if job is None or job.done:
            self.start_job("load", lambda ctx: load_test_images(dataset))

    def job_done(self, name: str, event: JobDone) -> None:
        if event.reason == "failed":
            self.app.notify(failure_text(event), severity="error")
        if is_loaded(self.settings.dataset):
            self.recompute()   # the same settings, now with the data set's image

    # -- keys and the mouse -----------------------------------------------------------------------------

    @on(CellView.Picked)
    def _picked(self, event: CellView.Picked) -> None:
        """A click on a transform in the list chooses it, as its number key does (+ and - then change it)."""
        event.stop()
        if event.click and event.key[0] == "transform":
            self.action_select(event.key[1])

    def action_select(self, transform: str) -> None:
        self.apply(selected=transform)

    def action_amount(self, direction: int) -> None:
        """+ and -: the selected transform's amount a step up or down (a flip: the next one; a shift: right or left)."""
        self.apply(**self.amount(int(direction)))

    def amount(self, direction: int) -> dict[str, object]:
        """The settings + (1) or - (−1) sets: the selected transform's amount a step up or down, kept
        within its limits."""
        s = self.settings
        if s.selected == "flip":
            return {"flip": FLIPS[(FLIPS.index(s.flip) + direction) % len(FLIPS)]}
        if s.selected == "shift":
            return self.moved(0, direction)
        if s.selected == "crop":
            low, high = LIMITS["crop"]
            crop = min(max(s.crop + direction * STEPS["crop"], low), high)
            return {"crop": crop, "crop_at": self.centred(s.crop, crop)}
        field = {"rotate": "angle"}.get(s.selected, s.selected)
        low, high = LIMITS[s.selected]
        return {field: round(min(max(getattr(s, field) + direction * STEPS[s.selected], low), high), 2)}

    def centred(self, old: int, new: int) -> tuple[int, int]:
        """The crop's corner after its side changes from `old` to `new`, keeping its centre, inside the image."""
        return tuple(min(max(at + (old - new) // 2, 0), SIDE - new) for at in self.settings.crop_at)

    def action_move(self, dy: int, dx: int) -> None:
        """h j k l: move the shift, or the crop's square (select one of them first)."""
        self.apply(**self.moved(int(dy), int(dx)))

    def moved(self, dy: int, dx: int) -> dict[str, object]:
        """The settings h j k l set: the crop's square moved within the image, or the shift within half of it."""
        s = self.settings
        if s.selected == "crop":
            return {"crop_at": tuple(min(max(at + d, 0), SIDE - s.crop) for at, d in zip(s.crop_at, (dy, dx)))}
        limit = SIDE // 2
        return {"selected": "shift", "shift": tuple(min(max(v + d, -limit), limit) for v, d in zip(s.shift, (dy, dx)))}

    def action_step(self, direction: int) -> None:
        """`.`/`,`: the next or previous random draw, as training makes a new one for every image."""
        self.apply(**random_amounts(max(self.settings.seed + int(direction), 0)))

    def action_reset(self) -> None:
        self.apply(**IDENTITY)

    def action_image(self, direction: int) -> None:
        self.apply(index=min(max(self.settings.index + int(direction), 0), 9999))

    def action_dataset(self) -> None:
        self.apply(dataset=DATASETS[(DATASETS.index(self.settings.dataset) + 1) % len(DATASETS)])

    def action_picture(self) -> None:
        self.apply(picture=PICTURES[(PICTURES.index(self.settings.picture) + 1) % len(PICTURES)])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "picture":
            return self.size.width < WIDE + 2 or None
        if action == "amount" and self.settings is not None:     # dim where it would change nothing (+ on a whole crop)
            return any(getattr(self.settings, key) != value
                       for key, value in self.amount(int(parameters[0])).items()) or None
        return super().check_action(action, parameters)

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if self.is_mounted:
            self.refresh_bindings()         # + and - dim at their limits

    def on_resize(self) -> None:
        super().on_resize()
        self.refresh_bindings()
