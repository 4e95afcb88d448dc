"""Grade the learner's parts against the library, row by row; runs inside the sandbox's child process.

Each part goes through the rows of the table in order and stops at the first that does not pass:
present (the file loads and defines the name), interface (the book's signature), forward (the
library's output on random inputs of the networks' shapes and odd ones: batch 1, stride 2, pad),
backward (backprop against the numerical gradient in float64, graded in the gradient check's bands)
and, for an optimizer, its path on the book's valley against the library's. A result is plain data:
a status per row and one message, a catalog key with its values, so any language renders it.
"""
from __future__ import annotations

import importlib.util
import inspect
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from workbench.exercises import optimizer_slips as slips
from workbench.exercises.crash_hints import crash_hint, has_own_hint, learner_frames
from workbench.exercises.parts import Part
from workbench.exercises.value_lines import computed_at
from workbench.i18n.numbers import num, power_of_ten, sci
from workbench.nn import im2col as lib_im2col
from workbench.nn import layers as lib
from workbench.nn import optimizers as lib_opt
from workbench.nn.gradient import BANDS, relative_error, verdict

PASS, WARN, FAIL, TODO, SKIP = "pass", "warn", "fail", "todo", "skip"
H = 1e-5
VALLEY_START = (-7.0, 2.0)
VALLEY_STEPS = 30
BOOK_LR = {"SGD": 0.95, "Momentum": 0.1, "AdaGrad": 1.5, "Adam": 0.3}
"""The learning rates of the book's comparison on the valley (ch06/optimizer_compare_naive.py)."""


class Failed(Exception):
    """A row failed: `message` is {key, values} and maybe a hint and a traceback."""

    def __init__(self, key: str, status: str = FAIL, hint: tuple[str, dict] | None = None,
                 trace: list[str] | None = None, **values):
        super().__init__(key)
        self.status = status
        self.message = {"key": f"exercises.msg.{key}", "values": {k: plain(v) for k, v in values.items()}}
        if hint:
            self.message["hint"] = {"key": f"exercises.hint.{hint[0]}", "values": {k: plain(v) for k, v in hint[1].items()}}
        self.trace = trace


def plain(value):
    """A message's value as JSON data: text, or words still to be said (a phrase or a list of them) as is."""
    return value if isinstance(value, (dict, list)) else str(value)


def phrase(key: str, /, **values) -> dict:
    """Words the parent says in the reader's language (`exercises.<name>`): a test case's term, a value's kind.

    The child forms no words of its own; report.said puts a phrase, or a list of them, into words."""
    return {"key": f"exercises.{key}", "values": {k: str(v) for k, v in values.items()}}


# -- loading the learner's files --------------------------------------------------------------------

def load(folder: Path, file: str):
    """The learner's module, or Failed naming why it does not load (missing file, syntax error, an import)."""
    path = folder / file
    if path.is_dir():
        raise Failed("is_folder", file=file, folder=str(folder))
    if not path.is_file():
        raise Failed("no_file", file=file, folder=str(folder))
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))      # `from layers import Relu` in convolution.py, as the book does
    spec = importlib.util.spec_from_file_location(f"learner_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        data = path.read_bytes()
    except OSError as exc:          # the parent says the error in its language (report.message_values)
        raise Failed("unreadable", file=file, errno=exc.errno or "", error=exc.strerror or type(exc).__name__) from None
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Failed("not_utf8", file=file, line=data[:exc.start].count(b"\n") + 1) from None
    try:
        compile(source, str(path), "exec")
    except SyntaxError as exc:      # exc.msg is Python's own words, like the lines of a traceback
        raise Failed("syntax", file=file, line=exc.lineno or "?", error=exc.msg, trace=syntax_lines(file, exc)) from None
    try:
        spec.loader.exec_module(module)
    except NotImplementedError:
        raise Failed("load_error", file=file, error="NotImplementedError", trace=learner_trace(folder)) from None
    except ModuleNotFoundError as exc:      # import torch, or the book's `from common.functions import …`
        raise Failed("load_error", file=file, error=_one_line(exc), trace=learner_trace(folder),
                     hint=("no_module", {"module": exc.name or "?", "folder": str(folder)})) from None
    except SyntaxError as exc:      # a file of theirs that this one imports (a helper): named as this one would be
        other = _theirs(folder, exc.filename)
        if other is None:
            raise Failed("load_error", file=file, error=_one_line(exc), trace=learner_trace(folder)) from None
        raise Failed("syntax_in", file=file, other=other, line=exc.lineno or "?", error=exc.msg,
                     trace=syntax_lines(other, exc)) from None
    except (Exception, SystemExit) as exc:   # the learner's code at import time: anything can happen
        raise Failed("load_error", file=file, error=_one_line(exc), trace=learner_trace(folder)) from None
    return module


def _theirs(folder: Path, filename: str | None) -> str | None:
    """The name of `filename` when it is a file in the learner's folder, else None."""
    try:
        path = Path(filename).resolve() if filename else None
        return path.name if path is not None and path.is_relative_to(folder.resolve()) else None
    except (OSError, ValueError):
        return None


def syntax_lines(file: str, exc: SyntaxError) -> list[str] | None:
    """Where Python stopped reading, as a traceback shows it: "layers.py:9", the line, a caret under the
    place (the message names the line by number only, and a missing ':' is easier seen than counted)."""
    if not exc.text or not exc.lineno:
        return None
    text = exc.text.rstrip("\n")
    body = text.lstrip()              # the offset counts characters, a tab of the indent one of them
    lines = [f"{file}:{exc.lineno}", f"    {body}"]
    if exc.offset and exc.offset > 0:
        column = min(max(exc.offset - 1 - (len(text) - len(body)), 0), len(body))
        lines.append("    " + " " * column + "^")
    return lines


def learner_trace(folder: Path) -> list[str]:
    """The current exception's traceback cut down to the frames in the learner's files, then its last line;
    a frame repeated (a RecursionError's thousand calls) is shown REPEATS times, then "⋮" for the rest."""
    kind, exc, tb = sys.exc_info()
    lines, seen = [], {}
    for frame in learner_frames(folder, tb):
        spot = (frame.filename, frame.lineno, frame.name)
        seen[spot] = seen.get(spot, 0) + 1
        if seen[spot] > REPEATS:
            if lines[-1] != "    ⋮":
                lines.append("    ⋮")
            continue
        lines.append(f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line}")
    lines.append(_one_line(exc))
    return lines


REPEATS = 3
"""How many times the traceback shows one line of the learner's that it passes again and again."""


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def misspelt(module, name: str) -> str | None:
    """The class or function the learner's file defines whose name is closest to the book's `name`
    ("Convoluton", "affine", "Im2col"), or None: what the learner meant, written otherwise."""
    from workbench.suggest import suggest

    own = [key for key, value in vars(module).items()
           if (inspect.isclass(value) or inspect.isfunction(value)) and getattr(value, "__module__", None) == module.__name__]
    return suggest(name, own)


# -- numbers as the messages show them ---------------------------------------------------------------

def index_text(index) -> str:
    return "[" + ", ".join(str(int(i)) for i in index) + "]" if index else ""


def shape_text(shape) -> str:
    return "(" + ", ".join(str(int(s)) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def value_text(value) -> str:
    try:
        return num(float(value))
    except (TypeError, ValueError):
        return repr(value)[:40]


def what_got(value) -> dict:
    """How a value the learner returned is named (a phrase): an array by shape and dtype, a Python list
    or tuple (the usual slip for an array), else its type."""
    if isinstance(value, (np.ndarray, np.generic)) and np.ndim(value) == 0:
        return phrase("got.number", dtype=np.asarray(value).dtype)
    if isinstance(value, np.ndarray):
        return phrase("got.array", shape=shape_text(value.shape), dtype=value.dtype)
    if isinstance(value, (list, tuple)):
        return phrase("got.sequence", type=type(value).__name__)
    return phrase("got.none") if value is None else phrase("got.type", type=type(value).__name__)


def array_or_number(value) -> bool:
    """Whether the learner's layer returned what a layer returns: a NumPy array or a number, never a
    list, a tuple, None or a bool. The graph pane (impl = mine) asks the same question."""
    return isinstance(value, (np.ndarray, np.generic, float, int)) and not isinstance(value, bool)


def of_numbers(value) -> bool:
    """Whether an array or number the learner returned holds numbers (float or int), not bools or text."""
    return np.asarray(value).dtype.kind in "fiu"


def shaped(name: str, shape) -> dict:
    """A case's term "x (2, 3)": an input by its name and shape."""
    return phrase("case.array", name=name, shape=shape_text(shape))


def strided(stride: int, pad: int | None = None) -> list[dict]:
    """A case's terms for how a window moves: "stride=1, pad=1" (a pool's has no pad)."""
    return [phrase("case.stride", n=stride)] + ([phrase("case.pad", n=pad)] if pad is not None else [])


# -- comparing ------------------------------------------------------------------------------------

RETURNED = {"forward": "out", "im2col": "col", "col2im": "img", "backward: dx": "dx"}
"""What the book's code calls the value each check reads (`return out`), for the hint of a missing return."""


def no_return(what: str, value) -> tuple[str, dict] | None:
    """The hint for a value that is None, which a method without a return statement gives."""
    return ("no_return", {"what": RETURNED.get(what, what)}) if value is None else None


def not_set(what: str, value) -> tuple[str, dict] | None:
    """The hint for a gradient (dW, db) still None after backward."""
    return ("not_set", {"what": what}) if value is None else None


def compare(what: str, case: str, expected, got, hint=None, given: dict | None = None):
    """Failed unless `got` matches `expected` (an array or a number) to float precision, in its precision.

    `given`: the inputs of an element-wise layer by name, of the output's shape, so that a wrong entry is
    said with the input's entry it came from ("at [2, 3], where x = −0.53"), as a learner checks by hand."""
    expected_dtype = np.asarray(expected).dtype
    expected = np.asarray(expected, dtype=np.float64)
    if not array_or_number(got):
        raise Failed("not_array" if expected.ndim else "not_a_number", what=what, case=case,   # "shape ()": a number
                     expected=shape_text(expected.shape), got=what_got(got),
                     hint=no_return(what, got))
    got_array = np.asarray(got)
    if got_array.shape != expected.shape:
        raise Failed("shape", what=what, case=case, expected=shape_text(expected.shape),
                     got=shape_text(got_array.shape), hint=hint(got_array) if hint else None)
    if not of_numbers(got_array):
        raise Failed("dtype", what=what, case=case, got=str(got_array.dtype))
    close = np.isclose(got_array.astype(np.float64), expected, rtol=1e-5, atol=1e-6)
    if not close.all():
        index = tuple(np.argwhere(~close)[0])
        key = "value" if index else "number"          # a loss is one number: no index to name
        values = dict(what=what, case=case, index=index_text(index), expected=value_text(expected[index]),
                      got=value_text(got_array[index]), hint=hint(got_array) if hint else None)
        if index and given and all(np.shape(v) == expected.shape for v in given.values()):
            key, values["given"] = "value_given", ", ".join(f"{n} = {value_text(v[index])}" for n, v in given.items())
        raise Failed(key, **values)
    if narrowed(expected_dtype, got_array):
        raise Failed("narrowed", what=what, case=case, got=str(got_array.dtype))


def narrowed(expected_dtype, got) -> bool:
    """Whether the learner gave float32 (or float16) where the library, on the same float64 inputs, gives
    float64: right to 7 digits, so forward passes its comparison, but the numerical gradient of backward,
    a difference of two such values over 2·1e−5, is then wrong in its third digit and blames backward."""
    return expected_dtype == np.float64 and got.dtype.kind == "f" and got.dtype.itemsize < 8


def same(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-5, atol=1e-6)


# -- running the learner's code -------------------------------------------------------------------

class Runner:
    """Calls into the learner's code, turning NotImplementedError into `todo` and any exception into a message."""

    def __init__(self, folder: Path, part: Part):
        self.folder = folder
        self.part = part
        self.case: list[dict] | None = None
        """The test case being run (its phrases), named with an error the learner's code raises in it."""

    def call(self, where: str, function, *args):
        try:
            return function(*args)
        except NotImplementedError:
            raise Failed("todo", status=TODO, where=where) from None
        except (Exception, SystemExit) as exc:   # the learner's code: anything can happen, sys.exit() too
            trace, hint = learner_trace(self.folder), crash_hint(exc, self.folder, where)
            if isinstance(exc, MemoryError):
                raise Failed("memory", where=where, trace=trace, hint=hint) from None
            error = "RecursionError" if isinstance(exc, RecursionError) else _one_line(exc)
            if self.case is not None and not isinstance(exc, RecursionError):
                raise Failed("raised_case", where=where, error=error, case=self.case, trace=trace, hint=hint) from None
            raise Failed("raised", where=where, error=error, trace=trace, hint=hint) from None

    def make(self, cls, *args):
        return self.call(f"{self.part.name}({', '.join(self.part.init)})", cls, *args)

    def method(self, obj, name: str, *args):
        found = getattr(obj, name, None)
        if not callable(found):
            raise Failed("no_method", name=self.part.name, method=name)
        return self.call(f"{self.part.name}.{name}", found, *args)


# -- the rows ------------------------------------------------------------------------------------

def check_interface(part: Part, thing) -> None:
    """The book's names and defaults, in order; extra parameters are fine if they have defaults."""
    if part.kind == "function":
        if not callable(thing) or inspect.isclass(thing):
            raise Failed("not_function", name=part.name)
        _check_signature(part.name, "", thing, part.init)
        return
    if not inspect.isclass(thing):
        raise Failed("not_class", name=part.name)
    _check_signature(part.name, "", thing.__init__, part.init, skip_self=True)
    for method, params in part.methods:
        found = getattr(thing, method, None)
        if not callable(found):
            raise Failed("no_method", name=part.name, method=method)
        _check_signature(part.name, f".{method}", found, params, skip_self=True)


def _check_signature(name: str, where: str, function, book: tuple[str, ...], skip_self: bool = False) -> None:
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return
    if function is object.__init__:
        params = []
    elif skip_self and (not params or params[0].name != "self"):   # def forward(x): Python passes the layer as x
        method = where.lstrip(".") or "__init__"
        raise Failed("no_self", name=name, where=where or ".__init__", define=f"def {method}({', '.join(('self',) + book)})")
    elif skip_self:
        params = params[1:]
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        return
    theirs = [p.name + ("" if p.default is p.empty else f"={p.default!r}") for p in params]
    ok = len(params) >= len(book)
    for i, wanted in enumerate(book):
        if not ok:
            break
        wanted_name, _, wanted_default = wanted.partition("=")
        p = params[i]
        if p.name != wanted_name:
            ok = False
        elif wanted_default and (p.default is p.empty or not _same_default(p.default, wanted_default)):
            ok = False
    if ok and any(p.default is p.empty for p in params[len(book):]):
        ok = False
    if not ok:
        raise Failed("signature", name=name, where=where, expected=", ".join(book), got=", ".join(theirs))


def _same_default(value, text: str) -> bool:
    try:
        return float(value) == float(text)
    except (TypeError, ValueError):
        return False


def grade(folder: Path, part: Part, on_row=lambda row: None) -> dict:
    """One part's row statuses and, for the first row that does not pass, its message and the learner's traceback."""
    rows = {row: SKIP for row in part.rows}
    result = {"name": part.name, "file": part.file, "chapter": part.chapter, "rows": rows,
              "message": None, "traceback": None}
    row, thing = "present", None
    try:
        on_row(row)
        module = load(folder, part.file)
        thing = getattr(module, part.name, None)
        if thing is None:
            found = misspelt(module, part.name)
            raise Failed("missing_function" if part.kind == "function" else "missing_class",
                         file=part.file, name=part.name,
                         hint=("misspelt", {"found": found, "name": part.name}) if found else None)
        rows[row] = PASS
        row = "interface"
        on_row(row)
        check_interface(part, thing)
        rows[row] = PASS
        run = Runner(folder, part)
        checks = CHECKS[part.name]
        for row, check in zip(part.rows[2:], checks):
            on_row(row)
            outcome = check(run, thing) or PASS
            if isinstance(outcome, tuple):
                rows[row], result["message"] = outcome
            else:
                rows[row] = outcome
    except Failed as failed:
        if failed.message["key"] == "exercises.msg.shape" and failed.trace is None:
            _place_shape(failed, folder, part, thing)
        rows[row] = failed.status
        result["message"] = failed.message
        result["traceback"] = failed.trace
    return result


def _place_shape(failed: Failed, folder: Path, part: Part, thing) -> None:
    """A shape checked after the learner's code returned names their line that computed it, as a crash
    does (its traceback and the line in the message): Affine's dW transposed said only the shapes."""
    what = failed.message["values"]["what"]
    method, _, value = what.partition(": ")
    function = thing if part.kind == "function" else getattr(thing, method, None)
    placed = computed_at(function, folder.resolve(), value if value in part.attributes else None)
    if placed is None:
        return
    file, line, name, text = placed
    values = failed.message["values"]
    if line is None:
        failed.message["key"] = "exercises.msg.shape_in"
        values.update(file=file, function=name)
        return
    failed.message["key"] = "exercises.msg.shape_at"
    values.update(file=file, line=str(line), function=name)
    failed.trace = [f"{file}:{line} in {name}", f"    {text}"]


# -- forward and backward of the layers -------------------------------------------------------------

def _rng(salt: int):
    return np.random.default_rng(1234 + salt)


def away_from_zero(shape, rng):
    """Random values at least 0.05 from 0, so a nudge by h never crosses ReLU's kink."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < 0.05, np.sign(x + 1e-12) * 0.05 + x, x)


def one_hot(labels, classes):
    return np.eye(classes)[labels]


def layer_cases(name: str) -> list[tuple[list[dict], tuple, tuple, tuple]]:
    """(case as the learner reads it: a list of phrases, constructor arguments, forward arguments, which
    forward arguments are differentiated) for a layer, float64; the library gives the expected values."""
    rng = _rng(len(name))
    if name in ("MulLayer", "AddLayer"):
        return [([phrase("case.numbers", x=100.0, y=2.0)], (), (100.0, 2.0), ()),
                ([phrase("case.both", shape=shape_text((2, 3)))], (),
                 (rng.standard_normal((2, 3)), rng.standard_normal((2, 3))), (0, 1))]
    if name in ("Relu", "Sigmoid"):
        return [([shaped("x", s)], (), (away_from_zero(s, rng),), (0,)) for s in ((4, 5), (1, 3), (2, 3, 4, 4))]
    if name == "Affine":
        return [([shaped("x", (2, 4)), shaped("W", (4, 3))], (rng.standard_normal((4, 3)), rng.standard_normal(3)),
                 (rng.standard_normal((2, 4)),), (0,)),
                ([shaped("x", (1, 4)), shaped("W", (4, 3))], (rng.standard_normal((4, 3)), rng.standard_normal(3)),
                 (rng.standard_normal((1, 4)),), (0,)),
                ([shaped("x", (2, 2, 2, 2)), shaped("W", (8, 5))], (rng.standard_normal((8, 5)), rng.standard_normal(5)),
                 (rng.standard_normal((2, 2, 2, 2)),), (0,))]
    if name == "SoftmaxWithLoss":
        labels = np.array([2, 0, 3])
        return [([shaped("x", (3, 4)), phrase("case.one_hot", shape=shape_text((3, 4)))], (),
                 (rng.standard_normal((3, 4)), one_hot(labels, 4)), (0,)),
                ([shaped("x", (3, 4)), phrase("case.labels", shape=shape_text((3,)))], (),
                 (rng.standard_normal((3, 4)), labels), (0,)),
                ([shaped("x", (1, 5)), phrase("case.one_hot", shape=shape_text((1, 5)))], (),
                 (rng.standard_normal((1, 5)), one_hot(np.array([4]), 5)), (0,)),
                ([shaped("x", (2, 3)), phrase("case.large"), phrase("case.labels", shape=shape_text((2,)))], (),
                 (np.array([[1010.0, 1000.0, 990.0], [990.0, 1000.0, 1010.0]]), np.array([0, 2])), (0,))]
    if name == "Convolution":
        return [([shaped("x", (2, 3, 5, 5)), shaped("W", (2, 3, 3, 3)), *strided(1, 1)],
                 (rng.standard_normal((2, 3, 3, 3)), rng.standard_normal(2), 1, 1), (rng.standard_normal((2, 3, 5, 5)),), (0,)),
                ([shaped("x", (1, 2, 5, 5)), shaped("W", (3, 2, 3, 3)), *strided(2, 0)],
                 (rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3), 2, 0), (rng.standard_normal((1, 2, 5, 5)),), (0,)),
                ([shaped("x", (2, 1, 4, 4)), shaped("W", (2, 1, 2, 2)), *strided(2, 1)],
                 (rng.standard_normal((2, 1, 2, 2)), rng.standard_normal(2), 2, 1), (rng.standard_normal((2, 1, 4, 4)),), (0,))]
    if name == "Pooling":
        return [([shaped("x", (2, 3, 4, 4)), phrase("case.pool", h=2, w=2), *strided(2)], (2, 2, 2, 0),
                 (rng.permutation(96).reshape(2, 3, 4, 4) / 10.0,), (0,)),
                ([shaped("x", (1, 2, 5, 5)), phrase("case.pool", h=3, w=3), *strided(2)], (3, 3, 2, 0),
                 (rng.permutation(50).reshape(1, 2, 5, 5) / 10.0,), (0,)),
                ([shaped("x", (1, 1, 4, 4)), phrase("case.pool", h=2, w=2), *strided(1)], (2, 2, 1, 0),
                 (rng.permutation(16).reshape(1, 1, 4, 4) / 10.0,), (0,))]
    raise KeyError(name)


def _parameters(layer) -> dict:
    """The layer's parameter arrays the numerical gradient nudges: W and b where it has them."""
    return {key: getattr(layer, key) for key in ("W", "b") if isinstance(getattr(layer, key, None), np.ndarray)}


def forward_only(inputs) -> bool:
    """The book's overflowing scores (1010, 1000, 990) check softmax's forward: the gradients there (1e−9)
    are below what central differences of a loss of 1e−5 resolve, so backward is not judged on them."""
    return isinstance(inputs[0], np.ndarray) and float(np.max(np.abs(inputs[0]))) > 100


def layer_forward(run: Runner, cls) -> str:
    name = run.part.name
    library = getattr(lib, name)
    for case, init, inputs, _ in layer_cases(name):
        run.case = case
        expected = library(*_copies(init)).forward(*_copies(inputs))
        layer = run.make(cls, *_copies(init))
        with blaming_helpers(cls, name, ("im2col",)):
            given = _copies(inputs)
            try:
                got = run.method(layer, "forward", *given)
            except Failed as failed:
                if name == "Affine" and inputs[0].ndim > 2 and not has_own_hint(failed.message):   # images into np.dot
                    failed.message["hint"] = {"key": "exercises.hint.batch_axis", "values": {}}
                raise
            _unchanged(name, case, inputs, given)
            compare("forward", case, expected, got, hint=_forward_hint(name, inputs, expected),
                    given=elementwise(name, inputs))
    return PASS


def _unchanged(name: str, case, inputs, given) -> None:
    """Failed when forward changed an input array in place (Relu's `out = x` without .copy(), then
    out[self.mask] = 0): the layer before it reads that array again, and so does the numerical gradient
    of the backward row, which then failed a right backward."""
    for label, before, after in zip(("x", "y"), inputs, given):
        if isinstance(before, np.ndarray) and isinstance(after, np.ndarray) and before.shape == after.shape:
            changed = ~((before == after) | (np.isnan(before) & np.isnan(after)))
            if changed.any():
                index = tuple(np.argwhere(changed)[0])
                raise Failed("changed_input", name=f"{name}.forward", what=label, case=case, index=index_text(index),
                             expected=value_text(before[index]), got=value_text(after[index]),
                             hint=("copy_input", {"what": label}))


@contextmanager
def blaming_helpers(cls, name: str, helpers: tuple[str, ...]):
    """Around a Convolution's or a Pooling's check: a failure gets the hint that the im2col (or col2im)
    their file defines, which the layer calls, does not pass yet, when it does not; without it the
    learner is sent to fix a right Pooling, the fault being the im2col it calls."""
    try:
        yield
    except Failed as failed:
        if failed.status == FAIL and name in ("Convolution", "Pooling"):
            wrong = next((helper for helper in helpers if not own_helper_passes(cls, helper)), None)
            if wrong is not None:
                failed.message["hint"] = {"key": "exercises.hint.uses_helper", "values": {"name": name, "helper": wrong}}
        raise


def own_helper_passes(cls, helper: str) -> bool:
    """False when the learner's file defines `helper` (im2col, col2im), the layer's methods call it by
    that name, and it gives other values than the library's on the grader's window cases (or raises)."""
    scope = getattr(getattr(cls, "forward", None), "__globals__", None)
    function = scope.get(helper) if isinstance(scope, dict) else None
    if not inspect.isfunction(function) or function.__globals__ is not scope:
        return True                     # the library's, or one imported from elsewhere: not theirs to fix here
    rng = _rng(5)
    for shape, fh, fw, stride, pad in WINDOW_CASES:
        try:
            if helper == "im2col":
                x = rng.standard_normal(shape)
                expected, got = lib_im2col.im2col(x, fh, fw, stride, pad), function(x.copy(), fh, fw, stride, pad)
            else:
                col = rng.standard_normal(lib_im2col.im2col(np.zeros(shape), fh, fw, stride, pad).shape)
                expected = lib_im2col.col2im(col, shape, fh, fw, stride, pad)
                got = function(col.copy(), shape, fh, fw, stride, pad)
            if not (array_or_number(got) and of_numbers(got) and same(got, expected)):
                return False
        except Exception:               # the learner's code: anything can happen
            return False
    return True


def elementwise(name: str, inputs) -> dict | None:
    """The inputs of a layer whose output's each entry comes from the inputs' same entry, by name."""
    if name in ("Relu", "Sigmoid"):
        return {"x": inputs[0]}
    if name in ("MulLayer", "AddLayer") and isinstance(inputs[0], np.ndarray):
        return {"x": inputs[0], "y": inputs[1]}
    return None


def _copies(values):
    return tuple(v.copy() if isinstance(v, np.ndarray) else v for v in values)


def _forward_hint(name, inputs, expected):
    if name in ("Convolution", "Pooling"):
        def channels_last(got):
            """The matrix product's rows reshaped to (N, out_h, out_w, C) but not transposed, or reshaped
            to (N, C, out_h, out_w) at once, which leaves the same numbers in another order."""
            windows_first = np.asarray(expected).transpose(0, 2, 3, 1)
            if got.shape == windows_first.shape or (got.size == expected.size and same(got.ravel(), windows_first.ravel())):
                return ("channels_last", {})
        return channels_last
    if name == "Relu":
        x = inputs[0]

        def relu_hint(got):
            if same(got, np.minimum(x, 0)) or same(got, x * (x <= 0)):
                return ("relu_inverted", {})
        return relu_hint
    if name == "SoftmaxWithLoss":
        def overflow_hint(got):
            if got.shape != ():                       # self.y, the softmax, where the loss is one number
                return ("loss_number", {})
            if not np.all(np.isfinite(got)) and np.max(np.abs(inputs[0])) > 700:    # exp(709.8) is float64's last
                return ("softmax_overflow", {"x": "x"})
        return overflow_hint
    if name == "Affine":
        def affine_hint(got):
            if got.ndim == 2 and got.shape[0] != inputs[0].shape[0]:
                return ("batch_axis", {})
        return affine_hint
    return None


def layer_backward(run: Runner, cls) -> str:
    """Backprop against central differences of L = Σ forward(...) · R (of the loss for SoftmaxWithLoss);
    PASS, or (WARN, message) when the worst entry is in the warning band."""
    name = run.part.name
    warning = None
    for case, init, inputs, wrt in layer_cases(name):
        if forward_only(inputs):
            continue
        run.case = case
        init, inputs = _copies(init), _copies(inputs)
        layer = run.make(cls, *init)
        out = run.method(layer, "forward", *inputs)
        loss_layer = name == "SoftmaxWithLoss"
        R = 1.0 if loss_layer else _rng(7).standard_normal(np.shape(out))

        def loss():
            return float(np.sum(np.asarray(run.method(layer, "forward", *inputs), dtype=np.float64) * R))

        targets = {("x", "y")[i]: inputs[i] for i in wrt}
        targets.update(_parameters(layer))
        numeric = {key: _numerical(loss, array) for key, array in targets.items()}
        run.method(layer, "forward", *inputs)
        with telling_labels(name, inputs), naming_what_forward_left_none(layer, run.part), \
                blaming_helpers(cls, name, ("col2im",)):
            graded = _backward_row(run, layer, case, inputs, numeric, R if not loss_layer else 1)
        if graded != PASS and warning is None:
            warning = graded
    return warning or PASS


def left_none(layer, part: Part) -> list[str]:
    """The attributes the learner's layer still holds None after forward (the gradients dW and db aside,
    which only backward sets): what forward forgot to keep, when backward then fails."""
    return [name for name, value in vars(layer).items() if value is None and name not in part.attributes] \
        if hasattr(layer, "__dict__") else []


@contextmanager
def telling_labels(name: str, inputs):
    """Around SoftmaxWithLoss.backward: a failure where t holds class labels gets the hint of the book's
    common/layers.py, which handles them; chapter 5's text writes only (y − t) / N, for one-hot rows."""
    try:
        yield
    except Failed as failed:
        labels = name == "SoftmaxWithLoss" and np.ndim(inputs[1]) == 1 and np.ndim(inputs[0]) == 2
        if failed.status == FAIL and labels and not has_own_hint(failed.message):
            failed.message["hint"] = {"key": "exercises.hint.softmax_labels", "values": {}}
        raise


@contextmanager
def naming_what_forward_left_none(layer, part: Part):
    """Around a backward: a failure gets the hint that forward left these attributes None, when it did
    (self.mask never set: the book's `dout[self.mask] = 0` then zeroes every entry, which reads as an
    inverted mask; `dout * self.y` raises about NoneType)."""
    names = left_none(layer, part)
    try:
        yield
    except Failed as failed:
        if failed.status == FAIL and names:
            failed.message["hint"] = {"key": "exercises.hint.kept_none",
                                      "values": {"names": ", ".join(f"self.{name}" for name in names)}}
        raise


def _backward_row(run: Runner, layer, case, inputs, numeric: dict, dout):
    """PASS, or (WARN, message): backward's gradients against the numerical ones of one case."""
    name = run.part.name
    warning = None
    grads = run.method(layer, "backward", dout)
    analytic = {}
    if name in ("MulLayer", "AddLayer"):
        if not isinstance(grads, (tuple, list)) or len(grads) != 2:
            raise Failed("two_gradients", name=name, got=what_got(grads), hint=no_return("dx, dy", grads))
        analytic = {"x": grads[0], "y": grads[1]}
    else:
        analytic["x"] = grads
    for attr in run.part.attributes:
        if not hasattr(layer, attr):
            raise Failed("no_attribute", name=name, attr=attr)
        analytic["W" if attr == "dW" else "b"] = getattr(layer, attr)
    for key, expected in numeric.items():
        what = {"x": "dx", "y": "dy", "W": "dW", "b": "db"}[key]
        got = analytic.get(key)
        if not array_or_number(got):
            raise Failed("not_array" if expected.ndim else "not_a_number", what=f"backward: {what}", case=case,
                         expected=shape_text(expected.shape),
                         got=what_got(got), hint=no_return(what, got) if key == "x" else not_set(what, got))
        got = np.asarray(got)
        if got.shape != expected.shape:
            hint = ("transposed", {"what": what}) if got.shape == expected.shape[::-1] and got.ndim == 2 else \
                _shape_hint(name, what, expected.shape)
            raise Failed("shape", what=f"backward: {what}", case=case, expected=shape_text(expected.shape),
                         got=shape_text(got.shape), hint=hint)
        if not of_numbers(got):
            raise Failed("dtype", what=f"backward: {what}", case=case, got=str(got.dtype))
        graded = _graded(what, case, expected, got.astype(np.float64),
                         _backward_hint(name, what, inputs, expected, got))
        if graded != PASS and warning is None:
            warning = graded
    return warning or PASS


def _shape_hint(name: str, what: str, shape: tuple) -> tuple[str, dict] | None:
    """The hint for a gradient of the wrong shape: Affine's db not summed over the batch axis (np.sum(dout)
    is one number, dout itself is (N, out)), its dx not reshaped back to an image x's shape."""
    if name in ("Affine", "Convolution") and what == "db":
        return ("sum_db", {})
    if name == "Affine" and what == "dx" and len(shape) > 2:
        return ("affine_dx_shape", {})
    return None


def _numerical(loss, array: np.ndarray) -> np.ndarray:
    grad = np.zeros(array.shape)
    if not isinstance(array, np.ndarray):
        return grad
    for idx in np.ndindex(array.shape):
        original = array[idx]
        array[idx] = original + H
        above = loss()
        array[idx] = original - H
        below = loss()
        array[idx] = original
        grad[idx] = (above - below) / (2 * H)
    return grad


def _graded(what, case, numeric, analytic, hint) -> str:
    """The gradient check's verdict on the worst entry; Failed when it fails, WARN or PASS otherwise."""
    largest = float(np.max(np.abs(numeric))) if numeric.size else 0.0
    floor = 1e-6 * largest if largest > 0 else 1e-8
    errors = relative_error(analytic, numeric, floor)
    worst = float(np.max(errors)) if errors.size else 0.0
    if not np.isfinite(worst):
        worst = float("inf")
    graded = verdict(worst) if np.isfinite(worst) else "fail"
    if graded in ("pass", "unjudged"):
        return PASS
    index = tuple(np.unravel_index(int(np.nanargmax(np.where(np.isnan(errors), np.inf, errors))), numeric.shape)) \
        if numeric.ndim else ()
    values = dict(what=f"backward: {what}", case=case, index=index_text(index), got=value_text(analytic[index]),
                  expected=value_text(numeric[index]), error=sci(worst), verdict=graded,
                  bands=f"{power_of_ten(BANDS[0])}, {power_of_ten(BANDS[1])}")
    if graded == "warn":
        return WARN, Failed("gradient", status=WARN, **values).message
    raise Failed("gradient", hint=hint, **values)


def _backward_hint(name, what, inputs, expected, got):
    got = np.asarray(got, dtype=np.float64)
    if name == "Affine" and what == "dW" and got.ndim == 2 and np.allclose(got.ravel(), expected.T.ravel()):
        return ("transposed", {"what": what})
    if name == "Relu" and what == "dx":
        x = inputs[0]
        if np.allclose(got[x > 0], 0) and not np.allclose(expected[x > 0], 0):
            return ("relu_inverted", {})
    if name == "Sigmoid" and what == "dx":
        return ("sigmoid_backward", {})
    if name == "Convolution" and what == "dW":
        return ("conv_dW", {})
    if name == "SoftmaxWithLoss" and what == "dx":
        n = expected.shape[0]
        if n > 1 and np.allclose(got, expected * n, rtol=1e-3, atol=1e-6):  # the numerical one sees the loss's delta
            return ("batch_divide", {})
    if name == "Pooling" and what == "dx":
        if np.count_nonzero(got) == np.count_nonzero(expected) and not np.array_equal(got != 0, expected != 0):
            return ("pool_route", {})
    if name == "Convolution" and what == "dx":
        return ("conv_dx", {})
    return None


# -- im2col and col2im --------------------------------------------------------------------------------

WINDOW_CASES = (((1, 1, 3, 3), 2, 2, 1, 0), ((2, 3, 5, 5), 3, 3, 1, 1), ((1, 2, 5, 5), 3, 3, 2, 0),
                ((1, 1, 4, 6), 2, 3, 1, 0))
"""(input shape, filter height and width, stride, pad) on which im2col and col2im are checked."""


def window_case(shape, fh, fw, stride, pad) -> list[dict]:
    """"input (1, 1, 3, 3), filter 2×2, stride=1, pad=0" as phrases."""
    return [phrase("case.input", shape=shape_text(shape)), phrase("case.filter", h=fh, w=fw), *strided(stride, pad)]


def im2col_forward(run: Runner, function) -> str:
    rng = _rng(3)
    for shape, fh, fw, stride, pad in WINDOW_CASES:
        case = run.case = window_case(shape, fh, fw, stride, pad)
        x = rng.standard_normal(shape)
        expected = lib_im2col.im2col(x, fh, fw, stride, pad)
        with naming_window_slip(function, "im2col", x, shape, fh, fw, stride, pad):
            got = run.call("im2col", function, x.copy(), fh, fw, stride, pad)
            compare("im2col", case, expected, got,
                    hint=lambda got_array, expected=expected: im2col_hint(got_array, expected))
    return PASS


@contextmanager
def naming_window_slip(function, name: str, data, shape, fh, fw, stride, pad):
    """Around an im2col's or a col2im's case with padding or a stride: a failure gets the hint of the one
    it leaves out when the learner's function, called again on the same input without it, agrees with the
    library's (np.pad forgotten, or the padding not cut off; windows not stepped by stride)."""
    try:
        yield
    except Failed as failed:
        if failed.status == FAIL:              # right without it: a surer hint than one read off the numbers
            if pad and _agrees(function, name, data, shape, fh, fw, stride, 0):
                failed.message["hint"] = {"key": f"exercises.hint.{name}_pad", "values": {}}
            elif stride > 1 and _agrees(function, name, data, shape, fh, fw, 1, pad):
                failed.message["hint"] = {"key": "exercises.hint.window_stride", "values": {}}
        raise


def _agrees(function, name: str, data, shape, fh, fw, stride, pad) -> bool:
    """Whether the learner's im2col (col2im) gives the library's answer for `data` with this stride and pad
    (for col2im, a col of that stride and pad's rows made from the images `data`)."""
    try:
        if name == "im2col":
            return same(function(data.copy(), fh, fw, stride, pad), lib_im2col.im2col(data, fh, fw, stride, pad))
        col = lib_im2col.im2col(data, fh, fw, stride, pad)
        return same(function(col.copy(), shape, fh, fw, stride, pad), lib_im2col.col2im(col, shape, fh, fw, stride, pad))
    except Exception:                       # the learner's code, called again: anything can happen
        return False


def im2col_hint(got, expected):
    """The usual slips of an im2col: col transposed (a row per value, not per window); each row holding its
    window's values in another order than (C, filter_h, filter_w) (the transpose before the reshape is
    not the book's); the rows, each a right window, in another order than (N, out_h, out_w)."""
    if got.ndim != 2 or not of_numbers(got):
        return None
    if got.shape != expected.shape:
        return ("col_transposed", {}) if got.shape == expected.shape[::-1] else None
    if same(np.sort(got, axis=1), np.sort(expected, axis=1)):
        return ("col_order", {})
    if same(got[np.lexsort(got.T[::-1])], expected[np.lexsort(expected.T[::-1])]):
        return ("row_order", {})
    if same(np.sort(got, axis=None), np.sort(expected, axis=None)):     # the values, but rows are not windows
        return ("col_not_windows", {})
    return None


def col2im_forward(run: Runner, function) -> str:
    rng = _rng(4)
    for shape, fh, fw, stride, pad in WINDOW_CASES:
        case = run.case = window_case(shape, fh, fw, stride, pad)
        rows = lib_im2col.im2col(np.zeros(shape), fh, fw, stride, pad).shape
        col = rng.standard_normal(rows)
        expected = lib_im2col.col2im(col, shape, fh, fw, stride, pad)
        coverage = lib_im2col.col2im(np.ones(rows), shape, fh, fw, stride, pad)
        with naming_window_slip(function, "col2im", rng.standard_normal(shape), shape, fh, fw, stride, pad):
            got = run.call("col2im", function, col.copy(), shape, fh, fw, stride, pad)
            compare("col2im", case, expected, got, hint=lambda got_array, expected=expected, coverage=coverage:
                    overlap_hint(got_array, expected, coverage))
    return PASS


def overlap_hint(got, expected, coverage):
    """("overlap", {}) when a col2im's `got` is `expected` but where windows overlap (`coverage`, each
    pixel's count of windows, above 1): each window assigned (=) where it must be added (+=)."""
    if got.shape == expected.shape:
        wrong = ~np.isclose(got, expected, rtol=1e-5, atol=1e-6)
        if wrong.any() and (coverage[wrong] > 1).all():
            return ("overlap", {})
    return None


# -- optimizers on the valley ---------------------------------------------------------------------------

def valley_gradient(x, y):
    """f(x, y) = x²/20 + y², the book's valley (section 6.1.2)."""
    return x / 10.0, 2.0 * y


def _path(optimizer_update, steps=VALLEY_STEPS):
    params = {"x": VALLEY_START[0], "y": VALLEY_START[1]}
    path = []
    for _ in range(steps):
        gx, gy = valley_gradient(params["x"], params["y"])
        optimizer_update(params, {"x": gx, "y": gy})
        path.append((params["x"], params["y"]))
    return path


HINT_STEPS = 3
"""Updates run past the first point off the library's path, to tell apart slips that start alike."""


def optimizer_path(run: Runner, cls) -> str:
    name = run.part.name
    lr = BOOK_LR[name]
    expected = _path(getattr(lib_opt, name)(lr=lr).update)
    optimizer = run.call(f"{name}(lr={lr})", cls, lr)
    params = {"x": VALLEY_START[0], "y": VALLEY_START[1]}
    got = []
    for step, want in enumerate(expected, start=1):
        got.append(_valley_step(run, optimizer, params))
        if not np.allclose(got[-1], want, rtol=1e-5, atol=1e-7) \
                and not slips.allowed(name, lr, VALLEY_START, valley_gradient, got):
            _further(run, optimizer, params, got, min(step + HINT_STEPS, VALLEY_STEPS) - step)
            raise Failed("path", name=name, lr=num(lr), step=step, expected=_point(want), got=_point(got[step - 1]),
                         hint=slips.slip_hint(name, lr, VALLEY_START, valley_gradient, got))
    _in_place(run, cls)
    _zero_gradient(run, cls)
    return PASS


def _valley_step(run: Runner, optimizer, params) -> tuple[float, float]:
    """One update of the learner's optimizer on the valley from `params`: the point it leaves there."""
    gx, gy = valley_gradient(params["x"], params["y"])
    run.method(optimizer, "update", params, {"x": gx, "y": gy})
    try:
        return float(params["x"]), float(params["y"])
    except (TypeError, ValueError, KeyError):
        raise Failed("not_number", name=run.part.name) from None


def _further(run: Runner, optimizer, params, got: list, steps: int) -> None:
    """Up to `steps` more points of a path already off the library's, for its hint; an update that then
    fails only ends them (the message is about the step that went wrong first)."""
    for _ in range(steps):
        try:
            got.append(_valley_step(run, optimizer, params))
        except Failed:
            return


def _point(xy) -> str:
    return f"({num(xy[0])}, {num(xy[1])})"


def _in_place(run: Runner, cls) -> None:
    """The networks' layers hold the parameter arrays: update must change them in place."""
    W = np.ones((2, 3))
    params = {"W": W}
    optimizer = run.call(f"{run.part.name}()", cls)
    run.method(optimizer, "update", params, {"W": np.full((2, 3), 0.5)})
    if params["W"] is not W or np.allclose(W, 1.0):
        raise Failed("not_in_place", name=run.part.name)


def _zero_gradient(run: Runner, cls) -> None:
    """A gradient of 0 (behind a ReLU that never fires, in every network) must leave its parameter finite:
    AdaGrad and Adam divide by a root of what the gradients add up to, 0 here, and need the book's 1e−7."""
    params = {"W": np.ones((2, 3))}
    optimizer = run.call(f"{run.part.name}()", cls)
    for _ in range(2):
        run.method(optimizer, "update", params, {"W": np.zeros((2, 3))})
    if not np.all(np.isfinite(params["W"])):
        raise Failed("zero_gradient", name=run.part.name, got=value_text(params["W"].flat[0]),
                     hint=("epsilon", {}))


CHECKS = {
    "MulLayer": (layer_forward, layer_backward), "AddLayer": (layer_forward, layer_backward),
    "Relu": (layer_forward, layer_backward), "Sigmoid": (layer_forward, layer_backward),
    "Affine": (layer_forward, layer_backward), "SoftmaxWithLoss": (layer_forward, layer_backward),
    "Convolution": (layer_forward, layer_backward), "Pooling": (layer_forward, layer_backward),
    "SGD": (optimizer_path,), "Momentum": (optimizer_path,), "AdaGrad": (optimizer_path,), "Adam": (optimizer_path,),
    "im2col": (im2col_forward,), "col2im": (col2im_forward,),
}

from workbench.exercises.functions_grader import CHECKS as FUNCTION_CHECKS  # noqa: E402  (it imports this module)

CHECKS.update(FUNCTION_CHECKS)
