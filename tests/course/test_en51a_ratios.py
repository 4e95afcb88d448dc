"""The ratios lesson 4.2 quotes between two errors are the ones its panes compute, in English and Korean.

en51a read them beside the pane: the forward difference at x = 10 was "a million times worse" (its
error is 7.1e5 times the central one), float32's best h and error "ten thousand times larger" (the
error is 3.3e4 times float64's), the forward difference's best on x³ "a hundred times worse" (160),
and the book's h = 1e−4 "safely on the flat bottom" of the central V, where it sits two powers of ten
to the truncation side of the bottom, at 400 times its error.
"""
import math

from quoted import assert_about, computed, step

LESSON = "numerical-gradient"


def test_the_forward_difference_at_10_is_about_700000_times_worse():
    result = computed(LESSON, "forward")
    ratio = result.estimates["forward"].error / result.estimates["central"].error
    assert_about(LESSON, "forward", "700,000", ratio, within=50_000, langs=("en",))
    assert "약 70만배" in step(LESSON, "forward", "ko").text


def test_float32s_best_h_is_ten_thousand_times_float64s_and_its_error_over_thirty_thousand():
    float32 = computed(LESSON, "float32").best
    h32, error32 = float32[("forward", "float32")]
    h64, error64 = float32[("forward", "float64")]
    assert math.isclose(h32 / h64, 1e4)
    assert 30_000 < error32 / error64 < 40_000
    assert "ten thousand times larger" in step(LESSON, "float32").text
    assert "over thirty thousand times larger" in step(LESSON, "float32").text
    assert "h는 1만배, 오차는 3만배 넘게" in step(LESSON, "float32", "ko").text


def test_the_forward_differences_best_on_the_cube_is_160_times_worse_than_the_centrals():
    best = computed(LESSON, "central-error").best
    ratio = best[("forward", "float64")][1] / best[("central", "float64")][1]
    assert round(ratio, -1) == 160
    assert "160 times worse" in step(LESSON, "central-error").text
    assert "160배 나쁩니다" in step(LESSON, "central-error", "ko").text


def test_the_books_h_is_not_at_the_bottom_of_the_central_v_but_on_its_truncation_side():
    result = computed(LESSON, "central-error")
    best_h, best_error = result.best[("central", "float64")]
    assert result.settings.h > best_h and result.estimates["central"].error > 100 * best_error
    for lang in ("en", "ko"):
        text = step(LESSON, "central-error", lang).text
        assert "flat bottom" not in text and "평평한 바닥" not in text, lang
