"""An operating system's error in the reader's language, for every message that shows one.

The system's own text is English whatever the language ("[Errno 28] No space left on device"), so a
Korean message ended in English. The common errors have words of their own in the catalog
(`oserror.toml`); any other keeps the system's text (strerror), without the "[Errno N]" code.
"""
from __future__ import annotations

import errno
import os
import re

from workbench.i18n import t

NAMES = {
    errno.ENOENT: "ENOENT", errno.EACCES: "EACCES", errno.EPERM: "EACCES", errno.EROFS: "EROFS",
    errno.ENOSPC: "ENOSPC", errno.EISDIR: "EISDIR", errno.ENOTDIR: "ENOTDIR", errno.EEXIST: "EEXIST",
    errno.ENAMETOOLONG: "ENAMETOOLONG", errno.ECONNREFUSED: "ECONNREFUSED", errno.ECONNRESET: "ECONNRESET",
    errno.ETIMEDOUT: "ETIMEDOUT", errno.EHOSTUNREACH: "EHOSTUNREACH", errno.ENETUNREACH: "ENETUNREACH",
    **({errno.EDQUOT: "EDQUOT"} if hasattr(errno, "EDQUOT") else {}),
}
"""The errors said in words of the catalog (`oserror.<name>`); EPERM reads as EACCES, both are refusals."""

_CODE = re.compile(r"^\[(?:Errno|WinError) -?\d+\]\s*")


def os_error_text(exc: BaseException, path: str | os.PathLike | None = None) -> str:
    """`exc` in words of the current language: "no space left on the disk" (ENOSPC), and with `path`
    "PATH: no space left on the disk". An error not in NAMES keeps the system's text; anything
    that is not an OSError its own message."""
    number = _number(exc)
    if number in NAMES:
        reason = t(f"oserror.{NAMES[number]}")
    elif isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
    else:
        reason = _CODE.sub("", str(exc)) or type(exc).__name__
    return reason if path is None else t("oserror.at", path=os.fsdecode(path), reason=reason)


def os_error_behind(exc: BaseException | None) -> OSError | None:
    """The OSError that `exc` stands for or was raised from (a save's ValueError, a download's
    ConnectionError over the socket's refusal), or None."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and _number(exc) is not None:
            return exc
        reason = getattr(exc, "reason", None)            # urllib3's MaxRetryError and URLError keep it there
        exc = exc.__cause__ or exc.__context__ or (reason if isinstance(reason, BaseException) else None)
    return None


def _number(exc: BaseException) -> int | None:
    if isinstance(exc, TimeoutError) and not exc.errno:  # socket.timeout has no errno
        return errno.ETIMEDOUT
    number = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
    return number if isinstance(number, int) and number > 0 else None
