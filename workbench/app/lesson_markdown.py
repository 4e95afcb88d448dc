"""The lesson text's Markdown, with code blocks that wrap instead of running out of sight.

Textual scrolls a wide code block sideways with a hidden scrollbar, so in a 38-column text column
`for i in range(0, len(x), batch_size):` loses its end without a sign. Here a line wider than the
column continues on the next row after a dim "↪", indented as the line it continues.
"""
from __future__ import annotations

from rich.segment import Segment
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownFence, MarkdownParagraph, MarkdownTD, MarkdownTH

from workbench.app.no_break import CODE_JOINER, JOINER, KEY_SPACE, glue_markdown, install, spaced, unjoin
from workbench.app.styles import pane_css
from workbench.i18n.cells import char_width

install()

CONTINUED = "↪ "
_KEPT = "\ue000"
"""What stands for KEY_SPACE while Textual turns a text's whitespace into plain spaces (the same length)."""


MIN_WIDTH = 12
"""Narrower than this (a column being hidden or resized), code is left as it is."""


def wrap_code(code: Content, width: int) -> Content:
    """`code` (highlighted) with every line wider than `width` cells broken into rows that fit, each
    continuation starting with the line's indentation and CONTINUED."""
    if width < MIN_WIDTH:
        return code
    rows: list[Content] = []
    for line in code.split("\n", allow_blank=True):
        plain = line.plain
        indent = plain[:len(plain) - len(plain.lstrip(" "))]
        mark = indent + CONTINUED if len(indent) + len(CONTINUED) <= width // 2 else CONTINUED
        prefix = Content.styled(mark, "dim")
        lead, rest = Content(""), line
        while rest.cell_length > width - lead.cell_length:
            cut = _fit(rest.plain, width - lead.cell_length)          # at least one character
            head, rest = rest.divide([cut])[:2]
            rows.append(lead + head)
            spaces = len(rest.plain) - len(rest.plain.lstrip(" "))
            if spaces:
                rest = rest.divide([spaces])[1] if spaces < len(rest.plain) else Content("")
            lead = prefix
        rows.append(lead + rest)
    return Content("\n").join(rows)


def _fit(text: str, width: int) -> int:
    """How many characters of `text` to put on a row of `width` cells: up to a space or just after
    , ( or [ when one is in the row's second half, else as many as fit (at least one)."""
    used, fits = 0, len(text)
    for index, char in enumerate(text):
        used += char_width(char)
        if used > width:
            fits = max(index, 1)
            break
    else:
        return fits
    for index in range(fits, fits // 2, -1):
        if text[index] == " " or text[index - 1] in ",([":
            return index
    return fits


class CodeLines(Widget):
    """A code block's highlighted text, wrapped to the widget's width by `wrap_code`."""

    DEFAULT_CSS = pane_css(__file__, "CodeLines")

    def __init__(self, code: Content):
        super().__init__(id="code-content")
        self.code = code

    def update(self, code: Content) -> None:
        self.code = code
        self.refresh(layout=True)

    def render(self) -> Content:
        return wrap_code(self.code, max(self.content_region.width, 4))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(wrap_code(self.code, max(width, 4)).plain.split("\n"))


class WrappedFence(MarkdownFence):
    """A fenced code block that wraps (see the module)."""

    DEFAULT_CSS = pane_css(__file__, "WrappedFence")

    def set_content(self, content: Content) -> None:
        self._content = content
        for lines in self.query(CodeLines):
            lines.update(content)

    def compose(self) -> ComposeResult:
        yield CodeLines(self._highlighted_code)


class _NoBreak:
    """A text block that shows glue_units' joiners as no-break spaces, and a code span's (CODE_JOINER) and
    the space glue_keys joins a key to the word before it with (KEY_SPACE, which Textual would make a
    plain space) as the plain spaces they stand for, on screen and in a copy."""

    def _token_to_content(self, token) -> Content:
        for child in token.children or ():         # Textual would make a KEY_SPACE a plain space
            if child.type == "text" and KEY_SPACE in child.content:
                child.content = child.content.replace(KEY_SPACE, _KEPT)
        content = super()._token_to_content(token)
        if _KEPT in content.plain:
            content = Content(content.plain.replace(_KEPT, KEY_SPACE), list(content.spans))
        return Content(unjoin(content.plain), list(content.spans)) if JOINER in content.plain else content

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if CODE_JOINER not in strip.text:
            return strip
        return Strip([Segment(spaced(text), style, control) for text, style, control in strip], strip.cell_length)

    def get_selection(self, selection):
        selected = super().get_selection(selection)
        return selected and (spaced(selected[0]), selected[1])


class NoBreakParagraph(_NoBreak, MarkdownParagraph):
    pass


class NoBreakTD(_NoBreak, MarkdownTD):
    pass


class NoBreakTH(_NoBreak, MarkdownTH):
    pass


class LessonMarkdown(Markdown):
    """Markdown whose code blocks wrap with a visible mark, whose "96 %" never breaks before the %, and
    whose short formulas ("a = b + w₁x₁ + w₂x₂") never break inside."""

    BLOCKS = {**Markdown.BLOCKS, "fence": WrappedFence, "code_block": WrappedFence,
              "paragraph_open": NoBreakParagraph, "td_open": NoBreakTD, "th_open": NoBreakTH}

    def __init__(self, markdown: str | None = None, *, column: int | None = None, **kwargs):
        """`column`: the cells of the column it is shown in, when narrower than a lesson's (glue_formulas)."""
        self.column = column
        super().__init__(markdown, **kwargs)

    def update(self, markdown: str):
        """Show `markdown`, a number and its %, and each short formula, kept on one line, also where the
        source breaks its line inside one (see no_break.glue_markdown)."""
        return super().update(glue_markdown(markdown, column=self.column))
