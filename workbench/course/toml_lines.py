"""Line numbers for the keys of a TOML file, which tomllib does not report.

Good for the plain layout lesson files use: `key = value` lines, `[table]` and `[[array]]` headers.
"""
from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def key_lines(text: str) -> dict[tuple, int]:
    """Map key paths such as ("steps", 0, "settings", "x_min") to their 1-based line."""
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    prefix: tuple = ()
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            in_multiline = line.count('"""') % 2 == 0 and line.count("'''") % 2 == 0
            continue
        header = _HEADER.match(line)
        if header:
            prefix = _array_path(_split(header.group(2)), header.group(1) == "[[", counts)
            lines.setdefault(prefix, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(prefix + tuple(_split(key.group(1))), number)
            in_multiline = line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1
    return lines


def line_of(lines: dict[tuple, int], path: tuple) -> int:
    """The line of `path`, or of its nearest recorded parent, or 1."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1


def _split(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(r'"[^"]*"|\'[^\']*\'|[^.]+', dotted)]


def _array_path(names: list[str], is_array: bool, counts: dict[tuple, int]) -> tuple:
    """Resolve a header to a path, numbering `[[array]]` entries; `[array.sub]` joins the latest entry."""
    path: tuple = ()
    for i, name in enumerate(names):
        path += (name,)
        last = i == len(names) - 1
        if last and is_array:
            counts[path] = counts.get(path, -1) + 1
            path += (counts[path],)
        elif path in counts:
            path += (counts[path],)
    return path
