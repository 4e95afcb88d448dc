"""What the learner writes: each part's name, file, chapter, kind and the book's signature."""
from __future__ import annotations

from dataclasses import dataclass

FILES = {3: "functions.py", 4: "functions.py", 5: "layers.py", 6: "optimizers.py", 7: "convolution.py"}
"""Each chapter's file, so a learner and the grader always know where a part lives: the functions of
chapters 3 and 4 share one, as the book's common/functions.py and common/gradient.py are imported together."""


def files() -> list[str]:
    """The learner's files, each once, in the book's order."""
    return list(dict.fromkeys(FILES.values()))


def first_file(chapter: str) -> str:
    """The file to open first for a chapter's parts ("all": the first chapter's)."""
    return FILES[int(chapter)] if chapter.isdigit() and int(chapter) in FILES else files()[0]


ROWS = ("present", "interface", "forward", "backward")
"""The rows of the table; for an optimizer `forward` is its path on the valley, `backward` does not apply
(nor to a function: its forward row is its output on hidden inputs)."""


@dataclass(frozen=True)
class Part:
    name: str
    chapter: int
    kind: str
    """"layer" (a class with forward and backward), "optimizer" (a class with update) or "function"."""
    init: tuple[str, ...] = ()
    """The constructor's parameters (or the function's), as the book writes them, defaults included."""
    methods: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(method, parameters after self) the book's networks call."""
    attributes: tuple[str, ...] = ()
    """Attributes the networks read after backward (dW, db)."""

    @property
    def file(self) -> str:
        return FILES[self.chapter]

    @property
    def rows(self) -> tuple[str, ...]:
        """The rows this part has: functions and optimizers have no backward row."""
        return ROWS if self.kind == "layer" else ROWS[:3]


LAYER = (("forward", ("x",)), ("backward", ("dout",)))
TWO_INPUTS = (("forward", ("x", "y")), ("backward", ("dout",)))

PARTS: tuple[Part, ...] = (
    Part("step_function", 3, "function", init=("x",)),
    Part("sigmoid", 3, "function", init=("x",)),
    Part("relu", 3, "function", init=("x",)),
    Part("identity_function", 3, "function", init=("x",)),
    Part("softmax", 3, "function", init=("a",)),
    Part("mean_squared_error", 4, "function", init=("y", "t")),
    Part("cross_entropy_error", 4, "function", init=("y", "t")),
    Part("numerical_diff", 4, "function", init=("f", "x")),
    Part("numerical_gradient", 4, "function", init=("f", "x")),
    Part("gradient_descent", 4, "function", init=("f", "init_x", "lr=0.01", "step_num=100")),
    Part("MulLayer", 5, "layer", methods=TWO_INPUTS),
    Part("AddLayer", 5, "layer", methods=TWO_INPUTS),
    Part("Relu", 5, "layer", methods=LAYER),
    Part("Sigmoid", 5, "layer", methods=LAYER),
    Part("Affine", 5, "layer", init=("W", "b"), methods=LAYER, attributes=("dW", "db")),
    Part("SoftmaxWithLoss", 5, "layer", methods=(("forward", ("x", "t")), ("backward", ("dout=1",)))),
    Part("SGD", 6, "optimizer", init=("lr=0.01",), methods=(("update", ("params", "grads")),)),
    Part("Momentum", 6, "optimizer", init=("lr=0.01", "momentum=0.9"), methods=(("update", ("params", "grads")),)),
    Part("AdaGrad", 6, "optimizer", init=("lr=0.01",), methods=(("update", ("params", "grads")),)),
    Part("Adam", 6, "optimizer", init=("lr=0.001", "beta1=0.9", "beta2=0.999"),
         methods=(("update", ("params", "grads")),)),
    Part("im2col", 7, "function", init=("input_data", "filter_h", "filter_w", "stride=1", "pad=0")),
    Part("col2im", 7, "function", init=("col", "input_shape", "filter_h", "filter_w", "stride=1", "pad=0")),
    Part("Convolution", 7, "layer", init=("W", "b", "stride=1", "pad=0"), methods=LAYER, attributes=("dW", "db")),
    Part("Pooling", 7, "layer", init=("pool_h", "pool_w", "stride=1", "pad=0"), methods=LAYER),
)
BY_NAME = {part.name: part for part in PARTS}


def chapter_parts(chapter: int) -> list[Part]:
    return [part for part in PARTS if part.chapter == chapter]


def select(names: list[str] | tuple[str, ...] = ()) -> list[Part]:
    """The parts named (in the book's order), all of them when none is; a chapter number ("5") names
    its parts. KeyError(name) for a name that is neither."""
    if not names:
        return list(PARTS)
    wanted = set()
    for name in names:
        if name.isdigit() and int(name) in FILES:
            wanted.update(part.name for part in chapter_parts(int(name)))
        elif name in BY_NAME:
            wanted.add(name)
        else:
            lowered = {part.name.lower(): part.name for part in PARTS}
            if name.lower() not in lowered:
                raise KeyError(name)
            wanted.add(lowered[name.lower()])
    return [part for part in PARTS if part.name in wanted]
