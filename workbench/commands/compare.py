"""`workbench compare PRESET`: one of chapter 6's comparisons in the console.

All runs train in one job on the same mini-batches (`workbench.models.compare`). On a terminal a
progress bar; into a file or a pipe a plain line every tenth of the way. A line when each run ends
(with its train–test gap), then the overlaid curves (plotext) and the final table; for the
batch-norm grid, a table of the 16 weight scales instead of 32 curves. Ctrl+C stops after the
current step and reports the runs so far (exit 130); a bad preset or setting gets one line and
exit 2. `--json` prints one JSON line on stdout, data only (a run that went wrong as its cause's code
and figures), and everything written for people on stderr; `--list` prints the presets, a
description after a tab.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

from workbench.i18n import t

ORDER = 42


def register(subparsers) -> None:
    parser = subparsers.add_parser("compare", help=t("compare.cli.help"), description=t("compare.cli.description"),
                                   epilog=t("compare.cli.examples"))
    parser.add_argument("preset", nargs="?", metavar="PRESET", help=t("compare.cli.preset"))
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="assignments",
                        help=t("compare.cli.set"))
    parser.add_argument("--json", action="store_true", help=t("compare.cli.json"))
    parser.add_argument("--list", action="store_true", help=t("compare.cli.list"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, say
    from workbench.models.compare_settings import PRESETS

    if args.list:
        if args.json:                           # stdout with --json is JSON alone, a listing too
            say(json.dumps([{"name": p.name, "description": p.description} for p in PRESETS.values()],
                           ensure_ascii=False))
            return 0
        from workbench.cli import named_list

        named_list([(preset.name, preset.description) for preset in PRESETS.values()])
        return 0
    if args.preset not in PRESETS:
        if not (args.preset or "").strip():                  # left out, or blank ("no comparison called ;")
            return fail(t("compare.cli.no_preset", presets=", ".join(PRESETS)))
        from workbench.suggest import suggest

        close = suggest(args.preset, list(PRESETS))
        return fail(t("compare.cli.unknown", name=args.preset, presets=", ".join(PRESETS))
                    + (t("cli.did_you_mean", name=close) if close else ""))
    loaded = prepare(PRESETS[args.preset].pane, args.assignments)
    if isinstance(loaded, str):
        return fail(loaded)
    settings, data = loaded
    return CompareConsole(args.preset, settings, data, args.json).run()


def prepare(pane_name: str, assignments: list[str]):
    """(settings, data) of a comparison from `--set` texts, or the one line that says what is wrong."""
    from workbench.datasets import DatasetError
    from workbench.models.catalog import pane
    from workbench.models.compare import load_comparison_data
    from workbench.models.settings import SettingError

    try:
        entry = pane(pane_name)
        settings = entry.parse(assignments)
        entry.compute(settings)
        explicit = any(a.partition("=")[0].strip() == "dataset" for a in assignments)
        return settings, load_comparison_data(settings, fallback=not explicit)
    except SettingError as exc:
        from workbench.cli import setting_refused

        return setting_refused(exc, entry.settings, assignments, entry)
    except DatasetError:
        from workbench.commands.train import no_data

        return no_data(settings.dataset, "--set dataset=synthetic-digits")
    except ValueError as exc:
        return str(exc)


def finite(value):
    return None if value is None or not math.isfinite(value) else round(float(value), 6)


class CompareConsole:
    """Prints a comparison's progress, each run's end, the curves and the table, from the main thread."""

    def __init__(self, preset: str, settings, data, as_json: bool):
        from workbench.commands._console import JobConsole
        from workbench.models.compare import Comparison

        self.preset, self.settings, self.data, self.as_json = preset, settings, data, as_json
        self.console = JobConsole(sys.stderr if as_json else None)     # with --json, stdout is the data alone
        self.comparison = Comparison(settings, data)
        self.plan = self.comparison.plan
        self.losses = {i: [] for i in range(len(self.plan.runs))}
        self.accs = {i: [] for i in range(len(self.plan.runs))}   # (epoch, train, test)
        self.results = {}

    def run(self) -> int:
        c = self.console
        c.say(self.header())
        done, interrupted = c.run_job("compare", self.comparison.run, self.take, t("compare.cli.stopping"))
        if done.reason == "failed":
            c.say(t("compare.cli.failed", message=done.message))
            return 1
        results = [self.results[i] for i in sorted(self.results)]
        if results:
            c.line()
            c.line(self.pictures())
            c.line()
            c.line(self.table(results))
        if interrupted:
            c.say(t("compare.cli.interrupted", done=len(results), total=len(self.plan.runs)))
        if self.as_json:
            from workbench.cli import say

            c.clear_bar()
            say(json.dumps(self.json(results, interrupted), ensure_ascii=False, allow_nan=False))
        return 130 if interrupted else 0

    def header(self) -> str:
        from workbench.commands.train import with_get_data
        from workbench.models.compare_settings import PRESETS

        plan, data = self.plan, self.data
        title = t(f"{PRESETS[self.preset].pane}.title")
        named = f"{title[:1].upper()}{title[1:]} ({self.preset})"
        if plan.groups == 1:
            lines = [t("compare.cli.header", preset=named, runs=len(plan.runs)), with_get_data(data)]
            for run in plan.runs:
                differs = " ".join(f"{k}={v}" for k, v in run.unnamed)
                lines.append(f"  {run.spec.name}" + (f": {differs}" if differs else ""))
        else:
            lines = [t("compare.cli.header_grid", preset=named, runs=len(plan.runs), groups=plan.groups),
                     with_get_data(data)]
        return "\n".join(lines)

    def take(self, items, event) -> None:
        from workbench.jobs import JobProgress
        from workbench.models.compare import RunEnded, RunEpoch, RunStep

        for item in items:
            if isinstance(item, RunStep):
                self.losses[item.run].append(item.loss)
            elif isinstance(item, RunEpoch):
                self.accs[item.run].append((item.epoch, item.train_acc, item.test_acc))
            elif isinstance(item, RunEnded):
                self.results[item.run] = item.result
                self.console.say(self.ended(item))
        if isinstance(event, JobProgress) and event.total:
            from workbench.i18n.numbers import grouped
            from workbench.models.train import fmt_time
            from workbench.textout import bar_percent

            fraction = event.done / event.total
            info = event.info
            where = (t("compare.cli.cell", cell=info.get("group", 0) + 1, cells=self.plan.groups)
                     if self.plan.groups > 1 else "")
            left = fmt_time(info.get("seconds_left", math.nan))
            text = t("compare.cli.bar", done=grouped(event.done), total=grouped(event.total), left=left, where=where)
            self.console.progress(fraction, text, t("compare.cli.progress", percent=bar_percent(fraction), left=left,
                                                    where=where))

    def ended(self, item) -> str:
        from workbench.commands._console import percent
        from workbench.models.training_stop import in_a_line

        r = item.result
        if r.stop_reason in (None, "stopped"):
            key = "compare.cli.run_done" if r.stop_reason is None else "compare.cli.run_stopped"
            key += ".one" if r.epochs_done == 1 else ""         # "after 1 epoch", not "1 epochs"
            key += ".zero" if r.epochs_done == 0 and r.stop_reason else ""   # not "stopped after 0 epochs"
            line = t(key, name=r.name, epochs=r.epochs_done, train=percent(r.final_train_acc),
                     test=percent(r.final_test_acc), gap=_points(r.gap), seconds=f"{r.seconds:.1f}")
            warning = in_a_line(r.diagnosis) if r.diagnosis else r.warning
            return line + ("\n  " + t("compare.cli.warning", text=warning) if warning else "")
        return t("compare.cli.run_failed", name=r.name, reason=t(f"compare.stop.{r.stop_reason}"),
                 message=in_a_line(item.stop))

    # -- the end -----------------------------------------------------------------------------
    def pictures(self) -> str:
        """The curves of every run, each marked by its run's number and the run of the best test accuracy
        drawn on top (`marked_chart`), a key under each chart naming the runs; for a grid, its table of
        weight scales instead."""
        from workbench.commands._console import FRAME_ROWS, RANKED_HEIGHT, percent, value_axis
        from workbench.models.axes import percent_axis
        from workbench.nn.util import smooth_curve

        if self.plan.groups > 1:
            return self.grid_table()
        count = len(self.plan.runs)
        losses = []
        for i in range(count):
            smooth = smooth_curve(self.losses[i]) if len(self.losses[i]) >= 11 else self.losses[i]
            losses.append((range(1, len(smooth) + 1), list(smooth)))
        axis = value_axis([v for _, ys in losses for v in ys], RANKED_HEIGHT - FRAME_ROWS)
        parts = [self.chart(t("compare.plot.loss"), t("train.plot.iteration"), losses, axis,
                            lambda v: t("compare.plot.key_loss", loss=_loss(v)))]
        if not any(self.accs.values()):     # stopped before any epoch ended: no empty frames, as train has none
            return "\n\n".join(parts)
        both = percent_axis([100 * a[index] for i in range(count) for a in self.accs[i] for index in (1, 2)],
                            RANKED_HEIGHT - FRAME_ROWS)           # on one axis: the gap shows
        for index, key in ((1, "train"), (2, "test")):
            curves = [([a[0] for a in self.accs[i]], [100 * a[index] for a in self.accs[i]]) for i in range(count)]
            parts.append(self.chart(t(f"compare.plot.{key}"), t("train.plot.epoch"), curves,
                                    (both.low, both.high, list(both.ticks), list(both.labels)),
                                    lambda v, key=key: t(f"compare.plot.key_{key}", value=percent(v / 100))))
        return "\n\n".join(parts)

    def on_top(self) -> list[int]:
        """The runs in the order their curves lie, the first on top: the best test accuracy first (the run
        to look at), a run with no result last."""
        def test(i: int) -> float:
            result = self.results.get(i)
            value = result.final_test_acc if result is not None else None
            return value if value is not None and math.isfinite(value) else -1.0
        return sorted(range(len(self.plan.runs)), key=lambda i: (-test(i), i))

    def chart(self, title: str, xlabel: str, curves, axis, last) -> str:
        """One chart of the runs' `curves` ((x, y) each, in the runs' order) on the y `axis`, then its key:
        a line per run, its mark, its setting ("SGD", "std 0.01") and `last(its last value)`."""
        from workbench.commands._console import RANK_MARKERS, line_color, marked_chart, ranked_legend
        from workbench.textout import wrapped

        width, color = min(self.console.columns() - 1, 120), self.console.color
        names = [run.spec.name for run in self.plan.runs]
        marks = [RANK_MARKERS[i % len(RANK_MARKERS)] for i in range(len(names))]
        colors = [line_color(i) for i in range(len(names))]
        order = self.on_top()
        picture, shared, under = marked_chart([(names[i], *curves[i]) for i in order], [marks[i] for i in order],
                                              title, xlabel, width, color, axis, [colors[i] for i in order])
        hidden = {order[i]: order[j] for i, j in under.items()}
        rows = []
        for i, name in enumerate(names):
            ys = [v for v in curves[i][1] if v is not None and math.isfinite(v)]
            rows.append([name, last(ys[-1]) if ys else "--"]
                        + ([t("compare.plot.under", name=names[hidden[i]])] if i in hidden else []))
        key = ranked_legend(rows, color, width, marks, colors)
        if shared:
            key += "\n    " + wrapped(t("compare.plot.shared", order=", ".join(marks[i] for i in order)),
                                      width - 4).replace("\n", "\n    ")
        return picture + "\n" + key

    def grid_table(self) -> str:
        from workbench.commands._console import percent, table
        from workbench.models.compare import short_scale
        from workbench.textout import wrapped

        rows = []
        for group in range(self.plan.groups):
            pair = [r for r in self.plan.runs if r.spec.group == group]
            cells = [self.results.get(self.plan.runs.index(r)) for r in pair]
            scale = short_scale(pair[0].spec.weight_init)       # 3 figures, as the pane writes them
            rows.append([scale] + [percent(c.final_train_acc) if c else "" for c in cells])
        labels = [r.spec.label for r in self.plan.runs[:2]]
        width = self.console.table_width()
        title = t("compare.cli.grid_title")
        return (wrapped(title, width) if width else title) + "\n" + table([t("compare.table.scale"), *labels], rows,
                                                                           [True, True, True], width)

    def table(self, results) -> str:
        from workbench.commands._console import percent, table

        headers = [t(f"compare.table.{key}") for key in ("run", "train", "test", "gap", "best", "time", "stop")]
        rows = [[r.name, percent(r.final_train_acc), percent(r.final_test_acc), _points(r.gap),
                 str(r.best_epoch) if r.best_epoch else "--", t("compare.cli.seconds", seconds=f"{r.seconds:.1f}"),
                 t(f"compare.stop.{r.stop_reason or ('warned' if r.warning else 'finished')}")] for r in results]
        return table(headers, rows, [False, True, True, True, True, True, False], self.console.table_width())

    def json(self, results, interrupted: bool) -> dict:
        data = self.data
        runs = []
        for r in results:
            spec = self.plan.runs[r.run].spec
            runs.append({"name": spec.key or r.name, "label": r.name, "differs": dict(r.differs),
                         "group": spec.group, "weight_init": spec.weight_init, "optimizer": spec.optimizer,
                         "lr": spec.lr, "epochs_done": r.epochs_done, "iterations": r.iterations,
                         "stop_reason": r.stop_reason, "went_wrong": went_wrong(r), "final_train_acc": finite(r.final_train_acc),
                         "final_test_acc": finite(r.final_test_acc), "gap": finite(r.gap),
                         "best_epoch": r.best_epoch or None, "best_test_acc": finite(r.best_test_acc),
                         "seconds": round(r.seconds, 3),
                         "train_acc_per_epoch": [finite(a[1]) for a in self.accs[r.run]],
                         "test_acc_per_epoch": [finite(a[2]) for a in self.accs[r.run]]})
        return {"preset": self.preset, "dataset": data.name, "dataset_asked": data.asked,
                "fell_back": data.fell_back, "train_images": len(data.x_train), "test_images": len(data.x_test),
                "interrupted": interrupted, "runs": runs}


def went_wrong(result) -> dict | None:
    """What went wrong in a run, as data (`training_stop.as_data`): a stop's cause ('non-finite'), or
    the diagnosis of a run that went on to its end without learning ('not-learning'); None for a run
    that went well. The words are the reader's, on stderr."""
    from workbench.models.training_stop import as_data

    return as_data(result.stop if result.stop_reason == "non-finite" else result.diagnosis)


def _loss(value: float) -> str:
    """A loss in the key as the axis writes it, three figures."""
    from workbench.i18n.numbers import num

    return num(float(f"{value:.3g}"))


def _points(gap: float) -> str:
    """A train–test gap in percentage points, its minus the sign − as the panes write it."""
    from workbench.models.compare import points

    return points(gap)
