"""A student's page whose class server went away says what happened and what to do: the server killed
outright (the instructor's laptop, or the network, dropped: the browser's close code 1006, nothing from
the server) said "it was quit, had no key for 30 minutes, or the class server stopped", and a server
stopped with Ctrl+C "the class server stopped", neither what to do; both now say Start again rejoins
once it is back."""
from __future__ import annotations

import os
import signal

import pytest

from browser_session import START, Tab, browser, serve, stop  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("how, said", [
    (signal.SIGKILL, "This workbench lost the class server: this computer slept, the network dropped, or the "
                     "server stopped. Start again rejoins the class, once its server is back."),
    (signal.SIGTERM, "This workbench has ended: the class server stopped. If the class goes on, press Start "
                     "again once it runs again.")], ids=["killed", "stopped"])
def test_a_page_whose_server_went_away_says_to_start_again_once_it_is_back(tmp_path, browser, how, said):
    served = serve(tmp_path, "--follow")
    tab = Tab(browser, served.url)
    try:
        tab.wait_for("? Help", START)
        os.kill(served.process.pid, how)
        tab.page.wait_for_selector("body.-closed", timeout=20_000)
        assert tab.page.inner_text(".closed-dialog .message") == said
    finally:
        tab.close()
        stop(served)

