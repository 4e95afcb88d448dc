"""Training with `impl = mine`: SimpleConvNet (or TwoLayerNet) built from the learner's parts, trained in the sandbox.

`program` runs in the sandbox's child (`workbench.exercises.runner`). It loads the same data and
builds the library's network for the settings (the same initial weights and mini-batches as the
library's run), times a few steps of the library's network as a yardstick, rebuilds the network
from the learner's Convolution, Pooling, Relu, Affine and SoftmaxWithLoss (their im2col and col2im
run inside their Convolution), gives the book's Trainer their optimizer when it is one of the
exercises (SGD, Momentum, AdaGrad, Adam; Nesterov and RMSprop stay the library's, and say so), and
runs `TrainingRun` with a reporter that sends every step, progress report, epoch record and the
stop as events. `train` (in the app's job) turns those events back into the StepEvent, EpochRecord
and StopEvent objects the training pane already draws, so the curves, the progress bars and the
epoch reports are the library run's. Cancelling kills the child at once.
"""
from __future__ import annotations

import dataclasses
import time

import numpy as np

from workbench.models.mine import MineFailure, missing_folder

from workbench.models.train import EpochRecord, Outcome, TrainPlan, build_network, load_data
from workbench.models.train_settings import TrainSettings
from workbench.nn.trainer import STOP_STOPPED, StepEvent, StopEvent

PROGRAM = "workbench.models.train_mine:program"
NETS = ("simple", "two-layer")
"""The networks built from the exercises' parts alone."""
THEIRS = {"sgd": "SGD", "momentum": "Momentum", "adagrad": "AdaGrad", "adam": "Adam"}
"""The optimizers (settings' names) that are exercises; the others are the library's."""
LIBRARY_NAMES = {"nesterov": "Nesterov", "rmsprop": "RMSprop"}
SLOWEST = 20.0
"""Samples a second the time limit allows for: a learner's im2col with Python loops over every
window runs at about this speed, a hundred times below the library's."""
START = 60.0
"""Seconds more for starting, loading the data and timing the library."""
MEMORY = 2 << 30
"""Bytes of address space for the child: the full MNIST or Fashion-MNIST training set and the library's
network for the yardstick take about 700 MB of it already; the sandbox's default of 1 GB leaves a
learner's float64 im2col too little room."""
PROGRESS_EVERY = 0.1
"""Seconds between progress reports from the child (every step is sent anyway)."""
ALIVE_EVERY = 1.0
"""Seconds between the child's signs of life while it trains or evaluates (each after a layer of theirs ran)."""
QUIET = 60.0
"""Seconds more than one of the learner's layers takes on the largest batch at SLOWEST (see `quiet_limit`)."""


def optimizer_name(settings: TrainSettings) -> tuple[str, bool]:
    """(the optimizer's class name, whether it is the learner's)."""
    if settings.optimizer in THEIRS:
        return THEIRS[settings.optimizer], True
    return LIBRARY_NAMES[settings.optimizer], False


def parts(settings: TrainSettings) -> list[str]:
    """The learner's layers and functions the run uses, in the order data meets them (the optimizer
    is `optimizer_name`'s)."""
    from workbench.exercises.networks import parts_of

    names = parts_of(build_network(settings))
    if "Convolution" in names:
        names[names.index("Convolution"):names.index("Convolution") + 1] = ["im2col", "Convolution", "col2im"]
    return names


def quiet_limit(plan: TrainPlan) -> float:
    """Seconds the child may go without a sign of life: one of their layers stuck in an endless loop is
    stopped after this, not at the end of the whole run's time limit (hours on the full data set). A
    whole step of the largest batch (training's, or the 500 images predicted at a time) at SLOWEST fits."""
    return QUIET + max(plan.settings.batch_size, 500) / SLOWEST


def time_limit(plan: TrainPlan) -> float:
    """Seconds the child may run: every training sample and the evaluations at SLOWEST samples a second."""
    s = plan.settings
    evaluated = (s.epochs + 1) * 2 * plan.test_images / 3          # forward passes only: a third of a step
    return START + (plan.max_iter * s.batch_size + evaluated) / SLOWEST


# -- in the child ----------------------------------------------------------------------------------

class _Optimizer:
    """The learner's optimizer as the Trainer calls it (it passes `checked=True`, which theirs does not take).

    Their update must change the parameter arrays in place, as the grader asks: the layers hold those
    very arrays, so one that puts new arrays into params trains nothing, and the run would show flat
    curves with no word why; it stops at the first such update instead, naming their optimizer. One that
    makes a parameter NaN where its gradient is 0 (AdaGrad or Adam without the 1e−7) is named too,
    rather than stopping as a learning rate too large."""

    def __init__(self, inner, name: str):
        self.inner, self.name = inner, name
        self.lr = getattr(inner, "lr", None)

    def update(self, params, grads, checked=False):
        from workbench.exercises.runner import MineFailed, message

        before = {key: id(value) for key, value in params.items()}
        self.inner.update(params, grads)
        if any(id(params.get(key)) != held for key, held in before.items()):
            raise MineFailed(message("not_in_place", name=self.name), self.name)
        for key, value in params.items():       # 0 / 0 where a gradient is 0: theirs, not the learning rate's
            broken = ~np.isfinite(value)
            if broken.any() and np.any(np.asarray(grads[key])[broken] == 0):
                failed = message("zero_gradient", name=self.name, got=value[broken].flat[0])
                failed["hint"] = {"key": "exercises.hint.epsilon", "values": {}}
                raise MineFailed(failed, self.name)


class _Relay:
    """A TrainingRun reporter that sends what the run reports as the child's events."""

    def __init__(self, emit):
        self.send, self.last = emit, 0.0

    def emit(self, *items) -> None:
        from workbench.exercises.runner import pack

        for item in items:
            if isinstance(item, StepEvent):
                self.send({"step": [item.iteration, item.epoch, item.loss]})
            elif isinstance(item, EpochRecord):
                self.send({"record": {"epoch": item.epoch, "iteration": item.iteration, "train_acc": item.train_acc,
                                      "test_acc": item.test_acc, "elapsed": item.elapsed,
                                      "samples_per_sec": item.samples_per_sec,
                                      "params": {k: pack(v) for k, v in item.params.items()},
                                      "predictions": pack(item.predictions)}})
            elif isinstance(item, StopEvent):
                self.send({"stop": dataclasses.asdict(item)})

    def progress(self, done, total=None, **info) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY or (total and done >= total):
            self.last = now
            self.send({"progress": [done, total, info]})

    def on_control(self, **hooks) -> None:
        """The parent stops the child by killing it."""


def every(seconds: float, action):
    """`action`, called at most once every `seconds` however often the function returned is."""
    last = [time.monotonic()]

    def maybe() -> None:
        now = time.monotonic()
        if now - last[0] >= seconds:
            last[0] = now
            action()
    return maybe


def library_rate(settings: TrainSettings, data, seconds: float = 0.5) -> float:
    """Samples a second of the library's own network (the settings' engine, one BLAS thread as theirs)
    on this machine, now: steps after a first one, for at least `seconds` and three steps."""
    from workbench.nn.trainer import make_optimizer

    network = build_network(settings)
    optimizer = make_optimizer(settings.optimizer, {"lr": settings.lr})
    batch = min(settings.batch_size, len(data.x_train))
    x, t = data.x_train[:batch].astype(network.dtype), data.t_train[:batch]
    optimizer.update(network.params, network.gradient(x, t))
    steps, started = 0, time.perf_counter()
    while steps < 3 or (time.perf_counter() - started < seconds and steps < 100):
        optimizer.update(network.params, network.gradient(x, t))
        steps += 1
    return steps * batch / max(time.perf_counter() - started, 1e-9)


def program(mine, args: dict, emit) -> dict:
    """Train the settings' network built from `mine`; every step, record and the stop as events."""
    from workbench.exercises.networks import Net
    from workbench.models.train import TrainingRun

    s = TrainSettings(**args["settings"])
    data = load_data(s)
    emit({"library_rate": library_rate(s, data)})
    net = Net.like(build_network(s), mine)
    net.on_layer = every(ALIVE_EVERY, lambda: emit({"alive": True}))
    run = TrainingRun(s, data, network=net)
    name, theirs = optimizer_name(s)
    if theirs:
        run.trainer.optimizer = _Optimizer(getattr(mine, name)(lr=s.lr), name)
    outcome = run.run(_Relay(emit))
    values = dataclasses.asdict(outcome)
    return values


# -- in the app ------------------------------------------------------------------------------------

def record_from(data: dict) -> EpochRecord:
    from workbench.exercises.runner import unpack

    return EpochRecord(data["epoch"], data["iteration"], data["train_acc"], data["test_acc"],
                       {k: unpack(v) for k, v in data["params"].items()}, unpack(data["predictions"]),
                       data["elapsed"], data["samples_per_sec"])


def train(plan: TrainPlan, ctx) -> Outcome | MineFailure | None:
    """Run `program` for the plan's settings in the sandbox, as the body of a job: each event becomes
    what `TrainingRun` would have emitted in the app (`ctx` a workbench.jobs.JobContext). Returns the
    Outcome (when cancelled, after a "stopped" StopEvent, with the last epoch's figures) or a MineFailure."""
    from workbench.exercises import runner

    settings = plan.settings
    missing = missing_folder(settings.folder)
    if missing is not None:
        return missing
    seen = {"iteration": 0, "epoch": 0, "record": None, "rate": 0.0}
    started = time.perf_counter()

    def on_event(event: dict) -> None:
        if "step" in event:
            step = StepEvent(*event["step"])
            seen.update(iteration=step.iteration, epoch=step.epoch)
            ctx.emit(step)
        elif "progress" in event:
            done, total, info = event["progress"]
            seen["rate"] = info.get("samples_per_sec", seen["rate"])
            ctx.progress(done, total, **info)
        elif "record" in event:
            seen["record"] = record_from(event["record"])
            ctx.emit(seen["record"])
        elif "stop" in event:
            ctx.emit(StopEvent(**event["stop"]))
        elif "library_rate" in event:
            ctx.progress(0, plan.max_iter, library_rate=event["library_rate"], epoch=1, in_epoch=0,
                         iter_per_epoch=plan.iter_per_epoch)

    args = {"settings": dataclasses.asdict(dataclasses.replace(settings, impl="library", folder="exercises"))}
    printed: list[dict] = []
    try:
        result = runner.run(settings.folder, PROGRAM, args, time_limit=time_limit(plan), memory=MEMORY,
                            on_event=on_event, cancelled=lambda: ctx.cancelled, quiet_limit=quiet_limit(plan),
                            on_printed=printed.append)
    except runner.MineFailed as failed:
        return MineFailure.of(failed)
    except runner.Cancelled:
        from workbench.i18n import t

        stop = StopEvent(STOP_STOPPED, t("mine.train.stopped"), seen["iteration"], seen["epoch"])
        ctx.emit(stop)
        record = seen["record"]
        return Outcome(stop, record.train_acc if record else float("nan"), record.test_acc if record else float("nan"),
                       record.epoch if record else 0, seen["iteration"], time.perf_counter() - started, seen["rate"])
    result["stop"] = StopEvent(**result["stop"])
    return Outcome(**dict(result, printed=printed[0] if printed else None))


class MineFailed(RuntimeError):
    """A run of the learner's code failed (`workbench train` reports the message, their traceback included)."""


class ConsoleRun:
    """What `workbench train` reads of a TrainingRun, for a run of the learner's code in the sandbox:
    the settings, the data, a library network holding the parameters of the last epoch their code
    finished (for --save), and `run(ctx)` as a job's body."""

    loaded, loaded_epoch = "", None

    def __init__(self, plan: TrainPlan, data):
        from types import SimpleNamespace

        self.plan, self.settings, self.data = plan, plan.settings, data
        self.network = build_network(plan.settings)
        self.trainer = SimpleNamespace(iter_per_epoch=plan.iter_per_epoch, current_iter=0)

    def run(self, ctx) -> Outcome:
        from workbench.models.train import restore

        run = self

        class Tap:
            """The job's context, keeping the parameters of each epoch record that passes."""

            cancelled = property(lambda _self: ctx.cancelled)

            def emit(self, *items):
                for item in items:
                    if isinstance(item, EpochRecord) and item.params:
                        restore(run.network, item.params)
                        run.trainer.current_iter = item.epoch * run.plan.iter_per_epoch
                ctx.emit(*items)

            def progress(self, *args, **info):
                ctx.progress(*args, **info)

        outcome = train(self.plan, Tap())
        if isinstance(outcome, MineFailure):
            from workbench.models.mine import printed_lines

            raise MineFailed("\n".join([outcome.headline(), *([outcome.traceback] if outcome.traceback else []),
                                        *printed_lines(outcome.printed)]))
        return outcome
