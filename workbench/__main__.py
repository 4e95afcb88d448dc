"""The `workbench` script's entry point (`start`); `python -m workbench` runs the same command.

Importing the command (workbench.cli and what it imports) takes some 30 ms, and a Ctrl+C in that time
would end in a traceback from whatever line was being imported. So before anything else this module
makes SIGINT end the process at once with 130, as a Ctrl+C does later (quietly: nothing has been said
yet), and `cli.main` puts Python's KeyboardInterrupt back first thing, inside its own handling of it.
Only the script and `python -m` import this module, never the library or the tests.
"""
import _signal   # signal's C half: the module `signal` imports enum first, some 5 ms more of window
import os


def _interrupted_while_starting(signum, frame):
    os._exit(128 + _signal.SIGINT)          # 130, as the shell reports a Ctrl+C; no traceback, no cleanup due


_interrupted_while_starting.during_startup = True   # what cli.main looks for before putting Python's back
_signal.signal(_signal.SIGINT, _interrupted_while_starting)


def start() -> int:
    """Run the `workbench` command; its exit status."""
    from workbench.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(start())
