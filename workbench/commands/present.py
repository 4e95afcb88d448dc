"""`workbench present [LESSON] [--step N] [--share [URL]]`: the app in presenter mode, for a projector.

With --share the app publishes every step to `workbench serve --follow` on this computer, using the
presenter key the server left in the user's state folder. Without a URL it finds that server by its key,
whatever its port (`workbench.classroom.channel.local_servers`): a teacher who started `workbench serve
--follow --port 8765` types `workbench present --share`, as the server's own line says. A lesson written
after --share (`present --share 7.2`) is the lesson, not the server's URL.

A lesson starts at its first step unless --step says another: an instructor starting a class expects the
lesson's beginning, not the step they last looked at while preparing (`workbench lesson` resumes there).
"""
from __future__ import annotations

import argparse
import shlex

from workbench.i18n import t

ORDER = 70
FIND = ""
"""--share without a URL: the server on this computer, found (several: the teacher says which)."""


def register(subparsers) -> None:
    from workbench.cli import add_glyphs_option, whole_number

    parser = subparsers.add_parser("present", help=t("classroom.present.help"),
                                   description=t("classroom.present.description"),
                                   epilog=t("cli.present.examples"))
    parser.add_argument("lesson", nargs="?", metavar="LESSON", help=t("classroom.present.lesson"))
    parser.add_argument("--step", type=whole_number, metavar="N", help=t("classroom.present.step"))
    parser.add_argument("--share", nargs="?", const=FIND, metavar="URL", help=t("classroom.present.share"))
    add_glyphs_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from workbench.classroom.channel import Address, BadURL, local_address, local_servers
    from workbench.cli import _needs_terminal, _run_app, fail, lesson_and_step
    from workbench.course.files import load_course
    from workbench.i18n import language

    course = load_course(None, language())
    if args.lesson is None and args.share and _names_a_lesson(course, args.share):
        args.lesson, args.share = args.share, FIND      # `present --share 7.2`: --share took the lesson for its URL
    if args.lesson is None and args.step is not None:
        return fail(step_needs_lesson(course, args.step))
    share = None
    if args.share == FIND:
        ports = local_servers()
        if len(ports) > 1:                  # which is the class's is the teacher's to say
            urls = [local_address(port).base for port in ports]
            return fail(t("classroom.present.several", urls=", ".join(urls), url=urls[-1]))
        share = local_address(*ports)
    elif args.share is not None:
        try:
            share = Address.parse(args.share)
        except BadURL:
            return fail(t("classroom.follow.bad_url", url=shlex.quote(args.share)))
    lesson_id, step = None, None
    if args.lesson is not None:
        lesson, problem = lesson_and_step(course, args.lesson, args.step)
        if problem:
            return fail(problem)
        lesson_id, step = lesson.id, (args.step - 1 if args.step is not None else 0)   # a class starts at its beginning
    problem = _needs_terminal()
    if problem:
        return fail(problem)
    from workbench.app.app import make_app

    return _run_app(make_app(course=course, lesson_id=lesson_id, step=step, lang=args.lang, presenting=True,
                             share=share, glyph_mode=args.glyphs))


EXAMPLE_LESSON = "7.1"


def step_needs_lesson(course, step: int) -> str:
    """--step without a lesson, with an example that runs as it is copied: at the step given when the
    example's lesson has it, else at step 2 ('workbench present --step 0' was shown
    'workbench present 7.1 --step 0', which was then refused for its step)."""
    from workbench.cli import lesson_and_step
    from workbench.i18n.numbers import grouped

    _, problem = lesson_and_step(course, EXAMPLE_LESSON, step)
    return t("cli.step_needs_lesson", step=grouped(step), lesson=EXAMPLE_LESSON, example=2 if problem else step)


def _names_a_lesson(course, text: str) -> bool:
    """Whether `text`, given to --share, is a lesson (`7.2`, `im2col`) rather than a URL: argparse gives
    --share the word after it, and `workbench present --share 7.2` shared to http://7.2:80 from the home
    screen, saying no server answered on port 80. A URL has a scheme or a port (as `serve` prints it)."""
    from workbench.cli import _find_lesson

    return "://" not in text and ":" not in text and _find_lesson(course, text) is not None
