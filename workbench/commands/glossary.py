"""`workbench glossary [WORD]`: the course's terms in English and Korean, for a plain console or a projector
without the app.

    workbench glossary                 every term
    workbench glossary 기울기           the terms whose English, Korean or library name contains the word
    workbench --lang ko glossary affine

Each entry is the term in the reader's language and in the other, the library's name, the meaning and the
step that introduces it: the same data and search as the app's glossary (`workbench.course.glossary`).
A word that matches nothing says so, with exit status 1.
"""
from __future__ import annotations

import argparse
import sys

from workbench.i18n import t

ORDER = 40
"""After the app's own commands (lesson … data), before those that compute in the console (train …)."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("glossary", help=t("glossary.cli.help"), description=t("glossary.cli.description"),
                                   epilog=t("cli.glossary.examples"))
    parser.add_argument("word", nargs="*", metavar="WORD", help=t("glossary.cli.word"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli import say, tell
    from workbench.course.files import load_course
    from workbench.course.glossary import load_glossary, search
    from workbench.i18n import language

    glossary = load_glossary()
    if glossary.problems:
        count = len(glossary.problems)
        tell(t("glossary.cli.problems" + (".one" if count == 1 else ""), count=count, first=str(glossary.problems[0])))
    query = " ".join(args.word)
    found = search(glossary.terms, query)
    if not found:
        tell(t("glossary.no_match", query=query), sys.stderr)
        return 1
    lang, course = language(), load_course(lang=language())
    for index, term in enumerate(found):
        if index:
            say()
        tell(entry_head(term, lang), hang=2, listing=True)
        tell("  " + term.means(lang), listing=True)
        where = entry_step(course, term)
        if where:
            tell("  " + where, listing=True)
    return 0


def entry_head(term, lang: str) -> str:
    """"backpropagation · 오차역전파법 · SoftmaxWithLoss": the reader's language first, the library's name last."""
    other = term.en if lang == "ko" else term.ko
    names = [term.name(lang)] + ([other] if other != term.name(lang) else []) + ([term.code] if term.code else [])
    return " · ".join(names)


def entry_step(course, term) -> str:
    """"introduced in 3.2 step 4 (One matrix product)", or "" when the course has no such step."""
    from workbench.course.glossary import step_of

    found = step_of(course, term)
    if found is None:
        return ""
    lesson, index = found
    return t("glossary.cli.introduced", number=lesson.number, step=index + 1, title=lesson.steps[index].title)
