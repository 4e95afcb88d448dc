"""The graph pane's pictures, as Rich text: the graph left to right with box-drawing wires (the
book's figures), a compact outline when that is too wide, and the arrays of a graph of matrices.

Values sit on the edges and gradients under them, marked ←: an array's in full when it is short
("←[0.5 0 −1]"), else its shape ("←(2, 3)"). Label widths come from the fully walked graph (`final`),
so nothing moves while the walk goes on; a value not yet computed is wire.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from workbench.models.graph_rules import edge_label, fmt, node_label
from workbench.nn.graph import Graph, Node

GRAD = "←"
NODE_META = "graph-node"
"""The key of a node label's style meta that holds the node's name (what a click picks)."""
ARRAY_CELLS = 12
"""The most cells an array's gradient takes written out under its edge ("←[0.5 0 −1]", where the ReLU's
mask put its 0); a longer one shows its shape. The array table under the drawing has every entry."""


@dataclass(frozen=True)
class Look:
    """Rich styles of the parts of a drawing (the pane fills them from the theme)."""

    value: str = "bold"
    grad: str = "bold magenta"
    wire: str = "dim"
    name: str = ""
    node: str = "bold"
    current: str = "bold reverse"
    upcoming: str = "bold underline"
    asked: str = "bold reverse"
    fresh: str = "underline"


@dataclass(frozen=True)
class Marks:
    """What to highlight: the node that just ran, the one about to run, the gradient being asked for."""

    current: str | None = None
    upcoming: str | None = None
    asked: tuple[str, int] | None = None
    """(node name, input index) whose gradient the learner is predicting."""
    fresh_values: frozenset[str] = field(default_factory=frozenset)
    """Edges whose value the last step wrote (forward)."""
    fresh_grads: frozenset[str] = field(default_factory=frozenset)
    """Edges whose gradient the last step wrote (backward)."""


def clickable(style: str, node: Node) -> Style:
    """`style` naming `node` in its meta, so that a click on the node's label says which node it is."""
    return Style.parse(style) + Style(meta={NODE_META: node.name})


def node_clicked(style: Style | None) -> str | None:
    """The name of the node whose label has `style` (a click's), None off every node."""
    return style.meta.get(NODE_META) if style is not None else None


def is_scalar(value) -> bool:
    return value is not None and np.ndim(value) == 0


# -- labels ----------------------------------------------------------------------------------------

def value_text(graph: Graph, edge: str) -> str:
    """What the edge shows on its wire: its value if it is one number, else its name."""
    value = graph.edges[edge].value
    if value is None:
        return ""
    return fmt(value) if is_scalar(value) else edge


def grad_text(grad, cells: int = ARRAY_CELLS) -> str:
    """An edge's gradient as the drawing writes it: ← and the number; an array in full when that takes
    at most `cells` cells, else its shape, so the drawing reads without the table (a bare ← did not)."""
    if grad is None:
        return ""
    if is_scalar(grad):
        return GRAD + fmt(grad)
    whole = GRAD + fmt(grad)
    return whole if cell_len(whole) <= cells else GRAD + shape_text(grad)


def shape_text(value) -> str:
    """An array's shape as NumPy prints it and the other panes write it: (3,), (2, 3)."""
    shape = np.shape(value)
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def label_width(graph: Graph, final: Graph, edge: str, grads: Iterable = (), cells: int = ARRAY_CELLS) -> int:
    """Room for an edge's value and every gradient shown under it, at any step of the walk."""
    texts = [value_text(graph, edge), value_text(final, edge), grad_text(final.edges[edge].grad, cells),
             grad_text(graph.edges[edge].grad, cells), GRAD + "?"] + [grad_text(g, cells) for g in grads]
    return max(cell_len(text) for text in texts)


# -- the canvas -----------------------------------------------------------------------------------

class Canvas:
    """A grid of styled cells that grows as things are put on it."""

    def __init__(self):
        self.rows: list[list[tuple[str, str]]] = []

    def put(self, x: int, y: int, text: str, style: str = "") -> None:
        while len(self.rows) <= y:
            self.rows.append([])
        row = self.rows[y]
        for char in text:
            width = cell_len(char)
            while len(row) < x + width:
                row.append((" ", ""))
            row[x] = (char, style)
            if width == 2:
                row[x + 1] = ("", "")
            x += width

    def wire(self, x0: int, x1: int, y: int, style: str) -> None:
        if x1 > x0:
            self.put(x0, y, "─" * (x1 - x0), style)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def text(self) -> Text:
        out = Text()
        for i, row in enumerate(self.rows):
            if i:
                out.append("\n")
            for char, style in row:
                out.append(char, style)
        return out


BUS = {frozenset("dl"): "┐", frozenset("ul"): "┘", frozenset("ud"): "│", frozenset("udl"): "┤",
       frozenset("udr"): "├", frozenset("udlr"): "┼", frozenset("dlr"): "┬", frozenset("ulr"): "┴",
       frozenset("lr"): "─", frozenset("dr"): "┌", frozenset("ur"): "└", frozenset("l"): "─"}


@dataclass
class Placed:
    """A drawn part of the tree: the rows its outputs leave on, where it ends, the rows it covers."""

    rows: list[int]
    x_end: int
    bottom: int


class Diagram:
    """The graph left to right: inputs in a column at the left, the output at the right.

    A value read in several places (an expression's `(x + y) * x`, or a subexpression written twice)
    is drawn where each reader reads it: an input at every place, an intermediate value in full the
    first time and by its name (t1, like an input) after that, each with the gradient its own branch
    carries; a value read twice by one node splits into a fork whose stem carries their sum.
    """

    def __init__(self, graph: Graph, final: Graph, look: Look, marks: Marks, pad: int = 1, stacked: bool = False,
                 cells: int = ARRAY_CELLS):
        self.graph, self.final, self.look, self.marks, self.pad = graph, final, look, marks, pad
        self.stacked = stacked
        """Whether the output's name goes on the row above its value (narrower than "price 220")."""
        self.cells = cells
        """The most cells an array's gradient takes written out (`grad_text`); 0 shows every one's shape."""
        self.producer = {node.output: node for node in graph.nodes}
        self.canvas = Canvas()
        self.shared = {edge for edge in graph.edges if len({n.name for n, _ in graph.readers(edge)}) > 1}
        self.port_grads = graph.port_grads()
        final_grads = final.port_grads()
        leaves = [name for name in graph.inputs if graph.readers(name)]
        leaves += [edge for edge in graph.edges if edge in self.shared and edge in self.producer]
        self.leaf_name = max(cell_len(edge_label(name)) for name in leaves)
        self.leaf_label = max(label_width(graph, final, name, [final_grads.get((n.name, i))
                                                                for n, i in graph.readers(name)], cells)
                              for name in leaves)
        self.drawn: set[str] = set()

    def draw(self) -> Text:
        root = self.producer[self.graph.output]
        self.node(root, 0, root=True)
        return self.canvas.text()

    def grad_style(self, edge: str) -> str:
        return f"{self.look.grad} {self.look.fresh}" if edge in self.marks.fresh_grads else self.look.grad

    def value_style(self, edge: str) -> str:
        return f"{self.look.value} {self.look.fresh}" if edge in self.marks.fresh_values else self.look.value

    def groups(self, node: Node) -> list[tuple[str, list[int]]]:
        """(edge, input indices) of the node's inputs, an edge read twice grouped once."""
        found: dict[str, list[int]] = {}
        for i, source in enumerate(node.inputs):
            if isinstance(source, str):
                found.setdefault(source, []).append(i)
        return list(found.items())

    def branch_grad(self, edge: str, reader: Node, ports: list[int]):
        """The gradient the reader's ports sent back along `edge` (their sum), None until all have:
        what a drawing of the edge at this place carries, when the edge is also read elsewhere."""
        sent = [self.port_grads.get((reader.name, p)) for p in ports]
        return None if any(g is None for g in sent) else sum(sent[1:], sent[0])

    def part(self, edge: str, ports: list[int], reader: Node, top: int) -> Placed:
        here = self.branch_grad(edge, reader, ports) if edge in self.shared else None
        if edge not in self.producer:
            placed = self.leaf(edge, top, grad=here, only_here=edge in self.shared)
        elif edge in self.drawn:
            placed = self.leaf(edge, top, grad=here, only_here=True)
        else:
            self.drawn.add(edge)
            placed = self.node(self.producer[edge], top)
        return placed if len(ports) == 1 else self.fork(edge, ports, reader, placed, top)

    def leaf(self, edge: str, y: int, grad=None, only_here: bool = False) -> Placed:
        """An input (or a value drawn already, by its name) in the column at the left; with
        `only_here`, its gradient is `grad`, this branch's, and blank until that arrives."""
        c, look = self.canvas, self.look
        c.put(0, y, edge_label(edge), look.name)
        width = self.leaf_name + 1 + self.leaf_label
        value = value_text(self.graph, edge) if is_scalar(self.graph.edges[edge].value) else ""
        c.put(width - cell_len(value), y, value, self.value_style(edge))
        if not only_here or grad is not None:
            self.grad_label(edge, width, y + 1, right=True, grad=grad)
        return Placed([y], width, y + 1)

    def grad_label(self, edge: str, x: int, y: int, *, right: bool = False, grad=None, asked=False) -> None:
        grad = self.graph.edges[edge].grad if grad is None and not asked else grad
        text = GRAD + "?" if asked else grad_text(grad, self.cells)
        style = self.look.asked if asked else self.grad_style(edge)
        self.canvas.put(x - cell_len(text) if right else x, y, text, style)

    def node(self, node: Node, top: int, root: bool = False) -> Placed:
        parts, cursor = [], top
        for edge, ports in self.groups(node):
            placed = self.part(edge, ports, node, cursor)
            parts.append((edge, ports, placed))
            cursor = placed.bottom + 1
        rows = [row for _, _, placed in parts for row in placed.rows]
        y = (min(rows) + max(rows)) // 2
        bus = max(placed.x_end for _, _, placed in parts) + 1
        c, look = self.canvas, self.look
        for edge, ports, placed in parts:
            for row, port in zip(placed.rows, ports if len(placed.rows) > 1 else ports[:1]):
                c.wire(placed.x_end, bus, row, look.wire)
                asked = self.marks.asked == (node.name, port)
                if asked and placed.rows == [row] and len(ports) == 1:
                    self.grad_label(edge, placed.x_end - 1, row + 1, right=True, asked=True)
        if len(rows) > 1 or rows[0] != y:
            for row in range(min(rows + [y]), max(rows + [y]) + 1):
                links = set()
                if row > min(rows + [y]):
                    links.add("u")
                if row < max(rows + [y]):
                    links.add("d")
                if row in rows:
                    links.add("l")
                if row == y:
                    links.add("r")
                c.put(bus, row, BUS[frozenset(links)], look.wire)
            c.wire(bus + 1, bus + 1 + self.pad, y, look.wire)
            x = bus + 1 + self.pad
        else:
            x = bus
        label = node_label(node)
        style = look.current if node.name == self.marks.current else \
            look.upcoming if node.name == self.marks.upcoming else look.node
        c.put(x, y, label, clickable(style, node))
        x += cell_len(label)
        bottom = max(placed.bottom for _, _, placed in parts)
        return self.output(node, x, y, max(bottom, y + 1), root)

    def output(self, node: Node, x: int, y: int, bottom: int, root: bool) -> Placed:
        """The node's output edge: a wire with its value on it and its gradient under the value (and
        its name before the value at the root, or where the value is read again elsewhere)."""
        c, look, edge = self.canvas, self.look, node.output
        width = label_width(self.graph, self.final, edge, cells=self.cells)
        c.wire(x, x + 1 + self.pad, y, look.wire)
        start = x + 1 + self.pad
        above = root and self.stacked and y > 0
        if above:
            c.put(start, y - 1, edge_label(edge), look.name)
        elif root or edge in self.shared:
            c.put(start, y, edge_label(edge) + " ", look.name)
            start += cell_len(edge_label(edge)) + 1
        value = value_text(self.graph, edge)
        shown = value if is_scalar(self.graph.edges[edge].value) or not root else ""
        c.put(start, y, shown, self.value_style(edge))
        if not root:
            c.wire(start + cell_len(shown), start + width + self.pad, y, look.wire)
        elif above:                  # the wire runs on under its name: a bare "├×─" left 지불 금액 adrift
            c.wire(start + cell_len(shown), start + cell_len(edge_label(edge)), y, look.wire)
        self.grad_label(edge, start, y + 1)
        return Placed([y], start + width + (0 if root else self.pad), bottom)

    def fork(self, edge: str, ports: list[int], reader: Node, stem: Placed, top: int) -> Placed:
        """An edge read by several inputs of one node: one wire splits, each branch with its own gradient."""
        y = stem.rows[0]
        c, look = self.canvas, self.look
        split = stem.x_end + 1
        c.wire(stem.x_end, split, y, look.wire)
        first = y - 1 if y - 1 >= top else y
        rows = [first + 2 * i for i in range(len(ports))]
        for row in range(min(rows), max(rows) + 1):
            links = {"u", "d"} - ({"u"} if row == min(rows) else set()) - ({"d"} if row == max(rows) else set())
            if row == y:
                links.add("l")
            if row in rows:
                links.add("r")
            c.put(split, row, BUS[frozenset(links)], look.wire)
        width = label_width(self.graph, self.final, edge, [self.port_grads.get((reader.name, p)) for p in ports],
                            self.cells)
        value = value_text(self.graph, edge)
        for row, port in zip(rows, ports):
            start = split + 1 + self.pad
            c.wire(split + 1, start, row, look.wire)
            c.put(start, row, value, self.value_style(edge))
            c.wire(start + cell_len(value), start + width + self.pad, row, look.wire)
            asked = self.marks.asked == (reader.name, port)
            grad = self.port_grads.get((reader.name, port))
            if grad is not None or asked:
                self.grad_label(edge, start, row + 1, grad=grad, asked=asked)
        return Placed(rows, split + 1 + self.pad + width + self.pad, max(stem.bottom, max(rows) + 1))


LAYOUTS = tuple((pad, stacked, cells) for cells in (ARRAY_CELLS, 0) for pad, stacked in
                ((1, False), (0, False), (1, True), (0, True)))
"""(pad, stacked, cells) from roomiest to narrowest: wires one cell longer or not, the output's name beside
its value or above it; short arrays' gradients written out, then every array's as its shape."""


def diagram(graph: Graph, final: Graph, look: Look, marks: Marks, width: int) -> Text | None:
    """The left-to-right drawing in the roomiest layout whose fully walked graph fits `width`, else None
    (use the outline). Measured on `final`, so one walk keeps one layout: the output's value, written
    when the forward pass reaches it, pushed "지불 금액 220" past 80 columns' pane, and the drawing
    turned into the outline at the second step."""
    for pad, stacked, cells in LAYOUTS:
        if cell_width(Diagram(final, final, Look(), Marks(), pad, stacked, cells).draw()) <= width:
            return Diagram(graph, final, look, marks, pad, stacked, cells).draw()
    return None


def marked_row(drawing: Text, styles: tuple[str, ...]) -> int | None:
    """The row of the drawing (the diagram or the outline) where a node is drawn in one of `styles`
    (the node that just ran, or the one about to), None when no node is marked."""
    wanted = {str(Style.parse(style)) for style in styles}      # a node's style carries its name (`clickable`)
    for span in drawing.spans:
        if str(span.style) in wanted:
            return drawing.plain.count("\n", 0, span.start)
    return None


def cell_width(text: Text) -> int:
    return max(line.cell_len for line in text.split("\n"))


# -- the outline --------------------------------------------------------------------------------------

def outline(graph: Graph, look: Look, marks: Marks) -> Text:
    """The graph as a tree read from the output down: each node's line, its inputs indented under it.
    A value read in several places shows the gradient of each place; an intermediate value is
    expanded the first time and named after that."""
    producer = {node.output: node for node in graph.nodes}
    port_grads = graph.port_grads()
    shared = {edge for edge in graph.edges if len({n.name for n, _ in graph.readers(edge)}) > 1}
    expanded: set[str] = set()
    out = Text()

    def edge_line(prefix: str, edge: str, node: Node | None, extra: str = "", grad=None, only_here=False,
                  asked=False) -> None:
        if out:
            out.append("\n")
        out.append(prefix, look.wire)
        if node is not None:
            style = look.current if node.name == marks.current else \
                look.upcoming if node.name == marks.upcoming else look.node
            out.append(node_label(node), clickable(style, node))
            out.append(" ")
        out.append(edge_label(edge), look.name)
        e = graph.edges[edge]
        if e.value is not None:
            out.append(" = ")
            fresh = f" {look.fresh}" if edge in marks.fresh_values else ""
            out.append(fmt(e.value) if is_scalar(e.value) else shape_text(e.value), look.value + fresh)
        grad = grad if only_here else e.grad
        if asked:
            out.append("  " + GRAD + "?", look.asked)
        elif grad is not None:
            fresh = f" {look.fresh}" if edge in marks.fresh_grads else ""
            out.append("  " + grad_text(grad), look.grad + fresh)
            out.append(extra, look.grad)

    def walk(node: Node, lead: str) -> None:
        groups: dict[str, list[int]] = {}
        for i, source in enumerate(node.inputs):
            if isinstance(source, str):
                groups.setdefault(source, []).append(i)
        items = list(groups.items())
        for n, (edge, ports) in enumerate(items):
            last = n == len(items) - 1
            sent = [port_grads.get((node.name, p)) for p in ports]
            extra = ""
            if len(ports) > 1 and all(g is not None for g in sent):
                extra = " = " + " + ".join(fmt(g) for g in sent)
            here = sum(sent[1:], sent[0]) if all(g is not None for g in sent) else None
            asked = marks.asked is not None and marks.asked[0] == node.name and marks.asked[1] in ports
            child = producer.get(edge)
            again = child is not None and edge in expanded
            edge_line(lead + ("└─ " if last else "├─ "), edge, None if again else child, extra, grad=here,
                      only_here=edge in shared, asked=asked)
            if child is not None and not again:
                expanded.add(edge)
                walk(child, lead + ("  " if last else "│ "))

    root = producer[graph.output]
    edge_line("", graph.output, root)
    walk(root, "")
    return out


# -- arrays ---------------------------------------------------------------------------------------

def arrays(graph: Graph, look: Look, marks: Marks, width: int) -> Text:
    """Every array-valued edge with its value and, once known, its gradient, as aligned rows."""
    out = Text()
    names = [name for name, e in graph.edges.items() if e.value is not None and not is_scalar(e.value)]
    if not names:
        return out
    tag = max(cell_len(name) for name in names) + 1
    for name in names:
        e = graph.edges[name]
        value_rows = _matrix(e.value)
        grad_rows = _matrix(e.grad) if e.grad is not None else []
        side = grad_rows and tag + _width(value_rows) + 3 + _width(grad_rows) <= width
        fresh_value = f" {look.fresh}" if name in marks.fresh_values else ""
        fresh_grad = f" {look.fresh}" if name in marks.fresh_grads else ""
        for i, row in enumerate(value_rows):
            if out:
                out.append("\n")
            out.append((name if i == 0 else "").ljust(tag), look.name)
            out.append(row.ljust(_width(value_rows)), look.value + fresh_value)
            if side:
                out.append(" " + (GRAD if i == 0 else " ") + " ", look.grad)
                out.append(grad_rows[i], look.grad + fresh_grad)
        if grad_rows and not side:
            for i, row in enumerate(grad_rows):
                out.append("\n" + (GRAD if i == 0 else "").rjust(tag - 1) + " ", look.grad)
                out.append(row, look.grad + fresh_grad)
    return out


def _matrix(value) -> list[str]:
    array = np.asarray(value)
    rows = array.reshape(-1, array.shape[-1]) if array.ndim > 1 else array.reshape(1, -1)
    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(cell_len(row[j]) for row in cells) for j in range(len(cells[0]))]
    return [" ".join(text.rjust(widths[j]) for j, text in enumerate(row)) for row in cells]


def _width(rows: list[str]) -> int:
    return max(cell_len(row) for row in rows)
