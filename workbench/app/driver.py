"""Escape answered promptly: Textual's terminal driver, with its escape wait kept short.

A terminal sends the Escape key as the byte ESC, which also begins the sequences of arrows, function
keys and the mouse, so a program must wait a moment after an ESC to know which it was. Textual waits
``ESCDELAY`` milliseconds (100 by default) — but notices that the wait is over only when its input
thread next wakes, which it does every 100 ms when nothing is typed. Escape (close the palette, the
settings, leave a pane) so took 100–200 ms before the app even saw it: about 135 ms from outside in
tmux, with 10 ms of work in the app (benchmarks/bench_keys.py).

Here the input thread wakes when the wait is over, and the wait is 30 ms unless ``ESCDELAY`` says
otherwise: fish's default wait, well above the few milliseconds within which the bytes of one key's
sequence arrive (a terminal writes them at once; tmux 3.5 waits 10 ms). Textual keeps the wait in
``textual.constants.ESCAPE_DELAY`` (from ``ESCDELAY`` when it was first imported, else 100 ms); the
driver sets it there as its input thread starts, so it holds whatever imported Textual first.

A SIGCONT restarts the application mode only after the app suspended itself (Ctrl+Z, SIGTSTP). Textual
restarted it on every SIGCONT: a process stopped from outside and continued (`kill -STOP`, then `-CONT`;
tmux resuming its pane) kept its threads and got another input and output thread each time, which drew
a follower's steps up to 27 s late and kept the process alive after Ctrl+Q, on a blank screen.
"""
from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

ESCAPE_DELAY_MS = 30
"""The app's escape wait when ``ESCDELAY`` is not set (Textual's own default is 100)."""

IDLE_WAKE = 0.1
"""How often the input thread wakes when no escape is pending (Textual's figure)."""


class PromptEscapeDriver(LinuxDriver):
    """Textual's Linux driver; its input thread wakes as soon as an escape's wait is over, and a SIGCONT
    resumes the application mode only if the app suspended it."""

    def _sigcont_application(self, *args) -> None:
        if self._must_signal_resume:         # set as Ctrl+Z suspended the app: its terminal was given back
            super()._sigcont_application(*args)

    def run_input_thread(self) -> None:
        """Textual's loop (LinuxDriver.run_input_thread), with the select timeout cut to the
        escape wait while an ESC may be pending."""
        from textual import constants

        if not os.environ.get("ESCDELAY", "").strip():
            constants.ESCAPE_DELAY = ESCAPE_DELAY_MS / 1000
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode
        escape_wait = constants.ESCAPE_DELAY + 0.002   # a hair past the parser's deadline
        pending = False

        def process(events: list, final: bool = False) -> bool:
            """Feed what was read to the parser; True while an ESC may still be waiting."""
            esc = False
            for index, (_key, mask) in enumerate(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and index == len(events) - 1)
                    if not data:
                        break
                    esc = esc or "\x1b" in data
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)
            return esc

        try:
            while not self.exit_event.is_set():
                got = selector.select(escape_wait if pending else IDLE_WAKE)
                pending = process(got) or (pending and bool(got))
            selector.unregister(self.fileno)
            process(selector.select(IDLE_WAKE), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
