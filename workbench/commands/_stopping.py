"""A console's answer to a Ctrl+C after the first, shared by `train`'s console and the other jobs' (light:
`train` is imported by listings and help, which must not load the models)."""
from __future__ import annotations

from workbench.i18n import t


class SaysStillStopping:
    """What a console running a job does with a Ctrl+C after the first (`JobConsole` and `train`'s Console)."""

    live: bool
    still_said = False

    def still_stopping(self) -> None:
        """A Ctrl+C after the first: heard, said once, and the step under way still ends first (nothing
        done is lost). On a terminal the "^C" it echoed is rubbed out, not left on a line of its own."""
        if self.live:
            self.write("\r\x1b[K")
        if not self.still_said:
            self.still_said = True
            self.say(t("cli.still_stopping"))
