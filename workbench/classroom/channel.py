"""The follow channel: the presenter publishes its position to the server, followers long-poll it.

All of it is plain HTTP with JSON bodies, on the standard library, in daemon threads, so the app's
UI thread never waits on the network:

    POST /classroom/presenter          the presenter's position (from 127.0.0.1, with the presenter key)
    GET  /classroom/position?after=V   the position once its version passes V (or after WAIT seconds)
    POST /classroom/leave?id=F         follower F quits: it stops counting at once
    POST /classroom/presenter/leave    the presenter quits: followers hear it has gone at once

The presenter key is made by `workbench serve` and left for `workbench present --share` in the user's
state folder (readable by that user only); a student's follower needs only the join URL's token.
"""
from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from workbench.classroom import figures as pane_figures
from workbench.classroom.position import BadPosition, Position

DEFAULT_PORT = 8000
WAIT = 15.0
"""How long the server holds a follower's request open when nothing moves (seconds)."""
HEARTBEAT = 2.0
"""How often the presenter says it is still there, moving or not (seconds)."""
PRESENTER_PATH = "/classroom/presenter"
POSITION_PATH = "/classroom/position"
LEAVE_PATH = "/classroom/leave"
PRESENTER_LEAVE_PATH = "/classroom/presenter/leave"
LEAVE_TIMEOUT = 1.0
"""How long a quitting follower waits to tell the server it has gone (seconds): its process ends after."""
KEY_HEADER = "X-Workbench-Presenter"
FOLLOWER_ENV = "WORKBENCH_FOLLOWER_ID"
"""The id a browser session's app follows with, given by `workbench serve`: the server then knows which
session follows the presenter, and keeps it while the presenter is live (watching is not being idle)."""


def follower_id() -> str:
    """A follower's id: the one `workbench serve` gave its session (FOLLOWER_ENV), else a new random one."""
    given = os.environ.get(FOLLOWER_ENV, "")
    if 0 < len(given) <= 32 and given.isalnum():
        return given
    import uuid

    return uuid.uuid4().hex[:12]


class BadURL(ValueError):
    """A follow URL that is not an http(s) address of a workbench server."""


def _is_host(name: str) -> bool:
    """An IP address, or a name of dot-separated labels of letters, digits, - and _ ("a b" is none:
    urlsplit takes any text before the port as the host)."""
    import ipaddress

    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    labels = name[:-1].split(".") if name.endswith(".") else name.split(".")
    return bool(name) and all(label and all(c.isalnum() or c in "-_" for c in label) for label in labels)


@dataclass(frozen=True)
class Address:
    """A server's base URL (scheme, host and port) and the token its join URL carries, if any."""

    base: str
    token: str = ""
    follower: str = ""
    """A follower's random id, so the server can count followers (never anything about the student)."""
    found: bool = False
    """A presenter's address found on this computer (`present --share` without a URL, `local_address`), not
    given: sharing looks for the server again, on whatever port, while none answers there."""
    exploring: bool = False
    """A follower whose student left following to explore on their own: the server counts them apart."""

    @classmethod
    def parse(cls, url: str) -> "Address":
        """`http://host:port/?token=…` (or just `host:port`) → its base and token; BadURL otherwise."""
        url = url.strip()
        if "://" not in url:
            url = "http://" + url
        try:
            parts = urllib.parse.urlsplit(url)
        except ValueError:                  # "http://[::1/": an IPv6 address without its "]"
            raise BadURL(url) from None
        if parts.scheme not in ("http", "https") or not _is_host(parts.hostname or ""):
            raise BadURL(url)
        if any(c.isspace() or not c.isprintable() for c in url):   # "http://h:8000/?token=a b" is no join URL
            raise BadURL(url)
        try:
            parts.port
        except ValueError:
            raise BadURL(url) from None
        token = urllib.parse.parse_qs(parts.query).get("token", [""])[0]
        return cls(f"{parts.scheme}://{parts.netloc}", token)

    @property
    def join_url(self) -> str:
        return f"{self.base}/" + (f"?token={self.token}" if self.token else "")

    def with_id(self, follower: str) -> "Address":
        return Address(self.base, self.token, follower)

    @property
    def short_join_url(self) -> str:
        """The join URL without "http://" when its host is an IP address: what a browser's address bar
        and `workbench follow` take as it is, in a line that must fit one row at 80 columns. A host's
        name keeps it (a browser may search for "name:8000/…" instead of opening it)."""
        import ipaddress

        parts = urllib.parse.urlsplit(self.base)
        try:
            ipaddress.ip_address(parts.hostname or "")
        except ValueError:
            return self.join_url
        return self.join_url.removeprefix("http://")

    def position_url(self, after: int) -> str:
        return f"{self.base}{POSITION_PATH}?{urllib.parse.urlencode({'after': str(after)} | self._follower_query)}"

    def leave_url(self) -> str:
        return f"{self.base}{LEAVE_PATH}?{urllib.parse.urlencode(self._follower_query)}"

    @property
    def _follower_query(self) -> dict[str, str]:
        return ({"token": self.token} if self.token else {}) | ({"id": self.follower} if self.follower else {}) \
            | ({"exploring": "1"} if self.exploring else {})

    @property
    def port(self) -> int:
        parts = urllib.parse.urlsplit(self.base)
        return parts.port or (443 if parts.scheme == "https" else 80)


# -- the presenter key, left by the server for the presenter on this computer ---------------------

def key_file(port: int) -> Path:
    from workbench.course.progress import state_dir

    return state_dir() / "classroom" / f"serve-{port}.json"


def write_key(port: int, key: str, join_url: str) -> Path:
    """Leave the presenter key for `workbench present --share` (temp file, then rename; mode 600)."""
    path = key_file(port)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump({"key": key, "join": join_url, "pid": os.getpid()}, out)
    os.replace(temp, path)
    return path


def read_key(port: int) -> str | None:
    try:
        data = json.loads(key_file(port).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    key = data.get("key") if isinstance(data, dict) else None
    return key if isinstance(key, str) else None


def remove_key(port: int) -> None:
    try:
        key_file(port).unlink()
    except OSError:
        pass


def local_servers() -> list[int]:
    """The ports of the `workbench serve --follow` servers running on this computer for this user, lowest
    first, by the keys they left (`write_key`); a key whose server is gone without removing it (killed)
    is passed over."""
    ports = []
    for path in key_file(0).parent.glob("serve-*.json"):
        port = path.stem[len("serve-"):]
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536 and isinstance(data, dict)
                and isinstance(data.get("key"), str)):
            continue
        pid = data.get("pid")
        if isinstance(pid, int) and not isinstance(pid, bool) and pid > 0 and not _running(pid):
            continue
        ports.append(int(port))
    return sorted(ports)


def local_address(port: int = DEFAULT_PORT) -> Address:
    """Where `workbench present --share` without a URL publishes: the server on this computer at `port`,
    found (`local_servers`), or the default port while there is none (a server started after the
    presenter is looked for again: `found_server`)."""
    return Address(f"http://127.0.0.1:{port}", found=True)


def found_server() -> tuple[Address, str] | None:
    """The address and key of the one server running on this computer (None: none, or several): a
    presenter sharing without a URL moves to it when its address does not answer (a server started after
    it, or started again on another port)."""
    ports = local_servers()
    key = read_key(ports[0]) if len(ports) == 1 else None
    return (local_address(ports[0]), key) if key else None


def _running(pid: int) -> bool:
    """Whether process `pid` runs; True where that cannot be told (Windows: signal 0 there would end it)."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):     # another user's (PermissionError): it runs
        return True
    return True


# -- both ends -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChannelState:
    """What a publisher or subscriber last heard: `ok`, and the server's `join` URL, `followers` count and
    the count of those `exploring` on their own (publisher), whether a presenter is `live` (subscriber), or why it failed (`problem`:
    "unreachable": nothing answered; "lost": nothing answers any more, where it did (a subscriber's class
    ended, or its network dropped); "renewed": the token refused where it was taken (the class's server
    started again with a new join URL); "refused": the server refused the key or the token; "rejected":
    it answered and refused what was sent or asked, as a server of another version does; "unreadable":
    the presenter's position does not read here, as from a presenter of another version; "no-key")."""

    ok: bool
    problem: str = ""
    join: str = ""
    followers: int = 0
    exploring: int = 0
    live: bool = False


class _Worker:
    def __init__(self, name: str):
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self) -> "_Worker":
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._wake.set()

    def _loop(self) -> None:
        raise NotImplementedError


class Publisher(_Worker):
    """Sends the presenter's latest position to the server at once, and every HEARTBEAT seconds; nothing
    before the app publishes its first (an empty home position sent first made waiting followers go home
    before the lesson the presenter started on)."""

    def __init__(self, address: Address, key: str | None, on_state: Callable[[ChannelState], None],
                 find_key: Callable[[], str | None] | None = None,
                 find_server: Callable[[], tuple[Address, str] | None] | None = None):
        """`find_key` reads the server's key again when there was none or the server refused it (a
        server started after the presenter, or restarted with a new key); `find_server` (an address
        found, not given) looks for the server and its key again then, and when nothing answers (a
        server started again on another port)."""
        super().__init__("classroom-publisher")
        self.address, self.key, self.on_state, self.find_key = address, key, on_state, find_key
        self.find_server = find_server
        self._latest: Position | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Stop sending, and tell the server the presenter has gone: its followers hear it at once, not
        once it stops counting as live (a few heartbeats), so a presenter who restarts their app is
        gone, then back (their followers keep the last run meanwhile). Told from a thread that is not a
        daemon, so a quitting app's process waits for it, at most LEAVE_TIMEOUT."""
        leaving = not self._stop.is_set() and bool(self.key) and self._thread.is_alive()
        super().close()
        if leaving:
            threading.Thread(target=self._leave, name="classroom-presenter-leave").start()

    def _leave(self) -> None:
        self._thread.join(LEAVE_TIMEOUT)    # a send still under way would make the presenter live again
        request = urllib.request.Request(self.address.base + PRESENTER_LEAVE_PATH, method="POST", data=b"",
                                         headers={KEY_HEADER: self.key})
        try:
            with urllib.request.urlopen(request, timeout=LEAVE_TIMEOUT):
                pass
        except (OSError, ValueError):       # the server is gone, or of a version without it: it times out there
            pass

    def publish(self, position: Position) -> None:
        with self._lock:
            self._latest = position
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                position = self._latest
            if position is not None:
                self.on_state(self._send(position))
            self._wake.wait(HEARTBEAT)
            self._wake.clear()

    def _send(self, position: Position) -> ChannelState:
        state = self._post(position)
        found = None
        if state.problem in ("no-key", "refused", "unreachable") and self.find_server is not None:
            found = self.find_server()
        elif state.problem in ("no-key", "refused") and self.find_key is not None:
            key = self.find_key()
            found = (self.address, key) if key else None
        if found is not None and found != (self.address, self.key):
            self.address, self.key = found
            state = self._post(position)
        return state

    def _post(self, position: Position) -> ChannelState:
        if not self.key:
            return ChannelState(False, "no-key")
        request = urllib.request.Request(self.address.base + PRESENTER_PATH, method="POST",
                                         data=position.body,
                                         headers={"Content-Type": "application/json", KEY_HEADER: self.key})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                data = json.loads(response.read(65536))
        except urllib.error.HTTPError as exc:
            return ChannelState(False, refusal(exc))
        except (OSError, ValueError):
            return ChannelState(False, "unreachable")
        return ChannelState(True, join=str(data.get("join", "")), followers=int(data.get("followers", 0)),
                            exploring=int(data.get("exploring", 0)))


class Subscriber(_Worker):
    """Long-polls the server and calls `on_position` with each new position of the presenter."""

    def __init__(self, address: Address, on_position: Callable[[Position], None],
                 on_state: Callable[[ChannelState], None], wait: float = WAIT):
        super().__init__("classroom-subscriber")
        self.address, self.on_position, self.on_state, self.wait = address, on_position, on_state, wait
        self.version = -1
        self.unreadable = False
        """Whether the presenter's last position did not read here (a presenter of another version)."""
        self.reached = False
        """Whether the server ever answered: a class that stops answering is "lost", not "unreachable" (whose
        words ask the student to check the address they typed, which worked)."""

    def close(self) -> None:
        """Stop polling, and tell the server this follower has gone: the presenter's count drops at its
        next heartbeat, not once the follower's last request is old (WAIT + 10 s). Told from a thread
        that is not a daemon, so a quitting app's process waits for it, at most LEAVE_TIMEOUT."""
        leaving = not self._stop.is_set() and bool(self.address.follower)
        super().close()
        if leaving:
            threading.Thread(target=self._leave, name="classroom-leave").start()

    def explore(self, exploring: bool) -> None:
        """The student left following to explore (True) or follows again: the server hears it now, from a
        request of its own (the poll under way may be held for WAIT seconds), and from every poll after."""
        if exploring == self.address.exploring or self._stop.is_set():
            return
        self.address = replace(self.address, exploring=exploring)
        threading.Thread(target=self._tell, args=(self.address.position_url(-1),), name="classroom-explore",
                         daemon=True).start()

    @staticmethod
    def _tell(url: str) -> None:
        try:
            with urllib.request.urlopen(url, timeout=LEAVE_TIMEOUT) as response:
                response.read(65536)
        except (OSError, ValueError):       # the next poll says it
            pass

    def _leave(self) -> None:
        request = urllib.request.Request(self.address.leave_url(), method="POST", data=b"")
        try:
            with urllib.request.urlopen(request, timeout=LEAVE_TIMEOUT):
                pass
        except (OSError, ValueError):       # the server is gone or refuses: the follower times out there
            pass

    def _loop(self) -> None:
        last_state = None
        while not self._stop.is_set():
            state, delay = self._poll()
            if self._stop.is_set():
                break
            if state != last_state:
                self.on_state(state)
                last_state = state
            if delay:
                self._wake.wait(delay)

    def _poll(self) -> tuple[ChannelState, float]:
        try:
            with urllib.request.urlopen(self.address.position_url(self.version), timeout=self.wait + 10) as response:
                data = json.loads(response.read(65536))
        except urllib.error.HTTPError as exc:
            refused = refusal(exc)
            return ChannelState(False, "renewed" if refused == "refused" and self.reached else refused), 5.0
        except (OSError, ValueError):
            return ChannelState(False, "lost" if self.reached else "unreachable"), 1.0
        if self._stop.is_set() or not isinstance(data, dict):
            return ChannelState(False, "lost" if self.reached else "unreachable"), 1.0
        self.reached = True
        version, live = data.get("version"), bool(data.get("live"))
        if isinstance(version, int) and version != self.version:
            self.version = version
            raw = data.get("position")
            if raw is not None:
                position = read_where(raw)
                if position is None:
                    self.unreadable = True
                else:
                    self.unreadable = False
                    self.on_position(position)
        if self.unreadable:
            return ChannelState(False, "unreadable", live=live), 0.0 if live else 0.5
        return ChannelState(True, live=live), 0.0 if live else 0.5


def refusal(error: urllib.error.HTTPError) -> str:
    """What a server's HTTP error says: "refused" (the key or the token), else "rejected" (the server
    answered, and refused what was sent or asked: a server of another version of workbench)."""
    return "refused" if error.code in (401, 403) else "rejected"


def read_where(raw: object) -> Position | None:
    """The position `raw` describes; with its run alone, or where it is alone, if only its figures, or its
    run, do not read (a presenter of a later version is still followed); None if not even that. Figures of
    a kind this workbench does not know come as NewerFigures, for the follower to say they need an update."""
    try:
        return Position.from_json(raw)
    except BadPosition:
        pass
    if not isinstance(raw, dict):
        return None
    newer = pane_figures.newer(raw.get("figures"))
    for without in ({"figures": None}, {"run": None, "figures": None}):
        try:
            return replace(Position.from_json(raw | without), figures=newer)
        except BadPosition:
            continue
    return None
