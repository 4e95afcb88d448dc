"""`workbench follow URL`: the app following the presenter of a class, in this terminal.

`workbench serve --follow` runs the same command for every browser session.
"""
from __future__ import annotations

import argparse
import ipaddress
import shlex
import urllib.parse

from workbench.i18n import t

ORDER = 72


def register(subparsers) -> None:
    from workbench.cli import add_glyphs_option

    parser = subparsers.add_parser("follow", help=t("classroom.follow.help"),
                                   description=t("classroom.follow.description"))
    parser.add_argument("url", metavar="URL", help=t("classroom.follow.url"))
    add_glyphs_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import _needs_terminal, _run_app, fail

    address, problem = join_address(args.url)
    if problem:
        return fail(problem)
    problem = _needs_terminal()
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    return _run_app(make_app(lang=args.lang, follow=address, glyph_mode=args.glyphs))


def join_address(url: str):
    """(the Address of `url`, None), or (None, why it cannot be a class's join URL): checked before
    the app starts, which would otherwise ask "http://nonsense" for the presenter's step for ever.

    A join URL is what `workbench serve` prints: http(s), a host, and a token unless the server
    listens only on this computer (then the host is a loopback address, and there is no token).
    """
    from workbench.classroom.channel import Address, BadURL

    shown = shlex.quote(url)           # '' when empty, quoted with a space
    scheme = url.strip().partition("://")[0].lower() if "://" in url else ""
    if scheme and scheme not in ("http", "https"):
        return None, t("classroom.follow.bad_scheme", url=shown, scheme=scheme)
    try:
        address = Address.parse(url)
    except BadURL:
        return None, t("classroom.follow.bad_url", url=shown)
    if not address.token and not _on_this_computer(urllib.parse.urlsplit(address.base).hostname or ""):
        return None, t("classroom.follow.no_token", url=shown)
    return address, None


def _on_this_computer(host: str) -> bool:
    """Whether `host` names this computer (localhost, 127.0.0.1, ::1): a server there needs no token."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
