"""Whether an allocation can fit in memory, asked before making it.

A size typed by mistake (``n_train=10**9``, a hidden layer of a billion units) would otherwise grow
the process until the system kills it, or end in NumPy's bare MemoryError. ``check_fits`` refuses it
first with a message that says how much it needs and how much there is (under a container's memory
limit, what the limit leaves: the machine's memory is not the process's). Small sizes cost nothing:
memory is only looked up above ``QUIET_BYTES``. The refusal (``TooLarge``) also carries a code and
its values, so that workbench says it in its reader's language (``memory.too_large.<code>``).
"""
from __future__ import annotations

import os
from pathlib import Path

QUIET_BYTES = 256 * 2 ** 20
"""Allocations up to this size are never questioned (no look-up)."""


def available_bytes() -> int | None:
    """Memory a new allocation can take: Linux's MemAvailable, else the physical memory, and never more
    than the process's control group still allows (`cgroup_room`); None if unknown."""
    machine = machine_bytes()
    room = cgroup_room()
    return machine if room is None else room if machine is None else min(machine, room)


CGROUP_ROOT = "/sys/fs/cgroup"
UNLIMITED = 2 ** 60
"""A cgroup v1 limit this high is no limit (the kernel writes one just under 2**63)."""
_V2 = ("memory.max", "memory.current", "inactive_file")
_V1 = ("memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file")


def cgroup_room(root: str = CGROUP_ROOT, own: str = "/proc/self/cgroup") -> int | None:
    """Bytes the memory limit of this process's control group (a container's, a CI job's, a notebook
    server's) leaves to take, or None when there is no limit (or it cannot be read). MemAvailable is
    the whole machine's: under a limit, an allocation it allowed had the process killed without a word.

    The limit less the memory in use, reclaimable file cache not counted (as `docker stats` counts),
    the tightest of the group and the groups above it; cgroup v2 and v1.
    """
    try:
        with open(own, encoding="ascii") as f:
            lines = f.read().splitlines()
    except (OSError, ValueError):
        return None
    rooms = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":
            base, names = Path(root), _V2
        elif "memory" in controllers.split(","):
            base, names = Path(root) / "memory", _V1
        else:
            continue
        folder = base / path.strip("/")
        if not folder.is_dir():        # the group's own folder mounted as the root, as in a container
            folder = base
        for group in (folder, *[p for p in folder.parents if p.is_relative_to(base)]):
            room = _group_room(group, *names)
            if room is not None:
                rooms.append(room)
    return min(rooms) if rooms else None


def _group_room(folder: Path, limit_name: str, usage_name: str, cache_name: str) -> int | None:
    try:
        limit_text = (folder / limit_name).read_text(encoding="ascii").strip()
        if limit_text == "max" or int(limit_text) >= UNLIMITED:
            return None
        used = int((folder / usage_name).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    cache = 0
    try:
        for line in (folder / "memory.stat").read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(" ")
            if key == cache_name:
                cache = int(value)
                break
    except (OSError, ValueError):
        pass
    return max(0, int(limit_text) - max(0, used - cache))


def machine_bytes() -> int | None:
    """The machine's memory a new allocation can take: MemAvailable, else the physical memory."""
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
