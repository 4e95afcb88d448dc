"""The text a browser's terminal shows, rebuilt from the bytes the served app sends it.

xterm.js draws on a canvas, so the page has no text to read; the websocket carries exactly what it
draws. Textual writes cursor moves (`ESC [ row ; col H`) and text between style codes, which is all
this small screen keeps: enough to read what the student sees, line by line.
"""
from __future__ import annotations

import codecs
import re
import threading
import unicodedata

_TOKEN = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x1f]|[^\x00-\x1f\x1b]+")


def _width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


class Screen:
    """A grid of characters fed with terminal output (thread-safe: Playwright calls back from its thread)."""

    def __init__(self, width: int = 200, height: int = 80):
        self.width, self.height = width, height
        self.rows = [[" "] * width for _ in range(height)]
        self.x = self.y = 0
        self._pending = ""
        self._decode = codecs.getincrementaldecoder("utf-8")("replace").decode
        self._lock = threading.Lock()

    def feed(self, data: bytes | str) -> None:
        text = self._decode(data) if isinstance(data, bytes) else data
        with self._lock:
            text, self._pending = self._pending + text, ""
            cut = text.rfind("\x1b")
            if cut != -1 and _TOKEN.match(text, cut) is None:      # a sequence cut in two
                text, self._pending = text[:cut], text[cut:]
            for token in _TOKEN.findall(text):
                self._apply(token)

    def _apply(self, token: str) -> None:
        if token.startswith("\x1b["):
            if token.endswith("H") and not token.startswith("\x1b[?"):
                parts = [int(p) if p else 1 for p in token[2:-1].split(";")] + [1, 1]
                self.y, self.x = min(parts[0], self.height) - 1, min(parts[1], self.width) - 1
            elif token.endswith("J") and token[2:-1] in ("2", "3"):
                self.rows = [[" "] * self.width for _ in range(self.height)]
            return
        if token.startswith("\x1b") or token in ("\x07",):
            return
        if token == "\r":
            self.x = 0
            return
        if token == "\n":
            self.y = min(self.y + 1, self.height - 1)
            return
        if len(token) == 1 and ord(token) < 0x20:
            return
        for char in token:
            if 0 <= self.y < self.height and 0 <= self.x < self.width:
                self.rows[self.y][self.x] = char
                if _width(char) == 2 and self.x + 1 < self.width:
                    self.rows[self.y][self.x + 1] = ""
            self.x += _width(char)

    def text(self) -> str:
        with self._lock:
            return "\n".join("".join(row).rstrip() for row in self.rows)
