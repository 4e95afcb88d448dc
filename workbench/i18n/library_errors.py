"""The library's refusals in the reader's language, for every message that shows one.

The layer library and the data sets speak English to a Python user (``nn/`` and ``datasets/`` know
no catalog). A refusal that carries a code and its values is said from the catalog instead: an
allocation too large for memory (``memory.TooLarge``: ``memory.too_large.<code>``), a refused
parameter file (``params_io.ParamsFileError``: ``params.<code>``), an operating system's error
(``os_errors``). Anything else keeps its own message.
"""
from __future__ import annotations

from workbench.i18n import t


def library_error_text(exc: BaseException) -> str:
    """`exc` in words of the current language where the catalog has them, else its own message."""
    from workbench.memory import TooLarge
    from workbench.nn.params_io import ParamsFileError

    if isinstance(exc, TooLarge):
        values = dict(exc.values)
        for key in ("count", "n_train", "n_test"):
            if key in values:
                values[key] = f"{int(values[key]):,}"
        if "shape" in values:
            values["shape"] = values["shape"].replace(",)", ")")
        return t(f"memory.too_large.{exc.code}", **values)
    if isinstance(exc, ParamsFileError):
        return _params_refusal(exc)
    if isinstance(exc, OSError):
        from workbench.i18n.os_errors import os_error_text

        return os_error_text(exc, exc.filename)
    return str(exc) or type(exc).__name__


def _params_refusal(exc) -> str:
    """A refused parameter file (`params.<code>`): its kind named, the system's error behind it said."""
    from workbench.i18n.os_errors import os_error_text

    values = dict(exc.values)
    if "kind" in values:
        values["kind"] = t(f"params.kind.{values['kind']}")
    if "errno" in values:                           # the system's error, in the reader's words (oserror.toml)
        values["error"] = os_error_text(OSError(int(values.pop("errno")), values["error"]))
    return t(f"params.{exc.code}", **values)
