"""What the training pane draws, as Rich Text from plain arrays: progress bars, the confusion matrix,
grids of small images (misclassified digits, filters, feature maps), and the curves' figures, from the
pane's own run or a presenter's. No state, no computing beyond arranging what it is given, so each
piece is tested on its own."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.text import Text
from textual.app import App

from workbench.app.images import image_text
from workbench.classroom.run import RunSummary
from workbench.i18n import t
from workbench.models.evaluation import worst_pairs
from workbench.i18n.numbers import percent

FULL, EMPTY = "█", "░"


@dataclass(frozen=True)
class Curves:
    """What the curves view draws: the loss at iterations `steps`, `raw` (empty where only the smoothed
    loss is known: a presenter's run) and `smooth`; each measured epoch's accuracies (fractions); and
    the epochs the run was asked for (the accuracy plot's width)."""

    steps: Sequence[int]
    raw: Sequence[float]
    smooth: Sequence[float]
    epochs: Sequence[int]
    train: Sequence[float]
    test: Sequence[float]
    epochs_asked: int

    @classmethod
    def of_run(cls, run: RunSummary) -> "Curves":
        """A presenter's run, as its position carries it (thinned: every point drawn is the presenter's)."""
        return cls([step for step, _ in run.losses], [], [loss for _, loss in run.losses],
                   [point[0] for point in run.accuracies], [point[1] for point in run.accuracies],
                   [point[2] for point in run.accuracies], run.epochs)


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


def confusion_text(cm: np.ndarray, app: App, *, pairs: int = 3, names: Sequence[str] | None = None) -> Text:
    """The confusion matrix as a grid of counts: rows true, columns predicted; the diagonal in the
    success colour, the `pairs` most confused cells reversed in the error colour."""
    colors = app.theme_variables
    worst = {(i, j) for i, j, _ in worst_pairs(cm, pairs)}
    cell = max(2, len(str(int(cm.max())))) + 1
    text = Text()
    text.append(t("train.results.true_pred").ljust(4), style="bold")
    for j in range(cm.shape[1]):
        text.append(str(j).rjust(cell), style="bold")
    for i in range(cm.shape[0]):
        text.append("\n")
        text.append(f"{i:>2}  ", style="bold")
        for j in range(cm.shape[1]):
            count = int(cm[i, j])
            value = str(count).rjust(cell)
            if (i, j) in worst:
                text.append(" " * (cell - len(str(count))))
                text.append(str(count), style=f"bold reverse {colors['text-error']}")
            elif i == j:
                text.append(value, style=colors["text-success"])
            else:
                text.append(value, style="dim" if count == 0 else "")
    return text


def pairs_text(cm: np.ndarray, names: Sequence[str], count: int = 3) -> str:
    """"most confused: 4 → 9 (12), 7 → 2 (8)" with class names when they are not the digits."""
    pairs = worst_pairs(cm, count)
    if not pairs:
        return t("train.results.no_confusion")

    def name(i: int) -> str:
        return str(i) if names[i] == str(i) else f"{i} {names[i]}"
    return t("train.results.confused", pairs=", ".join(f"{name(i)} → {name(j)} ({n})" for i, j, n in pairs))


def grid(images: Sequence[np.ndarray], captions: Sequence[str], app: App, width: int, *, signed: bool = False,
         limits: tuple[float, float] | None = None, gap: int = 1) -> Text:
    """Images side by side, as many as fit in `width` cells a row, each over its caption (if any).

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
        out.append_text(image_text(canvas[r * height:(r + 1) * height, :shown * (cells + gap) - gap], app,
                                   signed=signed, limits=limits))
        out.append("\n")
        if captions:
            for n in range(shown):
                k = r * per_row + n
                caption = captions[k] if k < len(captions) else ""
                out.append((" " * gap if n else "") + caption[:cells].ljust(cells), style="bold")
            out.append("\n")
    out.rstrip()
    return out


def common_limits(images: Sequence[np.ndarray]) -> tuple[float, float]:
    """(−m, m) with m the largest |value| of all images, so filters are drawn on one scale."""
    top = max((float(np.max(np.abs(img))) for img in images), default=1.0) or 1.0
    return -top, top


def probability_bars(probabilities: np.ndarray, label: int, names: Sequence[str], width: int, app: App) -> Text:
    """One bar per class, as long as its softmax probability, the predicted class in bold colour."""
    colors = app.theme_variables
    label_cells = max(cell_len(f"{i} {name}") if name != str(i) else 1 for i, name in enumerate(names))
    label_cells = min(label_cells, 12)
    size = max(4, width - label_cells - 8)
    text = Text()
    for i, p in enumerate(probabilities):
        name = str(i) if names[i] == str(i) else f"{i} {names[i]}"
        style = f"bold {colors['text-success']}" if i == label else ""
        if i:
            text.append("\n")
        text.append(name[:label_cells].ljust(label_cells) + " ", style=style)
        text.append(bar(float(p), size), style=style or "dim")
        text.append(" " + percent(float(p), 1).rjust(7), style=style)
    return text
