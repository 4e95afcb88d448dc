"""What the panes with `impl = mine` share: how the learner's code failed, and what it printed, as the
pane shows them."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.i18n import t
from workbench.models.settings import named, named_choice


def impl_named() -> dict[str, str]:
    """The setting `impl` and its two values as a message names them ({impl} = {mine}): as the settings
    dialog shows them inside `labelled` (구현 = 내 코드, the graph's 계층), else as `--set` writes them."""
    return {"impl": named("impl"), "mine": named_choice("impl", "mine"), "library": named_choice("impl", "library")}


def nets_named(nets: tuple[str, ...]) -> str:
    """The networks `nets` (values of the setting `net`) as a refusal lists them: as the dialog's list shows
    them inside `labelled` (TwoLayerNet, MultiLayerNet, SimpleConvNet), else as `--set` writes them."""
    names = [named_choice("net", net) for net in nets]
    return t("mine.nets", first=", ".join(names[:-1]), last=names[-1]) if len(names) > 1 else "".join(names)



def train_net_refusal(net: str) -> str:
    """Why training refuses network `net` with impl = mine, each network named as `nets_named` names them."""
    return t("mine.train.net", net=named_choice("net", net), simple=named_choice("net", "simple"),
             two_layer=named_choice("net", "two-layer"), **impl_named())


NOT_RUN = ("exercises.no_folder", "exercises.not_a_folder", "exercises.msg.no_file", "exercises.msg.is_folder",
           "exercises.msg.timeout_program", "exercises.msg.timeout_start")
"""Failures before any of the learner's code ran: the folder or its file is not there, or the run did not
start in time."""
NOT_WRITTEN = ("exercises.msg.todo", "exercises.msg.missing_class", "exercises.msg.missing_function")
"""A part not written yet: its stub still raises NotImplementedError, or the file has no such class."""


@dataclass(frozen=True)
class MineFailure:
    """The learner's code failed: the message (catalog key and values), the part at fault, their traceback."""

    message: dict
    part: str | None
    traceback: str | None
    printed: dict | None = None
    """What their code printed before it failed ({"lines", "count"}), None for nothing."""

    @property
    def theirs_failed(self) -> bool:
        """Whether code the learner wrote ran and failed; not when none of it ran (no folder, no file, a busy
        computer) or the part is not written yet (a stub, a class not there): "Your code failed" and "Fix
        it" would blame code that never ran."""
        return self.message.get("key") not in NOT_RUN + NOT_WRITTEN

    def headline(self) -> str:
        """"Your Relu failed: Relu.forward raised NameError: …" (or "Your code failed: …"); only what is
        missing when none of their code ran ("No folder exercises yet: run …")."""
        from workbench.exercises.report import said
        from workbench.i18n import t

        if not self.theirs_failed:
            return said(self.message)
        head = t("mine.failed", part=self.part) if self.part else t("mine.failed_unknown")
        return f"{head} {said(self.message)}"

    def next_step(self) -> str:
        """What to do, then press g: write the part not written yet, fix what failed, or (nothing of
        theirs ran: the message says what to do) only g."""
        from workbench.i18n import t

        if self.message.get("key") in NOT_WRITTEN:
            return t("mine.write_hint")
        return t("mine.again_hint" if self.theirs_failed else "mine.run_again_hint")

    @classmethod
    def of(cls, failed) -> "MineFailure":
        """From the runner's MineFailed."""
        return cls(failed.message, failed.part, failed.traceback, failed.printed)


def missing_folder(folder: str, file: str = "layers.py") -> MineFailure | None:
    """The failure of a run whose folder is not there (with how to make it and `file`, the one to
    open first), or None."""
    path = Path(folder).expanduser()
    if path.is_dir():
        return None
    if path.exists():
        return MineFailure({"key": "exercises.not_a_folder", "values": {"folder": folder}}, None, None)
    return MineFailure({"key": "exercises.no_folder", "values": {"folder": folder, "file": file}}, None, None)


def folder_problem(folder: str, file: str = "layers.py") -> str | None:
    """Why a console run on the learner's code in `folder` cannot start (in words), or None."""
    from workbench.i18n import t

    missing = missing_folder(folder, file)
    return None if missing is None else t(missing.message["key"], **missing.message["values"])


def printed_lines(printed: dict | None) -> list[str]:
    """What the learner's code printed in a pane's run ({"lines", "count"}, as the sandbox keeps it) under
    a line saying so, the first lines of many and how many there were, as the exercises show what a part
    printed while it was graded; [] when it printed nothing."""
    from workbench.exercises.report import printed_lines as graded

    return graded({"printed": printed}, ("mine.printed.all", "mine.printed.some"))
