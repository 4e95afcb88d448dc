"""Live panes: one module per pane, each registering itself with `register_pane`.

To add a pane, add a module here that defines a frozen settings dataclass (fields made with
`workbench.course.settings.setting`, each with a default and its range) and a `Pane` subclass
decorated with `@register_pane("name", title=..., settings=...)`. `registry.pane_specs()` imports
every module of this package, so lessons (`pane = "name"`), the command palette ("Open <title>"),
`workbench panes`, `workbench lessons check` and the tests see the new pane with no other change.

Keys: a pane's bindings should use digits, + - [ ] and letters other than n, p and t, which the
lesson screen keeps for itself (as it keeps the arrows, Escape, ? and F1).
"""
