"""The two themes Ctrl+T switches between; the light one made for a projector.

Textual's own light theme draws orange and green at 1.5:1 and 1.8:1 against its grey background,
too faint for a projected plot. Ours keeps its blue and greys, on a whiter background, with every
colour a curve, a mark or a label is drawn in (the `text-*` ones) at 4.5:1 or more against the
background and the panels (WCAG's level for text); the dark theme is Textual's, whose `text-*`
colours already are.
"""
from __future__ import annotations

from textual.color import Color
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


# -- presenter mode: high contrast, for a projector at the back of a room ----------------------------
# Every colour text is drawn in (foreground, the `text-*` colours, the footer's keys) is at 7:1 or more
# against the background, the surface and the panel: WCAG's enhanced level (AAA), checked by
# tests/app/test_presenter.py from these very values.

CONTRAST_DARK = "workbench-contrast-dark"
CONTRAST_LIGHT = "workbench-contrast-light"
CONTRAST = (CONTRAST_LIGHT, CONTRAST_DARK)

CONTRAST_DARK_THEME = Theme(
    name=CONTRAST_DARK,
    primary="#66C7FF",
    secondary="#B9A8FF",
    accent="#FFC857",
    warning="#FFC857",
    error="#FF8C8C",
    success="#6EE08A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0A0A0A",
    panel="#1E1E1E",
    dark=True,
    variables={"footer-key-foreground": "#66C7FF", "footer-foreground": "#FFFFFF", "footer-background": "#1E1E1E",
               "text-primary": "#66C7FF", "text-secondary": "#B9A8FF", "text-warning": "#FFC857",
               "text-accent": "#FFC857", "text-success": "#6EE08A", "text-error": "#FF8C8C",
               "text-muted": "#D0D0D0"},
)

CONTRAST_LIGHT_THEME = Theme(
    name=CONTRAST_LIGHT,
    primary="#00396B",
    secondary="#3B2A8A",
    accent="#6A3500",
    warning="#6A3500",
    error="#8A0F1F",
    success="#0A5223",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E8E8E8",
    dark=False,
    variables={"footer-key-foreground": "#00396B", "footer-foreground": "#000000", "footer-background": "#E8E8E8",
               "text-primary": "#00396B", "text-secondary": "#3B2A8A", "text-warning": "#6A3500",
               "text-accent": "#6A3500", "text-success": "#0A5223", "text-error": "#8A0F1F",
               "text-muted": "#333333"},
)


def on_primary(variables: dict[str, str]) -> str:
    """The Rich style of a highlighted item drawn on $primary (the stage, array or node shown now): bold,
    in white or black, whichever reads better on it. The theme's foreground read 1.9:1 there in the light
    theme (near black on dark blue) and 3.4:1 in the dark one; white or black is at 4.5:1 or more in all four."""
    primary = Color.parse(variables["primary"])
    return f"bold {(primary + primary.get_contrast_text(1.0)).hex} on {primary.hex}"
