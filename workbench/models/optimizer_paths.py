"""Chapter 6.1: the optimizers' paths on the book's valley f(x, y) = x²/20 + y², one update at a time.

Each path is walked by the library's own optimizer class (`workbench.nn.optimizers`), on
params = {'x': …, 'y': …} with the exact gradient, as the book's ch06/optimizer_compare_naive.py
does. After every update the model copies what the optimizer holds — v, h, m and v, Adam's t and
its bias-corrected rate lr_t — so the pane can write the update out with the numbers that went in
and the ones that came out. The walks are computed once per function, start, rates and
hyperparameters (cached); `step` only says how far along them the picture is.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from workbench.models.optimizer_paths_settings import (BOOK_FOUR, MARKS, OPTIMIZERS, RATE_HIGH,  # noqa: F401
                                                      RATE_KEYS, RATE_LOW, OptimizersSettings)
from workbench.models.surface_path import (SURFACES, Equation, Observation, Surface, SurfacePath, pair,
                                           short)
from workbench.i18n import t
from workbench.nn import optimizers as library

@dataclass(frozen=True)
class Update:
    """One update as the library made it: where from, the gradient there, where to, and the state after."""

    before: tuple[float, float]
    grad: tuple[float, float]
    after: tuple[float, float]
    state: dict[str, tuple[float, float]]
    """The optimizer's arrays after the update (v, h, m …), as (x entry, y entry)."""
    previous: dict[str, tuple[float, float]]
    """The same before the update (zeros before the first: the library makes them then)."""
    extra: dict[str, float] = field(default_factory=dict)
    """Adam's t (iter) and lr_t after the update."""


@dataclass(frozen=True)
class Walk:
    """One optimizer's path: the points and every update that made them."""

    name: str
    rate: float
    hyper: tuple[float, ...]
    path: SurfacePath
    updates: tuple[Update, ...]
    refused: str | None
    """Why the walk stopped early: the point flew off (its gradient overflowed), or the library's
    own message if it refused an update."""


def make(name: str, rate: float, hyper: tuple[float, ...]) -> library.Optimizer:
    """The library's optimizer `name` with the book's constructor arguments."""
    return getattr(library, name)(rate, *hyper)


def _state(optimizer: library.Optimizer) -> dict[str, tuple[float, float]]:
    return {name: (float(getattr(optimizer, name)["x"]), float(getattr(optimizer, name)["y"]))
            for name in optimizer.state}


@lru_cache(maxsize=128)
def walk(name: str, rate: float, hyper: tuple[float, ...], function: str, start: tuple[float, float],
         steps: int) -> Walk:
    """Run the library's `name` for `steps` updates from `start` on `function`, keeping every update."""
    surface = SURFACES[function]
    optimizer = make(name, rate, hyper)
    params = {"x": float(start[0]), "y": float(start[1])}
    points, updates, refused = [start], [], None
    previous = {key: (0.0, 0.0) for key in optimizer.state}
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            before = (params["x"], params["y"])
            gx, gy = surface.grad(*before)
            grads = {"x": float(gx), "y": float(gy)}
            if not all(map(math.isfinite, (*before, gx, gy))):    # the point flew off: said in the pane's words
                refused = t("optimizers.flew_off", name=name, count=len(updates), lr=f"{rate:g}")
                break
            try:
                optimizer.update(params, grads)
            except ValueError as exc:      # the library's own words, and the walk stops there
                refused = str(exc)
                break
            after = (float(params["x"]), float(params["y"]))
            state = _state(optimizer)
            extra = {"t": float(optimizer.iter), "lr_t": float(optimizer.lr_t)} if name == "Adam" else {}
            updates.append(Update(before, (grads["x"], grads["y"]), after, state, previous, extra))
            previous = state
            points.append(after)
    points_array = np.array(points, dtype=np.float64)
    points_array.setflags(write=False)
    return Walk(name, rate, hyper, SurfacePath(surface, points_array), tuple(updates), refused)


def equations(w: Walk, k: int) -> list[Equation]:
    """Update k (1-based) of walk `w` written out: each rule with the numbers that went in and came out."""
    u = w.updates[k - 1]
    lr, g, p0, p1 = short(w.rate), pair(u.grad), pair(u.before), pair(u.after)
    if w.name == "SGD":
        return [Equation("p", "p − η·∇f", (p0, f"− {lr}·{g}"), p1)]
    if w.name == "Momentum":
        (a,) = w.hyper
        return [Equation("v", f"{short(a)}·v − η·∇f", (f"{short(a)}·{pair(u.previous['v'])}", f"− {lr}·{g}"),
                         pair(u.state["v"])),
                Equation("p", "p + v", (p0, f"+ {pair(u.state['v'])}"), p1)]
    if w.name == "Nesterov":
        (a,) = w.hyper
        return [Equation("v", f"{short(a)}·v − η·∇f", (f"{short(a)}·{pair(u.previous['v'])}", f"− {lr}·{g}"),
                         pair(u.state["v"])),
                Equation("p", f"p + {short(a * a)}·v − {short(1 + a)}·η·∇f",
                         (p0, f"+ {short(a * a)}·{pair(u.state['v'])}", f"− {short(1 + a)}·{lr}·{g}"), p1)]
    if w.name == "AdaGrad":
        return [Equation("h", "h + ∇f⊙∇f", (pair(u.previous["h"]), f"+ {g}²"), pair(u.state["h"])),
                Equation("p", "p − η·∇f / (√h + 1e−7)", (p0, f"− {lr}·{g} / √{pair(u.state['h'])}"), p1)]
    if w.name == "RMSprop":
        (d,) = w.hyper
        return [Equation("h", f"{short(d)}·h + {short(1 - d)}·∇f⊙∇f",
                         (f"{short(d)}·{pair(u.previous['h'])}", f"+ {short(1 - d)}·{g}²"), pair(u.state["h"])),
                Equation("p", "p − η·∇f / (√h + 1e−7)", (p0, f"− {lr}·{g} / √{pair(u.state['h'])}"), p1)]
    b1, b2 = w.hyper
    step = int(u.extra["t"])
    return [Equation("m", f"m + {short(1 - b1)}·(∇f − m)",
                     (pair(u.previous["m"]), f"+ {short(1 - b1)}·({g} − {pair(u.previous['m'])})"),
                     pair(u.state["m"])),
            Equation("v", f"v + {short(1 - b2)}·(∇f² − v)",
                     (pair(u.previous["v"]), f"+ {short(1 - b2)}·({g}² − {pair(u.previous['v'])})"),
                     pair(u.state["v"])),
            Equation("η_t", "η·√(1 − β₂ᵗ) / (1 − β₁ᵗ)",
                     (f"{lr}·√(1 − {short(b2)}^{step}) / (1 − {short(b1)}^{step})",), short(u.extra["lr_t"])),
            Equation("p", "p − η_t·m / (√v + 1e−7)",
                     (p0, f"− {short(u.extra['lr_t'])}·{pair(u.state['m'])} / √{pair(u.state['v'])}"), p1)]


@dataclass(frozen=True)
class OptimizersResult:
    """Every shown optimizer's walk, and how many of its updates are shown."""

    surface: Surface
    walks: dict[str, Walk]
    step: int
    selected: str

    def shown(self, name: str) -> SurfacePath:
        return self.walks[name].path.upto(self.step)

    def observe(self, name: str) -> Observation:
        return self.shown(name).observe()

    def point(self, name: str) -> tuple[float, float]:
        path = self.shown(name)
        return tuple(float(v) for v in path.points[-1])

    def update(self, name: str) -> Update | None:
        """The update that led to the current point, None at the start (or past a refused update)."""
        w = self.walks[name]
        k = min(self.step, len(w.updates))
        return w.updates[k - 1] if k > 0 else None


def compute(s: OptimizersSettings) -> OptimizersResult:
    """Walk each shown optimizer from the start; show the first `step` updates."""
    surface = SURFACES[s.function]
    walks = {name: walk(name, s.rate(name), s.hyper(name), s.function, (s.start_x, s.start_y), s.steps)
             for name in s.optimizers}
    return OptimizersResult(surface, walks, s.step, s.selected)
