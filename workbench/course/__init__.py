"""Lessons as data: read lesson folders, build pane settings from them, and check them.

Nothing here imports Textual, so `workbench lessons check` validates without starting the UI.
"""
