"""The book's four optimizers on the valley's plain numbers, each also with the slips learners make.

The grader compares a learner's path on x²/20 + y² with the library's. When it differs, the path goes
on a few steps and is set against the book's update written with one slip at a time (a step that
climbs, a state made again at every update, the parameter stepped before the state, Adam's lr_t
without bias correction or with t = 0, its β swapped, AdaGrad's h without its square root, an
update that changes nothing the caller sees, or only the first key); only a path that follows exactly one of them names it. Written out here, one switch a slip,
rather than with the library's classes, whose formulas they must match (a test holds them to it).
"""
from __future__ import annotations

import numpy as np

EPS = 1e-7
MOMENTUM, BETA1, BETA2 = 0.9, 0.9, 0.999

SLIPS = {
    "unmoved": ("SGD", "Momentum", "AdaGrad", "Adam"),
    "climbs": ("SGD", "Momentum", "AdaGrad", "Adam"),
    "state_reset": ("Momentum", "AdaGrad", "Adam"),
    "state_fresh": ("Adam",),
    "state_late": ("Momentum", "AdaGrad", "Adam"),
    "adam_bias": ("Adam",),
    "adam_t": ("Adam",),
    "adam_betas": ("Adam",),
    "adagrad_sqrt": ("AdaGrad",),
    "first_key": ("SGD", "Momentum", "AdaGrad", "Adam"),
}
"""Each slip and the optimizers it can be made in. state_fresh is state_reset with Adam's t counted
afresh too (all of it local to update); both are said by one hint."""

ALLOWED = {"Adam": (("paper", EPS), ("paper", 1e-8), (None, 0.0))}
"""Forms of an optimizer, (slip or "paper", ε), whose path leaves the grader's tolerance of the book's
though they are right or differ in ε only. Adam's path on the valley moves by 1e−5 with ε alone (near
y = 0 by step 7): the Adam paper's m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ), lr · m̂ / (√v̂ + ε), its ε
= 1e−8, or none. ε is graded where it matters, by a gradient of 0 (grader._zero_gradient)."""

STATE = {"Momentum": ("self.v", "self.v"), "AdaGrad": ("self.h", "self.h"), "Adam": ("self.m, self.v", "self.m")}
"""What an optimizer keeps between updates, as its code names it, and the one the book tests for None."""

STEP = {
    "SGD": "params[key] -= self.lr * grads[key]",
    "Momentum": "self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]; params[key] += self.v[key]",
    "AdaGrad": "params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)",
    "Adam": "params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)",
}
"""The book's line that steps each parameter, shown by the hint of a path that climbs."""

FORMULA = {
    "SGD": "param -= lr * grad",
    "Momentum": "v = momentum * v - lr * grad; param += v",
    "AdaGrad": "h += grad * grad; param -= lr * grad / (np.sqrt(h) + 1e-7)",
    "Adam": "t += 1; lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t); m += (1 - beta1) * (grad - m); "
            "v += (1 - beta2) * (grad**2 - v); param -= lr_t * m / (np.sqrt(v) + 1e-7)",
}
"""The book's update, for a path that follows no slip here: what to set the learner's own beside."""


def update(name: str, lr: float, slip: str | None = None, eps: float = EPS):
    """update(params, grads) of the book's `name` on plain numbers, made with `slip` (or "paper")."""
    first, second, count = {}, {}, [0]          # Momentum's v or AdaGrad's h in `second`; Adam's m, v

    def step(params, grads):
        if slip in ("state_reset", "state_fresh"):
            first.clear(), second.clear()
        count[0] = 1 if slip == "state_fresh" else count[0] + 1
        t = np.float64(count[0] - 1 if slip == "adam_t" else count[0])
        for key in params:
            g = -grads[key] if slip == "climbs" else grads[key]
            m0, v0 = first.get(key, 0.0), second.get(key, 0.0)
            if name == "SGD":
                delta = -lr * g
            elif name == "Momentum":
                second[key] = MOMENTUM * v0 - lr * g
                delta = v0 if slip == "state_late" else second[key]
            elif name == "AdaGrad":
                second[key] = v0 + g * g
                h = v0 if slip == "state_late" else second[key]
                delta = -lr * g / ((h if slip == "adagrad_sqrt" else np.sqrt(h)) + eps)
            else:
                b1, b2 = (BETA2, BETA1) if slip == "adam_betas" else (BETA1, BETA2)
                first[key] = m0 + (1 - b1) * (g - m0)
                second[key] = v0 + (1 - b2) * (g * g - v0)
                m, v = (m0, v0) if slip == "state_late" else (first[key], second[key])
                with np.errstate(divide="ignore", invalid="ignore"):
                    if slip == "paper":
                        delta = -lr * (m / (1 - BETA1 ** t)) / (np.sqrt(v / (1 - BETA2 ** t)) + eps)
                    else:
                        lr_t = lr if slip == "adam_bias" else lr * np.sqrt(1 - BETA2 ** t) / (1 - BETA1 ** t)
                        delta = -lr_t * m / (np.sqrt(v) + eps)
            if slip != "unmoved":
                params[key] = float(params[key] + delta)
            if slip == "first_key":                 # a return (or break) inside the loop over the keys
                break
    return step


def path(name: str, lr: float, start, gradient, steps: int, slip: str | None = None,
         eps: float = EPS) -> list[tuple[float, float]]:
    """(x, y) after each of `steps` updates from `start`, the gradient at each point by `gradient(x, y)`."""
    params = {"x": start[0], "y": start[1]}
    step, points = update(name, lr, slip, eps), []
    for _ in range(steps):
        gx, gy = gradient(params["x"], params["y"])
        step(params, {"x": gx, "y": gy})
        points.append((params["x"], params["y"]))
    return points


def follows(got, reference) -> bool:
    """Whether the points `got` are the first of `reference`, to the grader's tolerance (NaN as NaN)."""
    got = np.asarray(got, dtype=np.float64)
    return len(got) <= len(reference) and bool(
        np.allclose(got, np.asarray(reference[:len(got)], dtype=np.float64), rtol=1e-5, atol=1e-7, equal_nan=True))


def allowed(name: str, lr: float, start, gradient, got) -> bool:
    """Whether `got`, off the library's path, is a form of `name` that ALLOWED lets pass."""
    return any(follows(got, path(name, lr, start, gradient, len(got), form, eps)) for form, eps in ALLOWED.get(name, ()))


def slip_hint(name: str, lr: float, start, gradient, got) -> tuple[str, dict] | None:
    """The hint (key, values) for the one slip whose path `got` follows; for none, or several, the book's
    update to set the learner's own beside."""
    found = {("state_reset" if slip == "state_fresh" else slip)
             for slip, names in SLIPS.items()
             if name in names and follows(got, path(name, lr, start, gradient, len(got), slip))}
    if len(found) != 1:
        return ("opt_formula", {"formula": FORMULA[name]})
    slip = found.pop()
    state, tested = STATE.get(name, ("", ""))
    return {
        "unmoved": ("opt_unmoved", {}),
        "climbs": ("opt_climbs", {"step": STEP[name]}),
        "state_reset": ("opt_state_reset", {"name": name, "state": state, "first": tested}),
        "state_late": ("opt_state_late", {"name": name, "state": state}),
        "adam_bias": ("adam_bias", {}),
        "adam_t": ("opt_adam_t", {}),
        "adam_betas": ("opt_adam_betas", {}),
        "adagrad_sqrt": ("opt_adagrad_sqrt", {"step": STEP[name]}),
        "first_key": ("opt_first_key", {}),
    }[slip]
