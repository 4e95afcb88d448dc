"""`workbench serve` in a real browser (Debian's Chromium through Playwright), issue 20: each browser its
own workbench, keys, following the presenter, detaching and rejoining, the session limit and the token."""
from __future__ import annotations

import urllib.request

import pytest

from browser_session import START, Tab, browser, serve, stop  # noqa: F401 - browser is a fixture
from workbench.classroom.channel import Address, Publisher
from workbench.classroom.position import Position

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    served = serve(tmp_path_factory.mktemp("served"), "--follow", "--max-sessions", "4")
    yield served
    stop(served)


@pytest.fixture
def presenter(served):
    states = []
    publisher = Publisher(Address(f"http://127.0.0.1:{served.port}"), served.presenter_key, states.append).start()
    publisher.publish(Position())          # at home, as an app that starts there publishes first
    yield publisher
    publisher.publish(Position())          # back home, for the next test
    publisher.close()


def test_a_browser_gets_the_home_screen_opens_a_lesson_and_steps_with_keys(served, browser):
    tab = Tab(browser, served.url)
    try:
        tab.wait_for("Chapter 1 · Hello Python", START)
        tab.wait_for("Waiting for the presenter")            # --follow, and no presenter yet
        tab.wait_for("1.1  NumPy arrays and broadcasting")
        tab.press("Enter")                                   # the first lesson, as in a terminal
        tab.wait_for("Step 1/7")
        tab.press("ArrowRight")
        tab.wait_for("Step 2/7 · Two dimensions")
        tab.press("ArrowLeft")
        tab.wait_for("Step 1/7")
    finally:
        tab.close()


def test_a_browser_follows_the_presenter_detaches_on_a_key_and_rejoins_with_F(served, browser, presenter):
    tab = Tab(browser, served.url)
    try:
        tab.wait_for("Following the presenter", START)     # the presenter is live (at home) already
        presenter.publish(Position("perceptron", 1))
        tab.wait_for("Step 2/5", 5)
        tab.wait_for("Following the presenter")
        presenter.publish(Position("perceptron", 2))
        assert tab.wait_for("Step 3/5", 5) < 2.0             # within a second or so, on a busy machine too
        tab.press("ArrowLeft")                               # the student's own key
        tab.wait_for("Exploring on your own")
        tab.wait_for("Step 2/5")
        presenter.publish(Position("perceptron", 3))
        tab.stays_without("Step 4/5", 1.5)                   # detached: the presenter's move is not followed
        tab.press("Shift+F")
        tab.wait_for("Step 4/5", 5)
        tab.wait_for("Following the presenter")
    finally:
        tab.close()


def test_a_wrong_token_is_refused_and_a_full_class_turns_students_away(tmp_path, browser):
    served = serve(tmp_path, "--host", "0.0.0.0", "--max-sessions", "1")
    try:
        log = served.output.read_text()
        assert "Warning: listening on 0.0.0.0" in log
        token = served.url.partition("?token=")[2]
        assert len(token) >= 12
        local = f"http://127.0.0.1:{served.port}/"
        wrong = browser.new_page()
        wrong.goto(local + "?token=not-" + token)
        assert "Not this link" in wrong.inner_text("body")
        wrong.goto(local)
        assert "Not this link" in wrong.inner_text("body")
        wrong.close()
        first = Tab(browser, f"{local}?token={token}")
        first.wait_for("Chapter 2 · Perceptrons", START)
        second = browser.new_page()
        second.goto(f"{local}?token={token}")
        assert "The class is full" in second.inner_text("body") and "The one place of this class is taken" in second.inner_text("body")
        second.close()
        first.close()
    finally:
        stop(served)


def test_a_session_quit_with_ctrl_q_says_it_was_quit_not_why_else_it_might_have_ended(served, browser):
    """The page read "quit, idle for 30 minutes, or the server stopped" after any end, a crash too; its
    websocket's close code now says which (a crash: tests/test_classroom_channel.py, with a fake app)."""
    tab = Tab(browser, served.url)
    try:
        tab.wait_for("? Help", START)       # home, or the step where an earlier test's presenter left the class
        tab.press("Control+q")
        tab.page.wait_for_selector("body.-closed", timeout=20_000)
        assert tab.page.inner_text(".closed-dialog .message") == "This workbench has ended: it was quit (Ctrl+Q)."
    finally:
        tab.close()


@pytest.mark.parametrize("viewport, font, asked", [((1280, 720), 28, "width=80&height=24"),
                                                   ((1366, 768), 40, "width=85&height=24")])
def test_a_projectors_page_at_a_large_font_still_asks_for_80_by_24(served, browser, viewport, font, asked):
    """1280×720 at ?fontsize=28 gave 80×23, under the app's 24 rows: the page takes the largest font up to
    the one asked for at which the window holds 80×24 (27 there; a laptop's default 16 is left alone)."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        with page.expect_websocket(timeout=20_000) as opened:
            page.goto(f"{served.url}&fontsize={font}" if "?" in served.url else f"{served.url}?fontsize={font}")
        assert opened.value.url.endswith("?" + asked), opened.value.url
    finally:
        page.close()


def _sizes_sent(page) -> list[tuple[int, int]]:
    """Every terminal size the page asks its app for from now on: on its websocket's URL, then in textual.js's
    "resize" messages (none while the terminal keeps xterm's first 80×24)."""
    import json
    from urllib.parse import parse_qs, urlsplit

    sizes = []

    def opened(socket):
        asked = parse_qs(urlsplit(socket.url).query)
        sizes.append((int(asked["width"][0]), int(asked["height"][0])))
        socket.on("framesent", sent)

    def sent(payload):
        try:
            kind, data = json.loads(payload)[:2]
        except (ValueError, TypeError):
            return
        if kind == "resize":
            sizes.append((data["width"], data["height"]))

    page.on("websocket", opened)
    return sizes


def _until(page, condition, seconds: float = 20.0):
    import time

    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "not in time"
        page.wait_for_timeout(50)


def test_a_resized_window_refits_the_font_to_hold_80_by_24_without_a_reload(served, browser):
    """The font was chosen as the page loaded: a window shrunk (a laptop's window snapped to half) then held
    59×17 at the projector's 27 px, the app too small, until a reload started a new workbench. The page now
    fits the font again once a resize settles, by the same rule: the largest up to the one asked for."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    sizes = _sizes_sent(page)
    try:
        page.goto(f"{served.url}&fontsize=28" if "?" in served.url else f"{served.url}?fontsize=28")
        _until(page, lambda: sizes)
        assert sizes[-1] == (80, 24)
        page.set_viewport_size({"width": 960, "height": 540})
        _until(page, lambda: page.evaluate("document.getElementById('terminal').dataset.fontSize") != "27")
        _until(page, lambda: sizes[-1][0] >= 80 and sizes[-1][1] >= 24)
        page.wait_for_timeout(500)                          # and it stays so
        assert sizes[-1][0] >= 80 and sizes[-1][1] in (24, 25), sizes      # the rows bind: the largest font
        page.set_viewport_size({"width": 1280, "height": 720})
        _until(page, lambda: sizes[-1] == (80, 24))       # 27 px again, not 106×32 at the smaller font
    finally:
        page.close()


@pytest.mark.parametrize("viewport", [(390, 844), (844, 390)])
def test_a_phone_lays_the_page_out_at_its_own_width_and_reaches_all_80_columns(served, browser, viewport):
    """Without a viewport tag a phone laid the page out 980 px wide and showed it at 0.4: 6 px text.
    Upright (390 px), the least font (10 px) holds 65 columns: the terminal keeps 80, and the page scrolls
    sideways to the rest (a smaller font, 8 px, would fit them but not be read). Sideways, 80×24 fits.
    The dialogs saying the session starts or ended stay in the window (640 px wide, they lost both ends)."""
    from workbench.serve.server import LEAST_FONT

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, device_scale_factor=3,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    sizes = _sizes_sent(page)
    try:
        page.goto(served.url)
        _until(page, lambda: sizes)
        width, height = sizes[-1]
        laid = page.evaluate("[innerWidth, document.documentElement.scrollWidth, visualViewport.scale,"
                             " +document.getElementById('terminal').dataset.fontSize]")
        assert laid[0] == viewport[0] and laid[2] == 1 and laid[3] >= LEAST_FONT, laid
        assert width >= 80 and height >= 24, sizes
        if viewport[0] < 400:
            assert laid[1] > viewport[0]                   # the page scrolls to the last columns
            page.evaluate("window.scrollTo(10000, 0)")
            _until(page, lambda: page.evaluate("scrollX") > 0)
        else:
            assert laid[1] == viewport[0]                  # nothing to scroll to
        page.evaluate("document.body.classList.add('-closed')")     # as when the session ends
        box = page.evaluate("(() => { const r = document.querySelector('.closed-dialog .intro')"
                            ".getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })()")
        assert 0 <= box[0] and box[1] <= viewport[0] and 0 <= box[2] and box[3] <= viewport[1], box
    finally:
        context.close()
