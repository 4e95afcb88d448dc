"""Whether an allocation can fit in memory, asked before making it.

A size typed by mistake (``n_train=10**9``, a hidden layer of a billion units) would otherwise grow
the process until the system kills it, or end in NumPy's bare MemoryError. ``check_fits`` refuses it
first with a message that says how much it needs and how much there is. Small sizes cost nothing:
memory is only looked up above ``QUIET_BYTES``.
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


def check_fits(nbytes: float, what: str) -> None:
    """Raise a ValueError when ``nbytes`` cannot fit in the memory available now; ``what`` names the sizes."""
    if nbytes <= QUIET_BYTES:
        return
    free = available_bytes()
    if free is not None and nbytes > free:
        raise ValueError(f"{what} would need {size_text(nbytes)} of memory, and {size_text(free)} is available; "
                         f"use smaller sizes")
