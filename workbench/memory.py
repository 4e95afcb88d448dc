"""Whether an allocation can fit in memory, asked before making it.

A size typed by mistake (``n_train=10**9``, a hidden layer of a billion units) would otherwise grow
the process until the system kills it, or end in NumPy's bare MemoryError. ``check_fits`` refuses it
first with a message that says how much it needs and how much there is. Small sizes cost nothing:
memory is only looked up above ``QUIET_BYTES``. The refusal (``TooLarge``) also carries a code and
its values, so that workbench says it in its reader's language (``memory.too_large.<code>``).
"""
from __future__ import annotations

import os

QUIET_BYTES = 256 * 2 ** 20
"""Allocations up to this size are never questioned (no look-up)."""


def available_bytes() -> int | None:
    """Memory a new allocation can take: Linux's MemAvailable, else the physical memory; None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def size_text(nbytes: float) -> str:
    """Bytes in the largest unit that keeps the number at 1 or more: 16.0 GB, 3.2 TB."""
    for unit, power in (("PB", 5), ("TB", 4), ("GB", 3), ("MB", 2), ("KB", 1)):
        if nbytes >= 1024 ** power:
            return f"{nbytes / 1024 ** power:.1f} {unit}"
    return f"{int(nbytes)} B"


class TooLarge(ValueError):
    """An allocation refused before it was made: the English message for a Python user, and ``code``
    with ``values`` (plain text: what was asked, ``needed`` and ``free``) for a program that says it in
    its reader's language."""

    def __init__(self, message: str, code: str, **values: object):
        super().__init__(message)
        self.code = code
        self.values = {key: str(value) for key, value in values.items()}


def check_fits(nbytes: float, what: str, code: str = "other", **values: object) -> None:
    """Raise TooLarge (a ValueError) when ``nbytes`` cannot fit in the memory available now; ``what``
    names the sizes in English, ``code`` and ``values`` the same for a translation."""
    if nbytes <= QUIET_BYTES:
        return
    free = available_bytes()
    if free is not None and nbytes > free:
        needed, left = size_text(nbytes), size_text(free)
        raise TooLarge(f"{what} would need {needed} of memory, and {left} is available; use smaller sizes",
                       code, what=what, needed=needed, free=left, **values)
