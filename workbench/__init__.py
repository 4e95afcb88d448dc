"""workbench: run every idea of Deep Learning from Scratch in the terminal."""

__version__ = "0.1.0"
"""The one place the version is written: the package's metadata is built from it (pyproject.toml)."""
