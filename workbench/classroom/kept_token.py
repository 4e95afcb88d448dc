"""The join token a `workbench serve` keeps for the next server on its port, and when it expires.

A server started again during a class (the instructor's network dropped, the laptop restarted) gives
the room the same join URL, so the students' pages and `workbench follow` terminals find it again. A
link from another class must not open today's: a kept token is reused only if its server was last
alive less than KEEP_FOR ago. Hours since the server stopped, not "the same day": a lunch break keeps
the link, a class started after midnight is not cut in two, and next week's class (or this afternoon's
other group, three hours on) gets a link of its own. The server says it is alive every ALIVE_EVERY
seconds, so a server killed outright (kill -9, the power gone) is timed from its last minute, not from
its start. The file is written as a temp file, then renamed; mode 600.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

KEEP_FOR = 3 * 3600.0
"""How long after its server stopped a join token is reused (seconds): more than a lunch break."""
ALIVE_EVERY = 60.0
"""How often a running server notes that it is alive (seconds)."""


@dataclass(frozen=True)
class KeptToken:
    """What the state folder holds for a port and host: `token` to reuse ('' for none) and `age`, the
    seconds since the server that used it was last alive (None when nothing usable was kept)."""

    token: str = ""
    age: float | None = None

    @property
    def expired(self) -> bool:
        """A token was kept, but from too long ago (or a clock moved back past it): a new one is made."""
        return self.age is not None and not self.token


def token_file(port: int) -> Path:
    from workbench.classroom.channel import key_file

    return key_file(port).with_name(f"token-{port}.json")


def kept_token(port: int, host: str, now: float) -> KeptToken:
    """The token the last server on `port` and `host` used, if it was alive less than KEEP_FOR before
    `now` (a wall-clock time: it must outlive the process)."""
    try:
        data = json.loads(token_file(port).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return KeptToken()
    if not isinstance(data, dict) or data.get("host") != host:
        return KeptToken()
    token, alive = data.get("token"), data.get("alive")
    if not (isinstance(token, str) and 8 <= len(token) <= 64 and token.isprintable()):
        return KeptToken()
    if isinstance(alive, bool) or not isinstance(alive, (int, float)):
        return KeptToken()      # a file of class52's, which never said when: not reused
    age = now - alive
    if age < -ALIVE_EVERY:      # kept "in the future": this clock was set back; its age means nothing
        return KeptToken()
    age = max(age, 0.0)         # a clock corrected by a few seconds since
    return KeptToken(token if age < KEEP_FOR else "", age)


def keep_token(port: int, host: str, token: str, now: float) -> None:
    """Keep the join token of the server on `port` and `host`, alive at `now`, for the next one (temp
    file, then rename; mode 600). A read-only state folder keeps nothing: the next server makes a new one."""
    path = token_file(port)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        temp.unlink(missing_ok=True)        # one left by a crash keeps its mode; O_CREAT gives 600 only anew
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"token": token, "host": host, "alive": now}, out)
        os.replace(temp, path)
    except OSError:
        pass
