"""The `workbench` command: the app, lessons, panes, data and the console commands, with one-line errors.

Subcommands beyond the core ones live in `workbench/commands/` (one module each, with `register`),
so a console command sits beside the model and the job runner it reuses. Nothing here imports
Textual until the app is started, and no error ends in a traceback.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from workbench.blas_kernels import choose_blas_kernels
from workbench.i18n import LANGUAGES, argparse_text, choose_language, set_language, t

DATASET_NAMES = ("mnist", "fashion-mnist")


NEGATIVE_VALUE = re.compile(r"^-\.?\d[\d.,;:eE+\-\s]*$|^-(?i:inf|infinity|nan)$")
"""A value that begins with a minus: a number or a list of them (`--input -1,3,7,7`, `--lr -1e-3`,
`--lr -inf`). argparse's own pattern took only a plain -1 or -0.5 for a value; `-1,3,7,7` it took for
an unknown option and refused the option before it ("--input: expected one argument"), where the
value's own check says what is wrong with it ("input.N = −1 is out of range")."""


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one line: 'workbench: error: …' (in Korean 'workbench: 오류: …'), and
    whose help, every command's, is wrapped by screen cells (`argparse_text.HelpFormatter`).

    Each parser leaves itself in the namespace (`parser_used`; the innermost subcommand's wins), so
    that arguments nobody took are blamed on the command they were given to, which points at its own
    help; a mistyped option or choice close to a real one is named ("did you mean --epochs?")."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **{**kwargs, "formatter_class": argparse_text.HelpFormatter})
        self._negative_number_matcher = NEGATIVE_VALUE
        self.set_defaults(parser_used=self)

    def error(self, message: str) -> NoReturn:
        line = f"{message} ({t('cli.see_help', prog=self.prog)})"
        if sys.stderr is not None:        # argparse itself writes nothing without a stderr
            tell((t("cli.argparse.error") % {"prog": self.prog, "message": line}).rstrip("\n"), sys.stderr)
        self.exit(2)

    def _check_value(self, action, value) -> None:
        """argparse's check of a choice, naming the closest one instead of listing them all when a
        close one exists ('trian' → 'train'); a command's own word given as a command names the
        commands that take it ('check' → 'workbench lessons check' or 'workbench exercises check')."""
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError:
            meant = COMMAND_WORDS.get(str(value)) if isinstance(action, argparse._SubParsersAction) else None
            if meant and self.prog == "workbench":
                close = t("cli.or", first=f"'workbench {meant[0]}'", second=f"'workbench {meant[1]}'") \
                    if len(meant) > 1 else f"'workbench {meant[0]}'"
            else:
                close = _closest(str(value), [str(choice) for choice in action.choices or ()])
                if action.dest == "lang":
                    close = _language_meant(str(value)) or close
                close = repr(close) if close else None
            raise argparse.ArgumentError(None, choice_refused(action, value, close)) from None

    def _get_value(self, action, arg_string):
        """argparse's conversion of a value, a `ChoiceRefused` said as `_check_value` says a choice."""
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            refused = exc.__context__
            if not isinstance(refused, ChoiceRefused):
                raise
            close = _closest(refused.value, list(refused.choices))
            raise argparse.ArgumentError(None, choice_refused(action, refused.value, repr(close) if close else None,
                                                              refused.choices)) from None

    def unrecognized(self, extras: list[str]) -> NoReturn:
        """Arguments this command does not take: one line, with the option meant when one is close."""
        message = argparse._("unrecognized arguments: %s") % " ".join(extras)
        options = [option for action in self._actions for option in action.option_strings if option.startswith("--")]
        typed = next((extra.partition("=")[0] for extra in extras if extra.startswith("--")), None)
        close = _closest(typed, options) if typed else None
        self.error(message + (t("cli.did_you_mean", name=close) if close else ""))


COMMAND_WORDS = {"check": ("lessons check", "exercises check"), "list": ("lessons", "panes"),
                 "download": ("data download",), "status": ("data status",), "verify": ("data verify",),
                 "init": ("exercises init",), "help": ("--help",)}
"""Words a new user types as a command that are another command's action ('workbench check'): the
commands they belong to. 'check' was taken for a typo of 'gradcheck', 'list' got every command."""


def _language_meant(value: str) -> str | None:
    """The language `--lang kr`, `--lang korean`, `--lang ko_KR` or `--lang English` meant, or None:
    difflib finds none of them close to ko or en."""
    word = value.strip().lower().replace("-", "_")
    for code, starts in (("ko", ("ko_", "kr", "kor", "한국")), ("en", ("en_", "eng"))):
        if word.startswith(starts):
            return code
    return None


def choice_refused(action, value, close: str | None, choices=None) -> str:
    """The line for a value that is none of `action`'s choices, naming `close` (quoted) when it is likely
    what was meant, else the choices (`choices`, or the action's own). English keeps argparse's words ("argument COMMAND: invalid choice:
    'trian'; did you mean 'train'?"); Korean says what a new reader needs, without argparse's jargon
    (인자 COMMAND, 잘못된 선택): "알 수 없는 명령: 'trian'. 혹시 'train'?". The catalog's argparse texts
    take the argument's name %-style, as argparse's own do, where Korean leaves it out."""
    kind = ("command" if isinstance(action, argparse._SubParsersAction) else
            "option" if action.option_strings else "value")
    name = {"name": argparse._get_action_name(action)}
    unknown = t(f"cli.argparse.unknown_{kind}") % name
    if close:
        message = t("cli.argparse.choice_close", unknown=unknown, value=repr(value), close=close)
    else:
        choices = ", ".join(t("cli.argparse.choice_item") % str(choice) for choice in choices or action.choices or ())
        message = t("cli.argparse.choice", unknown=unknown, value=repr(value), choices=choices)
    return t("cli.argparse.choice_argument") % {**name, "message": message}


def _closest(word: str, choices: list[str]) -> str | None:
    """The choice `word` was most likely a typo of, or None: the one rule of `workbench.suggest`."""
    from workbench.suggest import suggest

    return suggest(word, choices)


def _version() -> str:
    """The package's version: `__version__`, from which its installed metadata is built (pyproject.toml).
    Not importlib.metadata, whose import (email, zipfile, csv …) made `--version` take three times `--help`."""
    from workbench import __version__

    return __version__


class _VersionAction(argparse.Action):
    """--version, which looks the version up only when asked (argparse's own wants it up front)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        parser._print_message(f"workbench {_version()}\n", sys.stdout)
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    argparse_text.install()
    parser = _Parser(prog="workbench",
                     description=t("cli.description"), epilog=t("cli.examples"))
    parser.add_argument("--version", action=_VersionAction, help=t("cli.argparse.version"))
    parser.add_argument("--lang", choices=LANGUAGES, help=t("cli.lang"))
    add_glyphs_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title=t("cli.commands"),
                                     parser_class=_Parser)

    lesson = commands.add_parser("lesson", help=t("cli.lesson"), description=t("cli.lesson.description"),
                                 epilog=t("cli.lesson.examples"))
    lesson.add_argument("id", metavar="LESSON", help=t("cli.lesson.id"))
    lesson.add_argument("--step", type=whole_number, metavar="N", help=t("cli.lesson.step"))
    add_glyphs_option(lesson, default=argparse.SUPPRESS)
    lesson.set_defaults(run=_run_lesson)

    lessons = commands.add_parser("lessons", help=t("cli.lessons"), description=t("cli.lessons.description"))
    lessons.add_argument("action", nargs="?", choices=["list", "check"], default="list", metavar="ACTION",
                         help=t("cli.lessons.action"))
    lessons.add_argument("--dir", type=_folder, metavar="FOLDER", help=t("cli.lessons.dir"))
    lessons.set_defaults(run=_run_lessons)

    panes = commands.add_parser("panes", help=t("cli.panes"), description=t("cli.panes.description"))
    panes.add_argument("names", nargs="*", metavar="PANE", help=t("cli.panes.names"))
    panes.set_defaults(run=_run_panes)

    open_ = commands.add_parser("open", help=t("cli.open"), description=t("cli.open.description"),
                                epilog=t("cli.open.examples"))
    open_.add_argument("pane", metavar="PANE", help=t("cli.open.pane"))
    open_.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="assignments",
                       help=t("cli.open.set"))
    add_glyphs_option(open_, default=argparse.SUPPRESS)
    open_.set_defaults(run=_run_open)

    data = commands.add_parser("data", help=t("cli.data"), description=t("cli.data.description"))
    actions = data.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    data.set_defaults(run=_run_data, action="status")     # `workbench data` alone: the status (the app points there)
    actions.add_parser("status", help=t("cli.data.status"), description=_sentence(t("cli.data.status"))
                       ).set_defaults(run=_run_data)
    download = actions.add_parser("download", help=t("cli.data.download"),
                                  description=_sentence(t("cli.data.download")))
    download.add_argument("names", nargs="*", type=_dataset_name, metavar="NAME", help=t("cli.data.names"))
    download.set_defaults(run=_run_data)
    actions.add_parser("verify", help=t("cli.data.verify"), description=_sentence(t("cli.data.verify"))
                       ).set_defaults(run=_run_data)

    for module in _command_modules():
        module.register(commands)
    _accept_lang_anywhere(commands)

    parser.set_defaults(run=_run_home)
    return parser


def _sentence(text: str) -> str:
    """A command's one-line help as the description over its own --help: capitalised, with a full stop."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


GLYPH_MODES = ("unicode", "ascii")


def add_glyphs_option(parser: argparse.ArgumentParser, default=None) -> None:
    """--glyphs unicode|ascii, for every command that starts the app."""
    parser.add_argument("--glyphs", choices=GLYPH_MODES, default=default, help=t("classroom.glyphs"))


def _accept_lang_anywhere(commands) -> None:
    """Let --lang follow any subcommand too (`workbench lesson xor --lang ko`); `main` reads it first."""
    for sub in {id(p): p for p in commands.choices.values()}.values():
        if not any("--lang" in action.option_strings for action in sub._actions):
            sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.lang"))
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_lang_anywhere(action)


def _command_modules() -> list:
    """The modules of `workbench.commands`, each adding one subcommand with `register(subparsers)`.

    Every one is imported to build the parser, so each keeps its heavy imports (NumPy, the library,
    the models) inside the functions that run the command."""
    from workbench import commands

    names = sorted({name.partition(".")[0] for folder in commands.__path__ for name in os.listdir(folder)
                    if name.endswith(".py") and not name.startswith("_")})
    found = [importlib.import_module(f"{commands.__name__}.{name}") for name in names]
    return sorted(found, key=lambda module: getattr(module, "ORDER", 100))


def _folder(text: str) -> Path:
    """A folder named on the command line; a blank name is refused (Path("") is the current folder,
    which `lessons check --dir ""` then checked)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(t("cli.blank_folder"))
    return Path(text)


class ChoiceRefused(argparse.ArgumentTypeError):
    """A value a `type` function refused for being none of its `choices`: said as a choice is
    (`choice_refused`), not as argparse says a type's error."""

    def __init__(self, value: str, choices) -> None:
        super().__init__(value)
        self.value, self.choices = value, tuple(choices)


def _dataset_name(name: str) -> str:
    """A data set `workbench data download` knows; a typo of one is named as a mistyped command is."""
    if name not in DATASET_NAMES:
        raise ChoiceRefused(name, DATASET_NAMES)
    return name


def whole_number(text: str) -> int:
    """An argparse type for a count or a step: refused as a setting is ('must be a whole number, got
    "x"'), where argparse's own words were Python's ("invalid int value: 'x'")."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_whole_number", value=text)) from None


def number(text: str) -> float:
    """An argparse type for a number, refused in the same words as `whole_number`."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_number", value=text)) from None


def _language(argv: list[str]) -> str:
    """--lang from the arguments (read before the parser, whose help is translated), else the saved
    choice, else the locale. A value that is no language code is read as the one it meant (kr, korean:
    ko) or passed over, so that the parser's refusal of it is in the language the learner asked for:
    `--lang ko … --lang xx` was refused in English."""
    asked = None
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else \
            arg.partition("=")[2] if arg.startswith("--lang=") else None
        if value is not None:
            asked = value if value in LANGUAGES else _language_meant(value) or asked
    return choose_language(asked, _remembered_language())


def _remembered_language() -> str | None:
    """The language saved with the learner's progress, read without touching the file; None if unknown."""
    import json

    try:
        from workbench.paths import PROGRESS_FILE, state_dir    # not the progress store: the language only

        path = state_dir() / PROGRESS_FILE
        if not path.is_file() or path.stat().st_size > 1_000_000:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) else None


def one_blas_thread() -> None:
    """NumPy's BLAS with one thread (OPENBLAS_NUM_THREADS=1 unless it is set), before NumPy loads.

    The fast engine runs its own threads and makes BLAS single-threaded when it starts
    (workbench/nn/workers.py); what else the app and the console compute is small enough that a
    second BLAS thread gains little, while two of them beside the interface's thread or another busy
    program collapse (they wait for each other at every product).
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main(argv: list[str] | None = None) -> int:
    """The `workbench` command (through `workbench.__main__.start`); returns the exit status."""
    try:
        _end_of_startup()
        one_blas_thread()
        choose_blas_kernels()
        argv = list(sys.argv[1:] if argv is None else argv)
        set_language(_language(argv))
        args = _parse(build_parser(), argv)
        args.stop_at_start = _stop_from_startup(args)
        status = args.run(args)
        _flush()
        return status
    except KeyboardInterrupt:         # before a command's own handling of Ctrl+C (or one without)
        _stopped()
        return 130
    except BrokenPipeError:
        # The reader went away (`workbench lessons | head`): stop quietly, as cat and ls do.
        silence_stdout()
        return 141
    except OSError as exc:
        if exc.filename is None and getattr(exc, "errno", None) is not None:
            return cannot_write(exc)
        raise


def cannot_write(exc: OSError, silence: bool = True) -> int:
    """Say on stderr that the output could not be written (a full disk: `> /dev/full`), exit status 1.
    Stdout goes to /dev/null first (unless `silence` is false: it was not stdout that failed), so that
    the interpreter's last flush cannot fail again."""
    if silence:
        silence_stdout()
    from workbench.i18n.os_errors import os_error_text

    message = t("cli.cannot_write", reason=os_error_text(exc))
    with contextlib.suppress(OSError, ValueError):     # stderr gone too: nowhere to say it
        print(t("cli.argparse.error") % {"prog": "workbench", "message": message}, end="", file=sys.stderr)
    return 1


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """The arguments; one that no command takes is refused by the command it was given to."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        getattr(args, "parser_used", parser).unrecognized(extras)
    return args


def _end_of_startup() -> None:
    """Ctrl+C raises KeyboardInterrupt again, handled by main and the commands, instead of the start-up's
    quiet exit that `workbench.__main__` installed while Python imported this module."""
    import signal

    if getattr(signal.getsignal(signal.SIGINT), "during_startup", False):
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _stop_from_startup(args: argparse.Namespace) -> int | None:
    """SIGTERM and SIGHUP as they were before `workbench.__main__` kept them for the start-up; one that
    came meanwhile is the command's to say (`train`: set_defaults(says_early_stops=True)) and returned,
    or, for any other command, delivered again now: it ends the process as it would have."""
    import signal

    received = None
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        handler = signal.getsignal(number) if number is not None else None
        if getattr(handler, "during_startup", False):
            signal.signal(number, signal.SIG_DFL)
            received = received or (handler.received[0] if handler.received else None)
    if received is not None and not getattr(args, "says_early_stops", False):
        signal.raise_signal(received)
    return received


def _stopped() -> None:
    """Say on stderr that Ctrl+C stopped the command, so an exit without a word is never a mystery."""
    if sys.stderr is not None:
        try:
            print(safe_line(t("cli.stopped", prog="workbench"), sys.stderr), file=sys.stderr, flush=True)
        except (OSError, ValueError):   # a closed terminal: nowhere to say it
            pass


def _flush() -> None:
    """Flush stdout inside main, so a closed pipe or a full disk is handled here, not at exit."""
    if sys.stdout is not None:
        sys.stdout.flush()


def silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def safe_line(text: str, stream) -> str:
    """`text` as `stream` can encode it: an ASCII or Latin-1 console gets look-alikes (· → -, … → ...)."""
    from workbench.textout import fit

    return fit(text, getattr(stream, "encoding", None))


def say(text: str = "") -> None:
    """Print a line to stdout, replacing characters its encoding cannot show (an ASCII console)."""
    print(safe_line(text, sys.stdout))


def tell(text: str = "", stream=None, hang: int = 0, listing: bool = False, whole: str = "") -> None:
    """Print prose to `stream` (stdout) as `say` does; on a terminal broken at words to fit it
    (`textout.on_page`), where the terminal's own wrapping cut words, numbers and paths anywhere. Into a
    file or a pipe a line of a `listing` (the panes' settings, the glossary, names with their
    descriptions: `hang` cells more under its first row) or a run's message (`network`'s, `gradcheck`'s:
    console52) is broken to fit the page too, 80 cells unless $COLUMNS says, where `less` and a handout
    cut it anywhere; `whole`, a path the text holds, stays whole on a row of its own, to copy. Other
    messages stay one line there."""
    from workbench.i18n.cells import NO_BREAK
    from workbench.textout import on_page

    stream = sys.stdout if stream is None else stream
    terminal = _isatty(stream)
    if terminal or listing:
        text = on_page(text, stream, hang, terminal, whole)
    print(safe_line(text.replace(NO_BREAK, " "), stream), file=stream)     # kept together, printed as a space


def named_list(rows: list[tuple[str, str]]) -> None:
    """Names with a description each (`compare --list`, `gradcheck --list-bugs`) in two columns, each
    description broken at words under itself to fit the page: after a tab a description ran past an
    80-column terminal's edge, and into a pipe the columns were ragged in `less` and a handout."""
    from workbench.i18n.cells import cell_len

    column = max((cell_len(name) for name, _ in rows), default=0) + 2
    for name, description in rows:
        tell(name + " " * (column - cell_len(name)) + description, hang=column, listing=True)


def option_told(kind, default=None) -> list[str]:
    """What an option's help says after its text, from its setting's kind: its choices (a|b|c) or its
    range ("1 to 1000"), then its default when one is given: `--epochs N … (1 to 1000; default 5)`.
    The help named defaults only, and a new user learnt the range from the error of a value outside it."""
    from workbench.i18n.cells import NO_BREAK
    from workbench.models.settings import Choice

    told = []
    if isinstance(kind, Choice):
        told.append("|".join(kind.choices))
    elif getattr(kind, "min", None) is not None and getattr(kind, "max", None) is not None:
        told.append(t("cli.range", min=kind.shown(kind.min), max=kind.shown(kind.max)).replace(" ", NO_BREAK))
    if default is not None:
        told.append(t("settings.default", value=kind.shown(default)))
    return told


def option_help(text: str, told: list[str]) -> str:
    """An option's help with what `option_told` says after it in parentheses: "… (1 to 9; default 1)".
    In Korean the parenthesis is written onto its word, as Korean print sets an aside ("…넣습니다(1부터
    9까지; 기본값 1)"); the help read "넣습니다 (1부터…" with a space the Korean catalog never writes."""
    if not told:
        return text
    return f"{text}{'' if re.search('[가-힣]$', text) else ' '}({'; '.join(told)})"


def option_error(option: str, key: str | None, message: str, close: str | None = None) -> str:
    """A setting's refusal named by the command-line option that gave it. The message names the setting
    first ("net must be one of …", in Korean "net: … 중 하나여야"); that name becomes the option, so it is
    not named twice ("--net: net: …") nor by a name the command does not take ("--break: bug …").
    `close` is the choice the value was likely a typo of (`close_choice`), named at the end."""
    hint = t("cli.did_you_mean", name=close) if close else ""
    if key:
        for lead in (f"{key} ", f"{key}: "):
            if message.startswith(lead):
                return option + message[len(key):] + hint
        if option == f"--{key}" and re.match(re.escape(key) + "[가-힣]", message):
            return option + message[len(key):] + hint    # "folder에는 …": the option takes the particle
    return f"{option}: {message}{hint}"


def setting_refused(exc, settings: type, assignments: list[str], entry=None) -> str:
    """A `--set KEY=VALUE` refused (SettingError), with the choice its value was likely a typo of
    ("dataset must be one of …; got "mnsit"; did you mean mnist?"), as `--dataset mnsit` gets; given
    the pane's `entry`, only a choice it would take with the other settings (`accepted_by`)."""
    typed = next((text for key, _, text in (a.partition("=") for a in reversed(assignments))
                  if key.strip() == exc.key), None)
    accepted = accepted_by(entry, assignments, exc.key) if entry is not None and exc.key else None
    close = close_choice(settings, exc.key, typed, accepted)
    return str(exc) + (t("cli.did_you_mean", name=close) if close else "")


def close_choice(settings: type, key: str | None, typed: object,
                 accepted: Callable[[str], bool] | None = None) -> str | None:
    """The choice of setting `key` that `typed` was most likely a typo of ("simpel" → simple, as a
    mistyped command gets), or None: when it is not a choice, or nothing is close. Never the value
    refused itself (a bug the network has no layer for was answered "did you mean" that bug), and,
    given `accepted`, only a choice it takes."""
    from workbench.models.settings import Choice, kinds

    kind = kinds(settings).get(key) if key else None
    if not isinstance(kind, Choice) or not isinstance(typed, str):
        return None
    refused = typed.strip().lower()             # as a Choice reads it: "Deep " is deep
    return _closest(typed, [choice for choice in kind.choices if choice.lower() != refused
                            and (accepted is None or accepted(choice))])


def accepted_by(entry, assignments: list[str], key: str) -> Callable[[str], bool]:
    """Whether pane `entry` takes a choice for setting `key` with the other `assignments` as they are:
    parsed and computed (a few milliseconds a pane), so a suggestion is one that would run."""
    from workbench.models.settings import SettingError

    others = [a for a in assignments if a.partition("=")[0].strip() != key]     # each is read, the refused one too

    def accepted(choice: str) -> bool:
        try:
            entry.compute(entry.parse([*others, f"{key}={choice}"]))
        except (SettingError, ValueError):
            return False
        return True
    return accepted


def fail(message: str) -> int:
    """One line on stderr (broken at words on a terminal), exit status 2."""
    line = (t("cli.argparse.error") % {"prog": "workbench", "message": message}).rstrip("\n")
    tell(line, sys.stderr)
    return 2


def _needs_terminal() -> str | None:
    """Why the full-screen app cannot start here, or None when it can.

    Under a driver named in TEXTUAL_DRIVER (textual-serve's web driver, which speaks to the browser
    over pipes) the app draws on no terminal, so pipes are what it should find.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    streams = (sys.stdin, sys.stdout)
    if any(stream is None or not _isatty(stream) for stream in streams):
        return t("cli.needs_terminal")
    from workbench.textout import dumb_terminal

    if dumb_terminal():
        return t("cli.dumb_terminal")
    return None


def _isatty(stream) -> bool:
    """`textout.is_terminal`, under this module's name, which tests replace to fake a terminal."""
    from workbench.textout import is_terminal

    return is_terminal(stream)


def _run_home(args: argparse.Namespace) -> int:
    problem = _needs_terminal()
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    return _run_app(make_app(lang=args.lang, glyph_mode=args.glyphs))


def _find_lesson(course, wanted: str):
    """The lesson with id `wanted` or number `wanted` ("2.1"), or None."""
    for lesson in course.lessons:
        if wanted in (lesson.id, lesson.number):
            return lesson
    return None


def lesson_and_step(course, wanted: str, step: int | None):
    """(the lesson named `wanted`, by id or number, or None; what is wrong, or None): an unknown lesson
    with the closest id, or a step the lesson does not have. For `lesson` and `present` alike."""
    lesson = _find_lesson(course, wanted)
    if lesson is None:
        from workbench.suggest import suggest

        close = suggest(wanted, [name for lesson in course.lessons for name in (lesson.id, lesson.number)],
                        aliases={lesson.title: lesson.id for lesson in course.lessons})
        hint = t("cli.lesson.did_you_mean", id=close) if close else t("cli.lesson.see_list")
        return None, t("cli.lesson.unknown", id=wanted, hint=hint)
    if step is not None and not 1 <= step <= len(lesson.steps):
        from workbench.i18n.numbers import grouped

        return None, t("cli.lesson.bad_step", id=lesson.id, steps=len(lesson.steps), step=grouped(step))
    return lesson, None


def _run_lesson(args: argparse.Namespace) -> int:
    from workbench.course.files import load_course
    from workbench.i18n import language

    course = load_course(None, language())
    lesson, problem = lesson_and_step(course, args.id, args.step)
    if problem:
        return fail(problem)
    problem = _needs_terminal()
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    step = args.step - 1 if args.step is not None else None
    return _run_app(make_app(course=course, lesson_id=lesson.id, step=step, lang=args.lang,
                             glyph_mode=args.glyphs))


def _run_open(args: argparse.Namespace) -> int:
    from workbench.models.catalog import pane
    from workbench.models.settings import SettingError

    from workbench.commands._twins import command_line

    try:
        entry = pane(args.pane)
        settings = entry.parse(args.assignments)
        entry.compute(settings)
    except SettingError as exc:
        twin = None if exc.key else command_line(args.pane)      # no pane, but a console command (glossary)
        if twin:
            return fail(t("cli.open.not_a_pane", name=args.pane, command=_unbroken(twin)))
        return fail(setting_refused(exc, entry.settings, args.assignments, entry) if exc.key else str(exc))
    except ValueError as exc:   # the library refused the combination
        return fail(str(exc))
    problem = _needs_terminal()
    twin = command_line(entry.name, settings)
    if problem and twin and problem == t("cli.needs_terminal"):
        return fail(t("cli.needs_terminal.twin", pane=entry.name, command=_unbroken(twin)))
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    return _run_app(make_app(pane=(entry.name, settings), lang=args.lang, glyph_mode=args.glyphs))


def _unbroken(command: str) -> str:
    """A command line to copy, kept on one line where a terminal's width breaks the message when it fits
    one (cut at its spaces, its end was a line of its own, and a copy of both ran the first part alone);
    a longer one breaks at its spaces, as a quoted command does (`textout.keep_together`)."""
    from workbench.i18n.cells import NO_BREAK, cell_len
    from workbench.textout import terminal_columns

    fits = not _isatty(sys.stderr) or cell_len(command) <= terminal_columns(sys.stderr) - 1
    return command.replace(" ", NO_BREAK) if fits else command


def _run_app(app) -> int:
    """Run the full-screen app; its exit status. SIGTERM (`kill`, `timeout`) and SIGHUP (the terminal
    closed) end it as Ctrl+Q does, with 143 and 129 as the shell reports them: by default they ended
    Python at once and left the terminal as the app had set it (the alternate screen, no cursor, no
    echo, every mouse move typed as text at the prompt). A second signal still ends it at once."""
    with _signals_quit(app):
        app.run()
    return app.return_code or 0


@contextlib.contextmanager
def _signals_quit(app):
    """While the app runs, SIGTERM and SIGHUP ask it to exit (from its own event loop) instead of
    ending the process; one ignored when the command started (under nohup) stays ignored."""
    import asyncio
    import signal

    def quit_app(signum, frame):
        signal.signal(signum, signal.SIG_DFL)          # a second one ends the process, stuck or not
        if signum == getattr(signal, "SIGHUP", None):
            _end_if_stuck(128 + signum)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:                            # not running yet, or no longer: nothing to restore
            signal.raise_signal(signum)
            return
        loop.call_soon_threadsafe(lambda: app.exit(return_code=128 + signum))

    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.getsignal(number) for number in numbers}
    for number in numbers:
        if previous[number] not in (signal.SIG_IGN, None):
            signal.signal(number, quit_app)
    try:
        yield
    finally:
        for number in numbers:
            if previous[number] is not None:
                signal.signal(number, previous[number])


HANGUP_GRACE = 5.0
"""Seconds the app has to end after its terminal closed before the process ends without it."""


def _end_if_stuck(status: int) -> None:
    """End the process with `status` if the app has not ended within HANGUP_GRACE seconds. With its
    terminal gone, the app's last writes (leaving the alternate screen, mouse off) can block for good:
    Textual's writer thread fails on the closed terminal and its queue fills, and the app stayed
    behind, asleep, after its tmux pane or terminal window closed. Nothing is lost: progress, saved
    networks and downloads are written whole (temp file, then rename) as they happen."""
    import os
    import threading

    timer = threading.Timer(HANGUP_GRACE, os._exit, args=(status,))
    timer.daemon = True
    timer.start()


def _run_lessons(args: argparse.Namespace) -> int:
    from workbench.course.files import load_course
    from workbench.i18n import language

    if args.dir is not None and not args.dir.is_dir():
        return fail(t("cli.lessons.no_folder", folder=args.dir))
    course = load_course(args.dir, language())
    if args.action == "check":
        from workbench.course.files import computed_problems

        problems = list(course.problems) + computed_problems(course)
        for problem in problems:
            tell(f"{_short(problem.path)}:{problem.line}: {problem.message}")
        steps = sum(len(lesson.steps) for lesson in course.lessons)
        if problems:
            say(t("cli.lessons.problems" + _one(len(problems)), count=len(problems), folder=_short(course.root)))
            return 1
        say(t("cli.lessons.valid", lessons=len(course.lessons), steps=steps, folder=_short(course.root)))
        return 0
    column = max((len(lesson.id) for lesson in course.lessons), default=0) + 2
    for chapter, title, lessons in course.chapters():
        say(t("home.chapter", chapter=chapter, title=title))
        for lesson in lessons:       # on a narrow terminal a long title goes on under itself
            tell(f"  {lesson.number:<5}{lesson.id:<{column}}{lesson.title}", hang=5 + column, listing=True)
    if course.read_problems:     # the panes' settings are checked by `lessons check`, not in a listing
        command = "workbench lessons check" + (f" --dir {shlex.quote(str(args.dir))}" if args.dir else "")
        count = len(course.read_problems)
        say(t("cli.lessons.some_problems" + _one(count), count=count, command=command))
    return 0


def _one(count: int) -> str:
    """The catalog key's ending for `count` things: ".one" for one ("1 problem", not "1 problem(s)")."""
    return ".one" if count == 1 else ""


def _run_panes(args: argparse.Namespace) -> int:
    """Every pane's settings, or those of the panes named (`workbench panes search`, which the --set
    help of `search` and `compare` points at: a list of 35 panes to search for one)."""
    from workbench.models.catalog import PANES, pane
    from workbench.models.settings import SettingError

    try:
        chosen = {name: pane(name) for name in args.names} or PANES
    except SettingError as exc:
        return fail(str(exc))
    for name, entry in chosen.items():
        tell(f"{name}: {entry.title}", hang=4, listing=True)
        for setting, allowed, default, help_text in entry.describe():
            label = entry.setting_label(setting)
            named = setting if label == setting else f"{setting} ({label})"   # the key to type, then its name
            line = f"    {named}: {allowed}; {t('settings.default', value=default)}"
            tell(line + (f" — {help_text}" if help_text else ""), hang=4, listing=True)
    return 0


def _run_data(args: argparse.Namespace) -> int:
    try:
        from workbench.datasets import console
    except ImportError as exc:
        return fail(t("cli.data.unavailable", reason=exc))
    if args.action == "status":
        return console.status(sys.stdout)
    if args.action == "download":
        return console.download(args.names or list(DATASET_NAMES), sys.stdout)
    return console.verify(sys.stdout)


def _short(path: Path) -> str:
    """`path` relative to the current folder when it is inside it, else whole; the current folder
    itself whole too (".:1: no lessons here", "1 problem(s) in ." named nothing)."""
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") and relative != "." else str(Path(path).resolve())
