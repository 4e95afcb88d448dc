"""The convolution explorer in the app: the cursor by key and by mouse, forward and backward, filters and
images, a data set read in a job (or missing, with a clear label), and SVG snapshots."""
import pytest

import threading

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.conv import ConvPane
from workbench.datasets import DatasetError
from workbench.models import conv as model
from workbench.models.conv import ConvSettings

SIZE = (80, 24)


def text_of(pane, part) -> str:
    return str(pane.query_one(f"#conv-{part}", CellView).render())


async def test_the_cursor_walks_the_feature_map_and_the_numbers_follow():
    app = make_app(pane=("conv", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        assert pane.settings.cell == (12, 12) and "out[12, 12] = −2.494" in text_of(pane, "numbers")
        await pilot.press(".")
        assert pane.settings.cell == (12, 13) and "col[325]" in text_of(pane, "numbers")
        await pilot.press("j", "h", "h")
        assert pane.settings.cell == (13, 11)
        await pilot.press("down")                 # on its own, the arrows move the cursor too
        assert pane.settings.cell == (14, 11)
        value = f"{pane.result.value:.3f}".replace("-", "−")
        assert f"out[14, 11] = {value}" in text_of(pane, "numbers")
        assert f"DirectConvolution {value} ✓" in text_of(pane, "numbers")


async def test_a_click_on_the_feature_map_picks_its_cell():
    app = make_app(pane=("conv", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        images = pane.query_one("#conv-images", CellView)
        x, y = images.canvas.find(("cell", 4, 20))
        await pilot.click(images, offset=(x, y))
        assert pane.settings.cell == (4, 20)


async def test_backward_shows_where_the_gradient_lands():
    app = make_app(pane=("conv", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        await pilot.press("b")
        assert pane.settings.direction == "backward"
        numbers = text_of(pane, "numbers")
        assert "dout[12, 12] = 1, 0 elsewhere" in numbers and "dW = window·dout" in numbers
        assert "dx 28×28" in text_of(pane, "images") and "dout 26×26" in text_of(pane, "images")
        assert "the same dW and dx ✓" in numbers


async def test_filters_images_and_the_narrow_picture():
    app = make_app(lesson_id="convolution", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        assert pane.settings.picture == "input" and "x 28×28" in text_of(pane, "images")
        await pilot.press("v")
        assert pane.settings.picture == "map" and "out 26×26" in text_of(pane, "images")
        await pilot.press("f")
        assert pane.settings.filter == "horizontal-edge" and "Sobel y" in text_of(pane, "status")
        await pilot.press("right_square_bracket")
        assert pane.settings.index == 1


async def test_a_missing_data_set_falls_back_to_a_synthetic_digit_with_a_label(monkeypatch):
    monkeypatch.setattr(model, "_loaded", {})
    release = threading.Event()

    def missing(*args, **kwargs):
        release.wait(5)
        raise DatasetError("not here")

    monkeypatch.setattr(model, "load_split", missing)
    app = make_app(pane=("conv", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        await pilot.press("m")
        assert pane.settings.dataset == "mnist"
        assert "Reading MNIST" in text_of(pane, "status").replace("\n", " ")
        release.set()
        job = pane.jobs["load"]
        assert job.wait(5)
        await pilot.pause()                     # the job's end, posted to the app, is handled
        status = text_of(pane, "status").replace("\n", " ")
        assert "synthetic digit" in status and "MNIST is not on this computer" in status


async def test_a_long_image_name_goes_on_a_line_of_its_own_beside_a_lessons_text(monkeypatch):
    """"Sobel x · Fashion-MNIST class 9 (test #0)" is 41 cells; beside the text the pane has 38, and the
    line was cut after "(test #"."""
    import numpy as np

    monkeypatch.setattr(model, "_loaded", {"fashion-mnist": (np.zeros((1, 28, 28), np.float32), np.array([9]))})
    app = make_app(lesson_id="convolution", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        pane.apply(dataset="fashion-mnist")
        await pilot.pause()
        lines = [line.rstrip() for line in text_of(pane, "status").splitlines()]
        assert lines[:2] == ["Sobel x ·", "Fashion-MNIST class 9 (test #0)"]


def still(app):
    app.animation_level = "none"
    return app


def test_the_sliding_filter_in_the_lesson_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="convolution", step=1)), terminal_size=(80, 24))


def test_backward_at_120x40(snap_compare):
    settings = ConvSettings(direction="backward", cell=(17, 19))
    assert snap_compare(still(make_app(pane=("conv", settings))), terminal_size=(120, 40))


def test_the_gap_between_the_two_routes_is_written_as_every_pane_writes_a_small_number():
    """It read "6.0e−08" (a padded exponent) where the panes write 6.0e−8."""
    from types import SimpleNamespace

    from workbench.app.panes.conv import gap_text

    assert [gap_text(SimpleNamespace(largest_difference=lambda v=v: v)) for v in (0.0, 6e-8, 2.5e-16)] == [
        "0", "6.0e−8", "2.5e−16"]


@pytest.mark.parametrize(("lang", "backward", "forward"), [("en", "b Backward", "b Forward"),
                                                           ("ko", "b 역전파", "b 순전파")])
async def test_b_is_labelled_with_the_way_it_goes(lang, backward, forward):
    """Going backward (7.2 step 7 opens so), the footer still read "b Backward", the way the pane
    already went: `b` reads Forward there, as the graph's `m` reads the mode it goes to."""
    from workbench.i18n import t

    app = make_app(pane=("conv", None), lang=lang)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ConvPane)
        footer = lambda: str(app.screen.query_one("KeyBar").render())     # noqa: E731
        assert backward in footer() and forward not in footer()
        await pilot.press("b")
        assert pane.settings.direction == "backward"
        await pilot.pause()
        assert forward in footer() and backward not in footer()
        assert t("conv.key.forward.tip") in help_of(app)
        await pilot.press("b")
        await pilot.pause()
        assert pane.settings.direction == "forward" and backward in footer()


def help_of(app) -> str:
    from workbench.app.help_screen import help_text

    return help_text(app.screen)
