"""The surfaces the descent and optimizer panes walk on, by name, for their settings (without NumPy).

`workbench.models.surface_path.SURFACES` defines them; tests/models/test_catalog.py checks that the two agree.
"""

SURFACE_NAMES = ("valley", "bowl", "saddle", "rosenbrock")
