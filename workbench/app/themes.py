"""The two themes Ctrl+T switches between; the light one made for a projector.

Textual's own light theme draws orange and green at 1.5:1 and 1.8:1 against its grey background,
too faint for a projected plot. Ours keeps its blue and greys, on a whiter background, with every
colour a curve, a mark or a label is drawn in (the `text-*` ones) at 4.5:1 or more against the
background and the panels (WCAG's level for text); the dark theme is Textual's, whose `text-*`
colours already are.
"""
from __future__ import annotations

from textual.theme import Theme

DARK = "textual-dark"
LIGHT = "workbench-light"
RENAMED = {"textual-light": LIGHT}
"""Saved theme names from before the light theme was ours."""

LIGHT_THEME = Theme(
    name=LIGHT,
    primary="#004578",
    secondary="#005A9E",
    accent="#8F4A00",
    warning="#8F4A00",
    error="#A3213F",
    success="#1B6B33",
    foreground="#141414",
    background="#F4F4F4",
    surface="#EBEBEB",
    panel="#DDDDDD",
    dark=False,
    variables={"footer-key-foreground": "#004F8A",
               # Textual darkens these to near black on a light theme; curves need their hue.
               "text-primary": "#004578", "text-warning": "#8F4A00", "text-accent": "#8F4A00",
               "text-success": "#1B6B33", "text-error": "#A3213F"},
)
