"""Each pane's model: its settings and the pure computation behind it, and the catalog of panes.

A pane is a model plus a widget. The model (one module here) is a frozen settings dataclass and a
function from settings to a plain result, computed with `workbench.nn`; it never imports Textual,
Rich or plotext, so `workbench panes`, `workbench lessons check`, console commands and tests use it
without the app. The widget (in `workbench.app.panes`) only renders the result. `catalog.PANES` lists
every pane: its name, settings class, model function and the widget's import path.
"""
