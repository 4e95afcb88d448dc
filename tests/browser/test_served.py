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
        tab.wait_for("Chapter 2 · Perceptrons", START)
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
