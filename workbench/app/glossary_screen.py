"""The glossary screen (G, or the palette's "Glossary"): the course's terms in English and Korean, filtered as
one types, with the selected term's meaning and a link to the step that introduces it.

The search field keeps the keys: letters go into it (so F1, not ?, is the help here), ↑ ↓ and the page
keys move through the list, Enter opens the selected term's step, Escape closes. A click on a term selects it; a click on its "introduced
in" line opens the step. The data and the search are `workbench.course.glossary`'s, as the console's.
"""
from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.app.key_bar import KeyBar
from workbench.app.localize import Localized
from workbench.app.too_small import Guarded
from workbench.course.glossary import Glossary, Term, introduced, load_glossary, search, step_of
from workbench.i18n import language, t
from workbench.i18n.cells import cell_len, ellipsize

GAP = 2
"""Cells between two columns of the list."""
NARROWEST = 8
"""The fewest cells a column is cut to on a narrow screen."""


class SearchField(Localized, Input):
    """The search field: it keeps the keys, so Enter (which opens the selected term's step) and the keys
    that move through the list are declared here, over Input's own ↑ ↓ and page keys, to be listed in the
    footer and the help in the learner's language."""

    BINDINGS = [
        Binding("enter", "submit", id="glossary.go"),
        Binding("up", "screen.move(-1)", id="glossary.move", show=False),
        Binding("down", "screen.move(1)", id="glossary.move", show=False),
        Binding("pageup", "screen.page(-1)", id="glossary.page", show=False),
        Binding("pagedown", "screen.page(1)", id="glossary.page", show=False),
    ]


class TermList(OptionList):
    """The terms; never focused (the search field keeps the keys), a click selects one."""

    can_focus = False


class StepLink(Static):
    """"Introduced in 3.2 step 4 · title": a click opens that step."""

    class Clicked(Message):
        """The learner clicked the link."""

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked())


def columns(terms: list[Term], lang: str, width: int) -> tuple[int, int, int]:
    """The widths of the three columns (the reader's term, the other language's, the library name) in
    `width` cells: each as wide as its longest entry; where they do not fit, the library's is cut first,
    then the other language's, the reader's last (each to no less than `NARROWEST`)."""
    other = "en" if lang == "ko" else "ko"
    widths = [max((cell_len(name) for name in names), default=0) for names in
              ([term.name(lang) for term in terms], [term.name(other) for term in terms], [term.code for term in terms])]
    for column in (2, 1, 0):
        over = sum(widths) + 2 * GAP - width
        if over > 0:
            widths[column] = max(widths[column] - over, min(widths[column], NARROWEST))
    return widths[0], widths[1], widths[2]


def row(cells: list[str], widths: tuple[int, int, int], styles: tuple[str, str, str] = ("", "", "")) -> Text:
    """Three cells in their columns, each cut to its width, no trailing space."""
    cells = [ellipsize(cell, width) for cell, width in zip(cells, widths)]
    line = Text()
    for index, (cell, width, style) in enumerate(zip(cells, widths, styles)):
        line.append(cell, style=style)
        if index < len(cells) - 1:
            line.append(" " * (width - cell_len(cell) + GAP))
    line.rstrip()
    return line


def term_row(term: Term, lang: str, widths: tuple[int, int, int]) -> Text:
    """One line of the list: the term in the reader's language, in the other, and the library name."""
    other = "en" if lang == "ko" else "ko"
    return row([term.name(lang), term.name(other), term.code], widths, ("bold", "", "dim"))


class GlossaryScreen(Localized, Guarded, Screen[tuple[str, int] | None]):
    """The glossary; dismissed with (lesson id, 0-based step) to open, or None (Escape)."""

    CSS_PATH = "glossary_screen.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", id="glossary.close"),
        Binding("f1", "app.help", id="glossary.help", key_display="F1"),   # ? goes into the search field here
    ]

    def __init__(self, glossary: Glossary | None = None, query: str = ""):
        """`glossary` (by default the one beside the app's lessons), filtered by `query` to start with."""
        super().__init__()
        self.glossary = glossary
        self.query_text = query
        self.shown: list[Term] = []
        self.widths: tuple[int, int, int] = (0, 0, 0)
        """The list's column widths as last drawn: a library name wider than its column is cut there."""

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("glossary.help")

    def compose(self) -> ComposeResult:
        if self.glossary is None:                     # the glossary of the lessons the app reads
            self.glossary = load_glossary(self.app.course.root)
        with Vertical(id="glossary-body"):
            yield Static(id="glossary-title")
            yield SearchField(value=self.query_text, placeholder=t("glossary.placeholder"), id="glossary-search")
            yield Static(id="glossary-header")
            yield TermList(id="glossary-terms")
            yield Static(id="glossary-none")
            with Vertical(id="glossary-detail"):
                yield Static(id="glossary-meaning", markup=False)
                yield StepLink(id="glossary-step", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.filter(self.query_text)

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self.filter(self.query_one(Input).value, keep=True)

    @on(Input.Changed, "#glossary-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open_step()

    def filter(self, query: str, keep: bool = False) -> None:
        """Show the terms `query` matches (every term for a blank one), the first selected, or the one
        selected before when `keep`; a query that matches nothing says so in the list's place."""
        selected = self.selected if keep else None
        lang, terms = language(), self.glossary.terms
        self.shown = search(terms, query)
        options = self.query_one(TermList)
        width = max(options.size.width - 4, 40) if options.size.width else 74     # padding and scrollbar
        widths = self.widths = columns(list(terms), lang, width)
        options.set_options(Option(term_row(term, lang, widths)) for term in self.shown)
        headers = [t(f"glossary.header.{name}") for name in ("name", "other", "code")]
        self.query_one("#glossary-header", Static).update(row(headers, widths))
        self.query_one("#glossary-title", Static).update(Text.assemble(
            (t("glossary.title"), "bold"), "  ", (t("glossary.count", shown=len(self.shown), total=len(terms)), "dim")))
        nothing = not self.shown
        self.set_class(nothing, "-no-match")
        self.query_one("#glossary-none", Static).update("" if not nothing else self.why_none(query))
        if self.shown:
            options.highlighted = self.shown.index(selected) if selected in self.shown else 0
        self.show_selected()

    def why_none(self, query: str) -> str:
        """Why the list is empty: no term matches, or the lessons have no glossary (and what is wrong with it)."""
        if self.glossary.terms:
            return t("glossary.no_match", query=query.strip())
        problems = self.glossary.problems
        return t("glossary.empty", problem=str(problems[0]) if problems else "")

    @property
    def selected(self) -> Term | None:
        index = self.query_one(TermList).highlighted
        return self.shown[index] if index is not None and 0 <= index < len(self.shown) else None

    @on(OptionList.OptionHighlighted)
    def show_selected(self) -> None:
        """The selected term's meaning, and the step that introduces it; its library name too when the
        list cuts it (a narrow screen cuts that column first: "numeric…" for numerical_gradient)."""
        term = self.selected
        meaning = self.query_one("#glossary-meaning", Static)
        link = self.query_one("#glossary-step", StepLink)
        if term is None:
            meaning.update("")
            link.update("")
            return
        lang = language()
        cut = cell_len(term.code) > self.widths[2]
        meaning.update(Text.assemble((term.name(lang), "bold"), *(("  ", (term.code, "dim")) if cut else ()),
                                     "  ", term.means(lang)))
        where = introduced(self.app.course, term)
        link.update(Text(where, style="underline") if where else Text(t("glossary.no_step"), style="dim"))

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        """A click (or Enter) on a term selects it: the meaning shows, the link opens the step."""
        event.stop()

    @on(StepLink.Clicked)
    def _link_clicked(self) -> None:
        self.action_open_step()

    def action_move(self, rows: int) -> None:
        options = self.query_one(TermList)
        if self.shown:
            options.highlighted = min(max((options.highlighted or 0) + int(rows), 0), len(self.shown) - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(int(direction) * max(self.query_one(TermList).size.height - 1, 1))

    def action_open_step(self) -> None:
        """Close and open the selected term's step (nothing when no term, or its step, is there)."""
        term = self.selected
        found = step_of(self.app.course, term) if term is not None else None
        if found is not None:
            lesson, index = found
            self.dismiss((lesson.id, index))


def open_glossary(app) -> None:
    """Show the glossary over the current screen (once); its choice of step opens that step."""
    if not isinstance(app.screen, GlossaryScreen):
        app.push_screen(GlossaryScreen(), lambda where: app.show_step(*where) if where is not None else None)
