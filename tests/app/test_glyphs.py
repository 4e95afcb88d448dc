"""Glyph modes (issue 20): the ASCII look for Windows consoles and CJK terminals, chosen by --glyphs, by
the remembered setting, or by itself where the terminal cannot encode Unicode; snapshots of a lesson,
the graph pane and the training curves in ASCII (review new SVGs by eye)."""
import dataclasses
import unicodedata

import pytest
from textual.widgets import Input

from workbench.app import glyphs
from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.app.plotting import Plot
from workbench.models.catalog import pane
from screen_text import until_drawn

ASCII = "ascii"


@pytest.fixture(autouse=True)
def unicode_after():
    """The mode is the process's; every test leaves it as the next app expects it."""
    yield
    glyphs.set_mode(glyphs.UNICODE)


def still(app):
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("encoding, remembered, expected", [
    ("utf-8", None, "unicode"), ("utf-8", "ascii", "ascii"), ("cp437", None, "ascii"), ("cp1252", "unicode", "ascii"),
    ("ascii", None, "ascii"), ("euc-kr", None, "ascii"), ("no-such-codec", None, "ascii")])
def test_the_mode_is_ascii_where_the_terminal_cannot_encode_the_unicode_glyphs(encoding, remembered, expected):
    assert glyphs.choose(None, remembered, encoding) == expected


def test_glyphs_asked_for_win_over_the_terminal_and_the_remembered_mode():
    assert glyphs.choose("unicode", "ascii", "utf-8") == "unicode"
    assert glyphs.choose("ascii", "unicode", "utf-8") == "ascii"


def test_every_box_braille_and_block_glyph_becomes_one_ascii_character():
    drawn = "".join(chr(c) for c in [*range(0x2500, 0x2580), *range(0x2800, 0x2900)]) + "●○▲▼→←…×−✓✗▀▄█▏"
    flat = glyphs.to_ascii(drawn)
    assert flat.isascii() and len(flat) == len(drawn)
    assert glyphs.to_ascii("┌─┐│└┘") == "+-+|++" and glyphs.to_ascii("⠀⣿") == " #"
    assert glyphs.to_ascii("● y = 1  ○ y = 0") == "O y = 1  o y = 0"    # the perceptron's two outputs, told apart
    assert glyphs.to_ascii("한글 x₁") == "한글 x₁"           # text is left alone: only glyphs change
    assert all(unicodedata.east_asian_width(c) in "NaH" for c in flat)


def test_shades_run_from_dark_to_light():
    assert [glyphs.shade(v) for v in (0.0, 0.5, 1.0)] == [" ", "+", "@"]
    assert glyphs.shade(float("nan")) == " " and glyphs.shade(7) == "@"


def ascii_only(app) -> bool:
    """Whether every character on the app's screen is ASCII or a letter of the text (Hangul, subscripts)."""
    lines = app.screen._compositor.render_update(full=True).render_segments(app.console)
    return not any(unicodedata.category(c) == "So" or 0x2500 <= ord(c) < 0x2900 for c in lines)


async def test_ascii_mode_draws_no_box_braille_or_block_glyph_and_the_palette_command_switches_back():
    app = still(make_app(lesson_id="perceptron", step=3, glyph_mode=ASCII))
    async with app.run_test(size=(80, 24)) as pilot:
        await until_drawn(pilot, *app.screen.query(Plot))
        assert glyphs.ascii_mode() and app.progress.glyphs == ASCII
        assert ascii_only(app)
        app.action_toggle_glyphs()
        await until_drawn(pilot, *app.screen.query(Plot))
        assert not glyphs.ascii_mode() and app.progress.glyphs == "unicode"
        assert not ascii_only(app)


def test_snapshot_a_lesson_in_ascii(snap_compare):
    assert snap_compare(still(make_app(lesson_id="perceptron", step=3, glyph_mode=ASCII)), terminal_size=(80, 24))


def test_snapshot_a_lesson_in_ascii_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="convolution", step=1, lang="ko", glyph_mode=ASCII)),
                        terminal_size=(80, 24))


def test_snapshot_the_graph_pane_in_ascii(snap_compare):
    settings = pane("graph").parse(["graph=apple-orange", "step=6"])
    assert snap_compare(still(make_app(pane=("graph", settings), glyph_mode=ASCII)), terminal_size=(80, 24))


def test_snapshot_the_training_curves_in_ascii(snap_compare, monkeypatch):
    """A tiny seeded run, then fixed figures in place of the measured ones (another machine's BLAS
    would move the last digits), drawn again."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)
    settings = pane("train").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100", "batch_size=20",
                                    "epochs=3"])

    async def run(pilot):
        p = pilot.app.screen.query_one(TrainPane)
        await pilot.press("g")
        for _ in range(2400):
            if p.state == "done":
                break
            await pilot.pause(0.05)
        assert p.state == "done"
        losses = [2.3 - 1.9 * (1 - 0.93 ** i) + 0.08 * ((i * 7) % 5 - 2) / 2 for i in range(len(p.losses))]
        p.losses[:] = losses
        p.smooth[:] = [sum(losses[max(0, i - 4):i + 1]) / len(losses[max(0, i - 4):i + 1]) for i in range(len(losses))]
        figures = {1: (0.62, 0.58), 2: (0.81, 0.76), 3: (0.9, 0.83)}
        p.records[:] = [dataclasses.replace(r, train_acc=figures.get(r.epoch, (0.1, 0.1))[0],
                                            test_acc=figures.get(r.epoch, (0.1, 0.1))[1], elapsed=1.0,
                                            samples_per_sec=1000.0) for r in p.records]
        await pilot.press("2")
        p.show_curves()
        p.show_status()
        await until_drawn(pilot, *(plot for plot in p.query(Plot) if plot.region.area))

    app = still(make_app(pane=("train", settings), glyph_mode=ASCII))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
