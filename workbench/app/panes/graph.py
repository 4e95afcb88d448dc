"""The computational-graph stepper: walk one of the book's graphs node by node, forward then backward.

`.` runs the next node and `,` undoes the last; both change the `step` setting, so a lesson, the
command line and the keys all say the same thing about where the walk is. In predict mode a
backward step first asks for each gradient it will send back, and keeps a score for the graph.
`f` opens the expression line, where the learner types a graph of their own ("(x + y) * z, x=2,
y=-1, z=3"); a bad one is named on the error line with its column, and the last good graph stays.

With `impl = mine` the nodes run the learner's own layers from their exercises folder: a job runs
them in the sandbox (`workbench.models.graph_mine`) whenever the graph, its inputs or a file of the
folder changes, and the pane replays what they computed. A line under the status says whose layers
run; a part that is missing or raised, or the first value that differs from the library's, is
said in place with the learner's trimmed traceback, and the walk stops where their layers stopped.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Grid, Horizontal
from textual.geometry import Region, Spacing
from textual.message import Message
from textual.widgets import Input, Label, Static

from rich.cells import cell_len

from workbench.app.glyphs import ascii_mode
from workbench.app.no_break import items, keys_kept, together
from workbench.app.localize import Localized
from workbench.app.styles import pane_css
from workbench.app.widgets.field import Field, StyledAsMounted
from workbench.app.widgets.folded import Folded, fold
from workbench.app.widgets.marked_scroll import MarkedScroll
from workbench.app.widgets.unchanged import show_text
from workbench.app.panes.base import Pane
from workbench.app.panes.mine import MineRuns, shown_path
from workbench.app.panes.graph_drawing import Look, Marks, arrays, diagram, marked_row, node_clicked, outline
from workbench.app.themes import on_primary
from workbench.i18n import t
from workbench.models.graph import (GRAPHS, GraphView, InputError, compute, value_text, with_expression,
                                    with_input)
from workbench.models.graph_rules import (Ask, answers, arriving, asks, closing_lines, edge_label, fmt, fork_lines,
                                          header, is_right, node_label, ports_line, read_answer, rule_lines,
                                          view_title, yours_lines)
from workbench.exercises.report import frames, message_text
from workbench.models.graph_mine import MineState, walk_in_sandbox, walk_key
from workbench.models.mine import NOT_RUN, NOT_WRITTEN, printed_lines
from workbench.models.settings import SettingError, kinds

ARROW = {False: "←", True: "<-"}
"""What binds a layer's input to a graph value in the rule (`ports_line`), by whether only ASCII is drawn."""
FIELD_WIDTH = 17
"""Cells per input field (name and entry) when laying the fields out in columns."""
TRACE_LINES = 4
"""Lines of the learner's traceback shown under the message (its last lines: where it failed)."""
SIDE = 30
"""Cells up to which one side of a rule's = stays on one row ("650 × 1.1", "[1.5 0 2] × [0.5 3 −1]")."""
DRAWING_ROWS = 7
"""Rows the drawing keeps (the step's node, its inputs and their values) before the messages above
it fold: beside a lesson's text at 80×24 the rule and ⚠ lines of a wrong layer of the learner's took
17 of 22 rows and left the drawing one. `i` shows them in full all the same."""
MINE_ROWS = 10
"""The most rows the lines about the learner's layers take (their CSS max-height)."""
FULL, NO_HINTS, NO_DETAILS, GIST = range(4)
"""How far the messages over the drawing are folded, each level leaving out more than the last: none;
the hints (what to press, how to grade); whose layers run, from which files, and how far they got;
the learner's traceback, and the warnings' wording cut to the values. The first level that leaves the
drawing its rows is shown."""
NO_BREAK = "\u00a0"
SCROLLBAR_ROOM = 2
"""Cells of the drawing's scroll area its pictures leave free at the right: the vertical scrollbar's
and one between (at 100×30 beside the text, "L 1.24" touched the scrollbar)."""


def rule_text(line: str, names: list[str]) -> str:
    """A rule line that folds before its = signs only: each side kept whole while it fits SIDE cells,
    the name on the left kept with the first side, a name of several words (사과 개수) and each row of
    an array never split ("사과 가격 = 사과 × 사과 / 개수 = …" and "650 × / 1.1" were the rows at 80 columns)."""
    for name in names:
        line = line.replace(name, name.replace(" ", NO_BREAK))
    line = re.sub(r"\[[^\[\]]*\]", lambda m: whole_rows(m[0]), line)
    sides = line.split(" = ")

    def whole(side: str) -> str:
        return side.replace(" ", NO_BREAK) if cell_len(side) <= SIDE else side

    text = whole(sides[0])
    for index, side in enumerate(sides[1:]):
        glue = NO_BREAK if index == 0 and cell_len(sides[0]) + 3 + cell_len(side) <= SIDE else " "
        text += f"{glue}={NO_BREAK}" + whole(side)
    return text


def together_last(line: str) -> str:
    """A header "Softmax-with-Loss  last_layer · forward" with its last item kept with the word before it,
    so a narrow pane breaks it before the node's name, never leaving "forward" alone on the last row."""
    head, dot, last = line.rpartition(" · ")
    return f"{head}{NO_BREAK}·{NO_BREAK}{together(last)}" if dot else line


def whole_rows(array: str) -> str:
    """An array as the rule writes it, "[0.4948 0.2337 0.2715; 0.2401 0.5906 0.1692]", with each row
    kept on one line: it folds after a "; " only (beside the text, "0.2715; 0.2401 0.5906" shared a row)."""
    return "; ".join(row.replace(" ", NO_BREAK) for row in array.split("; "))


def yours_text(line: str, names: list[str]) -> str:
    """What the learner's layer returned, each "dx = 65,000", "사과 가격 = 102", "dout × self.x" and a short
    aside, "(x and y swapped?)", kept on one row."""
    for name in names:
        line = line.replace(name, name.replace(" ", NO_BREAK))
    line = re.sub(r"(\S+) = (\S+)", lambda m: f"{m[1]}{NO_BREAK}={NO_BREAK}{m[2]}", line)
    line = re.sub(r"\([^()]{1,24}\)", lambda m: m[0].replace(" ", NO_BREAK), line)   # "(x and y swapped?)"
    return re.sub(r"dout × self\.\w+", lambda m: m[0].replace(" ", NO_BREAK), line)


class AnswerInput(Field):
    """Where the learner types a predicted gradient; Escape puts the question away."""

    BINDINGS = [Binding("enter", "submit", id="graph.answer"), Binding("escape", "put_away", id="graph.put_away")]

    def action_put_away(self) -> None:
        self.post_message(self.PutAway())

    class PutAway(Message):
        """The learner does not want to answer now."""


class ExpressionInput(Localized, StyledAsMounted, Input):
    """The line where the learner types an expression; Escape gives the keys back to the pane.

    Empty and not being typed in, it reads as an instruction ("press f to type your own expression")
    without the "f =" before it: "f = press f …" looked like an equation. While it is typed in or holds
    an expression, "f =" stands before it, and the empty line shows an example."""

    BINDINGS = [Binding("escape", "put_away", id="graph.expression_done")]

    wanted = False
    """Whether the learner asked for the line (`f`, or a click on it): an idle empty line is no stop
    for Tab, which goes on to the input fields ("click it or press Tab", 5.1 says of a field, and
    Tab put the cursor here: the 100 typed became an expression with nothing to compute)."""

    def allow_focus(self) -> bool:
        return super().allow_focus() and (bool(self.value) or self.wanted or self.has_focus)

    def want(self) -> None:
        """Focus the line, empty or not."""
        self.wanted = True
        self.focus()

    def on_click(self) -> None:
        if not self.has_focus:
            self.want()

    def action_put_away(self) -> None:
        self.post_message(AnswerInput.PutAway())

    def on_mount(self) -> None:
        self.show_prompt()

    def watch_has_focus(self) -> None:
        if not self.has_focus:
            self.wanted = False
        self.show_prompt()

    def watch_value(self) -> None:
        self.show_prompt()

    def show_prompt(self) -> None:
        """The instruction while idle and empty; "f =" and an example while in use."""
        in_use = self.has_focus or bool(self.value)
        self.placeholder = t("graph.expression.example" if in_use else "graph.expression.placeholder")
        if self.parent is not None:
            self.parent.set_class(not in_use, "-idle")


class InputField(Horizontal):
    """One input of the graph: its name and an entry that recomputes the graph on Enter."""

    def __init__(self, name: str, text: str):
        super().__init__(classes="graph-input")
        self.input_name = name
        self.text = text

    def compose(self) -> ComposeResult:
        yield Label(edge_label(self.input_name), classes="graph-input-name")
        yield Field(self.text, compact=True, select_on_focus=True, id=f"input-{self.input_name}")


class GraphPane(MineRuns, Pane):
    """A computational graph drawn left to right, stepped forward and backward one node at a time."""

    PANE = "graph"
    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [
        Binding("comma", "step(-1)", id="graph.back", group=Binding.Group("steps")),
        Binding("full_stop", "step(1)", id="graph.step", group=Binding.Group("steps")),
        Binding("e,end", "run_to_end", id="graph.end"),
        Binding("r,home", "reset", id="graph.reset", show=False),
        Binding("m", "mode('predict')", id="graph.mode"),                 # labelled with the mode it goes
        Binding("m", "mode('watch')", id="graph.watch"),                  # to: one is on (check_action)
        Binding("f", "expression", id="graph.expression"),
        Binding("i", "messages", id="graph.messages", show=False),      # the folded line names it
        *(Binding(str(i + 1), f"choose({i})", id=f"graph.graph{i + 1}", show=False) for i in range(len(GRAPHS))),
    ]

    def __init__(self, settings: Any = None, **kwargs: Any):
        super().__init__(settings, **kwargs)
        self.questions: list[Ask] = []
        """The gradients still to predict before the next backward step runs."""
        self.given: list[tuple[Ask, Any, bool]] = []
        """(question, answer, right) for the step being predicted."""
        self.feedback: list[Text] = []
        self.score = [0, 0]
        self._graph_shown: tuple | None = None
        self._fields_shown: tuple | None = None
        self._final: tuple | None = None
        self.folds = False
        """Whether the messages over the drawing would leave it fewer than DRAWING_ROWS rows in full."""
        self._ends: tuple[bool, bool] | None = None
        """(before the first step, after the last) when the footer was last refreshed."""
        self.unfolded = False
        """Whether the learner asked (`i`) for the messages in full all the same."""
        self._scrolled_for: tuple | None = None

    def compose_pane(self) -> ComposeResult:
        yield Folded(id="graph-status")
        yield Folded(id="graph-mine")
        yield Folded(id="graph-rule")
        with MarkedScroll(id="graph-body"):
            yield Static(id="graph-drawing")
            yield Static(id="graph-arrays")
            yield Folded(id="graph-check")
        with Horizontal(id="graph-predict"):
            yield Label(id="graph-ask")
            yield AnswerInput(compact=True, id="graph-answer")
        yield Folded(id="graph-feedback")
        with Horizontal(id="graph-expression-row"):
            yield Label(t("graph.expression.label"), id="graph-expression-label")
            yield ExpressionInput(compact=True, select_on_focus=False, id="graph-expression",
                                  placeholder=t("graph.expression.placeholder"))
        yield Grid(id="graph-inputs")

    def on_mount(self) -> None:
        super().on_mount()
        self.start_mine_polling()

    # -- the learner's layers (impl = mine) --------------------------------------------------------

    def mine_state(self) -> MineState | None:
        view = self.result
        return view.mine if view is not None and view.settings.impl == "mine" else None

    def mine_key(self, settings) -> tuple:
        return walk_key(settings)

    def mine_run(self, settings, cancelled):
        return walk_in_sandbox(settings, cancelled=cancelled)

    def job_done(self, name: str, event) -> None:
        if name == "mine":
            self.mine_done(event)

    def mine_text(self, view, level: int = FULL) -> Text:
        """Whose layers run, or that they are running; what stopped them or the first value that differs,
        with the learner's traceback, folded to `level` (FULL … GIST)."""
        state: MineState = view.mine
        colors = self.app.theme_variables
        parts, files = ", ".join(state.parts), ", ".join(shown_path(state.folder, f) for f in state.files)
        if state.pending:
            return Text(t("graph.mine.running", parts=parts, files=files), style="italic")
        failure, wrong = state.failure, state.wrong
        warning = Text(style=f"bold {colors['text-error']}")
        if failure is not None:
            warning.append("⚠ " + message_text(failure))
        elif wrong is not None:
            warning.append("⚠ " + wrong_text(wrong, short=level >= GIST))
        trace = frames((failure or {}).get("traceback") or "")[-TRACE_LINES:] if level < GIST else []
        printed = "".join("\n" + line for line in printed_lines(state.printed)) if level < NO_DETAILS else ""
        if level >= NO_DETAILS and warning:       # the warning names their part; the files are in the lesson
            return warning.append("".join("\n" + line for line in trace), style="dim")
        text = Text(t("graph.mine.using", parts=parts, files=files), style=f"bold {colors['text-accent']}")
        if state.library_kinds:
            nodes = ", ".join(node_label_of(kind) for kind in state.library_kinds)
            text.append(" " + t("graph.mine.library_nodes", nodes=nodes), style="dim")
        if not warning:
            text.append(" " + t("graph.mine.agrees"), style=colors["text-success"])
            return text.append(printed, style="dim")
        if failure is not None and state.limit:
            text.append("\n" + t("graph.mine.stopped", done=state.limit, total=view.graph.total_steps))
        text.append("\n").append_text(warning)
        if level < NO_HINTS:
            text.append("\n" + t("graph.mine.hint", folder=self.settings.folder), style="italic")
        if trace:                          # its frames (the message says the error)
            text.append("\n" + "\n".join(trace), style="dim")
        return text.append(printed, style="dim")

    # -- settings coming in ------------------------------------------------------------------------

    def watch_settings(self, settings) -> None:
        super().watch_settings(settings)
        if settings.shown != self._graph_shown:
            self.score = [0, 0]
        self.put_away()

    def edit(self, key: str, text: str) -> bool:
        """A new graph from the settings dialog starts at the book's inputs, before the first step."""
        if key == "graph":
            try:
                name = kinds(type(self.settings))["graph"].from_text(key, text)
            except SettingError as exc:
                self.error = exc
                return False
            if name != self.settings.graph or self.settings.expression:
                return self.apply(graph=name, inputs=(), step=0, expression="")
        if key == "expression":
            return self.edit_expression(text)
        return super().edit(key, text)

    def edit_expression(self, text: str) -> bool:
        """The learner typed `text` in the expression line: an expression, perhaps with values after it
        ("(x + y) * z, x=2, y=-1, z=3"); an empty line goes back to the book's graph."""
        if not text.strip():
            return self.apply(expression="", inputs=(), step=0)
        try:
            settings = with_expression(self.settings, text)
        except SettingError as exc:
            self.error = exc
            return False
        self.feedback = []
        return self._take(settings)

    def edit_input(self, name: str, text: str) -> bool:
        """The learner typed `text` in the field of input `name`."""
        try:
            settings = with_input(self.settings, name, text)
        except SettingError as exc:
            self.error = exc
            return False
        return self._take(settings)

    # -- drawing -----------------------------------------------------------------------------------

    def look(self) -> Look:
        colors = self.app.theme_variables
        muted = Color.parse(colors["foreground"]).blend(Color.parse(colors["background"]), 0.45).hex
        return Look(value=f"bold {colors['foreground']}", grad=f"bold {colors['text-accent']}",
                    wire=muted, name=colors["foreground"], node=f"bold {colors['text-primary']}",
                    current=on_primary(colors),
                    upcoming=f"bold underline {colors['warning']}",
                    asked=f"bold {colors['background']} on {colors['accent']}", fresh="underline")

    def marks(self, view: GraphView) -> Marks:
        graph = view.graph
        last = graph.steps[-1] if graph.steps else None
        upcoming = graph.upcoming()
        asked = None
        if self.questions and upcoming is not None:
            node = upcoming[1]
            ask = self.questions[0]
            asked = (node.name, node.ports.index(ask.port))
        wrote = frozenset(edge for _, edge, _ in last.wrote) if last else frozenset()
        forward = last is not None and last.direction == "forward"
        return Marks(current=None if self.questions or last is None else last.node.name,
                     upcoming=upcoming[1].name if self.questions and upcoming else None, asked=asked,
                     fresh_values=wrote if forward else frozenset(), fresh_grads=frozenset() if forward else wrote)

    def final_graph(self, view: GraphView):
        """The same graph walked to the end, whose labels fix the drawing's widths (kept per inputs)."""
        if view.at_end:
            return view.graph
        key = (view.settings.shown, view.settings.inputs, view.mine and (view.mine.key, view.mine.limit))
        if self._final is None or self._final[0] != key:
            self._final = (key, compute(replace(view.settings, step=view.graph.total_steps)).graph)
        return self._final[1]

    def show(self, view: GraphView) -> None:
        ends = (self.settings.step == 0, view.at_end)
        if ends != self._ends:                  # `,` dimmed before the first step, `.` after the last
            self._ends = ends
            self.refresh_bindings()
        look, marks = self.look(), self.marks(view)
        body = self.query_one("#graph-body")
        width = max(20, body.size.width - SCROLLBAR_ROOM if body.size.width else self.size.width - 2 - SCROLLBAR_ROOM)
        drawing = diagram(view.graph, self.final_graph(view), look, marks, width)
        outlined = drawing is None
        drawing = outline(view.graph, look, marks) if outlined else drawing
        # shown again at every resize and step: what did not change is not drawn or laid out again
        show_text(self.query_one("#graph-drawing", Static), drawing)
        table = arrays(view.graph, look, marks, width)
        self.query_one("#graph-arrays", Static).display = bool(table)
        show_text(self.query_one("#graph-arrays", Static), table)
        check = fork_lines(view) + (closing_lines(view) if view.at_end else [])
        self.query_one("#graph-check", Static).display = bool(check)
        show_text(self.query_one("#graph-check", Static), Text("\n".join(check), style=look.grad))
        show_text(self.query_one("#graph-status", Static), self.status(view))
        show_text(self.query_one("#graph-feedback", Static), Text("\n").join(self.feedback))
        self.query_one("#graph-feedback", Static).display = bool(self.feedback)
        mine, rule = self.messages(view, len(drawing.plain.split("\n")))
        show_text(self.query_one("#graph-rule", Static), rule)
        self.set_class(mine is not None, "-mine")
        if mine is not None:
            self.query_one("#graph-mine", Folded).update(mine)
        self.keep_step_in_view(view, drawing, outlined)
        self.show_fields(view)
        self.run_mine_if_needed()

    def status(self, view: GraphView) -> Text:
        graph = view.graph
        n, at = len(graph.nodes), graph.position
        phase = "start" if at == 0 else "forward" if at <= n else "backward" if at < graph.total_steps else "done"
        line = t("graph.status", graph=view_title(view), step=at, total=graph.total_steps,
                 phase=t(f"graph.phase.{phase}"))
        title, where = line.rsplit(" · ", 2)[0], " · ".join(line.rsplit(" · ", 2)[1:])
        text = Text(f"{title} · {together(where)}")   # "node 2/4 · forward" one piece: no lone "forward" row
        if view.settings.mode == "predict":   # the score first: in a narrow pane the line wraps after it
            text = Text.assemble((t("graph.score", right=self.score[0], asked=self.score[1]), "bold"), " · ", text)
        return text

    def rule(self, view: GraphView, level: int = FULL) -> Text:
        """The node that just ran, its rule with its numbers, what a layer of the learner's returned
        instead, and what to do next, folded to `level` (FULL … GIST)."""
        graph = view.graph
        if self.questions:
            direction, node = graph.upcoming()
            dout_text = fmt(arriving(graph, node))
            lines = [t("graph.rule.header", label=node_label(node), node=node.name, direction=t("graph.backward")),
                     ports_line(node, ARROW[ascii_mode()]), t("graph.predict.dout", dout=dout_text)]
            return Text("\n".join(line for line in lines if line))
        state = view.mine
        stuck = state is not None and state.failure is not None and graph.position >= state.limit
        if not graph.steps:
            if stuck and state.failure["message"]["key"] in NOT_RUN:
                return Text()                        # no code has run: the failure says what to do
            return Text(keys_kept(stuck_words(state) if stuck else t("graph.hint.start")), style="italic")
        last = graph.steps[-1]
        names = [label for label in map(edge_label, graph.edges) if " " in label]
        text = Text()
        text.append(together_last(header(last)), style="bold")
        if last.direction == "backward" and ports_line(last.node):
            text.append("\n" + items(ports_line(last.node, ARROW[ascii_mode()])), style="italic")
        for line in rule_lines(last):
            text.append("\n" + rule_text(line, names))
        for line in yours_lines(last, short=level >= GIST):
            text.append("\n" + yours_text(line, names), style=f"bold {self.app.theme_variables['text-error']}")
        if stuck:
            text.append("\n" + stuck_words(state), style="italic")
        elif level >= NO_HINTS:
            pass                                     # the status line and the footer say as much
        elif view.at_end:
            text.append("\n" + t("graph.hint.done"), style="italic")
        elif view.settings.mode == "predict" and asks(graph) and not self.feedback:
            text.append("\n" + t("graph.hint.predict"), style="italic")
        return text

    # -- room for the drawing ------------------------------------------------------------------------

    def messages(self, view: GraphView, drawing_rows: int) -> tuple[Text | None, Text]:
        """(the lines about the learner's layers or None, the rule), folded no further than it takes to
        leave the drawing DRAWING_ROWS rows (or all of it when it is shorter), unless the learner asked
        for all of them (`i`); the key that unfolds them (or folds them again) said at the end."""
        room = self.room_for_messages(view, drawing_rows)
        level = FULL if room is None else next(
            (level for level in (FULL, NO_HINTS, NO_DETAILS)
             if self.message_rows(*self.with_key(*self.folded_to(view, level), level > FULL)) <= room), GIST)
        if (level > FULL) != self.folds:
            self.folds = level > FULL
            self.refresh_bindings()
        return self.with_key(*self.folded_to(view, FULL if self.unfolded else level), level > FULL)

    def folded_to(self, view: GraphView, level: int) -> tuple[Text | None, Text]:
        return (self.mine_text(view, level) if view.mine is not None else None), self.rule(view, level)

    def with_key(self, mine: Text | None, rule: Text, folds: bool) -> tuple[Text | None, Text]:
        """The messages with, where they fold, the key that shows them all (or folds them again) at
        the end of the last that was cut: the warning about the learner's layers, else the rule."""
        if folds:
            key = t("graph.messages.fold" if self.unfolded else "graph.messages.unfold", key="i")
            key_text = Text("  " + key.replace(" ", NO_BREAK), style="dim")      # "i: in full" never split
            (mine if mine is not None and not self.unfolded else rule).append_text(key_text)
        return mine, rule

    def message_rows(self, mine: Text | None, rule: Text) -> int:
        """Rows the messages take at the pane's width."""
        width = self.content_region.width
        return (min(MINE_ROWS, rows(mine, width)) if mine is not None else 0) + max(2, rows(rule, width - 1))

    def room_for_messages(self, view: GraphView, drawing_rows: int) -> int | None:
        """Rows the messages may take and leave the drawing what it needs (DRAWING_ROWS, or all of it
        when it is shorter), after the status line, the fields, the answer line and the feedback; None
        before the pane has a size."""
        width, height = self.content_region.width, self.content_region.height
        if width <= 0 or height <= 0:
            return None
        others = rows(self.status(view), width) + 1 + self.input_rows(view, width)
        if self.questions:
            others += 1
        if self.feedback:
            others += rows(Text("\n").join(self.feedback), width)
        return height - others - min(DRAWING_ROWS, drawing_rows)

    def input_rows(self, view: GraphView, width: int) -> int:
        """Rows the input fields take: as many columns of FIELD_WIDTH cells as fit."""
        count = len(view.settings.input_values())
        return -(-count // input_columns(count, width)) if count else 0

    def keep_step_in_view(self, view: GraphView, drawing: Text, outlined: bool) -> None:
        """Scroll the drawing as little as shows the node of the step (the one that ran or is asked
        about) with the row before it and, in the outline, its inputs under it, once per step, where the
        drawing is taller than its room: beside a lesson's text the outline of the apple and orange graph
        runs past it, and the oranges' node was below the view."""
        body = self.query_one("#graph-body", MarkedScroll)
        look = self.look()
        row = marked_row(drawing, (look.current, look.upcoming))
        key = (view.settings.shown, view.settings.inputs, view.graph.position, row, self.size)
        if row is None or key == self._scrolled_for:
            return                           # the learner's own scrolling stays until the step moves
        self._scrolled_for = key
        region = Region(0, max(0, row - 1), 1, 4 if outlined else 3)
        below = Spacing(bottom=1)                        # the "more ↓" mark covers the last row
        self.call_after_refresh(lambda: body.scroll_to_region(region, spacing=below, animate=False, immediate=True))

    def show_fields(self, view: GraphView) -> None:
        grid = self.query_one("#graph-inputs", Grid)
        values = view.settings.input_values()
        self._graph_shown = view.settings.shown
        line = self.query_one("#graph-expression", ExpressionInput)
        if not line.has_focus and not line.has_class("-invalid") and line.value != view.settings.expression:
            line.value = view.settings.expression
        if self._fields_shown != (view.settings.shown, tuple(values)):
            self._fields_shown = (view.settings.shown, tuple(values))
            grid.remove_children()
            grid.mount_all([InputField(name, value_text(value)) for name, value in values.items()])
        else:
            for name, value in values.items():
                for entry in self.query(f"#input-{name}").results(Input):
                    if not entry.has_focus and not entry.parent.has_class("-invalid"):
                        if entry.value != value_text(value):
                            entry.value = value_text(value)
        columns = input_columns(len(values), grid.size.width or self.size.width)
        if grid.styles.grid_size_columns != columns:            # set, even to the same, it lays the screen out
            grid.styles.grid_size_columns = columns

    def on_error(self, error: SettingError | None) -> None:
        super().on_error(error)
        bad = error.input if isinstance(error, InputError) else None
        for field in self.query(InputField):
            field.set_class(field.input_name == bad, "-invalid")
        self.query_one("#graph-expression", ExpressionInput).set_class(
            error is not None and error.key == "expression", "-invalid")

    @on(Input.Submitted, ".graph-input Input")
    @on(Input.Blurred, ".graph-input Input")
    def _input_entered(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("input-")
        current = value_text(self.settings.input_values()[name])
        if event.value != current or event.input.parent.has_class("-invalid"):
            self.edit_input(name, event.value)

    # -- stepping ----------------------------------------------------------------------------------

    def action_step(self, direction: int) -> None:
        s = self.settings
        if int(direction) < 0:
            self.put_away()
            self.feedback = []
            if s.step > 0:
                self.apply(step=s.step - 1)
            return
        if self.result is None or self.result.at_end:
            return
        state = self.mine_state()
        if state is not None and (state.pending or s.step >= state.limit):
            return                                      # the learner's layers got no further
        questions = asks(self.result.graph) if s.mode == "predict" else []
        if questions and not self.questions:
            self.ask(questions)
            return
        self.feedback = []
        self.apply(step=s.step + 1)

    def action_messages(self) -> None:
        """All the messages over the drawing, or their gist again (where in full they crowd it out)."""
        self.unfolded = not self.unfolded
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "messages":
            return self.folds
        if action == "step" and self.result is not None:      # a key that would do nothing is dimmed
            if (int(parameters[0]) < 0 and self.settings.step == 0) or (int(parameters[0]) > 0 and self.result.at_end):
                return None
        if action == "mode":        # `m` reads Predict while watching and Watch while asking, as 5.2 says
            return parameters[0] != self.settings.mode
        return super().check_action(action, parameters)

    def action_run_to_end(self) -> None:
        self.put_away()
        self.feedback = []
        state = self.mine_state()
        end = self.result.graph.total_steps if self.result else self.settings.step
        self.apply(step=min(end, state.limit) if state is not None and not state.pending else end)

    def on_click(self, event: events.Click) -> None:
        """A click on a node of the drawing walks to it (`step_to_node`)."""
        name = node_clicked(event.style)
        if name is not None and self.result is not None:
            event.stop()
            self.step_to_node(name)

    def step_to_node(self, name: str) -> None:
        """Walk to the step where node `name` runs: forward while the forward pass is under way, backward
        once it is done, as `.` and `,` pressed until it has run (the walk stops where the learner's
        layers stopped, as `e` does)."""
        graph = self.result.graph
        n = len(graph.nodes)
        index = [node.name for node in graph.nodes].index(name)
        target = index + 1 if graph.position < n else 2 * n - index
        state = self.mine_state()
        if state is not None and not state.pending:
            target = min(target, state.limit)
        if target != self.settings.step:
            self.put_away()
            self.feedback = []
            self.apply(step=target)

    def action_reset(self) -> None:
        self.put_away()
        self.feedback = []
        self.apply(step=0)

    def action_mode(self, mode: str) -> None:
        """Watch the walk, or predict each gradient (`m`, labelled with the mode it goes to)."""
        self.put_away()
        self.apply(mode=mode)
        self.refresh_bindings()             # the footer's label for m names the other mode now

    def action_choose(self, index: int) -> None:
        name = GRAPHS[int(index)]
        if name != self.settings.graph or self.settings.expression:
            self.feedback = []
            self.apply(graph=name, inputs=(), step=0, expression="")

    def action_expression(self) -> None:
        """Put the cursor in the expression line with the expression there selected: what the learner
        types replaces it (5.1 says "press f and type your own"; typing after "sigmoid(w*x + b)" made
        "sigmoid(w*x + b)1 / (1 + …" and an error), and → or End keeps it to edit."""
        self.put_away()
        line = self.query_one("#graph-expression", ExpressionInput)
        line.want()
        line.select_all()

    @on(Input.Submitted, "#graph-expression")
    def _expression_entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.edit_expression(event.value):
            event.input.set_class(False, "-invalid")
            event.input.value = self.settings.expression
            self.focus()

    # -- predicting --------------------------------------------------------------------------------

    def ask(self, questions: list[Ask]) -> None:
        self.questions, self.given, self.feedback = list(questions), [], []
        self.set_class(True, "-asking")
        self.show_question()

    def show_question(self) -> None:
        ask = self.questions[0]
        self.query_one("#graph-ask", Label).update(f"{ask.label} = ?")
        answer = self.query_one("#graph-answer", AnswerInput)
        answer.value = ""
        size = int(np.prod(ask.shape))
        answer.placeholder = t("graph.predict.placeholder") if size == 1 else \
            t("graph.predict.placeholder_many", size=size)
        answer.focus()
        self.refresh_view()

    def put_away(self) -> None:
        """Stop asking (the walk moved, or the learner pressed Escape); nothing is scored."""
        if self.questions:
            self.questions, self.given = [], []
            self.set_class(False, "-asking")
            if self.query_one("#graph-answer", AnswerInput).has_focus:
                self.focus()
            self.refresh_view()

    @on(AnswerInput.PutAway)
    def _put_away(self, event) -> None:
        event.stop()
        line = self.query_one("#graph-expression", ExpressionInput)
        if line.has_focus:
            line.value = self.settings.expression
            line.set_class(False, "-invalid")
            if self.error is not None and self.error.key == "expression":
                self.error = None
            self.focus()
        self.put_away()

    @on(Input.Submitted, "#graph-answer")
    def _answered(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.questions:
            return
        ask = self.questions[0]
        try:
            given = read_answer(event.value, ask)
        except ValueError as exc:
            self.feedback = [Text("⚠ " + str(exc), style=self.app.theme_variables["text-error"])]
            self.refresh_view()
            return
        answer = answers(self.settings)[ask.port]
        self.given.append((ask, given, is_right(given, answer)))
        self.questions.pop(0)
        if self.questions:
            self.feedback = []              # a refused answer's ⚠ is about the question answered now
            self.show_question()
            return
        self.finish_prediction()

    def finish_prediction(self) -> None:
        colors = self.app.theme_variables
        truth = answers(self.settings)
        lines = []
        for ask, given, right in self.given:
            self.score[0] += right
            self.score[1] += 1
            if right:
                lines.append(Text(f"✓ {ask.label} = {fmt(truth[ask.port])}", style=f"bold {colors['text-success']}"))
            else:
                lines.append(Text(t("graph.predict.wrong", label=ask.label, given=fmt(given),
                                    answer=fmt(truth[ask.port])), style=f"bold {colors['text-error']}"))
        self.questions, self.given = [], []
        self.set_class(False, "-asking")
        self.focus()
        self.feedback = lines
        self.apply(step=self.settings.step + 1)
        self.refresh_view()



def rows(text: Text, width: int) -> int:
    """Rows `text` takes when folded at `width` cells, as a Folded widget shows it."""
    return len(fold(text, max(1, width)).plain.split("\n"))


def input_columns(count: int, width: int) -> int:
    """Columns of input fields that fit `width` cells (at least one, at most one per input)."""
    return max(1, min(count, width // FIELD_WIDTH))


def node_label_of(kind: str) -> str:
    """A node kind as the drawing labels it (exp, /)."""
    return {"exp": "exp", "reciprocal": "1/x"}.get(kind, kind)


def wrong_text(wrong: dict, short: bool = False) -> str:
    """The first value the learner's layers wrote that differs from the library's, in a sentence
    (`short`: without the node, beside the rule's own line about it)."""
    from workbench.models.graph_mine import PARTS

    node = wrong["node"]
    port = wrong["port"]
    what = edge_label(wrong["edge"]) if port == "out" else f"d{port} → {edge_label(wrong['edge'])}"
    values = dict(step=wrong["index"] + 1, label=node_label(node), node=node.name,
                  direction=t(f"graph.{wrong['direction']}"), what=what, got=fmt(wrong["got"]),
                  expected=fmt(wrong["expected"]))
    part = PARTS.get(node.kind)
    key = ("graph.mine.wrong" if part else "graph.mine.wrong_node") + ("_short" if short else "")
    return t(key, part=part, **values) if part else t(key, **values)


def stuck_words(state: MineState) -> str:
    """Where the learner's layers stopped the graph, and what to do: write the part (a stub), or fix it."""
    written = state.failure["message"]["key"] not in NOT_WRITTEN
    return t("graph.mine.stuck" if written else "graph.mine.stuck_todo")
