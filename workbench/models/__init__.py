"""Each pane's model: its settings and the pure computation behind it, and the catalog of panes.

A pane is a model plus a widget. The model is a frozen settings dataclass (in `<name>_settings.py`,
without NumPy, so the catalog describes a pane without loading its model) and a function from
settings to a plain result, computed with `workbench.nn` (in `<name>.py`); neither imports Textual,
Rich or plotext, so `workbench panes`, `workbench lessons check`, console commands and tests use them
without the app. The widget (in `workbench.app.panes`) only renders the result. `catalog.PANES` lists
every pane: its name, and the import paths of its settings class, model function and widget.
"""
