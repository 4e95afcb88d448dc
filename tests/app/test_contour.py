"""The contour/path renderer shared by the descent and optimizers panes, without running the app:
braille and ASCII cells, paths that leave the window, and one scale for x and y where asked."""
import numpy as np

from rich.text import Text

from workbench.app.widgets.contour import Trace, choose_captions, fit, raster
from workbench.models.surface_path import SURFACES


def plain(canvas) -> list[str]:
    return ["".join(char for char, _ in row) for row in canvas.cells()]


def test_braille_contours_and_a_path_with_its_head_and_the_minimum():
    points = np.array([[-3.0, 4.0], [-2.4, 3.2], [-1.92, 2.56]])
    canvas = raster(SURFACES["bowl"], [Trace(points, "path", "●", "*")], 30, 10)
    lines = plain(canvas)
    assert len(lines) == 10 and all(len(line) == 30 for line in lines)
    assert sum(line.count("●") for line in lines) == 1 and sum(line.count("+") for line in lines) == 1
    assert any(0x2800 < ord(c) <= 0x28FF for line in lines for c in line)
    keys = {key for row in canvas.cells() for _, key in row}
    assert {"contour", "path", "mark"} <= keys


def test_ascii_draws_each_path_in_its_own_letters():
    a = np.array([[-7.0, 2.0], [-6.3, -1.8], [-5.7, 1.6]])
    b = np.array([[-7.0, 2.0], [-6.9, 1.6], [-6.8, 1.0]])
    canvas = raster(SURFACES["valley"], [Trace(a, "S", "S", "s"), Trace(b, "M", "M", "m")], 40, 10, braille=False)
    text = "\n".join(plain(canvas))
    assert all(ord(c) < 128 for c in text)
    assert text.count("S") == 1 and text.count("M") == 1 and "s" in text and "m" in text and "." in text


def test_a_path_that_leaves_the_window_gets_an_arrow_on_the_edge_and_inf_ends_it():
    points = np.array([[-3.0, 4.0], [57.0, -76.0], [-1083.0, 1444.0], [np.inf, -np.inf], [np.nan, np.nan]])
    lines = plain(raster(SURFACES["bowl"], [Trace(points, "path", "●", "*")], 30, 10))
    edges = lines[0] + lines[-1] + "".join(line[0] + line[-1] for line in lines)
    assert "↖" in edges and "●" not in "".join(lines)


def test_a_square_surface_keeps_one_scale_and_the_valley_fills_the_plot():
    w = fit(SURFACES["bowl"], [], 40, 10)
    assert (w.x1 - w.x0) / 40 == np.float64((w.y1 - w.y0) / 20)
    v = fit(SURFACES["valley"], [], 40, 10)
    assert v.x0 < -10 and v.x1 > 10 and -3 < v.y0 < -2.6
    wide = fit(SURFACES["bowl"], [np.array([[-8.0, 0.0], [1e13, 0.0]])], 40, 10)
    assert wide.x0 < -8 and wide.x1 < 100, "points far out do not stretch the window"


def test_captions_take_the_first_form_that_fits_every_tile_and_a_second_line_only_with_room():
    """A tag too long for its tile goes under the name (6.1's grid beside the text), unless the picture
    would keep fewer than 4 rows: then the letter alone before it."""
    def forms(name, what):
        return [Text(f"{name[0]} {name} {what}"), Text(f"{name[0]} {name}\n{what}"), Text(f"{name[0]} {what}")]
    captions = [forms("SGD", "zig-zags"), forms("Momentum", "overshoots")]
    assert [str(c) for c in choose_captions(captions, 30, 7)] == ["S SGD zig-zags", "M Momentum overshoots"]
    assert [str(c) for c in choose_captions(captions, 18, 7)] == ["S SGD\nzig-zags", "M Momentum\novershoots"]
    assert [str(c) for c in choose_captions(captions, 18, 5)] == ["S zig-zags", "M overshoots"]
    assert [str(c) for c in choose_captions(captions, 8, 7)] == ["S zig-zags", "M overshoots"]   # the last, cut
