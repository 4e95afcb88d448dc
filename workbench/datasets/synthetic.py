"""The built-in "synthetic-digits" set: digits 0–9 drawn from pen strokes, for machines with no data.

Each digit is a few strokes (polylines, arcs sampled as polylines) in a unit box, y pointing down.
Every image gets its own smooth warp, slant, rotation, size, position, pen width, ink, blur and
noise, and sometimes a stray stroke, so a network has to learn shapes rather than pixels. Rendering
is vectorised over images and pixels; the only loop is over the segments of a digit's strokes.
"""
from __future__ import annotations

import numbers

import numpy as np

from workbench.memory import check_fits

SIZE = 28
BATCH = 1024
STRAY_RATE = 0.3
BYTES_PER_IMAGE = SIZE * SIZE * (4 + 1) + 64
"""Memory drawing takes per image: its float32 distances, its uint8 pixels, its label and settings."""


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, n: int) -> np.ndarray:
    a = np.radians(np.linspace(start, stop, n + 1))
    return np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)


def _line(*points: tuple[float, float]) -> np.ndarray:
    return np.array(points, dtype=float)


def _join(*parts: np.ndarray) -> np.ndarray:
    return np.concatenate(parts)


# Each digit: a tuple of variants; each variant: a list of strokes; each stroke: (K, 2) points.
GLYPHS: tuple[tuple[list[np.ndarray], ...], ...] = (
    ([_arc(.5, .5, .28, .47, -100, 262, 12)],),
    ([_line((.5, 0), (.5, 1))],
     [_line((.3, .22), (.52, 0), (.52, 1))],
     [_line((.3, .22), (.52, 0), (.52, 1)), _line((.3, 1), (.74, 1))]),
    ([_join(_arc(.5, .3, .29, .29, 190, 380, 7), _line((.2, 1), (.85, 1)))],
     [_join(_arc(.48, .3, .3, .3, 180, 360, 6), _line((.55, .6), (.18, 1), (.86, .97)))]),
    ([_arc(.47, .27, .27, .25, 200, 450, 7), _arc(.47, .74, .31, .26, 270, 520, 8)],
     [_join(_line((.2, 0), (.76, 0), (.45, .43)), _arc(.47, .72, .31, .28, 280, 520, 7))]),
    ([_line((.7, 1), (.7, 0), (.13, .68), (.88, .68))],
     [_line((.22, 0), (.16, .6), (.86, .6)), _line((.68, .22), (.68, 1))]),
    ([_join(_line((.8, 0), (.3, 0), (.26, .46)), _arc(.5, .7, .31, .28, 225, 500, 8))],
     [_line((.3, 0), (.26, .46)), _line((.3, 0), (.8, 0)), _arc(.5, .7, .31, .28, 215, 500, 8)]),
    ([_join(_arc(.62, .66, .38, .64, 262, 180, 4), _arc(.5, .73, .27, .26, 180, 530, 10))],),
    ([_line((.16, 0), (.84, 0), (.38, 1))],
     [_line((.16, 0), (.84, 0), (.38, 1)), _line((.34, .52), (.76, .52))]),
    ([_arc(.5, .24, .22, .24, 90, 450, 10), _arc(.5, .72, .28, .28, -90, 270, 10)],),
    ([_arc(.48, .29, .27, .29, 0, 360, 10), _line((.75, .29), (.7, 1))],
     [_arc(.48, .29, .27, .29, 0, 360, 10), _arc(.38, .29, .37, .7, 0, 90, 5)]),
)


def _segments(strokes: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All points of a variant, and the start and end point index of every segment."""
    points = np.concatenate(strokes)
    ends = np.cumsum([len(s) for s in strokes])
    starts = np.array([i for i in range(len(points) - 1) if i + 1 not in ends])
    return points, starts, starts + 1


def _place(points: np.ndarray, rng: np.random.Generator, n: int) -> np.ndarray:
    """Per image: the template points warped, slanted, rotated, scaled and moved to pixels; (n, K, 2)."""
    x, y = points[None, :, 0] - 0.5, points[None, :, 1] - 0.5
    warp = rng.normal(0, 0.09, size=(n, 6, 1))
    x, y = (x + warp[:, 0] * x * y + warp[:, 1] * y * y + warp[:, 2] * x * x,
            y + warp[:, 3] * x * y + warp[:, 4] * x * x + warp[:, 5] * y * y)
    x = x + rng.normal(0, 0.012, size=x.shape)
    y = y + rng.normal(0, 0.012, size=y.shape)
    x = x - rng.normal(0.12, 0.18, size=(n, 1)) * y                     # slant
    height = rng.uniform(14.5, 21.0, size=(n, 1))
    width = height * rng.uniform(0.75, 1.2, size=(n, 1))
    angle = np.radians(rng.normal(0, 9, size=(n, 1)))
    cos, sin = np.cos(angle), np.sin(angle)
    x, y = x * width, y * height
    shift = rng.uniform(-2.0, 2.0, size=(n, 2, 1))
    px = 13.5 + shift[:, 0] + cos * x - sin * y
    py = 13.5 + shift[:, 1] + sin * x + cos * y
    return np.stack([px, py], axis=-1).astype(np.float32)


def _min_distance(points: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Squared distance from every pixel centre to the nearest segment, per image; (n, 784)."""
    gy, gx = np.divmod(np.arange(SIZE * SIZE, dtype=np.float32), np.float32(SIZE))
    best = np.full((len(points), SIZE * SIZE), np.inf, dtype=np.float32)
    for i, j in zip(starts, stops):
        a, ab = points[:, i, :], points[:, j, :] - points[:, i, :]
        inv = 1 / np.maximum((ab * ab).sum(axis=1, keepdims=True), np.float32(1e-6))
        dx, dy = gx - a[:, :1], gy - a[:, 1:]
        t = np.clip((dx * ab[:, :1] + dy * ab[:, 1:]) * inv, 0, 1)
        dx -= t * ab[:, :1]
        dy -= t * ab[:, 1:]
        np.minimum(best, dx * dx + dy * dy, out=best)
    return best


def _blur(images: np.ndarray) -> np.ndarray:
    """A 3×3 binomial blur of (n, 28, 28) images, edges padded with zeros."""
    p = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    rows = 0.25 * p[:, :-2] + 0.5 * p[:, 1:-1] + 0.25 * p[:, 2:]
    return 0.25 * rows[:, :, :-2] + 0.5 * rows[:, :, 1:-1] + 0.25 * rows[:, :, 2:]


def _stray_strokes(rng: np.random.Generator, n: int) -> np.ndarray:
    """One short random segment per image, in pixels; (n, 2, 2)."""
    start = rng.uniform(3, 25, size=(n, 1, 2))
    angle = rng.uniform(0, 2 * np.pi, size=(n, 1))
    length = rng.uniform(3, 9, size=(n, 1))
    step = np.stack([np.cos(angle), np.sin(angle)], axis=-1) * length[..., None]
    return np.concatenate([start, start + step], axis=1).astype(np.float32)


def _glyph_distances(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Squared distance from each pixel to its image's digit strokes, each placed at random; (n, 784)."""
    variant = rng.random(len(labels))
    distance = np.empty((len(labels), SIZE * SIZE), dtype=np.float32)
    for digit, variants in enumerate(GLYPHS):
        which = (variant * len(variants)).astype(int)
        for v, strokes in enumerate(variants):
            index = np.flatnonzero((labels == digit) & (which == v))
            if not index.size:
                continue
            points, starts, stops = _segments(strokes)
            placed = _place(points, rng, index.size)
            for b in range(0, index.size, BATCH):
                distance[index[b:b + BATCH]] = _min_distance(placed[b:b + BATCH], starts, stops)
    return distance


def render_digits(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one image per label as uint8 (n, 28, 28); the same labels and rng state give the same images.

    Pen, stray stroke, blur, ink and noise are applied a batch at a time, so memory stays near one
    float32 copy of the images however many are drawn.
    """
    n = len(labels)
    distance = _glyph_distances(labels, rng)
    pen = rng.uniform(0.5, 1.5, size=(n, 1)).astype(np.float32)         # half the pen width, pixels
    has_stray = rng.random(n) < STRAY_RATE
    strays = _stray_strokes(rng, n)
    thinner = rng.uniform(1.0, 2.5, size=(n, 1)).astype(np.float32)
    blur, ink_level, noise_level = (rng.uniform(low, high, size=(n, 1, 1)).astype(np.float32)
                                    for low, high in ((0, 1), (0.65, 1.0), (0, 0.12)))
    images = np.empty((n, SIZE, SIZE), dtype=np.uint8)
    for b in range(0, n, BATCH):
        batch = slice(b, b + BATCH)
        d = distance[batch]
        stray = np.flatnonzero(has_stray[batch])
        if stray.size:
            stray_d = _min_distance(strays[batch][stray], np.array([0]), np.array([1]))
            d[stray] = np.minimum(d[stray], stray_d * thinner[batch][stray])
        ink = np.clip(pen[batch] + 0.5 - np.sqrt(d), 0, 1).reshape(-1, SIZE, SIZE)
        ink = (1 - blur[batch]) * ink + blur[batch] * _blur(ink)
        ink *= ink_level[batch]
        ink += noise_level[batch] * rng.standard_normal(size=ink.shape, dtype=np.float32)
        images[batch] = np.rint(np.clip(ink, 0, 1) * 255)
    return images


def balanced_labels(n: int, rng: np.random.Generator) -> np.ndarray:
    """`n` labels 0–9 in random order, each class n // 10 or n // 10 + 1 times."""
    return rng.permutation(np.arange(n) % 10).astype(np.uint8)


def synthetic_digits(n_train: int = 6000, n_test: int = 1000, *, seed: int = 0):
    """((x_train, t_train), (x_test, t_test)) as uint8: images (N, 28, 28), labels (N,).

    Deterministic for a seed; the two splits come from independent streams, so changing one size
    leaves the other split's images unchanged.
    """
    for name, n in (("n_train", n_train), ("n_test", n_test)):
        if not isinstance(n, numbers.Integral) or isinstance(n, (bool, np.bool_)) or n < 0:
            raise ValueError(f"split sizes must be whole numbers of 0 or more, got n_train={n_train!r}, "
                             f"n_test={n_test!r}")
    check_fits(max(n_train, n_test) * BYTES_PER_IMAGE + n_train * SIZE * SIZE,
               f"synthetic_digits(n_train={n_train}, n_test={n_test})", "synthetic",
               n_train=n_train, n_test=n_test)
    if not isinstance(seed, numbers.Integral) or isinstance(seed, (bool, np.bool_)) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more, got {seed!r}")
    result = []
    for n, stream in zip((n_train, n_test), np.random.SeedSequence(seed).spawn(2)):
        rng = np.random.default_rng(stream)
        labels = balanced_labels(n, rng)
        result.append((render_digits(labels, rng), labels))
    return tuple(result)
