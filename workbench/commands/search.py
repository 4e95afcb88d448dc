"""`workbench search`: the book's random search of learning rate and weight decay, in the console.

Trials are scored on validation images carved from the training data (`workbench.models.search`);
the test split is never read. On a terminal a progress bar; otherwise a plain line every tenth of
the way. A line per trial, then a scatter of the validation accuracy over log lr × log λ, the
curves of the best five and their table, and the narrowed ranges to search again. Ctrl+C stops
after the current step and reports the trials so far (exit 130); bad settings get one line and
exit 2. `--json` prints one JSON line on stdout, data only; the lines for people go to stderr.
"""
from __future__ import annotations

import argparse
import json
import math
import sys

from workbench.commands.train import shell_command
from workbench.i18n import cell_len, t
from workbench.i18n.numbers import exponent_form, num

ORDER = 43


def register(subparsers) -> None:
    parser = subparsers.add_parser("search", help=t("search.cli.help"), description=t("search.cli.description"),
                                   epilog=t("search.cli.examples"))
    from workbench.cli import option_help, option_told
    from workbench.models.search_settings import SearchSettings
    from workbench.models.settings import kinds

    defaults, found = SearchSettings(), kinds(SearchSettings)
    for key in ("trials", "epochs"):
        told = option_told(found[key], getattr(defaults, key))
        parser.add_argument(f"--{key}", metavar="N", help=option_help(t(f"search.setting.{key}"), told))
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="assignments",
                        help=t("search.cli.set"))
    parser.add_argument("--json", action="store_true", help=t("search.cli.json"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import fail, option_error, setting_refused
    from workbench.datasets import DatasetError
    from workbench.models.catalog import pane
    from workbench.models.search import load_search_data
    from workbench.models.settings import SettingError

    assignments = list(args.assignments)
    for key in ("trials", "epochs"):
        if getattr(args, key) is not None:
            assignments.append(f"{key}={getattr(args, key)}")
    settings = None
    try:
        entry = pane("search")
        settings = entry.parse(assignments)
        entry.compute(settings)
        explicit = any(a.partition("=")[0].strip() == "dataset" for a in assignments)
        data = load_search_data(settings, fallback=not explicit)
    except SettingError as exc:
        if exc.key in ("trials", "epochs") and getattr(args, exc.key) is not None:   # given as --trials, named so
            return fail(option_error(f"--{exc.key}", exc.key, str(exc)))
        return fail(setting_refused(exc, entry.settings, assignments, entry))
    except DatasetError:
        from workbench.commands.train import no_data

        return fail(no_data(settings.dataset, "--set dataset=synthetic-digits"))
    except ValueError as exc:
        return fail(str(exc))
    return SearchConsole(settings, data, args.json, assignments).run()


def _finite(value):
    return None if value is None or not math.isfinite(value) else round(float(value), 6)


def key_lines(entries: list[str], width: int) -> str:
    """The scatter's legend under it: its entries ("● best five") three spaces apart, indented as the
    plot is, on as many lines of `width` cells as they need, never broken inside an entry."""
    lines = ["    " + entries[0]]
    for entry in entries[1:]:
        if cell_len(f"{lines[-1]}   {entry}") <= width:
            lines[-1] += f"   {entry}"
        else:
            lines.append("    " + entry)
    return "\n".join(lines)


class SearchConsole:
    def __init__(self, settings, data, as_json: bool, assignments: list[str] = ()):
        from workbench.commands._console import JobConsole
        from workbench.models.search import Search

        self.settings, self.data, self.as_json = settings, data, as_json
        self.assignments = list(assignments)
        """The settings as typed (--set's and --trials', --epochs' as key=value), for the command to search again."""
        self.console = JobConsole(sys.stderr if as_json else None)     # with --json, stdout is the data alone
        self.search = Search(settings, data)
        self.trials = []

    def run(self) -> int:
        c, s = self.console, self.settings
        from workbench.models.search import one_of

        c.say(t("search.cli.header" + one_of(s), trials=s.trials, epochs=s.epochs, lr_min=num(s.lr_min), lr_max=num(s.lr_max),
                 wd_min=num(s.wd_min), wd_max=num(s.wd_max)))
        from workbench.commands.train import with_get_data

        c.say(with_get_data(self.data))
        done, interrupted = c.run_job("search", self.search.run, self.take, t("compare.cli.stopping"))
        if done.reason == "failed":
            c.say(t("compare.cli.failed", message=done.message))
            return 1
        if self.trials:
            from workbench.models.search import of_the_best

            c.line()
            c.line(self.pictures())
            c.line()
            c.say(of_the_best("search.cli.best", len(self.trials)))
            c.line(self.table())
            c.say(of_the_best("search.cli.narrow", len(self.trials)))
            c.line(shell_command(self.narrow_command(), c.columns() - 1))     # a pipe's page too: less read it at 198
        if interrupted:
            c.say(t("search.cli.interrupted", done=len(self.trials), total=s.trials))
        if self.as_json:
            from workbench.cli import say

            c.clear_bar()
            say(json.dumps(self.json(interrupted), allow_nan=False))
        return 130 if interrupted else 0

    def take(self, items, event) -> None:
        from workbench.commands._console import percent
        from workbench.jobs import JobProgress
        from workbench.models.search import TrialResult
        from workbench.models.train import fmt_time
        from workbench.textout import bar_percent

        for item in items:
            if isinstance(item, TrialResult):
                self.trials.append(item)
                self.console.say(t("search.cli.trial", index=item.index + 1, trials=self.settings.trials,
                                    lr=exponent_form(f"{item.lr:.3g}"),
                                    wd=exponent_form(f"{item.weight_decay:.3g}"), val=percent(item.val_acc),
                                    train=percent(item.train_acc), seed=item.seed))
        if isinstance(event, JobProgress) and event.total:
            fraction = event.done / event.total
            left = fmt_time(event.info.get("seconds_left", math.nan))
            text = t("search.cli.bar", done=int(event.info.get("trials_done", 0)), total=int(event.total), left=left)
            self.console.progress(fraction, text, t("compare.cli.progress", percent=bar_percent(fraction), left=left,
                                                    where=""))

    def pictures(self) -> str:
        from workbench.commands._console import BOTH, PLOT_HEIGHT, scatter_chart
        from workbench.models.scatter import BEST_MARKER, LOWER_MARKER, OTHER_MARKER
        from workbench.models.search import of_the_best, scatter_groups

        width = min(self.console.columns() - 1, 120)
        color = self.console.color
        lower, upper, best = scatter_groups(self.trials)       # the halves are the other trials', as in the app
        s = self.settings
        groups = ((lower, LOWER_MARKER), (upper, OTHER_MARKER), (best, BEST_MARKER))    # the best five on top
        kinds = [([math.log10(r.lr) for r in group], [math.log10(r.weight_decay) for r in group], marker)
                 for group, marker in groups]
        scatter, both = scatter_chart(kinds, t("search.plot.scatter"), t("search.plot.log_lr"), width,
                                      PLOT_HEIGHT + 4, color, (math.log10(s.lr_min), math.log10(s.lr_max)),
                                      (math.log10(s.wd_min), math.log10(s.wd_max)))
        # no legend inside: plotext puts it over the top-left trials
        entries = [f"{BEST_MARKER} {of_the_best('search.plot.top', len(best))}",       # the halves when there are others
                   *([f"{OTHER_MARKER} {t('search.plot.upper')}"] if upper else []),
                   *([f"{LOWER_MARKER} {t('search.plot.lower')}"] if lower else [])]
        if both:                 # a cell where a trial of one group hid one of another, without colour
            entries.append(f"{BOTH} {t('search.plot.both')}")
        scatter += "\n" + key_lines(entries, width)
        return scatter + "\n\n" + self.curves(width, color)

    def curves(self, width: int, color: bool) -> str:
        """The validation curves of the best five, the best drawn last and marked 1, then a key that names
        each trial by its settings and its accuracy, best first (`ranked_chart`)."""
        from workbench.commands._console import percent, ranked_chart, ranked_legend
        from workbench.models.search import of_the_best, ranked

        best = ranked(self.trials)[:5]
        curves = [(f"#{r.index + 1}", range(1, len(r.val_accs) + 1), [100 * a for a in r.val_accs]) for r in best]
        accuracies = [v for _, _, accs in curves for v in accs]
        picture, shared, under = ranked_chart(curves, of_the_best("search.plot.curves", len(best)), t("train.plot.epoch"),
                                       width, color, accuracies)
        rows = [[f"#{r.index + 1}", t("search.plot.curve_lr", lr=exponent_form(f"{r.lr:.3g}")),
                 t("search.plot.curve_wd", wd=exponent_form(f"{r.weight_decay:.3g}")),
                 t("search.plot.curve_val", val=percent(r.val_acc))] for r in best]
        for i, j in under.items():          # a trial alike to a better one to the cell: none of its marks shows
            rows[i].append(t("search.plot.under", rank=j + 1))
        key = ranked_legend(rows, color, width)
        if shared:
            from workbench.textout import wrapped

            key += "\n    " + wrapped(t("search.plot.shared"), width - 4).replace("\n", "\n    ")
        return picture + "\n" + key

    def table(self) -> str:
        from workbench.commands._console import percent, table
        from workbench.models.search import ranked

        rows = [[f"#{r.index + 1}", exponent_form(f"{r.lr:.3g}"), exponent_form(f"{r.weight_decay:.3g}"),
                 percent(r.val_acc), percent(r.train_acc), str(r.seed)] for r in ranked(self.trials)[:5]]
        headers = [t(f"search.table.{key}") for key in ("trial", "lr", "wd", "val", "train", "seed")]
        return table(headers, rows, [False, True, True, True, True, True], self.console.table_width())

    def narrow_command(self) -> list[str]:
        """The command that searches again where the best five are: this one's settings as typed (but
        the ranges), then the narrowed ranges. Only the four --set options were given, after a sentence:
        on a terminal they broke across two lines, and copied, neither line ran."""
        from workbench.models.search import narrowed

        n = narrowed(self.settings, self.trials)
        ranges = {"lr_min": n.lr_min, "lr_max": n.lr_max, "wd_min": n.wd_min, "wd_max": n.wd_max}
        words = ["workbench", "search"]
        for assignment in self.assignments:
            key, _, value = assignment.partition("=")
            if key.strip() in ("trials", "epochs"):
                words += [f"--{key.strip()}", value.strip()]
            elif key.strip() not in ranges:
                words += ["--set", assignment]
        for key, value in ranges.items():
            words += ["--set", f"{key}={value:g}"]
        return words

    def json(self, interrupted: bool) -> dict:
        from workbench.models.search import ranked

        trials = [{"index": r.index, "seed": r.seed, "lr": r.lr, "weight_decay": r.weight_decay,
                   "val_acc": _finite(r.val_acc), "train_acc": _finite(r.train_acc),
                   "val_acc_per_epoch": [_finite(a) for a in r.val_accs], "stop_reason": r.stop_reason,
                   "seconds": round(r.seconds, 3)} for r in self.trials]
        best = [r.index for r in ranked(self.trials)[:5]]
        s = self.settings
        return {"preset": "search", "dataset": self.data.name, "dataset_asked": self.data.asked,
                "fell_back": self.data.fell_back, "split": self.data.split(), "interrupted": interrupted,
                "ranges": {"lr": [s.lr_min, s.lr_max], "weight_decay": [s.wd_min, s.wd_max]},
                "epochs": s.epochs, "trials_asked": s.trials, "trials": trials,
                "best": [next(t_ for t_ in trials if t_["index"] == i) for i in best],
                "runs": [{"name": f"trial {r['index'] + 1}", "differs": {"lr": r["lr"], "weight_decay": r["weight_decay"]},
                          "epochs_done": len(r["val_acc_per_epoch"]), "stop_reason": r["stop_reason"],
                          "final_train_acc": r["train_acc"], "final_test_acc": None, "seconds": r["seconds"]}
                         for r in trials]}
