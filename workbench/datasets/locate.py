"""Where a dataset's files may be, in the order they are searched.

1. the folder passed as `data_dir`, else the one in $WORKBENCH_DATA (its subfolder named after the
   dataset first, e.g. `fashion-mnist/`, then the folder itself; `.gz` or unpacked files);
2. the download cache: $WORKBENCH_CACHE, else platformdirs' user cache folder for "workbench";
3. system folders, such as the one Debian's `dataset-fashion-mnist` package installs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbench.datasets.errors import DatasetError
from workbench.datasets.sources import DatasetInfo, IdxFile
from workbench.i18n import t
from workbench.i18n.os_errors import os_error_text

ENV_DATA = "WORKBENCH_DATA"
ENV_CACHE = "WORKBENCH_CACHE"


@dataclass(frozen=True)
class Place:
    """A folder that may hold a dataset's files. `kind` is "user", "cache" or "system"; `label` says which
    to a person ("data_dir", "WORKBENCH_DATA", or "download cache" in the current language)."""

    folder: Path
    kind: str
    label: str
    users: bool = False
    """In (or at) a folder the user named, as data_dir or $WORKBENCH_DATA: nothing here is ever deleted."""

    def __str__(self) -> str:
        return f"{self.folder} ({self.label})"


def cache_root() -> Path:
    """The folder workbench caches into: $WORKBENCH_CACHE, else the user cache folder."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("workbench"))


def cache_dir(name: str) -> Path:
    """Where downloads of dataset `name` are kept."""
    return cache_root() / "datasets" / name


def places(info: DatasetInfo, data_dir: str | os.PathLike | None = None) -> list[Place]:
    """Every folder to search for `info`'s files, in search order."""
    found = []
    user = data_dir if data_dir is not None else os.environ.get(ENV_DATA) or None
    if user is not None:
        label = "data_dir" if data_dir is not None else ENV_DATA
        base = Path(user).expanduser()
        found += [Place(base / sub, "user", label, True) for sub in info.source.folder_names]
        found.append(Place(base, "user", label, True))
    cache = cache_dir(info.name)
    found.append(Place(cache, "cache", t("datasets.place.cache"), user is not None and _inside(cache, base)))
    found += [Place(folder, "system", t("datasets.place.system"), user is not None and _inside(folder, base))
              for folder in info.source.system_dirs]
    return found


def _inside(folder: Path, outer: Path) -> bool:
    """Whether `folder` is `outer` or below it, after following symlinks."""
    inner, outer = (os.path.normcase(os.path.realpath(p)) for p in (folder, outer))
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


class UnreadableFolder(DatasetError):
    """A folder to search could not be looked into (no permission, a failing disk)."""

    def __init__(self, place: Place, reason: str):
        if place.kind == "user":
            fix = (t("datasets.place.fix.data_dir") if place.label == "data_dir"
                   else t("datasets.place.fix.variable", variable=ENV_DATA))
        else:
            fix = (t("datasets.place.fix.variable", variable=ENV_CACHE) if place.kind == "cache"
                   else t("datasets.place.fix.owner"))
        super().__init__(t("datasets.place.cannot_search", place=place, reason=reason, fix=fix))
        self.place, self.reason = place, reason


def candidates(place: Place, spec: IdxFile) -> list[Path]:
    """The existing files in `place` that may be `spec`: the `.gz`, or unpacked under either name.

    Raises UnreadableFolder if the folder cannot be looked into.
    """
    if place.kind == "cache":
        names = [spec.name]
    else:
        names = [spec.name, spec.stem, spec.stem.replace("-idx", ".idx", 1)]
    try:
        return [place.folder / n for n in names if (place.folder / n).is_file()]
    except OSError as exc:
        raise UnreadableFolder(place, os_error_text(exc)) from None


def describe(place: Place) -> str:
    """The place, and whether its folder is missing or cannot be looked into, for a message."""
    try:
        return f"{place}" if place.folder.is_dir() else t("datasets.place.no_folder", place=place)
    except OSError as exc:
        return t("datasets.place.unreadable", place=place, reason=os_error_text(exc))
