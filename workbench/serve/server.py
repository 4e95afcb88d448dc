"""A textual-serve server made safe for a classroom, with the follow channel.

textual-serve starts one app process per browser (a fixed command; the browser only sends keys,
mouse, size and focus, which reach the app as terminal input) and relays the screen. On top of it:

- a join token when the server listens beyond this computer, checked on the page and its websocket;
- at most `max_sessions` apps at once (a clear page refuses more); idle ones end after `idle` seconds;
- each session its own state folder (a student's progress is not the instructor's), removed after;
- only the page, its static files, the websocket and the follow channel are served (no downloads);
- the follow channel (`workbench.classroom.channel`): the presenter posts, followers long-poll.
"""
from __future__ import annotations

import asyncio
import hmac
import html
import ipaddress
import json
import logging
import re
import secrets
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp_jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from workbench.classroom.channel import (FOLLOWER_ENV, HEARTBEAT, KEY_HEADER, LEAVE_PATH, POSITION_PATH, PRESENTER_LEAVE_PATH,
                                        PRESENTER_PATH, WAIT)
from workbench.classroom.kept_token import ALIVE_EVERY
from workbench.classroom.position import BadPosition, Position
from workbench.i18n import t

log = logging.getLogger("textual-serve")

MAX_WIDTH, MAX_HEIGHT = 400, 200
"""The largest terminal a browser may ask for (a bigger one would only cost memory)."""
MAX_INPUT = 64 * 1024
NO_TOKEN = "-"
LIVE_FOR = 3 * HEARTBEAT + 1
"""Seconds a presenter counts as live after it was last heard (it sends every HEARTBEAT)."""
WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>\s*", re.S)
ENDED = re.compile(r'(<div class="message">)Session ended\.(</div>\s*<button[^>]*>)Restart(</button>)')
"""textual-serve's words when a session ends (Ctrl+Q, idle, the server stopped), in English only."""
START = re.compile(r'(<button[^>]*id="start">)Start(</button>)')
"""textual-serve's button that starts a session opened with ?delay=1, in English only."""
INTRO = re.compile(r"<div>\{\{ application\.name or 'Textual Application' \}\}</div>")
"""The name under the logo while a session starts (seconds; longer while a whole class joins at once)."""
PAGE_STYLE = (".intro .message{word-break:keep-all;padding:0 16px}.intro button{white-space:nowrap}"
              ".intro{box-sizing:border-box;padding:0 24px}.intro svg{flex-shrink:0}"
              ".intro .starting{margin:12px 0 0;font-size:14px;opacity:.8;word-break:keep-all}"
              ".intro:has(#start.-delay) .starting{display:none}"
              "body{margin:0}.textual-terminal{height:100vh;height:100dvh}"
              ".dialog-container{position:fixed;inset:0;width:auto;height:auto}"
              ".intro{max-width:calc(100% - 32px);min-height:240px;height:auto;margin:16px;flex-wrap:wrap;align-content:center}</style>")
"""Korean breaks between words, as in the app (not inside 입력), and a button's label stays on one line; the
words saying the session starts are hidden while ?delay=1 waits for the Start button; the
logo keeps its size beside the words saying the session starts. On a phone: no margin around the
terminal, as tall as the window the browser's bars leave (100dvh: the footer and the classroom line
stayed under the address bar), and the dialogs saying the session starts or ended fixed in the window,
as wide as it: 640 px wide, centred in a 390 px window, they lost both ends of their words."""
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1, minimum-scale=1">'
"""A phone lays the page out at its own width (390 px), not a desktop's 980 scaled to a third; zoom stays."""
QUIT, CRASHED, IDLE, STOPPED, LOST = 4000, 4001, 4002, 1001, 1006
"""Why a session ended, as its websocket's close code: the app quit, the app ended on an error, no key
for the idle time, the server stopped (1001, "going away"). The page reads it and says why. LOST is the
browser's own (1006: no close from the server): the network dropped, or the server was killed outright;
the page said "quit, idle for 30 minutes, or the server stopped", and nothing of what to do."""
ENDED_BY_CODE = {QUIT: "quit", CRASHED: "crashed", IDLE: "idle", STOPPED: "stopped", LOST: "lost"}
SESSION_PING = 60.0
"""How often a session's websocket pings its browser (seconds); one that does not answer within half of it
more ends. A student's laptop asleep for a minute (the lid closed to change seats) keeps its workbench:
at textual-serve's 15 s, 40 s asleep ended it, and its student was left exploring nothing. A browser gone
for good holds its place at most 90 s (one closed as a tab says so at once)."""
END_WAIT = 3.0
"""How long an app that said it exits may take to end its process (a traceback printed, a follower's
goodbye sent), so its exit status says whether it quit or crashed (seconds)."""
TERMINAL_FONTS = "'Roboto Mono', Monaco, 'Courier New', monospace"
"""textual-serve's own stack for its terminal (Roboto Mono is its web font, not asked for here)."""
HANGUL_FONTS = ("D2Coding, 'D2Coding ligature', NanumGothicCoding, 'Noto Sans Mono CJK KR', 'Source Han Mono K', "
                "'Source Han Mono', 'Sarasa Mono K', 'Sarasa Term K', GulimChe, DotumChe, BatangChe, "
                "Menlo, Consolas, 'DejaVu Sans Mono', monospace")
"""The terminal's fonts in Korean: first monospace fonts whose Hangul is exactly two of their cells wide (free
coding fonts, Linux's fonts-noto-cjk, Korean Windows' GulimChe), so their Latin sets the cell and "결과" fills
its four cells; then the OS's monospace (macOS, Windows elsewhere), whose Hangul from another font leaves a
gap. With textual-serve's stack the Hangul of the browser's fallback, narrower than two cells, read "결 과"."""
FIT_COLUMNS, FIT_ROWS, LEAST_FONT = 80, 24, 10
"""The page's font is the one asked for (`?fontsize=`, 16 by default) or smaller, down to LEAST_FONT
pixels, so that the window holds FIT_COLUMNS × FIT_ROWS cells, the size the app is laid out for: a
projector's 1280×720 at font 28 gave 80×23, under the app's 24 rows, and showed only "too small"."""
PAGE_SCRIPT = """<script>{% raw %}
(function () {
  // The font asked for, or the largest smaller one at which the window holds the cells the app is laid out for,
  // measured in the terminal's own fonts as xterm.js measures a cell (its width in whole device pixels).
  // Set before textual.js opens the terminal (on load), which reads it from data-font-size; fitted again
  // once a resize settles (a projector plugged in, a window snapped). Below the least font (a phone held
  // upright) the terminal keeps its columns and rows at that font and the page scrolls to them.
  const LEAST = __LEAST__, COLUMNS = __COLUMNS__, ROWS = __ROWS__, SETTLE = 150, FONTS = __FONTS__;
  let asked = 16, shown = null;

  function cell(size) {
    const ratio = window.devicePixelRatio || 1;
    const probe = document.createElement("span");
    probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;line-height:normal;"
      + "font-family:" + FONTS + ";font-size:" + size + "px";
    probe.textContent = "W".repeat(50);
    document.body.appendChild(probe);
    const box = probe.getBoundingClientRect();
    probe.remove();
    return {across: Math.floor(box.width / 50 * ratio) / ratio, down: Math.ceil(box.height * ratio) / ratio};
  }

  function fit(terminal) {
    const width = window.innerWidth, height = window.innerHeight;
    let size = asked, found = cell(size);
    for (; size > LEAST; size--) {
      found = cell(size);
      if (Math.floor(width / found.across) >= COLUMNS && Math.floor(height / found.down) >= ROWS) { break; }
    }
    if (size === LEAST) { found = cell(size); }
    terminal.style.minWidth = Math.ceil(COLUMNS * found.across) + 2 + "px";
    terminal.style.minHeight = Math.ceil(ROWS * found.down) + 2 + "px";
    terminal.dataset.fontSize = String(size);
    return size;
  }

  // textual.js keeps its terminal to itself; its first property set after the terminal is made is caught
  // here, once, to give it the class's fonts before it opens and to refit the font later. A character
  // a font draws wider than its one cell (an arrow in a CJK font) is squeezed into it, not drawn over the next.
  Object.defineProperty(Object.prototype, "fitAddon", {
    configurable: true,
    set(value) {
      delete Object.prototype.fitAddon;
      Object.defineProperty(this, "fitAddon", {value: value, writable: true, configurable: true, enumerable: true});
      if (this.terminal && this.terminal.options) {
        shown = this;
        this.terminal.options.fontFamily = FONTS;
        this.terminal.options.rescaleOverlappingGlyphs = true;
      }
    },
  });

  document.addEventListener("DOMContentLoaded", () => {
    const terminal = document.getElementById("terminal");
    if (!terminal) { return; }
    asked = parseInt(terminal.dataset.fontSize, 10) || 16;
    fit(terminal);
    let settling = null;
    window.addEventListener("resize", () => {
      clearTimeout(settling);
      settling = setTimeout(() => {
        const size = fit(terminal);
        if (shown && shown.terminal.options.fontSize !== size) { shown.terminal.options.fontSize = size; }
        if (shown) { shown.fit(); }
      }, SETTLE);
    });
  });

  // xterm.js draws a cell's text on the ideographic baseline in Chromium, which for a CJK font is the
  // bottom of its ideographs, an eighth of an em above the font's own bottom ("bottom" is that line too):
  // the descenders of y, p and [ ] in Noto Sans Mono CJK fell out of the cell, cut off. Drawn on the
  // font's bottom instead, as xterm.js means (the same line for a font without ideographs).
  const descents = new Map();
  for (const Context of [window.CanvasRenderingContext2D, window.OffscreenCanvasRenderingContext2D]) {
    const baseline = Context && Object.getOwnPropertyDescriptor(Context.prototype, "textBaseline");
    if (!baseline) { continue; }
    for (const draw of ["fillText", "strokeText"]) {     // strokeText: xterm.js's underline skips descenders
      const native = Context.prototype[draw];
      Context.prototype[draw] = function (text, x, y, ...rest) {
        if (baseline.get.call(this) !== "ideographic") { return native.call(this, text, x, y, ...rest); }
        baseline.set.call(this, "alphabetic");
        if (!descents.has(this.font)) { descents.set(this.font, this.measureText("W").fontBoundingBoxDescent); }
        try {
          return native.call(this, text, x, y - descents.get(this.font), ...rest);
        } finally {
          baseline.set.call(this, "ideographic");
        }
      };
    }
  }

  // Why the session ended, from its websocket's close code (textual.js only shows that it did).
  const ended = ENDED;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("close", (event) => {
        const why = ended[event.code];
        const message = document.querySelector(".closed-dialog .message");
        if (why && message) { message.textContent = why; }
      });
    }
  };
})();
{% endraw %}</script>
"""
"""Put before textual.js: it makes the page's websocket, whose close code this reads."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return host == "localhost"
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SessionService(AppService):
    """One browser's app, with a state folder of its own; its page ends once its process has, with why."""

    def __init__(self, *args: Any, state_dir: str, end: Any, follower: str = "", **kwargs: Any):
        """`end(code)` closes the page's websocket with the close code that says why the app ended;
        `follower` is the id its app follows with (FOLLOWER_ENV), by which the server knows it follows."""
        super().__init__(*args, close=self._app_exits, **kwargs)
        self.state_dir = state_dir
        self.follower = follower
        self.end = end
        self._ending: asyncio.Task | None = None

    async def _app_exits(self) -> None:
        """The app said it exits (Textual's web driver does, on Ctrl+Q and on an error alike): its exit
        status, once its process ends, says which."""
        self._ending = asyncio.create_task(self._ended())

    async def run(self) -> None:
        """The app's output until it ends; its page ends then, also when it ended without a word (killed)."""
        await super().run()
        await self._ended()

    async def _ended(self) -> None:
        status = None
        if self._process is not None:
            try:
                status = await asyncio.wait_for(self._process.wait(), END_WAIT)
            except asyncio.TimeoutError:
                pass
        await self.end(CRASHED if status not in (None, 0) else QUIT)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment["WORKBENCH_STATE_DIR"] = self.state_dir
        environment["WORKBENCH_SERVED"] = "1"
        if self.follower:
            environment[FOLLOWER_ENV] = self.follower
        return environment


@dataclass
class Session:
    service: SessionService
    websocket: web.WebSocketResponse
    started: float = field(default_factory=time.monotonic)
    last_input: float = field(default_factory=time.monotonic)
    follower: str = ""
    """The id its app follows the presenter with (its requests say it), '' when the server does not follow."""


@dataclass
class Presenter:
    """The presenter's last position, its version (followers wait for a newer one) and when it was heard.
    Versions count on from this server's start time in microseconds, not from 0: a follower still holding
    the version of a server that restarted must never find it equal to the new one's and wait for news."""

    position: Position | None = None
    version: int = field(default_factory=lambda: time.time_ns() // 1000)
    heard: float = 0.0
    moved: float = field(default_factory=time.monotonic)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    last_heard: float = 0.0
    """When it was last heard, kept after it quit (`heard` is 0 then): a following session's idle time
    counts from it (`alive_at`)."""

    @property
    def live(self) -> bool:
        return self.heard and time.monotonic() - self.heard < LIVE_FOR

    def alive_at(self, now: float) -> float:
        """Its last sign of life: now while it is live (it says so every HEARTBEAT, moving or not), else
        when it was last heard (0.0: never)."""
        return now if self.live else self.last_heard

    def update(self, position: Position) -> None:
        """A presenter heard, where it is: followers waiting hear a move at once, and a presenter back at
        once too (gone quiet, its process paused or its network cut, then heard again where it was: its
        followers said they were waiting for it until their wait ran out, up to WAIT seconds more)."""
        back = not self.live
        self.heard = self.last_heard = time.monotonic()
        if position != self.position:
            self.position, self.version, self.moved = position, self.version + 1, self.heard
            self._wake_followers()
        elif back:
            self._wake_followers()

    def leave(self) -> None:
        """The presenter quit: it is no longer live, and the followers waiting hear it now (its last
        position stays, for them to keep showing and for those who join meanwhile)."""
        self.heard = 0.0
        self._wake_followers()

    def _wake_followers(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()


class ClassroomServer(Server):
    """`command` is the app every browser gets; `token` ('' for none) must be on every join URL."""

    def __init__(self, command: str, *, host: str, port: int, token: str, presenter_key: str,
                 max_sessions: int = 60, idle: float = 1800.0, follow: bool = False, title: str = "workbench",
                 alive: Callable[[], None] | None = None):
        super().__init__(command, host=host, port=port, title=title)
        self.join_host = host
        if follow and host not in ("0.0.0.0", "::", "") and not is_loopback(host):
            self.host = [host, "127.0.0.1"]   # aiohttp listens on both: the presenter posts from this computer
        self.token = token
        self.presenter_key = presenter_key
        self.max_sessions = max_sessions
        self.idle = idle
        self.follow = follow
        self.sessions: dict[str, Session] = {}
        self.presenter = Presenter()
        self.followers: dict[str, float] = {}
        """Follower id → when it last asked: every follower, a terminal's or a browser session's (whose app
        is `workbench follow` too, asking with an id of its own), is counted once by its id."""
        self.exploring: set[str] = set()
        """The ids of followers whose last request said their student explores on their own: counted apart."""
        self.left: set[str] = set()
        """The ids of followers that said they quit: a request of theirs still on its way counts them no more."""
        self._reaper: asyncio.Task | None = None
        self.alive = alive
        """Called every ALIVE_EVERY seconds while it serves: the command notes when its join token was last
        used (`kept_token`), so a server killed outright is timed from then, not from its start."""
        self._noting_alive: asyncio.Task | None = None
        self.stopped_by: int | None = None
        """The signal that stopped `serve` (SIGINT for Ctrl+C, SIGTERM), for the command's exit status."""

    # -- the web application ------------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        import jinja2

        app = web.Application(client_max_size=MAX_INPUT)
        aiohttp_jinja2.setup(app, loader=jinja2.DictLoader({"app_index.html": self.page_template()}))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, show_index=False, name="static"),
            web.post(PRESENTER_PATH, self.handle_presenter),
            web.get(POSITION_PATH, self.handle_position),
            web.post(LEAVE_PATH, self.handle_leave),
            web.post(PRESENTER_LEAVE_PATH, self.handle_presenter_left),
        ])
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    def page_template(self) -> str:
        """textual-serve's page without its web font: the room may be offline, and no student's browser
        should ask a third party for anything (the terminal's own monospace font follows it). While its
        session starts it says so, and once it ended, why, in the class's language; its tab is named."""
        from pathlib import Path

        from workbench.i18n import language

        page = (Path(self.templates_path) / "app_index.html").read_text(encoding="utf-8")
        ended = html.escape(t("classroom.page.ended", minutes=f"{self.idle / 60:g}"))
        again = html.escape(t("classroom.page.restart"))
        page = ENDED.sub(lambda match: f"{match[1]}{ended}{match[2]}{again}{match[3]}", page)
        starting = html.escape(t("classroom.page.starting"))      # a student who saw only a logo reloaded,
        name = html.escape(self.title)                            # which started their workbench again
        page = INTRO.sub(lambda match: f'<div>{name}<p class="starting">{starting}</p></div>', page)
        start = html.escape(t("classroom.page.start"))            # ?delay=1 waits for this button
        page = START.sub(lambda match: f"{match[1]}{start}{match[2]}", page)
        page = page.replace("</style>", PAGE_STYLE, 1).replace("<html>", f'<html lang="{language()}">', 1)
        page = page.replace("<head>", f"<head>\n    {VIEWPORT}\n    <title>{name}</title>", 1)   # the tab's name
        page = page.replace('<script src="{{ config.static.url }}js/textual.js">', self.ended_script()
                            + '<script src="{{ config.static.url }}js/textual.js">', 1)
        return WEB_FONT.sub("", page)

    def ended_script(self) -> str:
        """The page's script that says why its session ended (PAGE_SCRIPT), in the class's language, and
        gives the terminal the fonts for it."""
        from workbench.i18n import language

        minutes = f"{self.idle / 60:g}"
        said = {code: t(f"classroom.page.ended.{why}", minutes=minutes) for code, why in ENDED_BY_CODE.items()}
        text = json.dumps(said, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        script = PAGE_SCRIPT.replace("__COLUMNS__", str(FIT_COLUMNS)).replace("__ROWS__", str(FIT_ROWS))
        fonts = json.dumps(HANGUL_FONTS if language() == "ko" else TERMINAL_FONTS)
        script = script.replace("__LEAST__", str(LEAST_FONT)).replace("__FONTS__", fonts, 1)
        return script.replace("= ENDED;", f"= {text};", 1)

    def initialize_logging(self) -> None:
        """textual-serve's logging, without a line on the instructor's console for every request."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        self._reaper = asyncio.create_task(self._end_idle_sessions())
        if self.alive is not None:
            self._noting_alive = asyncio.create_task(self._note_alive())
        loop = asyncio.get_running_loop()      # textual-serve's handlers stop it alike; these say which came
        for number in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, self._stop_by, number)
            except (NotImplementedError, RuntimeError, ValueError):     # Windows, or a thread (the tests')
                break

    def _stop_by(self, number: int) -> None:
        self.stopped_by = number
        self.request_exit()

    async def on_shutdown(self, app: web.Application) -> None:
        for task in (self._reaper, self._noting_alive):
            if task is not None:
                task.cancel()
        self.presenter.changed.set()       # followers waiting for a move are answered now
        for session in list(self.sessions.values()):
            await session.websocket.close(code=STOPPED)

    def token_ok(self, given: str | None) -> bool:
        return not self.token or hmac.compare_digest((given or "").encode(), self.token.encode())

    def page(self, status: int, title: str, message: str) -> web.Response:
        """A page of its own (a wrong link, a full class), in the class's language, readable on a phone
        too: a student who opened the link there read it at a desktop's width, a tenth of its size."""
        from workbench.i18n import language

        body = (f"<!DOCTYPE html><html lang='{language()}'><head><meta charset='utf-8'>"
                "<meta name='viewport' content='width=device-width, initial-scale=1'>"
                f"<title>{html.escape(title)}</title>"
                "<style>body{font-family:sans-serif;background:#101820;color:#f0f0f0;display:flex;"
                "align-items:center;justify-content:center;height:90vh;margin:0}"
                "main{max-width:40em;font-size:1.4em;padding:0 1em;word-break:keep-all}"
                "</style></head><body><main>"
                f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></main></body></html>")
        return web.Response(status=status, text=body, content_type="text/html")

    def refusal(self, request: web.Request, token: str | None) -> web.Response | None:
        """The page that refuses this request (a wrong token, a full class), or None to let it in."""
        if not self.token_ok(token):
            return self.page(403, t("classroom.page.token_title"), t("classroom.page.token"))
        if len(self.sessions) >= self.max_sessions:
            full = "classroom.page.full.one" if self.max_sessions == 1 else "classroom.page.full"
            return self.page(503, t("classroom.page.full_title"), t(full, count=self.max_sessions))
        return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        token = request.query.get("token")
        refused = self.refusal(request, token)
        if refused is not None:
            return refused
        origin = f"{request.scheme}://{request.host}"
        socket = ("wss" if request.scheme == "https" else "ws") + f"://{request.host}/ws/{self.token or NO_TOKEN}"
        context = {"font_size": _font_size(request.query.get("fontsize")), "app_websocket_url": socket,
                   "config": {"static": {"url": f"{origin}/static/"}}, "application": {"name": self.title}}
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=SESSION_PING, max_msg_size=MAX_INPUT)
        await websocket.prepare(request)
        given = request.match_info["token"]
        if self.refusal(request, None if given == NO_TOKEN else given) is not None:
            await websocket.close(code=1008)
            return websocket
        width = _clamp(request.query.get("width"), 80, MAX_WIDTH)
        height = _clamp(request.query.get("height"), 24, MAX_HEIGHT)
        state_dir = tempfile.mkdtemp(prefix="workbench-session-")
        follower = secrets.token_hex(6) if self.follow else ""
        service = SessionService(self.command, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                 end=lambda code: websocket.close(code=code), download_manager=self.download_manager,
                                 debug=self.debug, state_dir=state_dir, follower=follower)
        session = Session(service, websocket, follower=follower)
        self.sessions[service.app_service_id] = session
        try:
            await service.start(width, height)
            await self._relay(websocket, session)
        except asyncio.CancelledError:
            pass
        except Exception as error:   # noqa: BLE001 - one session's failure must not stop the class
            log.exception(error)
        finally:
            self.sessions.pop(service.app_service_id, None)
            await service.stop()
            await websocket.close()
            shutil.rmtree(state_dir, ignore_errors=True)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, session: Session) -> None:
        """Pass keys, sizes and focus from the browser to the app; anything else is ignored."""
        service = session.service
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
                continue
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                session.last_input = time.monotonic()
                await service.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                session.last_input = time.monotonic()
                await service.set_terminal_size(_clamp(data.get("width"), 80, MAX_WIDTH),
                                                _clamp(data.get("height"), 24, MAX_HEIGHT))
            elif kind == "ping" and isinstance(data, str) and len(data) < 64:
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _end_idle_sessions(self) -> None:
        """End sessions idle for `idle` seconds (`idle_since`), checked a few times in that time."""
        while True:
            await asyncio.sleep(max(1.0, min(30.0, self.idle / 4)))
            now = time.monotonic()
            for session in list(self.sessions.values()):
                if now - self.idle_since(session, now) > self.idle:
                    log.info("ending an idle session")
                    await session.websocket.close(code=IDLE)

    async def _note_alive(self) -> None:
        while True:
            await asyncio.sleep(ALIVE_EVERY)
            self.alive()

    def idle_since(self, session: Session, now: float) -> float:
        """Since when a session is idle: its last key, or the presenter's last move while the server follows;
        a session that follows (its app asked lately, with its id, and does not explore) is watching the
        presenter, not idle, so from the presenter's last sign of life, which is now while it publishes
        (a class that listens to one step for half an hour was sent home: their keys and the presenter's
        moves were all that counted). One exploring on its own counts its own keys only: the presenter's
        moves, which it does not see, kept a student who had walked away from it (tidy51)."""
        since = session.last_input
        if self.follow and session.follower not in self.exploring:
            since = max(since, self.presenter.moved)
        if self.follows(session.follower):
            since = max(since, self.presenter.alive_at(now))
        return since

    def follows(self, follower: str) -> bool:
        """Whether the follower with this id asked lately and follows (not exploring on its own, not gone)."""
        return bool(follower) and follower in self._recent() and follower not in self.exploring \
            and follower not in self.left

    # -- the follow channel -------------------------------------------------------------------

    def presenters_request(self, request: web.Request) -> bool:
        """Whether the request is the presenter's: from this computer, with the presenter key."""
        return is_loopback(request.remote or "") and hmac.compare_digest(
            request.headers.get(KEY_HEADER, "").encode(), self.presenter_key.encode())

    async def handle_presenter(self, request: web.Request) -> web.Response:
        """The presenter's position: only from this computer, only with the presenter key."""
        if not self.presenters_request(request):
            raise web.HTTPForbidden()
        try:
            position = Position.from_json(await request.json())
        except (ValueError, BadPosition):
            raise web.HTTPBadRequest() from None
        self.presenter.update(position)
        return web.json_response({"join": self.join_url, "followers": self.follower_count,
                                  "exploring": self.explorer_count})

    async def handle_position(self, request: web.Request) -> web.Response:
        """The presenter's position, once newer than `after` (or after WAIT seconds)."""
        if not self.token_ok(request.query.get("token")):
            raise web.HTTPForbidden()
        after = _clamp(request.query.get("after"), -1, 1 << 62, low=-1)
        follower = request.query.get("id", "")
        if 0 < len(follower) <= 32 and follower not in self.left:
            self.followers[follower] = time.monotonic()
            if request.query.get("exploring") == "1":
                self.exploring.add(follower)
            else:
                self.exploring.discard(follower)
            if len(self.followers) > 10 * self.max_sessions:
                self.followers.clear()
                self.exploring.clear()
        presenter = self.presenter
        if presenter.version == after:
            wait = WAIT
            if presenter.live:           # answer once it would go quiet, so followers hear that soon
                wait = min(WAIT, max(0.5, presenter.heard + LIVE_FOR - time.monotonic() + 0.1))
            try:
                await asyncio.wait_for(presenter.changed.wait(), wait)
            except asyncio.TimeoutError:
                pass
        position = presenter.position       # encoded once for every follower (`Position.body`)
        body = b'{"version": %d, "live": %s, "position": %s}' % (
            presenter.version, b"true" if presenter.live else b"false", b"null" if position is None else position.body)
        return web.Response(body=body, content_type="application/json")

    async def handle_presenter_left(self, request: web.Request) -> web.Response:
        """The presenter quit (as the presenter: from this computer, with its key)."""
        if not self.presenters_request(request):
            raise web.HTTPForbidden()
        self.presenter.leave()
        return web.Response(status=204)

    async def handle_leave(self, request: web.Request) -> web.Response:
        """A follower that quits says so and stops counting at once; one that goes away without a word
        stops counting WAIT + 10 s after it last asked (`follower_count`)."""
        if not self.token_ok(request.query.get("token")):
            raise web.HTTPForbidden()
        follower = request.query.get("id", "")
        if 0 < len(follower) <= 32:
            self.followers.pop(follower, None)
            self.exploring.discard(follower)
            if len(self.left) >= 10 * self.max_sessions:
                self.left.clear()
            self.left.add(follower)
        return web.Response(status=204)

    @property
    def follower_count(self) -> int:
        """Followers heard from lately that follow, by their ids: a browser session's app asks with one as a
        terminal's does (counting sessions too counted each browser twice), and a session that does not
        follow (a server without --follow) asks nothing and is not counted. Those exploring on their own
        are counted apart (`explorer_count`): the count said they followed."""
        return sum(1 for follower in self._recent() if follower not in self.exploring)

    @property
    def explorer_count(self) -> int:
        """Followers heard from lately whose students left following to explore on their own."""
        return sum(1 for follower in self._recent() if follower in self.exploring)

    def _recent(self) -> list[str]:
        recent = time.monotonic() - WAIT - 10
        return [follower for follower, seen in self.followers.items() if seen > recent]

    @property
    def join_url(self) -> str:
        return join_url(self.join_host, self.port, self.token)


def check_can_listen(host: str, port: int) -> None:
    """Raise OSError when the server could not listen on `host`:`port` (the port taken, a host that is
    no address of this computer), so that is said before the join URL, not after it."""
    import socket

    for family, kind, proto, _, address in socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                              flags=socket.AI_PASSIVE):
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)     # as the server's own socket
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            probe.bind(address)


def listen_problem(error: OSError) -> str:
    """Why listening failed, in the learner's language for the usual causes, else the system's words."""
    import errno
    import socket

    if isinstance(error, socket.gaierror):
        return t("classroom.serve.unknown_host")
    known = {errno.EADDRINUSE: "classroom.serve.in_use", errno.EADDRNOTAVAIL: "classroom.serve.not_here",
             errno.EACCES: "classroom.serve.denied"}
    key = known.get(error.errno)
    return t(key) if key else str(error.strerror or error)


def join_url(host: str, port: int, token: str) -> str:
    """The address students open: this computer's address in the room when listening on all of them."""
    shown = host
    if host in ("0.0.0.0", "::", ""):
        shown = _room_address()
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def _room_address() -> str:
    """This computer's address on the network (no packet is sent), else its name."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def new_token() -> str:
    return secrets.token_urlsafe(9)


def _clamp(value: Any, default: int, high: int, low: int = 1) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)


def _font_size(value: str | None) -> int:
    return _clamp(value, 16, 40, low=8)
