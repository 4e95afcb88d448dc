"""`workbench serve [--host 127.0.0.1] [--port 8000] [--max-sessions 60] [--idle-minutes 30] [--follow] [--new-token]`.

Every browser that opens the URL gets its own workbench (textual-serve runs one app process per
browser). Listening beyond this computer needs --host, and then the join URL carries a random token
that the server checks, the same as the last server's on that host and port if it stopped less than
KEEP_FOR (3 hours) ago, unless --new-token: a server started again during a class is found again by the
students' pages and terminals, and last week's link opens nothing. It says which at start. Listening on
this computer only, it says how the room would join instead.
textual-serve is imported only when this command runs. Ctrl+C stops it with
exit status 130 and `kill` (SIGTERM) with 143, as every other command.
"""
from __future__ import annotations

import argparse
import shlex
import signal
import sys
import time

from workbench.classroom.kept_token import KEEP_FOR, KeptToken
from workbench.i18n import t

ORDER = 71
wall_clock = time.time
"""When the join token is kept and read: a time that outlives the process (a test sets its own clock)."""


def register(subparsers) -> None:
    from workbench.cli import number, whole_number

    parser = subparsers.add_parser("serve", help=t("classroom.serve.help"), description=t("classroom.serve.description"))
    parser.add_argument("--host", default="127.0.0.1", help=t("classroom.serve.host"))
    parser.add_argument("--port", type=whole_number, default=8000, help=t("classroom.serve.port"))
    parser.add_argument("--max-sessions", type=whole_number, default=60, metavar="N", help=t("classroom.serve.max_sessions"))
    parser.add_argument("--idle-minutes", type=number, default=30.0, metavar="M", help=t("classroom.serve.idle"))
    parser.add_argument("--follow", action="store_true", help=t("classroom.serve.follow"))
    parser.add_argument("--new-token", action="store_true",
                        help=t("classroom.serve.new_token", hours=f"{KEEP_FOR / 3600:g}"))
    parser.set_defaults(run=run)


def session_command(lang: str, follow_url: str | None) -> str:
    """The command each browser's app runs: this Python, this workbench, fixed arguments only."""
    argv = [sys.executable, "-m", "workbench", "--lang", lang]
    if follow_url is not None:
        argv += ["follow", follow_url]
    return shlex.join(argv)


def room_command(args: argparse.Namespace) -> str:
    """This command as it would let the room join: on every address, the same port and --follow."""
    argv = ["workbench", "serve", "--host", "0.0.0.0"] + (["--port", str(args.port)] if args.port != 8000 else [])
    return shlex.join(argv + (["--follow"] if args.follow else []))


def how_long(seconds: float) -> str:
    """A time gone by as an instructor says it: 1 minute (under a minute too), 50 minutes, 3 hours, 2 days."""
    minutes = max(1, round(seconds / 60))
    if minutes < 90:
        count, unit = minutes, "minute"
    elif seconds < 36 * 3600:
        count, unit = round(seconds / 3600), "hour"
    else:
        count, unit = round(seconds / 86400), "day"
    return t(f"classroom.serve.{unit}" if count == 1 else f"classroom.serve.{unit}s", count=count)


def token_news(kept: KeptToken, asked_new: bool) -> str:
    """What the instructor is told of the join token at start ('' when there was none to keep): reused,
    or new, and why, so a link on last week's slides is not thought to work, nor today's to have changed."""
    if asked_new:
        return t("classroom.serve.asked_token") if kept.token else ""
    if kept.token:
        return t("classroom.serve.same_token", ago=how_long(kept.age))
    if kept.expired:
        return t("classroom.serve.expired_token", ago=how_long(kept.age), hours=f"{KEEP_FOR / 3600:g}")
    return ""


def tell(text: str) -> None:
    """A line of prose; on a terminal broken at words to its width (a URL is never split)."""
    import shutil

    from workbench.cli import say
    from workbench.i18n.cells import wrap

    if sys.stdout is not None and sys.stdout.isatty():
        text = "\n".join(wrap(text, shutil.get_terminal_size((80, 24)).columns - 1))
    say(text)


def run(args: argparse.Namespace) -> int:
    import secrets

    from workbench.cli import fail, say
    from workbench.classroom.channel import local_servers, remove_key, write_key
    from workbench.classroom.kept_token import keep_token, kept_token
    from workbench.commands.train import signal_label
    from workbench.i18n import language

    if not 1 <= args.port <= 65535:
        return fail(t("classroom.serve.bad_port", port=args.port))
    if args.max_sessions < 1:
        return fail(t("classroom.serve.bad_sessions", count=args.max_sessions))
    if not args.idle_minutes > 0:
        return fail(t("classroom.serve.bad_idle", minutes=f"{args.idle_minutes:g}"))     # as typed: -1, not -1.0
    try:
        from workbench.serve.server import (ClassroomServer, check_can_listen, is_loopback, join_url,
                                            listen_problem, new_token)
    except ImportError as exc:
        return fail(t("classroom.serve.missing", reason=exc))
    try:
        check_can_listen(args.host, args.port)
        if args.follow and args.host not in ("0.0.0.0", "::", "") and not is_loopback(args.host):
            check_can_listen("127.0.0.1", args.port)        # the presenter's way in, beside that address
    except OSError as exc:
        return fail(t("classroom.serve.busy", host=args.host, port=args.port, reason=listen_problem(exc)))

    local = is_loopback(args.host)
    kept = KeptToken() if local else kept_token(args.port, args.host, wall_clock())
    token = "" if local else (not args.new_token and kept.token) or new_token()
    inside = "127.0.0.1" if local or args.host in ("0.0.0.0", "::", "") else args.host
    follow_url = f"http://{inside}:{args.port}/" + (f"?token={token}" if token else "") if args.follow else None
    server = ClassroomServer(session_command(language(), follow_url), host=args.host, port=args.port, token=token,
                             presenter_key=secrets.token_urlsafe(24), max_sessions=args.max_sessions,
                             idle=args.idle_minutes * 60, follow=args.follow,
                             alive=None if local else lambda: keep_token(args.port, args.host, token, wall_clock()))
    url = join_url(args.host, args.port, token)
    if not local:
        tell(t("classroom.serve.warning", host=args.host))
        say(f"    {url}")
        keep_token(args.port, args.host, token, wall_clock())
        news = token_news(kept, args.new_token)
        if news:
            tell(news)
    tell(t("classroom.serve.listening", url=url, count=args.max_sessions))
    if local:               # its URL, on the projector, opens nothing on a student's computer
        tell(t("classroom.serve.local_only"))
        say(f"    {room_command(args)}")          # on a line of its own, as the room's join URL: copied whole
    if args.follow:
        write_key(args.port, server.presenter_key, url)
        alone = local_servers() == [args.port]      # `present --share` finds it by its key, whatever its port
        share = "" if alone else f" http://127.0.0.1:{args.port}"
        tell(t("classroom.serve.present", command=f"workbench present --share{share}"))
    sys.stdout.flush()
    try:
        server.serve()
    except OSError as exc:
        return fail(t("classroom.serve.busy", host=args.host, port=args.port, reason=listen_problem(exc)))
    finally:
        if not local:       # its last sign of life: the token is kept KEEP_FOR from now
            keep_token(args.port, args.host, token, wall_clock())
        if args.follow:
            remove_key(args.port)
    number = server.stopped_by or signal.SIGINT     # else Ctrl+C came before its handler: run_app's KeyboardInterrupt
    say(t("classroom.serve.stopped", signal=signal_label(number)))
    if not local:           # a restart in a break keeps the room's link; next week's class gets another
        tell(t("classroom.serve.token_kept", hours=f"{KEEP_FOR / 3600:g}"))
    return 128 + number                             # as `train` and the other commands stopped: 130, 143
