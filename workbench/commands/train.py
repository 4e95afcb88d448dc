"""`workbench train`: train a network of the book without the full-screen app.

On a terminal: a progress bar for the epoch (images/s, time left), a line per epoch and the loss and
accuracy curves (plotext) redrawn in place under them. Into a file or a pipe: the epoch lines only,
and the curves once at the end, so logs stay clean. Ctrl+C stops after the current step, saves when
`--save` was given (the file is always whole) and exits with 130; SIGTERM and SIGHUP (a closed terminal,
`kill`) do the same and exit with 143 and 129, also before training starts (one line says so; a signal
ignored at the start, as `nohup` does, stays ignored). `--save` is checked before training (a folder
that cannot be written, a named pipe, a file that is not a parameter file unless `--force`), and a
save that still fails at the end makes the exit status 1. `--json` prints one JSON line on stdout, data
only; the lines for people go to stderr.

The training itself is `workbench.models.train.TrainingRun` run as a job of `workbench.jobs`, as the
app runs it: the job's events arrive on a queue and are printed from the main thread.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import queue
import signal
import sys
import time

from workbench.commands._stopping import SaysStillStopping
from workbench.i18n import t
from workbench.i18n.cells import FILLER, cell_len, for_plotext
from workbench.textout import bar, bar_percent, dumb_terminal, fit_progress, message, no_color, progress_width
from workbench.textout import is_terminal as _isatty     # this module's name, which tests replace to fake a terminal
from workbench.i18n.numbers import grouped, num, percent

ORDER = 41
CURVE_HEIGHT = 12
BAR_WIDTHS = (20, 16, 12, 8)
LOG_EVERY = 10.0
"""Seconds without a line, into a file or a pipe, before one says how far the epoch is."""
NET_ALIASES = {"simpleconvnet": "simple", "deepconvnet": "deep", "twolayernet": "two-layer",
               "multilayernet": "multi-layer", "multilayernetextend": "multi-layer-extend"}
NO_DEFAULT_SHOWN = {"dataset"}
"""Options whose default is not one value: without --dataset it is MNIST, or the synthetic digits when
MNIST is not on the computer, which its help says in words (`train.cli.dataset_default`)."""
STOP_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals that stop a run as Ctrl+C (SIGINT) does: after the current step, saving when asked."""
OPTIONS = (("net", "NAME"), ("dataset", "NAME"), ("epochs", "N"), ("batch_size", "N"), ("optimizer", "NAME"),
           ("lr", "X"), ("train_size", "N"), ("test_size", "N"), ("seed", "N"), ("conv", "FORM"), ("impl", "IMPL"),
           ("folder", "DIR"))


def register(subparsers) -> None:
    from workbench.cli import option_help, option_told
    from workbench.models.settings import kinds
    from workbench.models.train_settings import TrainSettings

    parser = subparsers.add_parser("train", help=t("train.cli.help"), description=t("train.cli.description"),
                                   epilog=t("train.cli.examples"))
    defaults, found = TrainSettings(), kinds(TrainSettings)
    for key, metavar in OPTIONS:
        # what a new user first asks: what may I give, and what happens if I leave it out
        told = option_told(found[key], None if key in NO_DEFAULT_SHOWN else getattr(defaults, key))
        if key == "dataset":
            told.append(t("train.cli.dataset_default"))
        parser.add_argument(f"--{key.replace('_', '-')}", dest=key, metavar=metavar,
                            help=option_help(t(f"train.setting.{key}"), told))
    parser.add_argument("--save", metavar="PATH", help=t("train.cli.save"))
    parser.add_argument("--force", action="store_true", help=t("train.cli.force"))
    parser.add_argument("--load", metavar="PATH", help=t("train.cli.load"))
    parser.add_argument("--json", action="store_true", help=t("train.cli.json"))
    parser.set_defaults(run=run, says_early_stops=True)


def settings_from(args: argparse.Namespace):
    """TrainSettings from the options given (the others keep their defaults); SettingError when refused."""
    from workbench.models.settings import kinds
    from workbench.models.train_settings import TrainSettings

    from workbench.models.settings import check_used

    values = {}
    found = kinds(TrainSettings)
    for key, _ in OPTIONS:
        text = getattr(args, key)
        if text is None:
            continue
        if key == "net":
            text = NET_ALIASES.get(text.lower().replace("-", "").replace("_", ""), text)
        if key in ("optimizer", "net", "dataset", "conv", "impl"):
            text = text.lower()
        values[key] = found[key].from_text(key, text)
    return check_used(TrainSettings(**values), values)     # --folder without --impl mine is said, not ignored


def option_of(key: str | None) -> str:
    """The option that gives setting `key` ("--batch-size" for batch_size), or "" for none."""
    return f"--{key.replace('_', '-')}" if key in dict(OPTIONS) else ""


def run(args: argparse.Namespace) -> int:
    """Check the options, read the data, then train; a stop signal before training starts is said too."""
    signals = StopSignals()
    try:
        if getattr(args, "stop_at_start", None):       # SIGTERM or SIGHUP while the command started
            signals.number = args.stop_at_start
            raise KeyboardInterrupt
        prepared = prepare(args)
    except KeyboardInterrupt:
        signals.restore()
        return stopped_early(signals.number)
    if isinstance(prepared, int):
        signals.restore()
        return prepared
    return Console(prepared, args, signals).run()


def no_data(name: str, instead: str) -> str:
    """Why a data set asked for by name cannot be trained on: it is not here; or only its test split is
    (MNIST's test files beside the course, in WORKBENCH_DATA), which `workbench data` lists as verified,
    so \"not on this computer\" read as a contradiction."""
    from workbench.datasets import dataset_label
    from workbench.models.train import test_split_only

    key = "train.cli.no_train_split" if test_split_only(name) else "train.cli.no_data"
    return t(key, name=name, display=dataset_label(name), instead=instead)


def with_get_data(data) -> str:
    """The data's line (`source_text`, or search's `text`), and when the synthetic digits stood in for
    the data set meant, the command that downloads it on a line after: the line said "MNIST is not on
    this computer, so these are the synthetic digits" and left the way to MNIST to be found."""
    text = data.source_text() if hasattr(data, "source_text") else data.text()
    if not data.fell_back:
        return text
    from workbench.datasets import dataset_label

    return text + "\n" + t("train.cli.get_data", name=data.asked, display=dataset_label(data.asked))


def stopped_early(number: int) -> int:
    """Say that a stop signal came before training started (nothing trained, nothing saved); 128 + it."""
    from workbench.cli import say

    with contextlib.suppress(OSError):        # a closed terminal (SIGHUP): nowhere to say it
        say(t("train.cli.stopped_early", signal=signal_label(number)))
    return 128 + number


def signal_label(number: int) -> str:
    """"Ctrl+C" for SIGINT, else the signal's name ("SIGTERM"), as the stop lines name it."""
    return "Ctrl+C" if number == signal.SIGINT else signal.Signals(number).name


def prepare(args: argparse.Namespace):
    """The TrainingRun (or the learner's ConsoleRun) the options ask for, or the status of a refusal
    already said in one line."""
    from workbench.cli import close_choice, fail, option_error
    from workbench.datasets import DatasetError
    from workbench.models.settings import SettingError
    from workbench.models.train import OtherNetwork, TrainingRun, load_data, room_problem, save_problem

    if args.force and args.save is None:
        return fail(t("train.cli.force_alone"))
    try:
        settings = settings_from(args)
        if args.save is not None:
            problem = save_problem(args.save, force=args.force)
            if problem:
                return fail(problem)
        data = load_data(settings, fallback=args.dataset is None)
        if settings.impl == "mine":             # the learner's parts, in the sandbox's child
            from workbench.models.mine import folder_problem, impl_named
            from workbench.models.train import compute
            from workbench.models.train_mine import ConsoleRun

            if args.load is not None:
                return fail(t("mine.train.no_load", **impl_named()))     # impl = mine, as typed
            problem = folder_problem(settings.folder)
            if problem:
                return fail(f"--folder: {problem}")
            training = ConsoleRun(compute(settings), data)
        else:
            training = TrainingRun(settings, data, load=args.load, records=False)
            problem = args.save is not None and room_problem(training.network, args.save)
            if problem:                        # a full disk refused the save after the run: said first
                return fail(problem)
    except SettingError as exc:
        from workbench.models.train_settings import TrainSettings

        where = option_of(exc.key)
        close = close_choice(TrainSettings, exc.key, getattr(args, exc.key, None)) if where else None
        return fail(option_error(where, exc.key, str(exc), close) if where else str(exc))
    except DatasetError as exc:
        from workbench.models.train import data_status

        if data_status(settings.dataset).present:     # there, but not usable: the library says why
            return fail(str(exc).splitlines()[0])
        return fail(no_data(settings.dataset, "--dataset synthetic-digits"))
    except OtherNetwork as exc:    # --load: another network's file, named by the option to choose it
        return fail(exc.console_text())
    except ValueError as exc:      # --load: a damaged file
        return fail(str(exc))
    return training


class StopSignals:
    """From the command's start until training ends: SIGTERM and SIGHUP (a closed terminal, `kill`)
    raise KeyboardInterrupt as Ctrl+C (SIGINT) does, and `number` says which came last. Main thread
    only; a signal the command was started ignoring (`nohup`, `&` in a script) stays ignored."""

    def __init__(self):
        self.number = signal.SIGINT
        self.previous: dict = {}
        if not _main_thread():
            return
        for name in ("SIGINT", *STOP_SIGNALS):
            number = getattr(signal, name, None)
            if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                self.previous[number] = signal.signal(number, self._interrupt)

    def _interrupt(self, number, frame) -> None:
        self.number = number
        raise KeyboardInterrupt

    def restore(self) -> None:
        """The handlers as they were (once: later calls do nothing)."""
        previous, self.previous = self.previous, {}
        for number, handler in previous.items():
            signal.signal(number, handler)


def rate_and_left(info: dict) -> tuple[str, str]:
    """A progress event's images a second and the time the run has left, as the bar and the log write them."""
    from workbench.models.train import fmt_time

    return f"{info.get('samples_per_sec', 0):,.0f}", fmt_time(info.get("seconds_left", math.nan))


class Console(SaysStillStopping):
    """Prints a run's events from the main thread; Ctrl+C stops the run after its current step."""

    def __init__(self, training, args: argparse.Namespace, signals: StopSignals | None = None):
        from workbench.cli import safe_line

        self.training = training
        self.args = args
        self.signals = signals or StopSignals()
        self.out = sys.stderr if args.json else sys.stdout     # with --json, stdout is the data alone
        self.safe = lambda text: safe_line(text, self.out)
        self.tty = _isatty(self.out)            # the lines broken to its width
        self.live = self.tty and not dumb_terminal()     # and a bar and curves redrawn in place, in colour
        self.color = self.live and not no_color()
        self.losses: list[float] = []
        self.train_accs: list[float] = []
        self.test_accs: list[float] = []
        self.bar_shown = False
        self.curve_lines = 0
        self.last_bar = 0.0
        self.last_line = time.monotonic()
        """When a line last went to a file or a pipe (the header, an epoch, how far an epoch is)."""
        self.iteration_before = 0
        self.trained = [0, 0.0]
        """Images and seconds of the epochs' steps so far: the run's speed without its evaluations."""
        self.output_lost: OSError | None = None
        self.stopping = False
        """Stopped (Ctrl+C, a signal, the output lost) and waiting for the step under way to end."""
        self.signalled = False
        """Ctrl+C or a stop signal came while the run was waited for (not only the output lost)."""

    def write(self, text: str) -> None:
        """Write to the output; once that fails (a closed terminal, a reader gone), write nowhere and
        let `wait` stop the run, so the parameters are still saved when `--save` asks."""
        if self.output_lost:
            return
        try:
            self.out.write(self.safe(text))
            self.out.flush()
        except OSError as exc:
            from workbench.cli import silence_stdout

            self.output_lost = exc
            if self.out is sys.stdout:      # with --json it is stderr that was lost: stdout still takes the data
                silence_stdout()

    def line(self, text: str = "") -> None:
        self.write(text + "\n")
        self.last_line = time.monotonic()

    def say(self, text: str = "", whole: str = "") -> None:
        """A line of prose broken at words to fit the page (never inside a word or a value): a terminal's,
        or 80 cells into a file or a pipe, where the summary ran to 97 (console52); `whole`, a path the
        text holds, whole on a row of its own (`textout.message`)."""
        self.line(message(text, self.columns() - 1, whole))

    def command(self, words: list[str]) -> None:
        self.line(shell_command(words, self.columns() - 1))      # a terminal's width, or a pipe's page (80)

    # -- the run -----------------------------------------------------------------------------
    def run(self) -> int:
        from workbench.jobs import JobRunner

        events: queue.Queue = queue.Queue()
        try:
            try:
                self.say(self.header(), whole=str(self.training.loaded or ""))     # the file it starts from
                job = JobRunner(deliver=events.put).start("train", self.training.run)
            except KeyboardInterrupt:
                return stopped_early(self.signals.number)
            done, interrupted = self.wait(events, job)
        finally:
            self.signals.restore()
        self.clear_bar()
        if done.reason == "failed":
            self.say(t("train.cli.failed", message=done.message))
            return 1
        outcome = done.result
        untrained = interrupted and outcome.iterations == 0      # stopped before its first step ended
        saved = self.save() if self.args.save and not untrained else ""
        if self.args.save and untrained:        # its first weights, at random, would replace a file trained before
            self.say(t("train.cli.not_saved_untrained", path=self.args.save), whole=self.args.save)
        if self.losses and (not self.live or self.curve_lines == 0):
            self.line(self.curves(color=self.color))
        self.summary(outcome, saved)
        if interrupted and not self.output_lost:
            for line in self.after_stop(outcome, saved):
                if isinstance(line, str):
                    self.say(line)
                else:
                    self.command(line)
        library = getattr(self, "library_rate", None)
        mine = self.training_rate(outcome)
        if self.training.settings.impl == "mine" and library and mine:
            from workbench.models.catalog import pane     # the engine as the pane's list names it: 빠른 엔진, not fast

            engine = pane("train").choice_label("conv", self.training.settings.conv)
            self.say(t("mine.train.rate", mine=f"{mine:,.0f}", library=f"{library:,.0f}", engine=engine,
                       times=f"{library / mine:.0f}" if library >= 2 * mine else f"{library / mine:.1f}"))
        if self.training.settings.impl == "mine":    # what their code printed, as the pane shows it
            from workbench.models.mine import printed_lines

            for line in printed_lines(getattr(outcome, "printed", None)):
                self.line(line)
        if self.args.json:
            from workbench.cli import say

            say(json.dumps(self.json(outcome, saved), allow_nan=False))     # a reader gone: cli.main's 141
        if self.output_lost is not None and not self.signalled and not isinstance(self.output_lost, BrokenPipeError):
            from workbench.cli import cannot_write     # a full disk: said as every command says it, not a silent 130

            return cannot_write(self.output_lost, silence=False)      # stdout, if it was lost, is silenced
        if self.args.save and not saved and not untrained:
            return 1
        if interrupted:
            return 128 + self.signals.number
        return 0 if outcome.stop.reason == "finished" else 1

    def wait(self, events: queue.Queue, job):
        """Print the job's events until it is done; (the JobDone, whether it was interrupted). A stop
        signal, or output that can no longer be written, stops the job after its current step."""
        from workbench.jobs import JobDone, JobProgress

        interrupted = False
        done = None
        while done is None:
            try:
                event = events.get(timeout=0.2)
                if isinstance(event, JobProgress):
                    self.progress(event)
                elif isinstance(event, JobDone):
                    done = event                          # first: a signal while printing cannot lose it
                    self.items(event.items)
            except queue.Empty:
                pass
            except KeyboardInterrupt:
                self.signalled = True
                if not interrupted:
                    interrupted = self.stopping = True
                    job.cancel()
                    self.clear_bar()
                    self.say(t("train.cli.stopping") if self.signals.number == signal.SIGINT
                             else t("train.cli.stopping_signal", signal=signal.Signals(self.signals.number).name))
                else:
                    self.still_stopping()
            if self.output_lost and not interrupted:
                interrupted = self.stopping = True
                if isinstance(self.output_lost, BrokenPipeError) and hasattr(signal, "SIGPIPE"):
                    self.signals.number = signal.SIGPIPE  # the reader went away: 141, as cat's
                job.cancel()
        return done, interrupted

    def header(self) -> str:
        s, data = self.training.settings, self.training.data
        net = type(self.training.network).__name__
        conv = t(f"train.conv.{s.conv}") if s.uses_conv and s.impl == "library" else ""
        from workbench.nn.trainer import OPTIMIZERS     # the class, as the network is named: Adam, not adam

        line = t("train.cli.header", net=net, optimizer=OPTIMIZERS.get(s.optimizer, s.optimizer), lr=num(s.lr),
                 batch=s.batch_size, epochs=s.epochs) + (f"\n{conv}" if conv else "")
        if self.training.loaded:
            epoch = self.training.loaded_epoch
            line += "\n" + (t("train.cli.loaded_epoch", path=self.training.loaded, epoch=epoch) if epoch is not None
                            else t("train.cli.loaded", path=self.training.loaded))
        if s.impl == "mine":
            from workbench.models.train_mine import optimizer_name, parts

            name, theirs = optimizer_name(s)
            optimizer = t("mine.train.optimizer_theirs" if theirs else "mine.train.optimizer_library", name=name)
            line += "\n" + t("mine.train.parts", parts=", ".join(parts(s)), folder=s.folder, optimizer=optimizer)
        return line + "\n" + with_get_data(data)

    def progress(self, event) -> None:
        self.items(event.items)
        info = event.info
        self.library_rate = info.get("library_rate", getattr(self, "library_rate", None))
        if "in_epoch" in info and event.total and not self.stopping:    # stopping: no bar that looks like it goes on
            now = time.monotonic()
            if self.live and now - self.last_bar >= 0.1:
                self.last_bar = now
                self.draw_bar(info, event.done, event.total)
            elif not self.live and now - self.last_line >= LOG_EVERY and info["in_epoch"] < info["iter_per_epoch"]:
                self.log_line(info)             # (an epoch at its end has a line of its own)

    def items(self, items) -> None:
        from workbench.models.train import EpochRecord
        from workbench.nn.trainer import StepEvent, StopEvent

        for item in items:
            if isinstance(item, StepEvent):
                self.losses.append(item.loss)
            elif isinstance(item, EpochRecord) and item.epoch > 0:
                self.train_accs.append(item.train_acc)
                self.test_accs.append(item.test_acc)
                self.epoch_line(item)
            elif isinstance(item, StopEvent) and item.reason not in ("finished",):
                self.clear_bar()
                if item.reason == "stopped":
                    self.say(t("train.cli.stopped", iteration=item.iteration))
                else:
                    from workbench.models.training_stop import what_happened, what_to_try

                    self.say(t("train.stop.what_happened", text=what_happened(item)))
                    to_try = what_to_try(item)
                    if to_try:
                        self.say(t("train.stop.what_to_try", text=to_try))

    def draw_bar(self, info: dict, done: float, total: float) -> None:
        s = self.training.settings
        per_epoch = info["iter_per_epoch"]
        fraction = info["in_epoch"] / per_epoch
        rate, left = rate_and_left(info)

        def render(cells: int) -> str:
            return t("train.cli.bar", epoch=info["epoch"], epochs=s.epochs, bar=bar(fraction, cells),
                     percent=bar_percent(fraction).rjust(5), rate=rate, left=left, run=bar_percent(done / total))
        self.write("\r" + fit_progress(render, progress_width(stream=self.out), BAR_WIDTHS) + "\x1b[K")
        self.bar_shown = True

    def log_line(self, info: dict) -> None:
        """Into a file or a pipe, how far the epoch is, as a line of its own: a DeepConvNet epoch left a
        log silent for a minute or more."""
        rate, left = rate_and_left(info)
        self.line(t("train.cli.progress", epoch=info["epoch"], epochs=self.training.settings.epochs,
                    percent=bar_percent(info["in_epoch"] / info["iter_per_epoch"]), rate=rate, left=left))

    def clear_bar(self) -> None:
        if self.bar_shown:
            self.write("\r\x1b[K")
            self.bar_shown = False

    def epoch_line(self, record) -> None:
        import numpy as np

        self.clear_bar()
        per_epoch = self.training.trainer.iter_per_epoch
        recent = self.losses[-per_epoch:] or [math.nan]
        text = t("train.cli.epoch", epoch=record.epoch, epochs=self.training.settings.epochs,
                 loss=f"{float(np.mean(recent)):.4f}", train=percent(record.train_acc, 2), test=percent(record.test_acc, 2),
                 rate=f"{record.samples_per_sec:,.0f}", seconds=f"{self.epoch_seconds(record):.1f}")
        if self.live and self.curve_lines:
            self.write(f"\x1b[{self.curve_lines}A\r\x1b[J")
        self.say(text)
        if self.live:
            curves = self.curves(color=self.color)
            self.line(curves)
            self.curve_lines = self.rows_of(curves)

    def epoch_seconds(self, record) -> float:
        """The seconds this epoch's steps took, as its images/s counts them (the trainer's throughput is
        the epoch's images over these seconds): not the accuracies measured after it, nor, with --impl
        mine, the sandbox's start before the first epoch, which made "802/s" stand beside "8.0 s" for
        1,000 images. The app's training pane counts its images/s so too."""
        steps, self.iteration_before = record.iteration - self.iteration_before, record.iteration
        images = steps * self.training.settings.batch_size
        seconds = images / record.samples_per_sec if record.samples_per_sec else 0.0
        self.trained = [self.trained[0] + images, self.trained[1] + seconds]
        return seconds

    def training_rate(self, outcome) -> float:
        """Images a second of the epochs' steps, as the library's rate beside it is measured (and the
        app's pane compares them): the run's overall rate counts the evaluations too, and made the
        learner's code look twice as slow beside the library as it was."""
        images, seconds = self.trained
        return images / seconds if seconds else outcome.samples_per_sec

    def curves(self, color: bool) -> str:
        """The loss (raw and smoothed) beside the train and test accuracy (in %, an axis spanning them:
        `percent_axis`, as the other charts), drawn by plotext.

        plotext counts every character as one cell: each label holds a filler after a wide character
        (`for_plotext`), removed here, so a Hangul title or legend takes its true width and every frame
        lines up. A picture still wider than the terminal is drawn again narrower by the difference.
        """
        import plotext as plt

        width = min(self.columns() - 1, 120)
        try:
            picture = self._build(plt, width, color)
            over = max(cell_len(line) for line in plt.uncolorize(picture).splitlines()) - width
            if over > 0:
                picture = self._build(plt, width - over, color)
        except Exception as exc:     # noqa: BLE001 - a plotting problem never costs the run its results
            return t("train.cli.no_curves", reason=f"{type(exc).__name__}: {exc}")
        if not color:
            picture = plt.uncolorize(picture)
        return "\n".join([*(line.rstrip() for line in picture.splitlines()), self.legend(width, color)])

    def legend(self, width: int, color: bool) -> str:
        """The lines' names under the plots, as the other console charts have them: inside, plotext
        wrote them top-left, over the loss where it starts (and the accuracy of an early plateau)."""
        from workbench.commands._console import legend

        names = [t("train.plot.raw"), t("train.plot.smoothed")]
        if self.test_accs:
            names += [t("train.plot.train"), t("train.plot.test")]
        return legend(list(enumerate(names)), width, color)

    def _build(self, plt, width: int, color: bool = True) -> str:
        """The two plots (the loss alone before an epoch has ended), their legend left to `legend`; each
        line has a colour (without colour, a marker) of its own: raw *, smoothed o, train +, test x."""
        import numpy as np

        from workbench.commands._console import FRAME_ROWS, line_color, line_marker
        from workbench.models.axes import percent_axis
        from workbench.models.series import bucket_means, smoothed

        def line(i: int) -> dict:
            return {"color": line_color(i), "marker": "braille" if color else line_marker(i)}

        plt.main()             # back to the whole figure: clear_figure clears only the active subplot
        plt.clear_figure()
        plt.theme("pro")       # coloured lines on the terminal's own background (not a white block)
        epochs = list(range(1, len(self.test_accs) + 1))
        plt.subplots(1, 2 if epochs else 1)     # stopped before an epoch ended: no empty accuracy frame
        plt.plotsize(width, CURVE_HEIGHT)
        plt.subplot(1, 1)
        iterations = np.arange(1, len(self.losses) + 1)
        x, y = bucket_means(iterations, self.losses, 200)
        plt.plot(x, y, **line(0))
        x, y = bucket_means(iterations, smoothed(self.losses), 200)
        plt.plot(x, y, **line(1))
        plt.xticks(sorted({int(round(v)) for v in np.linspace(1, len(self.losses), 5)}))   # whole iterations, one too
        plt.title(for_plotext(t("train.plot.loss")))
        plt.xlabel(for_plotext(t("train.plot.iteration")))
        if not epochs:
            return plt.build().replace(FILLER, "")
        plt.subplot(1, 2)
        plt.plot(epochs, [100 * a for a in self.train_accs], **line(2))
        plt.plot(epochs, [100 * a for a in self.test_accs], **line(3))
        if len(epochs) <= 10:
            plt.xticks(epochs)
        axis = percent_axis([100 * a for a in (*self.train_accs, *self.test_accs)], CURVE_HEIGHT - FRAME_ROWS)
        plt.ylim(axis.low, axis.high)
        plt.yticks(list(axis.ticks), list(axis.labels))
        plt.title(for_plotext(t("train.plot.accuracy")))
        plt.xlabel(for_plotext(t("train.plot.epoch")))
        return plt.build().replace(FILLER, "")

    def columns(self) -> int:
        """The page's width: the terminal's, or in a file or a pipe $COLUMNS, else 80 (`page_columns`)."""
        from workbench.commands._console import page_columns

        return page_columns(self.out, self.tty)

    def rows_of(self, text: str) -> int:
        """How many terminal rows `text` takes, long lines wrapping."""
        import plotext as plt

        columns = max(self.columns(), 1)
        return sum(max(1, -(-cell_len(line) // columns)) for line in plt.uncolorize(text).splitlines())

    def save(self) -> str:
        """Save the trained parameters; Ctrl+C, SIGTERM or SIGHUP cannot interrupt the save."""
        from workbench.models.train import epochs_trained, save_network

        numbers = [getattr(signal, name) for name in ("SIGINT", *STOP_SIGNALS) if hasattr(signal, name)]
        previous = {n: signal.signal(n, signal.SIG_IGN) for n in numbers} if _main_thread() else {}
        try:
            trainer = self.training.trainer
            whole = trainer.current_iter % trainer.iter_per_epoch == 0
            epoch = epochs_trained(self.training, trainer.current_iter // trainer.iter_per_epoch) if whole else None
            path = save_network(self.training.network, self.args.save, epoch=epoch)
            self.say(t("train.cli.saved", path=path), whole=str(path))
            return str(path)
        except ValueError as exc:
            self.say(t("train.cli.not_saved", reason=exc))
            return ""
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def summary(self, outcome, saved: str) -> None:
        self.say(t("train.cli.summary", test=_percent(outcome.test_acc), train=_percent(outcome.train_acc),
                   epochs=outcome.epochs_done, iterations=grouped(outcome.iterations),
                   seconds=f"{outcome.seconds:.1f}", rate=f"{outcome.samples_per_sec:,.0f}"))

    def after_stop(self, outcome, saved: str) -> list:
        """What a run stopped by Ctrl+C (or SIGTERM) leaves the learner to do, a line each: the command
        that goes on from the saved parameters for the epochs left (its words, for `command` to write as
        a shell reads them), or, without --save, that nothing was kept and how to keep it (a str, prose).
        The stop said only "stopped at iteration 157" and "saved to net.npz"."""
        s = self.training.settings
        if not self.args.save:
            return [t("train.cli.not_kept")]
        left = s.epochs - outcome.epochs_done
        if not saved or s.impl == "mine" or left <= 0:      # not saved (said), or nothing to go on with
            return []
        words = ["workbench", "train"]
        for key, _ in OPTIONS:
            value = getattr(self.args, key)
            if key == "dataset" and value is None and self.training.data.fell_back:
                value = self.training.data.name          # the data it learnt, should MNIST come later
            if value is not None and key != "epochs":
                words += [option_of(key), str(value)]
        words += ["--epochs", str(left), "--load", saved, "--save", saved]
        return [t("train.cli.go_on"), words]

    def json(self, outcome, saved: str) -> dict:
        from workbench.models.training_stop import as_data

        s, data = self.training.settings, self.training.data
        finite = lambda x: None if x is None or not math.isfinite(x) else round(float(x), 6)  # noqa: E731
        return {"net": s.net, "network": type(self.training.network).__name__, "dataset": data.name,
                "dataset_asked": data.asked, "fell_back": data.fell_back,
                # where the images came from as ids, the same in every language; the sentence beside them
                "data_source": data.source, "data_folder": data.folder, "data_source_text": data.where,
                "train_images": len(data.x_train), "test_images": len(data.x_test),
                "optimizer": s.optimizer, "lr": s.lr, "batch_size": s.batch_size, "seed": s.seed, "conv": s.conv,
                "epochs": outcome.epochs_done, "epochs_asked": s.epochs, "iterations": outcome.iterations,
                "train_acc": finite(outcome.train_acc), "test_acc": finite(outcome.test_acc),
                "train_acc_per_epoch": [finite(a) for a in self.train_accs],
                "test_acc_per_epoch": [finite(a) for a in self.test_accs],
                "final_loss": finite(self.losses[-1]) if self.losses else None,
                "samples_per_sec": round(outcome.samples_per_sec, 1), "seconds": round(outcome.seconds, 3),
                "seconds_per_epoch": round(outcome.seconds / outcome.epochs_done, 3) if outcome.epochs_done else None,
                # the epochs' steps alone, as the epoch lines count them (the figures above include the
                # accuracies measured after each epoch: 3.9 of DeepConvNet's 33.8 s on Fashion-MNIST)
                "training_samples_per_sec": round(self.training_rate(outcome), 1),
                "training_seconds": round(self.trained[1], 3),
                "stop_reason": outcome.stop.reason, "went_wrong": as_data(outcome.stop), "loaded": outcome.loaded or None, "saved": saved or None,
                "impl": s.impl}


def _percent(fraction: float) -> str:
    """"97.50 %", or "not measured" for an accuracy no epoch has measured yet (a run stopped early)."""
    return percent(fraction, 2) if math.isfinite(fraction) else t("train.cli.not_measured")


def shell_command(words: list[str], width: int) -> str:
    """A command to copy, indented: within `width` cells (a terminal's, or a pipe's page) broken before its
    options, each line but the last ending in " \\", as the help's examples are, so that it runs as
    copied; an option wider than the line (a long path) is left whole for the terminal to wrap, never cut."""
    import shlex

    groups: list[str] = []
    for word in words:
        quoted = shlex.quote(word)
        if word.startswith("--") or not groups:
            groups.append(quoted)
        else:
            groups[-1] += " " + quoted
    lines = ["  " + groups[0]]
    for group in groups[1:]:
        if cell_len(f"{lines[-1]} {group} \\") <= width:
            lines[-1] += " " + group
        else:
            lines[-1] += " \\"
            lines.append("      " + group)
    return "\n".join(lines)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()
