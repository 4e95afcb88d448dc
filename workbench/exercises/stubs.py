"""`workbench exercises init`: the stub files (functions.py for chapters 3 and 4, then one per chapter), each part with the book's signature.

A stub says in its docstring what the part must do (in the language chosen) and raises
NotImplementedError. A learner's file is never overwritten: an existing file is kept, and a file
that is missing is written beside it.
"""
from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path

from workbench.exercises.parts import PARTS, Part, files
from workbench.i18n import t

INDENT = "    "
DEFAULT_FOLDER = "exercises"


def init_command(folder) -> str:
    """The shortest command that writes the stubs in `folder`: 'workbench exercises init' for ./exercises
    (the default, as the lessons say it), else with the folder named (quoted where the shell needs it).
    The pane said 'workbench exercises init exercises' where the lessons said 'workbench exercises init'."""
    return exercises_command("init", folder)


def exercises_command(verb: str, folder) -> str:
    """The shortest `workbench exercises VERB` for `folder` (see `init_command`)."""
    command = f"workbench exercises {verb}"
    path = Path(folder).expanduser()
    if path.resolve() == Path(DEFAULT_FOLDER).resolve():
        return command
    return f"{command} {shlex.quote(str(folder))}"


def _docstring(text: str, indent: str) -> list[str]:
    lines = text.strip().splitlines()
    body = [indent + '"""' + lines[0]] + [(indent + line) if line else "" for line in lines[1:]]
    if len(lines) == 1:
        return [body[0] + '"""']
    return body + [indent + '"""']


def _signature(params: tuple[str, ...], self_first: bool) -> str:
    return ", ".join((("self",) if self_first else ()) + params)


def part_source(part: Part) -> str:
    """The stub of one part: its class (or function) with the book's signature, a docstring, NotImplementedError."""
    doc = t(f"exercises.doc.{part.name}")
    todo = f"{INDENT}raise NotImplementedError"
    if part.kind == "function":
        lines = [f"def {part.name}({_signature(part.init, False)}):", *_docstring(doc, INDENT), todo]
        return "\n".join(lines) + "\n"
    lines = [f"class {part.name}:", *_docstring(doc, INDENT), "",
             f"{INDENT}def __init__({_signature(part.init, True)}):", f"{INDENT}{todo}"]
    for method, params in part.methods:
        lines += ["", f"{INDENT}def {method}({_signature(params, True)}):", f"{INDENT}{todo}"]
    return "\n".join(lines) + "\n"


def file_source(name: str) -> str:
    """One whole stub file: what it holds, the import, every part that lives in it (functions.py: chapters 3 and 4)."""
    header = _docstring(t(f"exercises.stub.header.{name.removesuffix('.py')}"), "")
    blocks = ["\n".join(header) + "\nimport numpy as np\n"] + [part_source(part) for part in PARTS if part.file == name]
    return "\n\n".join(blocks)


def write_stubs(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write the stub files that are missing in `folder` (made if need be): (written, kept).

    Each file is written to a temporary file and renamed, and only where no file of that name
    exists, so a learner's work is never overwritten, not even by two runs at once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written, kept = [], []
    for name in files():
        target = folder / name
        if target.exists():
            kept.append(target)
            continue
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(file_source(name))
            os.link(temporary, target)          # fails if the file appeared meanwhile: never overwrite
            written.append(target)
        except FileExistsError:
            kept.append(target)
        finally:
            os.unlink(temporary)
    return written, kept
