"""Data augmentation against transforms worked out by hand: a quarter turn is np.rot90, a shift moves
every pixel, flips mirror, a crop stretches, brightness multiplies; random draws stay in their ranges."""
import dataclasses

import numpy as np
import pytest

from workbench.models.augmentation import (IDENTITY, RANDOM_RANGES, AugmentationSettings, augment, compute,
                                           is_identity, random_amounts)
from workbench.models.settings import SettingError

BASE = AugmentationSettings()


def digit() -> np.ndarray:
    return compute(BASE).original


def with_(**changes) -> AugmentationSettings:
    return dataclasses.replace(BASE, **changes)


def test_no_change_leaves_every_pixel_as_it_was():
    result = compute(BASE)
    assert np.array_equal(result.augmented, result.original)
    assert result.ink_kept == 1.0 and result.changed == 0
    assert all(is_identity(BASE, transform) for transform in ("rotate", "shift", "scale", "flip", "crop", "brightness"))


def test_a_quarter_turn_anticlockwise_is_rot90():
    assert np.allclose(augment(digit(), with_(angle=90)), np.rot90(digit()), atol=1e-6)
    assert np.allclose(augment(digit(), with_(angle=-90)), np.rot90(digit(), -1), atol=1e-6)


def test_a_shift_moves_every_pixel_down_and_right():
    moved = augment(digit(), with_(shift=(2, 3)))
    assert np.array_equal(moved[2:, 3:], digit()[:-2, :-3])
    assert not moved[:2].any() and not moved[:, :3].any()


def test_flips_mirror_left_right_and_upside_down():
    assert np.array_equal(augment(digit(), with_(flip="horizontal")), digit()[:, ::-1])
    assert np.array_equal(augment(digit(), with_(flip="vertical")), digit()[::-1])


def test_half_the_size_keeps_a_quarter_of_the_ink():
    result = compute(with_(scale=0.5))
    assert abs(result.ink_kept - 0.25) < 0.02


def test_a_crop_is_stretched_back_to_28_pixels():
    """On a ramp x/27 the crop of side 14 at the left edge reads x = (u + 0.5)·14/28 − 0.5 for output column u."""
    ramp = np.tile(np.arange(28, dtype=np.float32) / 27, (28, 1))
    cropped = augment(ramp, with_(crop=14, crop_at=(0, 0)))
    u = np.arange(1, 27)
    assert np.allclose(cropped[5, u], ((u + 0.5) * 0.5 - 0.5) / 27, atol=1e-6)


def test_brightness_multiplies_and_stays_within_0_and_1():
    assert np.allclose(augment(digit(), with_(brightness=0.5)), digit() * 0.5, atol=1e-6)
    bright = augment(digit(), with_(brightness=3.0))
    assert bright.max() == 1.0 and np.array_equal(bright > 0, digit() > 0)


def test_fifteen_degrees_changes_many_pixels_but_keeps_the_ink():
    result = compute(with_(angle=15))
    assert result.changed == 143            # the lesson quotes it (tests/course/test_chapter8_quoted.py)
    assert abs(result.ink_kept - 1) < 0.01


def test_random_draws_stay_in_their_ranges_never_flip_and_repeat_with_their_seed():
    for seed in range(50):
        amounts = random_amounts(seed)
        assert RANDOM_RANGES["angle"][0] <= amounts["angle"] <= RANDOM_RANGES["angle"][1]
        assert all(-3 <= v <= 3 for v in amounts["shift"])
        assert 0.9 <= amounts["scale"] <= 1.1 and 0.8 <= amounts["brightness"] <= 1.2
        assert 22 <= amounts["crop"] <= 28 and all(a + amounts["crop"] <= 28 for a in amounts["crop_at"])
        assert amounts["flip"] == "none"
        dataclasses.replace(BASE, **amounts)           # every draw is a valid setting
    assert random_amounts(7) == random_amounts(7) != random_amounts(8)
    assert set(IDENTITY) < set(random_amounts(0))


def test_a_crop_that_runs_past_the_image_is_refused_naming_its_corner():
    with pytest.raises(SettingError, match="start it at 8 or less") as refused:
        with_(crop=20, crop_at=(9, 0))
    assert refused.value.key == "crop_at"


def test_the_help_names_the_random_ranges_the_model_draws_from():
    from workbench.i18n import strings

    angle, shift, scale, crop, brightness = (RANDOM_RANGES[key] for key in ("angle", "shift", "scale", "crop",
                                                                              "brightness"))
    help_text = " ".join(strings("en")["augmentation.help"].split())
    for quoted in (f"±{angle[1]:g}°", f"±{shift[1]} pixels", f"×{scale[0]:g} to ×{scale[1]:g}",
                   f"a crop of {crop[0]} to {crop[1]} pixels", f"brightness ×{brightness[0]:g} to ×{brightness[1]:g}"):
        assert quoted in help_text, quoted
