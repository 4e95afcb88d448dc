"""The data augmentation pane's settings: the digit, the transform the keys change, and every amount."""
from __future__ import annotations

from dataclasses import dataclass

from workbench.i18n import t
from workbench.models.settings import SettingError, choice, integer, number, seed, shape

DATASETS = ("synthetic-digits", "mnist", "fashion-mnist")
TRANSFORMS = ("rotate", "shift", "scale", "flip", "crop", "brightness")
"""The transforms, in the order they are applied and listed; `selected` is the one the keys change."""
FLIPS = ("none", "horizontal", "vertical")
PICTURES = ("overlay", "augmented", "original")
"""What a pane too narrow for two images shows: the augmented digit over the original, or either alone."""
SIDE = 28
"""The images' side."""


@dataclass(frozen=True)
class AugmentationSettings:
    """One test image and what is done to it: rotated by `angle` degrees (anticlockwise), moved by
    `shift` pixels (down, right), scaled by `scale` about the centre, flipped, cut to a `crop` × `crop`
    square at `crop_at` (top, left) stretched back to 28 × 28, its brightness multiplied."""

    dataset: str = choice("synthetic-digits", DATASETS)
    index: int = integer(0, min=0, max=9999)
    selected: str = choice("rotate", TRANSFORMS)
    angle: float = number(0.0, min=-180, max=180)
    shift: tuple[int, int] = shape((0, 0), names=("down", "right"), min=-SIDE // 2, max=SIDE // 2, position=True)
    scale: float = number(1.0, min=0.25, max=2.0)
    flip: str = choice("none", FLIPS)
    crop: int = integer(SIDE, min=8, max=SIDE)
    crop_at: tuple[int, int] = shape((0, 0), names=("top", "left"), min=0, max=SIDE - 8, position=True)
    brightness: float = number(1.0, min=0.0, max=3.0)
    seed: int = seed(0)
    """The random draw last made with `.` (a new one for every press, as each epoch of training draws)."""
    picture: str = choice("overlay", PICTURES)

    def __post_init__(self):
        for axis, at in zip(("top", "left"), self.crop_at):
            if at + self.crop > SIDE:
                raise SettingError("crop_at", t("augmentation.error.crop", axis=t(f"augmentation.axis.{axis}"),
                                                at=at, crop=self.crop, side=SIDE, most=SIDE - self.crop))
