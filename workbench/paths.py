"""Where workbench keeps what it makes for the learner: trained networks and saved parameters.

$WORKBENCH_DATA_HOME if set (tests set it), else the platform's user data folder ("workbench").
The learner's progress lives in the state folder (`state_dir`, kept by workbench.course.progress),
downloads in the cache folder (workbench.datasets.locate); this is the third place, for files worth
keeping.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

DATA_HOME_VARIABLE = "WORKBENCH_DATA_HOME"
STATE_DIR_VARIABLE = "WORKBENCH_STATE_DIR"
PROGRESS_FILE = "progress.json"
"""The learner's progress (and language) in the state folder, kept by `workbench.course.progress`."""


def state_dir() -> Path:
    """$WORKBENCH_STATE_DIR if set (tests set it), else the platform's user state folder (the
    learner's progress and language, `workbench.course.progress`)."""
    override = os.environ.get(STATE_DIR_VARIABLE)
    if override:
        return Path(override)
    from platformdirs import user_state_dir

    return Path(user_state_dir("workbench", appauthor=False))


def data_home() -> Path:
    """The folder for files workbench keeps for the learner (not created here)."""
    override = os.environ.get(DATA_HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("workbench", appauthor=False))


def networks_dir() -> Path:
    """Where trained networks are kept as .npz (the library's atomic save_params)."""
    return data_home() / "networks"


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, synced, then rename it over `path`: a crash leaves
    the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
