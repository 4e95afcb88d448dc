"""Section 8.1: data augmentation, one digit at a time.

A test image (a data set's when it is on this computer, else a built-in synthetic digit: the digit
comes from `workbench.models.conv`, as the convolution explorer picks it) is flipped, scaled, rotated
and shifted about its centre, cut to a square that is stretched back to 28 × 28, and made brighter
or darker. The geometric steps make one affine map; every pixel of the result is read from the
original through its inverse, by bilinear interpolation (zeros outside the image), so the image is
interpolated once however many steps there are.

Training draws such changes at random, a new draw for every image in every epoch (`random_amounts`:
small ones, as for digits, never a flip); the test images are never changed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.models.augmentation_settings import (DATASETS, FLIPS, PICTURES, SIDE,  # noqa: F401 - for the pane
                                                     TRANSFORMS, AugmentationSettings)
from workbench.models.conv import Digit, digit, is_loaded, load_test_images  # noqa: F401 - the pane loads with these

CHANGED = 0.1
"""A pixel counts as changed when it moved by more than this (of 0 … 1)."""
RANDOM_RANGES = {"angle": (-15.0, 15.0), "shift": (-3, 3), "scale": (0.9, 1.1), "crop": (22, SIDE),
                 "brightness": (0.8, 1.2)}
"""The ranges a random draw takes its amounts from: small enough that a digit stays the digit it was."""


def geometric_map(s: AugmentationSettings) -> np.ndarray:
    """The 2 × 2 matrix M of (row, column) offsets from the centre: flip, then scale, then rotate
    (anticlockwise as seen on the screen, whose rows go down)."""
    flip = np.diag([-1.0 if s.flip == "vertical" else 1.0, -1.0 if s.flip == "horizontal" else 1.0])
    a = math.radians(s.angle)
    rotate = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return rotate @ (s.scale * flip)


def source_positions(s: AugmentationSettings) -> tuple[np.ndarray, np.ndarray]:
    """For every pixel (row, column) of the result, where it is read from in the original.

    Backwards through the steps: the pixel's place inside the crop, stretched to 28, then the
    inverse of the geometric map about the centre, less the shift."""
    u = np.arange(SIDE, dtype=np.float64)
    rows, columns = np.meshgrid(u, u, indexing="ij")
    stretch = s.crop / SIDE
    top, left = s.crop_at
    q = np.stack([top + (rows + 0.5) * stretch - 0.5, left + (columns + 0.5) * stretch - 0.5])
    centre = (SIDE - 1) / 2
    offset = q - centre - np.array(s.shift, dtype=np.float64).reshape(2, 1, 1)
    p = np.tensordot(np.linalg.inv(geometric_map(s)), offset, axes=1) + centre
    return p[0], p[1]


def bilinear(image: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """`image` read at fractional positions, each value from the four pixels around it (zeros outside)."""
    padded = np.pad(image, 1)
    r, c = rows + 1, columns + 1
    r0, c0 = np.floor(r).astype(int), np.floor(c).astype(int)
    fr, fc = r - r0, c - c0
    inside = (r0 >= 0) & (c0 >= 0) & (r0 + 1 < padded.shape[0]) & (c0 + 1 < padded.shape[1])
    r0, c0 = np.where(inside, r0, 0), np.where(inside, c0, 0)
    value = (padded[r0, c0] * (1 - fr) * (1 - fc) + padded[r0, c0 + 1] * (1 - fr) * fc
             + padded[r0 + 1, c0] * fr * (1 - fc) + padded[r0 + 1, c0 + 1] * fr * fc)
    return np.where(inside, value, 0.0)


def augment(image: np.ndarray, s: AugmentationSettings) -> np.ndarray:
    """`image` (28, 28) in [0, 1] changed as the settings say, float32 in [0, 1]."""
    rows, columns = source_positions(s)
    moved = bilinear(image.astype(np.float64), rows, columns)
    return np.clip(moved * s.brightness, 0.0, 1.0).astype(np.float32)


def random_amounts(seed: int) -> dict:
    """One random draw of every amount, from RANDOM_RANGES (rounded, so the settings show what is used)."""
    rng = np.random.default_rng(seed)
    low, high = RANDOM_RANGES["shift"]
    crop = int(rng.integers(RANDOM_RANGES["crop"][0], RANDOM_RANGES["crop"][1] + 1))
    return {"angle": round(float(rng.uniform(*RANDOM_RANGES["angle"]))),
            "shift": tuple(int(v) for v in rng.integers(low, high + 1, size=2)),
            "scale": round(float(rng.uniform(*RANDOM_RANGES["scale"])), 2),
            "flip": "none",
            "crop": crop,
            "crop_at": tuple(int(v) for v in rng.integers(0, SIDE - crop + 1, size=2)),
            "brightness": round(float(rng.uniform(*RANDOM_RANGES["brightness"])), 2),
            "seed": seed}


IDENTITY = {"angle": 0.0, "shift": (0, 0), "scale": 1.0, "flip": "none", "crop": SIDE, "crop_at": (0, 0),
            "brightness": 1.0}
"""The amounts that leave the image as it is."""


FIELDS = {"rotate": "angle", "shift": "shift", "scale": "scale", "flip": "flip", "crop": "crop",
          "brightness": "brightness"}
"""Each transform → the setting holding its amount."""


def is_identity(s: AugmentationSettings, transform: str) -> bool:
    """Whether `transform` is set to leave the image alone."""
    return getattr(s, FIELDS[transform]) == IDENTITY[FIELDS[transform]]


@dataclass(frozen=True)
class AugmentationResult:
    """The original digit, the augmented one, and how much of it changed."""

    settings: AugmentationSettings
    digit: Digit
    augmented: np.ndarray

    @property
    def original(self) -> np.ndarray:
        return self.digit.image

    @property
    def ink_kept(self) -> float:
        """The augmented image's ink as a share of the original's (below 1: some left the image or the crop)."""
        total = float(self.original.sum())
        return float(self.augmented.sum()) / total if total > 0 else 1.0

    @property
    def changed(self) -> int:
        """Pixels whose value moved by more than CHANGED."""
        return int(np.count_nonzero(np.abs(self.augmented - self.original) > CHANGED))


def compute(s: AugmentationSettings) -> AugmentationResult:
    d = digit(s.dataset, s.index)
    return AugmentationResult(s, d, augment(d.image, s))
