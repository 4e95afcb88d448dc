"""`workbench follow URL`: the app following the presenter of a class, in this terminal.

`workbench serve --follow` runs the same command for every browser session.
"""
from __future__ import annotations

import argparse
import shlex

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
    from workbench.classroom.channel import Address, BadURL
    from workbench.cli import _needs_terminal, _run_app, fail

    try:
        address = Address.parse(args.url)
    except BadURL:
        return fail(t("classroom.follow.bad_url", url=shlex.quote(args.url)))    # '' when empty, quoted with a space
    problem = _needs_terminal()
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    return _run_app(make_app(lang=args.lang, follow=address, glyph_mode=args.glyphs))
