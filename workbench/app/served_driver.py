"""A served session's app ends with its server: Textual's web driver, which otherwise outlives it.

`workbench serve` runs one app per browser, reading the server's bytes on stdin and writing the page's on
stdout. When the server's process ends without ending its apps first (killed, or out of time as it
stops), Textual's web driver lets its input thread end at the pipe's end of file and keeps the app
running with nobody to see it: a follower went on asking a server that was gone, writing frames into a
broken pipe, for as long as the machine ran (a leaked one took 63 % of a core and 3.7 GB). Here the app
exits as soon as its input ends or its output cannot be written.
"""
from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class ServedDriver(WebDriver):
    """Textual's web driver; the app exits once the server's end of its pipes is gone."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        write = self._write

        def write_or_end(data: bytes) -> None:
            try:
                write(data)
            except OSError:              # BrokenPipeError: nobody reads the page's bytes any more
                self.server_gone()

        self._write = write_or_end
        self.gone = False
        """Whether the server was found gone (its input ended, or writing to it failed)."""

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():         # the input ended by itself, not as the app stops
            self.server_gone()

    def server_gone(self) -> None:
        """Write nothing more, and end the app (from any thread): the server's side of the pipes is closed."""
        if self.gone:
            return
        self.gone = True
        self._write = _discard
        self.send_message(messages.ExitApp())


def _discard(data: bytes) -> None:
    """Where a gone server's bytes go."""
