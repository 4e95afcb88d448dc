"""A Korean class's page in Chromium (web52): the fonts its script gives the terminal draw Hangul at two cells
(within the 8% Noto Sans Mono CJK KR's Hangul is narrower than its em), and a cell's text drawn as xterm.js
draws it keeps its descenders. The page's script alone, on a blank page: no server, no session (seconds)."""
from __future__ import annotations

import subprocess

import pytest

from browser_session import browser  # noqa: F401 - a fixture
from test_web52_page_fonts import page_in

pytestmark = pytest.mark.slow

TERMINAL = """() => {
  const made = {terminal: {options: {}}};      // as textual.js makes its terminal, then sets its fitAddon
  made.fitAddon = {};
  const font = "40px " + made.terminal.options.fontFamily;
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = font;
  const cell = canvas.measureText("W").width, hangul = canvas.measureText("결").width;
  const metrics = canvas.measureText("y");
  const height = Math.ceil(metrics.fontBoundingBoxAscent + metrics.fontBoundingBoxDescent);
  function inked(baseline, y, rows, measured) {  // a "y" drawn in a canvas, its inked pixels counted
    const context = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
    context.canvas.width = 60; context.canvas.height = rows;
    context.font = font; context.fillStyle = "#fff"; context.textBaseline = baseline;
    if (measured) {                              // as xterm.js measures an underlined letter's descent first
      context.save(); context.textBaseline = "alphabetic"; context.measureText("y"); context.restore();
    }
    context.fillText("y", 0, y);
    return context.getImageData(0, 0, 60, rows).data.filter((value, index) => index % 4 === 3 && value > 0).length;
  }
  // xterm.js (Chromium): the ideographic baseline at the bottom of a cell just as tall as the font
  return {family: made.terminal.options.fontFamily, twoCells: hangul / (2 * cell),
          inCell: inked("ideographic", height, height), underlined: inked("ideographic", height, height, true),
          whole: inked("alphabetic", height, 3 * height)};
}"""


def script_of(page: str) -> str:
    start = page.index("<script>{% raw %}") + len("<script>{% raw %}")
    return page[start:page.index("{% endraw %}</script>", start)]


def test_a_korean_pages_terminal_draws_hangul_two_cells_wide_and_whole_letters(browser):
    tab = browser.new_page()
    try:
        tab.set_content("<!DOCTYPE html><html><body></body></html>")
        tab.add_script_tag(content=script_of(page_in("ko")))
        drawn = tab.evaluate(TERMINAL)
    finally:
        tab.close()
    assert "Noto Sans Mono CJK KR" in drawn["family"]
    assert drawn["inCell"] == drawn["underlined"] == drawn["whole"] > 0, drawn   # before: y, p, [ ] cut off
    if not hangul_monospace():
        pytest.skip(f"no monospace font with Hangul here to measure: {INSTALL}")
    assert drawn["twoCells"] >= 0.9, drawn       # textual-serve's fonts: 0.76, a gap a third of a letter wide


INSTALL = "sudo apt-get install fonts-noto-cjk"


def hangul_monospace() -> bool:
    """Whether this computer has Noto Sans Mono CJK KR (fontconfig's list; no fontconfig, no font)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True)
    except OSError:
        return False
    return "Noto Sans Mono CJK KR" in listed.stdout
