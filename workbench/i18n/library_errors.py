"""The library's refusals in the reader's language, for every message that shows one.

The layer library and the data sets speak English to a Python user (``nn/`` and ``datasets/`` know
no catalog). A refusal that carries a code and its values is said from the catalog instead: an
allocation too large for memory (``memory.TooLarge``: ``memory.too_large.<code>``), an operating
system's error (``os_errors``). Anything else keeps its own message.
"""
from __future__ import annotations

from workbench.i18n import t


def library_error_text(exc: BaseException) -> str:
    """`exc` in words of the current language where the catalog has them, else its own message."""
    from workbench.memory import TooLarge

    if isinstance(exc, TooLarge):
        values = dict(exc.values)
        for key in ("count", "n_train", "n_test"):
            if key in values:
                values[key] = f"{int(values[key]):,}"
        if "shape" in values:
            values["shape"] = values["shape"].replace(",)", ")")
        return t(f"memory.too_large.{exc.code}", **values)
    if isinstance(exc, OSError):
        from workbench.i18n.os_errors import os_error_text

        return os_error_text(exc, exc.filename)
    return str(exc) or type(exc).__name__
