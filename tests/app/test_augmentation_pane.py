"""The data augmentation pane at 80×24 in lesson 8.1: choosing a transform and its amount by key, the
shift and the crop moved with h j k l, random draws with `.` and `,`, the narrow picture, a missing
data set, and SVG snapshots (review by eye)."""
import threading

from workbench.app.app import make_app
from workbench.app.panes.augmentation import AugmentationPane
from workbench.app.panes.cells import CellView
from workbench.course.files import load_course
from workbench.datasets import DatasetError
from workbench.models import conv
from workbench.models.augmentation import AugmentationSettings, random_amounts

SIZE = (80, 24)
STEP = [step.id for step in load_course().lesson("deeper-networks").steps].index("augmentation")


def text_of(pane, part) -> str:
    return str(pane.query_one(f"#augmentation-{part}", CellView).render()).replace("\n", " ")


async def test_the_lesson_rotates_a_digit_and_says_how_many_pixels_changed():
    app = make_app(lesson_id="deeper-networks", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        assert "143 of 784 pixels changed" in text_of(pane, "numbers")
        assert "1 rotate 15°" in text_of(pane, "numbers")
        await pilot.press("plus", "plus")
        assert pane.settings.angle == 25
        await pilot.press("3", "minus")
        assert (pane.settings.selected, pane.settings.scale) == ("scale", 0.95)
        await pilot.press("4", "plus")
        assert pane.settings.flip == "horizontal" and "Flips suit photographs" in text_of(pane, "numbers")
        await pilot.press("0")
        assert "Ink 100 % of the original's · 0 of 784 pixels changed" in text_of(pane, "numbers")


async def test_a_flip_s_warning_keeps_every_transform_in_view_at_80x24():
    """The warning (three lines) came before the transforms and pushed them below the fold at 80×24,
    just as 4 and + are pressed to change them: now the transforms come first, and with a flip on the
    counts and the warning take one line each, so the numbers still fit without scrolling."""
    from workbench.app.widgets.marked_scroll import MarkedScroll

    for lang in ("en", "ko"):
        app = make_app(lesson_id="deeper-networks", step=STEP, lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            pane = app.screen.query_one(AugmentationPane)
            await pilot.press("4", "plus")
            await pilot.pause()
            shown = str(pane.query_one("#augmentation-numbers", CellView).render())
            lines = shown.splitlines()
            assert pane.settings.flip == "horizontal"
            assert lines[-1].strip() in {"Flips suit photographs, not digits.", "뒤집기는 숫자가 아니라 사진에 씁니다."}
            assert lines[-2].startswith("6 ")                 # the warning after the last transform
            body = pane.query_one("#augmentation-body", MarkedScroll)
            assert body.max_scroll_y == 0 and not body.more_below, shown


async def test_a_click_on_a_transform_in_the_list_chooses_it():
    """The list under the digits marks the chosen transform; a click on another chooses it, as its number
    key does, so + and - change it (a click did nothing: + went on changing the rotation)."""
    app = make_app(lesson_id="deeper-networks", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        numbers = pane.query_one("#augmentation-numbers", CellView)
        for transform in ("crop", "scale"):
            x, y = numbers.canvas.find(("transform", transform))
            await pilot.click(numbers, offset=(x + 2, y))
            assert pane.settings.selected == transform
        await pilot.press("minus")
        assert (pane.settings.scale, pane.settings.angle) == (0.95, 15)


async def test_h_j_k_l_move_the_shift_or_the_crop():
    app = make_app(pane=("augmentation", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        await pilot.press("l", "l", "j")                       # rotate is chosen: the keys choose the shift
        assert (pane.settings.selected, pane.settings.shift) == ("shift", (1, 2))
        await pilot.press("h", "h", "h", "h")
        assert "2 shift (1, −2)" in text_of(pane, "numbers")      # a true minus, as every number on screen
        await pilot.press("5", "minus", "minus")               # a crop of 24, its centre kept
        assert (pane.settings.crop, pane.settings.crop_at) == (24, (2, 2))
        await pilot.press("h", "h", "h", "k")
        assert pane.settings.crop_at == (1, 0)                 # it stops at the edge
        await pilot.press("plus", "plus", "plus")
        assert (pane.settings.crop, pane.settings.crop_at) == (28, (0, 0))
        assert "crop 28×28 at (0, 0)" in text_of(pane, "numbers")


async def test_full_stop_draws_at_random_and_comma_goes_back():
    app = make_app(pane=("augmentation", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        await pilot.press("full_stop", "full_stop")
        drawn = random_amounts(2)
        assert pane.settings.seed == 2 and pane.settings.angle == drawn["angle"] and pane.settings.shift == drawn["shift"]
        await pilot.press("comma")
        assert pane.settings.seed == 1 and pane.settings.crop == random_amounts(1)["crop"]


async def test_a_narrow_pane_shows_one_picture_and_v_changes_it():
    app = make_app(lesson_id="deeper-networks", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        assert "augmented, over the original" in text_of(pane, "status")
        await pilot.press("v")
        assert pane.settings.picture == "augmented"
        assert "synthetic digit 3 (#0) · augmented" in text_of(pane, "status")
    app = make_app(pane=("augmentation", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        images = text_of(pane, "images")
        assert "original" in images and "augmented" in images    # full width: both, side by side


async def test_a_missing_data_set_falls_back_to_a_synthetic_digit_and_says_so(monkeypatch):
    monkeypatch.setattr(conv, "_loaded", {})
    release = threading.Event()

    def missing(*args, **kwargs):
        release.wait(5)
        raise DatasetError("not here")

    monkeypatch.setattr(conv, "load_split", missing)
    app = make_app(pane=("augmentation", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)
        await pilot.press("m")
        assert pane.settings.dataset == "mnist" and "Reading MNIST" in text_of(pane, "status")
        release.set()
        assert pane.jobs["load"].wait(5)
        await pilot.pause()                     # the job's end, posted to the app, is handled
        assert "MNIST is not on this computer" in text_of(pane, "status")


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_the_rotation_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="deeper-networks", step=STEP)), terminal_size=SIZE)


def test_snapshot_side_by_side_at_120x40(snap_compare):
    settings = AugmentationSettings(selected="crop", angle=-10, shift=(1, -2), scale=1.1, crop=22, crop_at=(2, 3),
                                    brightness=0.8)
    assert snap_compare(still(make_app(pane=("augmentation", settings))), terminal_size=(120, 40))


def test_snapshot_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="deeper-networks", step=STEP, lang="ko")), terminal_size=SIZE)


async def test_plus_and_minus_are_dim_where_they_would_change_nothing():
    """The crop starts at the whole image, 28 × 28, its largest: + was lit there and did nothing."""
    from workbench.app.key_bar import KeyBar

    app = make_app(lesson_id="deeper-networks", step=STEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(AugmentationPane)

        def lit() -> bool:
            return {b.id: on for b, on, _ in app.screen.query_one(KeyBar).items()}["augmentation.more"]

        assert lit()
        await pilot.press("5")
        assert pane.settings.selected == "crop" and pane.settings.crop == 28 and not lit()
        assert pane.check_action("amount", (-1,)) is True
        await pilot.press("minus")
        assert pane.settings.crop == 26 and lit()
