"""What the panes with `impl = mine` share: how the learner's code failed, as the pane shows it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class MineFailure:
    """The learner's code failed: the message (catalog key and values), the part at fault, their traceback."""

    message: dict
    part: str | None
    traceback: str | None

    def headline(self) -> str:
        """"Your Relu failed: Relu.forward raised NameError: …" (or "Your code failed: …")."""
        from workbench.i18n import t

        head = t("mine.failed", part=self.part) if self.part else t("mine.failed_unknown")
        return f"{head} {t(self.message['key'], **self.message.get('values', {}))}"

    @classmethod
    def of(cls, failed) -> "MineFailure":
        """From the runner's MineFailed."""
        return cls(failed.message, failed.part, failed.traceback)


def missing_folder(folder: str, file: str = "layers.py") -> MineFailure | None:
    """The failure of a run whose folder is not there (with how to make it and `file`, the one to
    open first), or None."""
    if Path(folder).expanduser().is_dir():
        return None
    return MineFailure({"key": "exercises.no_folder", "values": {"folder": folder, "file": file}}, None, None)
