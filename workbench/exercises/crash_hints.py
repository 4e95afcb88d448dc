"""What a learner can do next when their code raises: one short sentence, a hint after the grader's message.

The traceback the learner sees is cut to their own files (grader.learner_trace); the hint names the last
line of theirs in it and the usual cause of that kind of error there — the shape of dW or dx when
Affine.backward's line that sets it fails on shapes, a function that calls itself for a RecursionError,
exit() that ends the check — and, where the error alone cannot tell the cause, only the line to look at.
A hint is a catalog key (`exercises.hint.crash_*`) with values: the child that grades forms no words.
"""
from __future__ import annotations

import re
import traceback
from pathlib import Path

SHAPE_WORDS = ("shape", "broadcast", "not aligned", "matmul", "reshape", "dimension")
"""Words in a ValueError's text that make it NumPy's complaint about arrays whose shapes do not fit."""

AFFINE_GRADIENTS = {"dW": "crash_affine_dW", "dx": "crash_affine_dx"}
"""Affine.backward's gradients by name: the line that sets one and fails on shapes gets its book formula."""

FLOAT_AS_INTEGER = ("'float' object cannot be interpreted as an integer", "slice indices must be integers",
                    "only integers, slices")
"""How Python and NumPy refuse a float where a size or an index goes: out_h written with / rather than //."""

NUMPY_REMOVED = {"int": "np.int64", "float": "np.float64", "bool": "bool", "object": "object",
                 "complex": "np.complex128", "str": "str", "float_": "np.float64", "NaN": "np.nan",
                 "NAN": "np.nan", "Inf": "np.inf", "Infinity": "np.inf", "infty": "np.inf", "PINF": "np.inf",
                 "NINF": "-np.inf", "product": "np.prod", "alltrue": "np.all", "sometrue": "np.any"}
"""Names the book's NumPy had and today's has not (aliases dropped in 1.24, more in 2.0), with what to write:
the book's step_function is `y.astype(np.int)`, which now raises AttributeError."""


def learner_frames(folder: Path, tb) -> list[traceback.FrameSummary]:
    """The frames of a traceback in the learner's folder, outermost first."""
    folder = folder.resolve()
    return [frame for frame in traceback.extract_tb(tb) if is_theirs(frame.filename, folder)]


def is_theirs(filename: str, folder: Path) -> bool:
    """Whether code from `filename` is in the learner's (resolved) `folder`."""
    if filename.startswith("<"):                 # "<frozen importlib._bootstrap>" is no file, least of all theirs
        return False
    if not Path(filename).is_absolute():         # NumPy's "_bounded_integers.pyx": resolved against the child's
        return False                             # working folder, theirs, it looked like their file
    try:
        return Path(filename).resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False


def last_line(folder: Path, tb) -> tuple[str, int, str, str] | None:
    """(file name, line number, function, source) of the deepest frame in the learner's folder, or None."""
    frames = learner_frames(folder, tb)
    if not frames:
        return None
    frame = frames[-1]
    return Path(frame.filename).name, frame.lineno, frame.name, (frame.line or "").strip()


def crash_hint(exc: BaseException, folder: Path, where: str = "") -> tuple[str, dict] | None:
    """(hint name, values) for `exc` raised by the learner's code in `where` ("Affine.backward"), or None
    when no line of theirs is in its traceback (the grader's message and traceback then say all it can)."""
    found = last_line(folder, exc.__traceback__)
    if found is None:
        return None
    file, line, function, source = found
    at = {"file": file, "line": str(line)}
    if isinstance(exc, RecursionError):
        return "crash_recursion", dict(at, function=function)
    if isinstance(exc, MemoryError):
        return "crash_memory", at
    if isinstance(exc, SystemExit):
        return "crash_exit", at
    if isinstance(exc, ZeroDivisionError):
        return "crash_zero", at
    if isinstance(exc, (TypeError, IndexError)) and str(exc).startswith(FLOAT_AS_INTEGER):
        return "crash_float_size", at
    if isinstance(exc, TypeError) and "arrays can be converted to Python scalars" in str(exc):
        return "crash_one_number", at            # math.exp(x), float(x) of an array
    if isinstance(exc, ValueError) and str(exc).startswith("The truth value of an array"):
        builtin = re.search(r"(?<![\w.])(max|min)\(", source)
        if builtin:                               # Python's max(0, x): np.maximum compares each element
            return "crash_builtin_max", dict(at, name=builtin.group(1))
        return "crash_truth", at
    if isinstance(exc, IndexError):
        return "crash_index", at
    if isinstance(exc, AttributeError):
        removed = numpy_removed(exc)
        if removed:
            return "crash_numpy_removed", dict(at, name=removed, instead=NUMPY_REMOVED[removed])
        unset = never_set(exc, folder)
        if unset:
            kept = meant_attribute(exc.obj, unset)
            if kept:                              # self.w read where forward kept self.W
                return "crash_attribute_typo", dict(at, name=unset, found=kept, cls=type(exc.obj).__name__)
            return "crash_never_set", dict(at, name=unset, cls=type(exc.obj).__name__)
    if isinstance(exc, ValueError) and any(word in str(exc) for word in SHAPE_WORDS):
        if where == "Affine.backward":
            for name, hint in AFFINE_GRADIENTS.items():
                if source.startswith((f"self.{name} ", f"self.{name}=", f"{name} ", f"{name}=")):
                    return hint, at
        return "crash_shape", at
    return "crash_line", at


def numpy_removed(exc: AttributeError) -> str | None:
    """The name of NumPy's that `exc` says is gone ("module 'numpy' has no attribute 'int'"), if the book's
    NumPy had it; NumPy's own module __getattr__ raises it without `name`, so it is read off the text."""
    text = str(exc).partition("\n")[0]
    for name in NUMPY_REMOVED:
        if text.startswith(f"module 'numpy' has no attribute '{name}'"):
            return name
    return None


def never_set(exc: AttributeError, folder: Path) -> str | None:
    """The attribute of the learner's own object that `exc` says is missing (`self.lr` read in update when
    __init__ wrote `lr = lr`, without self.), or None for another object's (a class is the learner's when
    a method of it was written in their folder: the grader loads their files under names of its own)."""
    obj, name = getattr(exc, "obj", None), getattr(exc, "name", None)
    if obj is None or not name or callable(getattr(type(obj), name, None)):
        return None
    files = [f.__code__.co_filename for f in vars(type(obj)).values() if hasattr(f, "__code__")]
    return name if any(is_theirs(file, folder.resolve()) for file in files) else None


def meant_attribute(obj, name: str) -> str | None:
    """The attribute or method `obj` has that `name` looks to be a slip of (self.w for self.W, self.mak for
    self.mask, self.forwrd for self.forward)."""
    from workbench.suggest import suggest

    names = [*getattr(obj, "__dict__", {}), *(key for key in vars(type(obj)) if not key.startswith("__"))]
    kept = [key for key in names if key != name]                  # self.forwrd(x) meant the method forward
    return suggest(name, kept) if kept else None


def has_own_hint(message: dict) -> bool:
    """Whether a message has a hint of its part's own (a grader's check that knows the slip), which a
    crash hint here, the same for every part, must not replace; a crash hint gives way to such a hint."""
    hint = message.get("hint")
    return bool(hint) and not hint["key"].startswith("exercises.hint.crash_")
