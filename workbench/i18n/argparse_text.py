"""argparse's own words (`usage:`, `options:`, its error lines) from the catalog, in the current language.

argparse translates every message it writes with `gettext` (and `ngettext`), looked up when the
message is written. `install()` points those two names inside the argparse module at the catalog, so
`workbench --lang ko --help` says 사용법 and 옵션, and `workbench lesson` says which argument is
missing in Korean. A message the catalog does not know is written as argparse wrote it.
"""
from __future__ import annotations

import argparse
import re

from workbench.i18n import t
from workbench.i18n.cells import NO_BREAK, cell_len, wrap

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


EXAMPLE = re.compile(r"^(\s*\S.*?\s{2,})(\S.*)$")
"""An example line: a command, two or more spaces, then what it does (which wraps under itself)."""
MIN_BODY = 20
"""The fewest cells an example's description wraps in; with less room it wraps under the line's indent."""


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help wrapped by screen cells, not characters: a Hangul syllable takes two cells, so
    Korean help ran past the terminal's edge. The description and epilog keep their own line breaks
    (examples line up in columns) and each line too long is wrapped: an example's description under
    itself, any other line under its own indent."""

    def _format_usage(self, usage, actions, groups, prefix) -> str:
        """The usage lines, measured in cells: argparse counts the prefix's characters, so under the
        Korean "사용법: " (three syllables, six cells) every continuation line began three cells left of
        the options it continues, and the first line ran past the width it had. A stand-in prefix of
        ASCII as wide on screen is laid out, then the real one put in its place."""
        prefix = argparse._("usage: ") if prefix is None else prefix
        stand_in = "u" * cell_len(prefix)
        laid_out = super()._format_usage(usage, actions, groups, stand_in)
        return prefix + laid_out[len(stand_in):]

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = re.sub(rf"[^\S{NO_BREAK}]+", " ", text).strip()     # NO_BREAK kept: it holds
        return _prose_lines(_opened_asides(text, width), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            if cell_len(indent + line) <= width:
                lines.append(indent + line if line.strip() else "")
                continue
            example = EXAMPLE.match(line)
            if example and cell_len(indent + example.group(1)) <= width - MIN_BODY:
                head, body = indent + example.group(1), example.group(2)
                hang = " " * cell_len(head)
            elif example:  # no room beside the command: its description on the lines under it, not split across
                command = indent + example.group(1).rstrip()
                hang = command[:len(command) - len(command.lstrip())] + "    "
                lines.append(command)
                lines.extend(hang + piece for piece in _prose_lines(example.group(2), max(10, width - len(hang))))
                continue
            else:        # a paragraph; a command at the left margin hangs, text further in wraps under itself
                head = indent + line[:len(line) - len(line.lstrip())]
                body = line.strip()
                if lines and cell_len(head) > width - MIN_BODY and cell_len(head + body) > width:
                    # an example's description on its own line, set far right under a long command:
                    # under that command as the others without room beside theirs, not in a sliver
                    head = lines[-1][:len(lines[-1]) - len(lines[-1].lstrip())] + "    "
                hang = head + ("    " if 0 < len(head) <= 4 else "")
                if body.startswith("workbench "):
                    lines.extend(_command_lines(body, head, hang, width))
                    continue
            pieces = _prose_lines(body, max(10, width - len(hang)))
            lines.append(head + pieces[0])
            lines.extend(hang + piece for piece in pieces[1:])
        return "\n".join(lines)


def _opened_asides(text: str, width: int) -> str:
    """`text` with a space before the parenthesis of each word wider than `width` cells: Korean sets an
    aside onto its word (`cli.option_help`), and "신경망(simple|deep|two-layer|multi-layer|multi-layer-extend;"
    was one word wider than the help's column, cut inside a name ("…multi-layer-exten" / "d;")."""
    def opened(word: str) -> str:
        at = word.find("(", 1)
        return word[:at] + " " + word[at:] if at > 0 and cell_len(word) > width else word
    return " ".join(opened(word) for word in text.split(" "))


def _prose_lines(text: str, width: int) -> list[str]:
    """`text` in lines of `width` cells, a number kept with its name and its unit, numbers written in a
    row together ("(chapter" / "6)" and "5" / "epochs" before; `workbench.textout.keep_together`)."""
    from workbench.textout import keep_together

    return [line.replace(NO_BREAK, " ") for line in wrap(keep_together(text, width), width)]


def _command_lines(command: str, head: str, hang: str, width: int) -> list[str]:
    """An example command too long for a line, as a shell would take it: broken before an option,
    each line but the last ending in " \\", so that it still runs when copied (wrapped at any space,
    "--train-size" ended a line, its 300 began the next, and a quoted --set value was cut in two).
    A command without an option to break before wraps at its spaces."""
    groups: list[str] = []
    for word in _shell_words(command):
        if word.startswith("-") or not groups:
            groups.append(word)
        else:
            groups[-1] += " " + word
    lines = [head + groups[0]]
    for group in groups[1:]:
        if cell_len(lines[-1] + " " + group + " \\") <= width:
            lines[-1] += " " + group
        else:
            lines[-1] += " \\"
            lines.append(hang + group)
    if len(lines) == 1 or any(cell_len(line) > width for line in lines):
        pieces = _prose_lines(command, max(10, width - len(hang)))
        return [head + pieces[0]] + [hang + piece for piece in pieces[1:]]
    return lines


def _shell_words(command: str) -> list[str]:
    """The words of a command as a shell splits it, each kept as typed ("runs=a; b" in its quotes)."""
    words, word, quote = [], "", None
    for char in command:
        if quote is not None:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == " ":
            if word:
                words.append(word)
            word = ""
            continue
        word += char
    return words + ([word] if word else [])
