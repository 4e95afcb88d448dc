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
if _signal.getsignal(_signal.SIGINT) is not _signal.SIG_IGN:   # ignored from the start (a background job of
    _signal.signal(_signal.SIGINT, _interrupted_while_starting)   # a script), Ctrl+C stays ignored, as Python keeps it


def _stopped_while_starting(signum, frame):
    _stopped_while_starting.received.append(signum)


_stopped_while_starting.during_startup = True
_stopped_while_starting.received = []
"""SIGTERM and SIGHUP are kept until the command is known: `train` says it stopped before training
started, any other command ends by the signal as it would have (cli.main)."""
for _name in ("SIGTERM", "SIGHUP"):
    _number = getattr(_signal, _name, None)
    if _number is not None and _signal.getsignal(_number) is not _signal.SIG_IGN:   # nohup's stays ignored
        _signal.signal(_number, _stopped_while_starting)


def start() -> int:
    """Run the `workbench` command; its exit status."""
    from workbench.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(start())
