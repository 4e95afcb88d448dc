"""A plain message instead of a broken layout on a terminal smaller than workbench can use.

The smallest usable size is 60×24: the lesson text needs about 58 columns to keep its formulas on one
line, and a pane needs the 20 rows it is designed for (narrower than 80 columns, text and pane take
turns, see lesson.tcss). Below it every screen of ours shows only `TooSmall`, which says how large the
terminal must be and how large it is.
"""
from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widgets import Static

from workbench.i18n import t

MIN_WIDTH, MIN_HEIGHT = 60, 24


def too_small(size: Size) -> bool:
    """Whether a terminal of `size` is below the smallest usable size."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmall(Static):
    """Covers the screen below MIN_WIDTH×MIN_HEIGHT: how large the terminal must be, and how large it is."""

    def render(self) -> str:
        from workbench.exercises.sandbox import served      # read only when too small

        size = self.screen.size
        key = "classroom.too_small" if served() else "app.too_small"      # a browser's window, not a terminal
        return t(key, width=MIN_WIDTH, height=MIN_HEIGHT, now=f"{size.width}×{size.height}")


def breakpoint_classes(size: Size, columns: list[tuple[int, str]], rows: list[tuple[int, str]]) -> dict[str, bool]:
    """The classes Textual gives a screen of `size` from its width and height breakpoints, as it does on
    a resize: of each list, the class of the highest breakpoint `size` reaches on, every other off."""
    classes = {name: False for _, name in [*columns, *rows]}
    for breakpoints, length in ((columns, size.width), (rows, size.height)):
        reached = [(at, name) for at, name in breakpoints if length >= at]
        if reached:
            classes[max(reached)[1]] = True
    return classes


def styles_state(app) -> tuple:
    """What a widget's styles depend on beyond itself and its ancestors, which change restyles at once: the
    theme and CSS variables (Textual counts their changes), the app's classes, and the stylesheets that
    apply anywhere (the app's and a screen's, unscoped). A widget's DEFAULT_CSS, even unscoped (Markdown's
    paragraphs), is added as the first of its kind mounts, before it and what it holds are styled."""
    stylesheets = sum(1 for source in app.stylesheet.source.values() if not source.scope and not source.is_defaults)
    return app._css_update_count, frozenset(app.classes), stylesheets


class LaidOutForNewSizes:
    """Mixin before Guarded: a Resize to the size the screen was last given is none (the one its first
    layout sends, and the app's first size sent again as it goes idle). Textual laid the whole screen out
    again for each (two of a lesson's five layouts as it opened), and the pane was given the keys again
    after it, from a field a learner may have focused meanwhile. A real resize goes on as before."""

    _sized_for: Size | None = None
    """The size the screen was last laid out for (`size_changed`)."""

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._sized_for:     # Guarded's on_resize (size_changed) and Textual's layout not called
            event.prevent_default()

    def size_changed(self, size: Size) -> None:
        self._sized_for = size
        super().size_changed(size)


class Guarded:
    """Mixin for our screens: `TooSmall` instead of the layout while the terminal is too small."""

    def on_compose(self) -> None:
        """Give the screen the classes of its size before its children are styled and first laid out.

        Textual sets the width and height classes on the screen's first Resize, which its first layout
        sends: that layout, and on a running app the two frames drawn from it, had the styles of no width
        (the lesson text 30 cells wide at 80×24 instead of 38), and every widget was styled again.
        """
        screen_or_app = [self, self.app]
        columns = next(n.HORIZONTAL_BREAKPOINTS for n in screen_or_app if n.HORIZONTAL_BREAKPOINTS is not None) or []
        rows = next(n.VERTICAL_BREAKPOINTS for n in screen_or_app if n.VERTICAL_BREAKPOINTS is not None) or []
        self.update_classes({**breakpoint_classes(self.size, columns, rows), "-too-small": too_small(self.size)})
        self._styled_in = styles_state(self.app)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Spare Textual's restyle of the whole screen as it is first shown, when its widgets were all styled
        as they mounted, moments ago, under the styles that still hold (`styles_state`): it restyled every
        widget a second time at every lesson, pane, help and dialog opened. Later resumes, and a screen made
        ahead under other styles (a theme switched since), restyle as before. Runs before Screen's own."""
        styled_in, self._styled_in = getattr(self, "_styled_in", None), None
        if styled_in is not None and styled_in == styles_state(self.app):
            event.refresh_styles = False

    def on_mount(self) -> None:
        if not self.is_attached:          # removed before it was mounted: a dialog made ahead as the app quit
            return
        self.size_changed(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self.size_changed(event.size)

    def size_changed(self, size: Size) -> None:
        small = too_small(size)
        if small and not self.has_class("-too-small"):
            self._focused_before_small = self.focused
        self.set_class(small, "-too-small")
        messages = self.query_children(TooSmall)
        if small and not messages:
            self.mount(TooSmall())        # made the first time it is needed: a mount less for every screen
        for message in messages:
            message.refresh()
        if not small:
            self.call_after_refresh(self._focus_again)

    def _focus_again(self) -> None:
        """Give the focus back to the widget that had it before the terminal was too small: hidden, it lost
        it, and nothing took it again (the home list, shrunk to 70×20 and back, took no key, not even ↓)."""
        widget, self._focused_before_small = getattr(self, "_focused_before_small", None), None
        if widget is not None and self.focused is None and widget.is_attached and widget.screen is self:
            widget.focus()
