"""argparse's own words (`usage:`, `options:`, its error lines) from the catalog, in the current language.

argparse translates every message it writes with `gettext` (and `ngettext`), looked up when the
message is written. `install()` points those two names inside the argparse module at the catalog, so
`workbench --lang ko --help` says 사용법 and 옵션, and `workbench lesson` says which argument is
missing in Korean. A message the catalog does not know is written as argparse wrote it.
"""
from __future__ import annotations

import argparse

from workbench.i18n import t

MESSAGES = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "the following arguments are required: %s": "cli.argparse.required",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected %s argument": "cli.argparse.expected_n",
    "expected %s arguments": "cli.argparse.expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "cli.argparse.unknown_parser",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
}
"""argparse's message (its gettext msgid, Python 3.10 to 3.13) → the catalog key of its translation."""


def gettext(message: str) -> str:
    key = MESSAGES.get(message)
    return t(key) if key else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Route argparse's translation hooks to the catalog (they read the language each time they run)."""
    argparse._ = gettext
    argparse.ngettext = ngettext
