"""What the training pane draws, as Rich Text from plain arrays: progress bars, the confusion matrix,
grids of small images (misclassified digits, filters, feature maps), one mistake drawn large with the
network's three likeliest classes, and the curves' figures, from the pane's own run or a presenter's.
A matrix cell and a grid's image carry what a click on them picks in their style's meta (CELL, IMAGE). No state, no computing beyond arranging what it is given, so each
piece is tested on its own."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import App

from workbench.app.images import image_text
from workbench.app.no_break import together
from workbench.classroom.run import RunSummary
from workbench.datasets.sources import class_label
from workbench.i18n import t
from workbench.models.evaluation import worst_pairs
from workbench.i18n.numbers import percent

FULL, EMPTY = "█", "░"


@dataclass(frozen=True)
class Curves:
    """What the curves view draws: the smoothed loss `smooth` at iterations `steps`, the raw loss `raw`
    at iterations `raw_steps` (the same ones for the pane's own run; a presenter's run carries it as its
    plot drew it, in bands, and an older presenter none: then it is empty); each measured epoch's
    accuracies (fractions); and the epochs the run was asked for (the accuracy plot's width)."""

    steps: Sequence[int]
    raw: Sequence[float]
    smooth: Sequence[float]
    epochs: Sequence[int]
    train: Sequence[float]
    test: Sequence[float]
    epochs_asked: int
    raw_steps: Sequence[int] | None = None
    """None: `steps`."""

    @classmethod
    def of_run(cls, run: RunSummary) -> "Curves":
        """A presenter's run, as its position carries it (thinned: every point drawn is the presenter's)."""
        return cls([step for step, _ in run.losses], [loss for _, loss in run.raw], [loss for _, loss in run.losses],
                   [point[0] for point in run.accuracies], [point[1] for point in run.accuracies],
                   [point[2] for point in run.accuracies], run.epochs, [step for step, _ in run.raw])


def bar(fraction: float, width: int) -> str:
    """A bar of `width` cells filled to `fraction` (clipped to 0–1)."""
    fraction = 0.0 if not math.isfinite(fraction) else min(max(fraction, 0.0), 1.0)
    filled = int(round(fraction * width))
    return FULL * filled + EMPTY * (width - filled)


def progress_line(label: str, fraction: float, width: int, tail: str = "") -> str:
    """"label ███░░░ 45 % tail", the bar taking what the text leaves of `width` (at least 4 cells)."""
    shown = percent(min(max(fraction, 0.0), 1.0), 0).rjust(5) if math.isfinite(fraction) else "   --"
    fixed = cell_len(label) + cell_len(shown) + 2 + (cell_len(tail) + 1 if tail else 0)
    size = max(4, min(30, width - fixed))
    line = f"{label} {bar(fraction, size)} {shown}"
    return f"{line} {tail}" if tail else line



def chain_lines(names: Sequence[str], width: int) -> str:
    """The layers as "Conv1 → Relu1 → …" in rows of at most `width` cells, each row but the last ending
    on its arrow: left to the terminal, a row full to its end began the next with "→ Conv5"."""
    rows, row = [], ""
    for i, name in enumerate(names):
        word = name + (" →" if i < len(names) - 1 else "")
        if row and cell_len(row) + 1 + cell_len(word) > width:
            rows.append(row)
            row = ""
        row = f"{row} {word}" if row else word
    return "\n".join(rows + [row])


ROW_LABEL = 4
"""Cells of the row labels in front of the confusion matrix ("t\\p", " 0  ")."""
PERCENT_CELL = 3
"""Cells of a column of the confusion matrix in percent: two digits and a gap (100 only beside "·")."""
CELL = "confusion-cell"
"""The meta key of a cell of the confusion matrix (its gap included): (true, predicted), what a click picks."""
IMAGE = "mistake"
"""The meta key of an image of a grid of mistakes: the test image's index, what a click draws large."""
FILTER = "filter"
"""The meta key of a filter of the filters view: its index, what a click chooses."""


def confusion_text(cm: np.ndarray, app: App, *, width: int, pairs: int = 3,
                   picked: tuple[int, int] | None = None) -> Text:
    """The confusion matrix, rows true, columns predicted; the diagonal in the success colour, the
    `pairs` most confused cells reversed in the error colour, the `picked` cell underlined and reversed
    (its mistakes are listed under the matrix). Under a line that says which: whole counts where they
    fit in `width` cells, else each row in percent of its true class (three cells a column, as 80
    columns beside a lesson's text allow: 100 or 1000 images of a class do not). Each cell names itself
    in its style's meta (CELL) for a click."""
    counts = ROW_LABEL + cm.shape[1] * counts_cell(cm) <= width
    cells, cell = (confusion_cells(cm), counts_cell(cm)) if counts else (percent_cells(cm), PERCENT_CELL)
    colors = app.theme_variables
    worst = {(i, j) for i, j, _ in worst_pairs(cm, pairs)}
    text = Text(t("train.results.counts" if counts else "train.results.percent") + "\n", style="dim")
    text.append(t("train.results.true_pred").ljust(ROW_LABEL), style="bold")
    for j in range(cm.shape[1]):
        text.append(str(j).rjust(cell), style="bold")
    for i in range(cm.shape[0]):
        text.append("\n")
        text.append(f"{i:>2}".ljust(ROW_LABEL), style="bold")
        for j in range(cm.shape[1]):
            shown, meta = cells[i][j], Style(meta={CELL: (i, j)})
            text.append(" " * (cell - len(shown)), style=meta)
            if (i, j) == picked:
                style = f"bold underline reverse {colors['text-accent']}"
            elif (i, j) in worst:
                style = f"bold reverse {colors['text-error']}"
            elif i == j:
                style = colors["text-success"]
            else:
                style = "dim" if cm[i, j] == 0 else ""
            text.append(shown, style=Style.parse(style) + meta)
    return text


def counts_cell(cm: np.ndarray) -> int:
    """Cells a column of whole counts takes: the longest count and a space (at least two digits)."""
    return max(2, len(str(int(cm.max())))) + 1


def confusion_cells(cm: np.ndarray) -> list[list[str]]:
    """Every count as written."""
    return [[str(int(count)) for count in row] for row in cm]


def percent_cells(cm: np.ndarray) -> list[list[str]]:
    """Each cell in percent of its row (its true class), in two digits at most: "·" for none, 100 only
    for the whole row (its other cells are then "·", so 100 never runs into a neighbour's digits), any
    other share 1 to 99 (never rounded to 0 or to 100)."""
    rows = []
    for row in cm:
        total = int(row.sum())
        rows.append(["·" if count == 0 else "100" if count == total
                     else str(min(99, max(1, round(100 * int(count) / total)))) for count in row])
    return rows


def pairs_text(cm: np.ndarray, names: Sequence[str], count: int = 3) -> str:
    """"most confused: 4 → 9 (12), 7 → 2 (8)" with class names when they are not the digits, each
    pair kept on one line."""
    pairs = worst_pairs(cm, count)
    if not pairs:
        return t("train.results.no_confusion")
    return t("train.results.confused", pairs=", ".join(
        together(f"{class_name(i, names)} → {class_name(j, names)} ({n})") for i, j, n in pairs))


def class_name(k: int, names: Sequence[str]) -> str:
    """A class as the results name it: its digit, and its name where that is not the digit ("4 Coat",
    "4 코트": in the current language, `class_label`)."""
    return str(k) if names[k] == str(k) else f"{k} {class_label(names[k])}"


def grid(images: Sequence[np.ndarray], captions: Sequence[str], app: App, width: int, *, signed: bool = False,
         limits: tuple[float, float] | None = None, gap: int = 1, marks: Sequence[object] | None = None,
         key: str = IMAGE, chosen: int | None = None) -> Text:
    """Images side by side, as many as fit in `width` cells a row, each over its caption (if any);
    `marks[k]`, if given, in the meta (`key`) of image k and its caption, for a click on it; the
    caption of image `chosen` reversed in the accent colour (the image chosen).

    All images are laid into one array (gaps at the colour of zero ink, or of a zero weight), drawn
    with one `image_text` call a row of images.
    """
    if not images:
        return Text()
    height = max(img.shape[0] for img in images)
    height += height % 2                      # whole lines of two pixels each
    cells = max(img.shape[1] for img in images)
    per_row = max(1, (width + gap) // (cells + gap))
    if limits is None:
        values = np.concatenate([np.asarray(img, dtype=np.float64).ravel() for img in images])
        limits = common_limits(images) if signed else (float(values.min()), float(values.max()))
    rows = -(-len(images) // per_row)
    blank = 0.0 if signed else limits[0]
    canvas = np.full((rows * height, per_row * (cells + gap) - gap), blank)
    for k, img in enumerate(images):
        r, c = divmod(k, per_row)
        canvas[r * height:r * height + img.shape[0], c * (cells + gap):c * (cells + gap) + img.shape[1]] = img
    out = Text()
    for r in range(rows):
        shown = min(per_row, len(images) - r * per_row)
        row = image_text(canvas[r * height:(r + 1) * height, :shown * (cells + gap) - gap], app,
                         signed=signed, limits=limits)
        if marks is not None:        # one character a cell: image n is columns n·(cells+gap) … of each line
            line = shown * (cells + gap) - gap + 1
            for n in range(shown):
                for start in range(n * (cells + gap), len(row), line):
                    row.stylize(Style(meta={key: marks[r * per_row + n]}), start, start + cells)
        out.append_text(row)
        out.append("\n")
        if captions:
            for n in range(shown):
                k = r * per_row + n
                caption = captions[k] if k < len(captions) else ""
                meta = Style(meta={key: marks[k]}) if marks is not None else Style()
                look = Style.parse(f"bold reverse {app.theme_variables['text-accent']}") if k == chosen \
                    else Style(bold=True)
                out.append(" " * gap if n else "")
                out.append(set_cell_size(caption, cells), style=look + meta)     # cells: 합성곱 takes two a letter
            out.append("\n")
    out.rstrip()
    return out


def beside(left: Text, right: Text, left_width: int, gap: int = 2) -> Text:
    """`right`'s lines beside `left`'s, `left` padded to `left_width` cells (styles and click marks kept)."""
    lines, more = left.split(allow_blank=True), right.split(allow_blank=True)
    out = Text()
    for k in range(max(len(lines), len(more))):
        if k:
            out.append("\n")
        line = lines[k] if k < len(lines) else Text()
        if k < len(more):
            line = line.copy()
            line.pad_right(max(0, left_width - line.cell_len) + gap)
            line.append_text(more[k])
        out.append_text(line)
    return out


def common_limits(images: Sequence[np.ndarray]) -> tuple[float, float]:
    """(−m, m) with m the largest |value| of all images, so filters are drawn on one scale."""
    top = max((float(np.max(np.abs(img))) for img in images), default=1.0) or 1.0
    return -top, top


def probability_bars(probabilities: np.ndarray, label: int, names: Sequence[str], width: int, app: App) -> Text:
    """One bar per class, as long as its softmax probability, the predicted class in bold colour."""
    colors = app.theme_variables
    labels = [class_name(i, names) for i in range(len(names))]
    label_cells, size = bar_row(max(cell_len(label) for label in labels), width)
    text = Text()
    for i, p in enumerate(probabilities):
        name = labels[i]
        style = f"bold {colors['text-success']}" if i == label else ""
        if i:
            text.append("\n")
        text.append(fitted_label(name, label_cells) + " ", style=style)
        text.append(bar(float(p), size), style=style or "dim")
        text.append(" " + percent(float(p), 1).rjust(7), style=style)
    return text


def mistake_text(image: np.ndarray, said: Text, app: App, width: int) -> Text:
    """One test image (28×28) drawn large, a cell a pixel, with `said` (what the network gave it) beside
    it, or under it where `width` leaves it fewer than 16 cells."""
    picture = image_text(np.asarray(image, dtype=np.float64), app, limits=(0.0, 1.0)).split()
    side = width - image.shape[1] - 2
    if side < 16:
        out = Text("\n").join(picture)
        out.append("\n")
        out.append_text(said)
        return out
    answer = said.wrap(app.console, side)
    out = Text()
    for k in range(max(len(picture), len(answer))):
        if k:
            out.append("\n")
        out.append_text(picture[k] if k < len(picture) else Text(" " * image.shape[1]))
        if k < len(answer):
            out.append("  ")
            out.append_text(answer[k])
    return out


BAR_ROW_TEXT = 9
"""Cells of a bar's row besides its label and bar: the gap after the label, and " 61.2 %" after the bar."""


def fitted_label(label: str, cells: int) -> str:
    """`label` in exactly `cells` cells: whole where it fits, else its name before a "/" ("0 T-shirt" of
    Fashion-MNIST's "0 T-shirt/top", "0 티셔츠" of "0 티셔츠/탑"), else cut with "…", so a reader still
    knows the class."""
    if cell_len(label) > cells and "/" in label and cell_len(label.split("/")[0]) <= cells:
        label = label.split("/")[0]
    elif cell_len(label) > cells:
        label = set_cell_size(label, cells - 1) + "…" if cells > 1 else set_cell_size(label, cells)
    return set_cell_size(label, cells)


def bar_row(label_cells: int, width: int, most: int | None = None) -> tuple[int, int]:
    """(label cells, bar cells) for rows "label ███░░ 61.2 %" `width` cells wide: the bar takes what is
    left (at least 4 cells, at most `most`), and a narrow width cuts the label rather than run over."""
    label_cells = max(1, min(label_cells, width - BAR_ROW_TEXT - 4))
    size = max(4, width - label_cells - BAR_ROW_TEXT)
    return label_cells, size if most is None else min(size, most)


def top_text(top: Sequence[tuple[int, float]], names: Sequence[str], width: int) -> Text:
    """"9 ███░░ 61.2 %" a line for each of `top` (class, probability), the first in bold."""
    labels = [class_name(k, names) for k, _ in top]
    label_cells, size = bar_row(max(cell_len(label) for label in labels), width, most=20)
    text = Text()
    for n, ((_, p), label) in enumerate(zip(top, labels)):
        if n:
            text.append("\n")
        style = "bold" if n == 0 else ""
        text.append(fitted_label(label, label_cells) + " ", style=style)
        text.append(bar(p, size), style=style or "dim")
        text.append(" " + percent(p, 1).rjust(7), style=style)
    return text
