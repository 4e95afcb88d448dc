"""What the im2col pane draws: the stages' shapes, the windows behind col's rows, and col2im's sums.

`Drawing` turns the model's result, the cursor and the width into a Canvas; the pane only picks the
view and shows it. The cursor is ("col", row, column) on col (or on the pooling rows), or
("x", n, c, y, x) on a pixel of the padded input; in the col2im view it is always on a pixel.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len

from workbench.app.panes.cells import Canvas, Shades, grid, grid_width
from workbench.exercises.report import frames
from workbench.i18n import t
from workbench.i18n.numbers import num, short_count
from workbench.models.im2col import (Im2colResult, Sizes, copies_of, entry_position, gradient_terms,
                                     gradient_value, growth_text, human_bytes, pixel_index, shape_text,
                                     symbol, unpadded, window_of)
from workbench.models.im2col_mine import PART_OF, shown_by
from workbench.models.mine import printed_lines

Cursor = tuple
Block = tuple[int, int, Callable[[int, int], None]]
"""(width, height, draw at (x, y)): one grid with its title, for `flow`."""


@dataclass(frozen=True)
class Marks:
    """Rich styles for the cursor, what it relates to, its window, the padding and the maxima."""

    cursor: str
    related: str
    window: str
    pad: str
    best: str
    heading: str
    wrong: str = "bold reverse"
    """The first entry of the learner's array (impl = mine) that differs from the library's."""
    error: str = "bold"

    @classmethod
    def of(cls, theme: dict[str, str]) -> Marks:
        return cls(cursor=f"bold {theme['background']} on {theme['accent']}",
                   related=f"bold on {theme['accent-muted']}",
                   window=f"on {theme['primary-muted']}",
                   pad="dim", best=f"bold underline {theme['success']}", heading="bold",
                   wrong=f"bold {theme['background']} on {theme['error']}", error=f"bold {theme['text-error']}")


def value_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else num(value, 2)


def cursor_pixel(z: Sizes, cursor: Cursor) -> int | None:
    """The unpadded pixel under the cursor (or the one the col entry under it copies), None on padding."""
    position = entry_position(z, *cursor[1:]) if cursor[0] == "col" else cursor[1:]
    return unpadded(z, *position)


def wrap(text: str, width: int) -> list[str]:
    """Words of `text` in lines of at most `width` cells; short groups in brackets, "img[0, :, 0:2, 0:2]"
    or "(0, 1)", an equation's sides ("(0, 0) = 1,") and a size and its unit ("5.7 KB") stay whole."""
    lines, line = [], ""
    words = [piece for word in whole_words(text)
             for piece in (whole_words(word, brackets=False) if cell_len(word) > max(width // 2, 12) else [word])]
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line] if line else lines


_UNIT = re.compile(r"(B|KB|MB|GB|TB|PB|EB|%)(?![A-Za-z0-9_])")
r"""A size's unit (human_bytes) or a percent sign, which goes with the number before it, whatever is
written onto it ("6.6 MB)입니다." in Korean, where "\W*$" let the unit start the next row)."""


def whole_words(text: str, brackets: bool = True) -> list[str]:
    """Words split at spaces, except around a lone "=", before a unit and (`brackets`) inside brackets
    or parentheses."""
    words: list[str] = []
    depth = 0
    joins_next = False
    for piece in text.split(" "):
        if words and ((brackets and depth > 0) or joins_next or piece == "=" or _UNIT.match(piece)):
            words[-1] += " " + piece
        else:
            words.append(piece)
        joins_next = piece == "="
        depth += sum(piece.count(o) - piece.count(c) for o, c in ("[]", "()"))
        depth = max(depth, 0)
    return words


# -- the learner's im2col and col2im (impl = mine) ---------------------------------------------------

SHOWN_IN = {"windows": ("col",), "col2im": ("dx", "coverage"), "shapes": ("col", "dx", "coverage")}
VIEW_OF = {"im2col": ("2", "windows"), "col2im": ("3", "col2im")}
"""Where a part's arrays are drawn: the view's key and name, for a problem the current view does not show."""


def problem_text(name: str, problem) -> str:
    """One array's problem in a sentence: the first entry that differs, the shape, or what came back."""
    from workbench.exercises.report import message_text, words

    part = PART_OF[name]
    if isinstance(problem, dict):
        if "returned" in problem:
            return t("im2col.mine.returned", part=part, got=words(problem["returned"]))
        return message_text(problem)
    if problem.shape:
        return t("im2col.mine.shape", part=part, what=name, got=shape_text(problem.got),
                 expected=shape_text(problem.expected))
    index = ", ".join(map(str, problem.index))
    return t(f"im2col.mine.{name}_differs", index=index, got=value_text(problem.got),
             expected=value_text(problem.expected))


def hidden_text(miss, settings) -> str:
    """That their im2col or col2im, right on the pane's batch, is not on a hidden one: where, what, and
    the slip it looks like."""
    from workbench.exercises.report import message_text, words

    problem, case = miss.problem, miss.case
    if isinstance(problem, dict):
        what = (t("im2col.mine.returned", part=PART_OF[miss.name], got=words(problem["returned"]))
                if "returned" in problem else message_text(problem))
    elif problem.shape:
        what = t("im2col.mine.hidden.shape", name=miss.name, got=shape_text(problem.got),
                 expected=shape_text(problem.expected))
    else:
        what = t("im2col.mine.hidden.entry", name=miss.name, index=", ".join(map(str, problem.index)),
                 got=value_text(problem.got), expected=value_text(problem.expected))
    text = t("im2col.mine.hidden", part=PART_OF[miss.name], shape=shape_text(case.x.shape), fh=case.FH,
             fw=case.FW, stride=case.S, pad=case.P, what=what)
    text += " " + t(miss.hint[0], **miss.hint[1]) if miss.hint else ""
    here = shown_by(settings, miss)
    return text + (" " + t("im2col.mine.shown_by", input=here) if here else "")


def mine_lines(result: Im2colResult, file: str, width: int, marks: Marks) -> Canvas:
    """Whose im2col and col2im run (or that they are running), the first entry of each array the
    view shows that differs from the library's, a hidden batch their code gets wrong, and which view
    shows a part's problem this one does not (the ✓ only when there is none of these: the pane's own
    batch cannot tell every order apart)."""
    state, canvas = result.mine, Canvas()
    if state.pending:
        for y, line in enumerate(wrap(t("im2col.mine.running", file=file), width)):
            canvas.put(0, y, line, "italic")
        return canvas
    problems = [(name, state.problem(name)) for name in SHOWN_IN[result.settings.view] if state.problem(name)]
    hidden = state.hidden_misses()
    shown = [problem for _, problem in problems]       # a folder missing fails every part alike: said once
    elsewhere = dict.fromkeys(PART_OF[name] for name in PART_OF
                              if name not in SHOWN_IN[result.settings.view] and state.problem(name)
                              and state.problem(name) not in shown)
    agrees = state.ran and not problems and not hidden and not elsewhere
    lines = [(t("im2col.mine.using", file=file) + (" " + t("im2col.mine.agrees") if agrees else ""), marks.heading)]
    in_place = result.settings.view != "shapes"        # a part that failed is said in place of its numbers
    said = dict.fromkeys(problem_text(name, problem) for name, problem in problems
                         if not (in_place and (isinstance(problem, dict) or problem.shape)))
    lines += [("⚠ " + text, marks.error) for text in said]
    lines += [(hidden_text(miss, result.settings), marks.error) for miss in hidden]
    lines += [(t("im2col.mine.elsewhere", part=part, key=VIEW_OF[part][0], view=t(f"im2col.view.{VIEW_OF[part][1]}")),
               marks.error) for part in elsewhere]
    head, *printed = printed_lines(state.printed) or [None]
    y = 0
    for text, style in lines + ([(head, "dim")] if head else []):
        for line in wrap(text, width):
            canvas.put(0, y, line, style)
            y += 1
    for y, line in enumerate(printed, start=y):        # the lines as printed: indented, cut rather than wrapped
        canvas.put(0, y, line[:width], "dim")
    return canvas


def unavailable(result: Im2colResult, width: int, marks: Marks) -> Canvas | None:
    """In place of the view's numbers: that the learner's code is running, or why their array cannot be
    shown (a part missing or raising, not an array, another shape), with their traceback; None when it can."""
    state, canvas = result.mine, Canvas()
    if state.pending:
        return canvas
    problems = [(name, state.problem(name)) for name in SHOWN_IN[result.settings.view]]
    problems = [(name, p) for name, p in problems if p is not None and (isinstance(p, dict) or p.shape)]
    if not problems:
        return None
    y, said = 0, set()
    for name, problem in problems:
        text = problem_text(name, problem)
        if text in said:                                # col2im missing: dx and the coverage say the same
            continue
        said.add(text)
        for line in wrap("⚠ " + text, width):
            canvas.put(0, y, line, marks.error)
            y += 1
        trace = problem.get("traceback") if isinstance(problem, dict) else None
        for line in frames(trace)[-4:]:                    # its frames: the message says the error
            canvas.put(0, y, line[:width], "dim")
            y += 1
    for line in wrap(t("im2col.mine.hint", folder=result.settings.folder), width):
        canvas.put(0, y + 1, line, "italic")
        y += 1
    return canvas


class Drawing:
    """One view of one result at one width, drawn on `self.canvas`."""

    def __init__(self, result: Im2colResult, cursor: Cursor, width: int, marks: Marks, shades: Shades):
        self.result, self.cursor, self.width = result, cursor, max(width, 20)
        self.marks, self.shades = marks, shades
        self.z, self.a = result.sizes, result.arrays
        self.canvas = Canvas()

    # -- layout helpers --------------------------------------------------------------------------

    def flow(self, y: int, blocks: list[Block], gap: int = 3) -> int:
        """Place blocks left to right, wrapping at the width; returns the line after them (and a blank)."""
        x = band = 0
        for w, h, draw in blocks:
            if x and x + w > self.width:
                y, x, band = y + band + 1, 0, 0
            draw(x, y)
            x, band = x + w + gap, max(band, h)
        return y + band + 1

    def text(self, y: int, text: str, style: str = "") -> int:
        for line in wrap(text, self.width):
            self.canvas.put(0, y, line, style)
            y += 1
        return y

    def block(self, title: str, cells: list[list[str]], style: Callable[[int, int], str],
              key: Callable[[int, int], tuple] | None = None, width: int | None = None) -> Block:
        def draw(x: int, y: int) -> None:
            self.canvas.put(x, y, title, self.marks.heading)
            grid(self.canvas, x, y + 1, cells, style=style, key=key, width=width)

        w = max(grid_width(cells) if width is None else len(cells[0]) * (width + 1) - 1, cell_len(title))
        return (w, len(cells) + 1, draw)

    # -- where the cursor is -----------------------------------------------------------------------

    def padded_position(self, row: int, column: int) -> tuple[int, int, int, int]:
        return entry_position(self.z, row, column)

    def pixel(self) -> int | None:
        return cursor_pixel(self.z, self.cursor)

    def on_col(self, i: int, j: int) -> bool:
        return self.cursor[0] == "col" and (i, j) == tuple(self.cursor[1:])

    # -- shapes -------------------------------------------------------------------------------------

    def shapes(self) -> Canvas:
        """The stages as a table: code (or a short name), shape, numbers, bytes; col stands out.

        Narrow panes get short names and shapes without spaces, and lose the numbers column (the
        bytes are 4 per number) when the table would still not fit; then names too long for the
        room left (a long name beside a batch's 6-D shape) wrap at their spaces onto a second row."""
        result, marks = self.result, self.marks
        wide = self.width >= 64
        header = [t("im2col.column.stage"), t("im2col.column.shape"), t("im2col.column.elements"),
                  t("im2col.column.bytes")]
        rows = [[stage.code if wide else t(f"im2col.stage.{stage.key}"),
                 shape_text(stage.shape) if wide else shape_text(stage.shape).replace(" ", ""),
                 f"{stage.elements:,}" if wide else short_count(stage.elements), human_bytes(stage.bytes)]
                for stage in result.stages]
        columns = [0, 1, 2, 3]
        widths = {i: max(cell_len(row[i]) for row in [header, *rows]) for i in columns}
        if sum(widths.values()) + 3 > self.width:
            columns.remove(2)
        room = self.width - sum(widths[i] + 1 for i in columns[1:])
        longest_word = max(cell_len(word) for row in [header, *rows] for word in row[0].split(" "))
        widths[0] = min(widths[0], max(room, longest_word))
        y = 0
        for index, row in enumerate([header, *rows]):
            style = marks.heading if index == 0 else marks.window if result.stages[index - 1].key == "col" else ""
            names = wrap(row[0], widths[0]) if cell_len(row[0]) > widths[0] else [row[0]]
            x = 0
            for i in columns:
                text = names[0] if i == 0 else row[i]
                gap = " " * (widths[i] - cell_len(text))
                x = self.canvas.put(x, y, text + gap if i < 2 else gap + text, style) + 1
            for name in names[1:]:           # indented where it fits: the row's name goes on
                y += 1
                name = " " + name if cell_len(name) < widths[0] else name
                self.canvas.put(0, y, name + " " * (widths[0] - cell_len(name)), style)
            y += 1
        col = next(s for s in result.stages if s.key == "col")
        y = self.text(y + 1, growth_text(result.stages, self.z))
        if self.z.layer == "conv":
            self.text(y, t("im2col.product_note", rows=col.shape[0], k=col.shape[1], fn=self.z.FN), "dim")
        return self.canvas

    # -- windows ------------------------------------------------------------------------------------

    def input_blocks(self) -> list[Block]:
        """One block per image channel: the padded input, with the cursor's window and pixel marked."""
        z, a, marks = self.z, self.a, self.marks
        window = window_of(z, self.cursor[1]) if self.cursor[0] == "col" else None
        target = self.padded_position(*self.cursor[1:]) if self.cursor[0] == "col" else tuple(self.cursor[1:])
        width = max(cell_len(value_text(v)) for v in a.img.reshape(-1))
        blocks = []
        for n in range(z.N):
            for c in range(z.C):
                def style(i, j, n=n, c=c):
                    if (n, c, i, j) == target:
                        return marks.cursor
                    inside = window is not None and window.n == n and c in window.channels and \
                        window.y0 <= i < window.y0 + z.FH and window.x0 <= j < window.x0 + z.FW
                    padding = not (z.P <= i < z.P + z.H and z.P <= j < z.P + z.W)
                    return " ".join(s for s in (marks.window if inside else "", marks.pad if padding else "") if s)

                title = t("im2col.image_title", n=n, c=c) + (" " + t("im2col.padded", pad=z.P) if z.P else "")
                cells = [[value_text(v) for v in row] for row in a.img[n, c]]
                blocks.append(self.block(title, cells, style, lambda i, j, n=n, c=c: ("x", n, c, i, j), width))
        return blocks

    def windows(self) -> Canvas:
        z, a, marks = self.z, self.a, self.marks
        y = self.flow(0, self.input_blocks())
        related = set()
        pixel = self.pixel() if self.cursor[0] == "x" else None
        if pixel is not None:
            related = set(copies_of(a.row_source, pixel))
        best = {(i, int(k)) for i, k in enumerate(a.arg_max)} if z.layer == "pool" else set()
        title = (t("im2col.col_title", shape=shape_text(a.col.shape)) if z.layer == "conv"
                 else t("im2col.pool_title", shape=shape_text(a.rows.shape), col=shape_text(a.col.shape)))
        y = self.text(y, title, marks.heading)

        wrong = self.wrong_entry("col", a.rows.shape[1])

        def style(i, j):
            if self.on_col(i, j):
                return marks.cursor
            if (i, j) == wrong:
                return marks.wrong
            parts = (marks.related if (i, j) in related else "",
                     marks.window if self.cursor[0] == "col" and i == self.cursor[1] else "",
                     marks.best if (i, j) in best else "", marks.pad if a.row_source[i, j] == 0 else "")
            return " ".join(p for p in parts if p)

        cells = [[value_text(v) for v in row] for row in a.rows]
        label_width = len(str(len(cells) - 1))
        grid(self.canvas, 0, y, cells, style=style, key=lambda i, j: ("col", i, j),
             label=lambda i: str(i).rjust(label_width))
        if z.layer == "pool":
            right = grid_width(cells, label_width + 1) + 1
            for i, value in enumerate(a.out.transpose(0, 2, 3, 1).reshape(-1)):
                chosen = self.cursor[0] == "col" and self.cursor[1] == i
                self.canvas.put(right, y + i, f"→ {value_text(value)}", marks.best if chosen else "dim")
        self.text(y + len(cells) + 1, self.windows_caption())
        return self.canvas

    def wrong_entry(self, name: str, columns: int | None = None) -> tuple[int, ...] | None:
        """Where the learner's array `name` first differs from the library's (impl = mine), as drawn:
        col's index in the rows of `columns` entries (the pooling rows), or dx's (n, c, y, x)."""
        state = self.result.mine
        problem = state.problem(name) if state is not None else None
        if problem is None or isinstance(problem, dict) or problem.shape:
            return None
        if columns is None:
            return problem.index
        return divmod(problem.index[0] * self.a.col.shape[1] + problem.index[1], columns)

    def windows_caption(self) -> str:
        """What the cursor is on, in words: a row's window and an entry's pixel, or a pixel's copies."""
        z, a = self.z, self.a
        if self.cursor[0] == "col":
            _, row, column = self.cursor
            window = window_of(z, row)
            n, c, py, px = self.padded_position(row, column)
            place = (t("im2col.caption.padding") if a.row_source[row, column] == 0
                     else f"x[{n}, {c}, {py - z.P}, {px - z.P}]")
            key = "im2col.caption.row" if z.layer == "conv" else "im2col.caption.pool_row"
            text = t(key, row=row, n=n, c=c, oy=window.y0 // z.S, ox=window.x0 // z.S, y0=window.y0,
                     y1=window.y0 + z.FH, x0=window.x0, x1=window.x0 + z.FW)
            text += " " + t("im2col.caption.entry", row=row, column=column, place=place,
                            value=value_text(a.rows[row, column]))
            if z.layer == "pool":
                best = int(a.arg_max[row])
                ties = int(np.sum(a.rows[row] == a.rows[row, best]))
                text += " " + t("im2col.caption.max" if ties == 1 else "im2col.caption.max_tied",
                                column=best, value=value_text(a.rows[row, best]), ties=ties)
            return text
        n, c, py, px = self.cursor[1:]
        pixel = self.pixel()
        if pixel is None:
            return t("im2col.caption.pad_pixel", n=n, c=c, y=py, x=px)
        copies = copies_of(a.row_source, pixel)
        where = " ".join(f"({r}, {k})" for r, k in copies[:8]) + (" …" if len(copies) > 8 else "")
        return t(f"im2col.caption.pixel.{'one' if len(copies) == 1 else 'many'}", n=n, c=c, y=py - z.P, x=px - z.P,
                 value=value_text(a.x.reshape(-1)[pixel]), count=len(copies), where=where)

    # -- col2im --------------------------------------------------------------------------------------

    def term_text(self, term: tuple[int, ...]) -> str:
        if self.result.settings.gradient == "symbols":
            return symbol(self.z, term)
        return value_text(gradient_value(self.a, term))

    def col2im(self) -> Canvas:
        z, a, marks = self.z, self.a, self.marks
        pixel = self.pixel()
        terms = set(gradient_terms(a, z.layer, pixel)) if pixel is not None else set()
        if z.layer == "conv":
            y = self.text(0, t("im2col.dcol_title", shape=shape_text(a.gradient.shape)), marks.heading)
            cells = [[self.term_text((i, j)) for j in range(a.gradient.shape[1])] for i in range(a.gradient.shape[0])]

            def style(i, j):
                if self.on_col(i, j):
                    return marks.cursor
                return marks.related if (i, j) in terms else (marks.pad if a.source[i, j] == 0 else "")

            label_width = len(str(len(cells) - 1))     # rows counted from 0, as the symbols and col count them
            grid(self.canvas, 0, y, cells, style=style, key=lambda i, j: ("col", i, j),
                 label=lambda i: str(i).rjust(label_width))
            y += len(cells) + 1
        else:
            y = self.flow(0, self.dout_blocks(terms))
        symbols = self.result.settings.gradient == "symbols" and self.result.mine is None
        blocks = [] if symbols and z.layer == "conv" else self.pixel_blocks("dx")
        y = self.flow(y, blocks + self.pixel_blocks("coverage"))
        self.text(y, self.col2im_caption(pixel))
        return self.canvas

    def dout_blocks(self, terms: set) -> list[Block]:
        z = self.z
        blocks = []
        for n in range(z.N):
            for c in range(z.C):
                base = (n * z.C + c) * z.OH * z.OW
                cells = [[self.term_text((base + i * z.OW + j,)) for j in range(z.OW)] for i in range(z.OH)]
                def style(i, j, base=base):
                    return self.marks.related if (base + i * z.OW + j,) in terms else ""

                blocks.append(self.block(f"dout[{n}, {c}]", cells, style))
        return blocks

    def pixel_blocks(self, what: str) -> list[Block]:
        """Per channel: dx (col2im's sums, or the symbols for pooling) or how many windows cover each pixel."""
        z, a = self.z, self.a
        pixel = self.pixel()
        top = float(a.coverage.max()) or 1.0
        wrong = self.wrong_entry(what)
        blocks = []
        for n in range(z.N):
            for c in range(z.C):
                if what == "coverage":
                    cells = [[value_text(v) for v in row] for row in a.coverage[n, c]]
                    title = t("im2col.coverage_title", n=n, c=c)
                elif self.result.settings.gradient == "symbols" and self.result.mine is None:
                    cells = [[self.pixel_symbols(pixel_index(z, n, c, i, j)) for j in range(z.W)] for i in range(z.H)]
                    title = f"dx[{n}, {c}]"
                else:
                    cells = [[value_text(v) for v in row] for row in a.dx[n, c]]
                    title = f"dx[{n}, {c}]"

                def style(i, j, n=n, c=c):
                    if pixel == pixel_index(z, n, c, i, j):
                        return self.marks.cursor
                    if wrong == (n, c, i, j):
                        return self.marks.wrong
                    if what == "coverage":
                        return f"on {self.shades.heat(0.15 + 0.6 * a.coverage[n, c, i, j] / top)}"
                    return ""

                blocks.append(self.block(title, cells, style, lambda i, j, n=n, c=c: ("x", n, c, i + z.P, j + z.P)))
        return blocks

    def pixel_symbols(self, pixel: int) -> str:
        terms = gradient_terms(self.a, self.z.layer, pixel)
        return "+".join(symbol(self.z, term) for term in terms) or "0"

    def col2im_caption(self, pixel: int | None) -> str:
        z, a = self.z, self.a
        if pixel is None:
            return t("im2col.caption.dropped")
        n, c, y, x = (int(i) for i in np.unravel_index(pixel, (z.N, z.C, z.H, z.W)))
        where = f"dx[{n}, {c}, {y}, {x}]"
        terms = gradient_terms(a, z.layer, pixel)
        if not terms:
            return t("im2col.caption.no_terms" if z.layer == "conv" else "im2col.caption.no_max", where=where)
        text = f"{where} = " + " + ".join(symbol(z, term) for term in terms)
        if self.result.settings.gradient == "numbers":
            total = value_text(a.dx.reshape(-1)[pixel])
            values = " + ".join(value_text(gradient_value(a, term)) for term in terms)
            text += f" = {values} = {total}" if len(terms) > 1 else f" = {total}"
        key = "im2col.caption.sum" if z.layer == "conv" else "im2col.caption.routed"
        return text + " " + t(f"{key}.{'one' if len(terms) == 1 else 'many'}", count=len(terms))
