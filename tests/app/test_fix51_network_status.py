"""The network's status line says what the job does while a kept network's test images are read or drawn
again (seconds for synthetic digits), in English and Korean, not "Looking for the trained network…"."""
import pytest
from textual.app import App

from workbench.app.widgets.network_status import NetworkStatus
from workbench.i18n import language, set_language, t
from workbench.jobs import JobProgress


class One(App):
    def compose(self):
        yield NetworkStatus()


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_status_says_it_gets_the_test_images(lang):
    before = language()
    set_language(lang)
    try:
        app = One()
        async with app.run_test(size=(80, 24)) as pilot:
            status = app.query_one(NetworkStatus)
            status.looking()
            status.progress(JobProgress(1, "chapter3.network", 0, None, {"phase": "test_data"}, ()))
            await pilot.pause()
            shown = str(status.render())
            assert shown == t("trained.status.test_data") and shown != t("trained.status.looking")
    finally:
        set_language(before)
