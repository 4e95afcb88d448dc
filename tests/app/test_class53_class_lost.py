"""A follow terminal whose class stops answering after it was followed (the instructor's network dropped,
or the class ended) says so, and that following goes on by itself: it said "Cannot reach the class at …
Check it is the address the presenter shows", which sent students who had typed the right address to
retype it (or quit) while the presenter's server was being started again. An address that never answered
still asks them to check it. Likewise a class whose server started again with a new join URL (three hours
on, or --new-token) refusing the link that was followed says the class has a new URL and where to read it,
not only "ask for the join URL with its token"."""
import io
import json
import threading
import urllib.error

import pytest

from workbench.app.app import make_app
from workbench.classroom import channel
from workbench.classroom.channel import Address, ChannelState, Subscriber
from follow_fixtures import NOWHERE, as_if_live, quick_follow_ticks  # noqa: F401 - autouse: quick catch-ups
from screen_text import screen_lines, until

ROOM = "http://192.168.100.200:8000"
"""As long an address as a room's."""


class Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_subscriber_that_reached_its_class_calls_the_silence_after_lost(monkeypatch):
    answers = [Answer(json.dumps({"version": 3, "live": True, "position": None}).encode()), OSError("refused")]

    def urlopen(url, timeout):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(channel.urllib.request, "urlopen", urlopen)
    never = Subscriber(Address(ROOM), lambda position: None, lambda state: None)
    monkeypatch.setattr(channel.urllib.request, "urlopen", lambda url, timeout: (_ for _ in ()).throw(OSError()))
    assert never._poll()[0].problem == "unreachable"        # never answered: the address may be wrong
    monkeypatch.setattr(channel.urllib.request, "urlopen", urlopen)
    reached = Subscriber(Address(ROOM), lambda position: None, lambda state: None)
    assert reached._poll()[0] == ChannelState(True, live=True)
    assert reached._poll()[0].problem == "lost"
    answers.append(urllib.error.URLError("timed out"))
    assert reached._poll()[0].problem == "lost"
    answers.append(urllib.error.HTTPError(ROOM, 403, "Forbidden", {}, None))
    assert reached._poll()[0].problem == "renewed"                 # a new token since: the class is there
    answers.append(urllib.error.HTTPError(ROOM, 403, "Forbidden", {}, None))
    assert Subscriber(Address(ROOM), lambda p: None, lambda s: None)._poll()[0].problem == "refused"


@pytest.mark.parametrize("lang, problem, said, not_said", [
    ("en", "lost", f"The class at {ROOM} stopped answering: the class ended, or the network dropped. Following goes on by "
           "itself once it is back", "Check it is the address"),
    ("ko", "lost", f"{ROOM}의 수업이 응답을 멈췄습니다. 수업이 끝났거나 네트워크가 끊겼을 수 있습니다. 수업이 돌아오면 "
           "저절로 다시 따라갑니다", "주소인지"),
    ("en", "renewed", f"The class at {ROOM} has a new join URL and refuses this one: quit (Ctrl+Q) and follow the "
                      "one the presenter's screen shows", "ask for the join URL"),
    ("ko", "renewed", f"{ROOM}의 수업에 새 참여 URL이 생겨 이 링크를 거부합니다. 끝내고(Ctrl+Q) 발표자 화면에 나온 "
                      "URL로 다시 따라가세요", "토큰이 있는 참여 URL을 받으세요")])
async def test_a_follower_whose_class_stops_answering_or_renews_its_url_is_told_what_to_do(lang, problem, said,
                                                                                             not_said):
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.address = Address(ROOM)
        heard = threading.Thread(target=app._heard_from_presenter, args=(ChannelState(False, problem),))
        heard.start()                   # from the subscriber's thread, as the app hears it
        await until(pilot, lambda: said[:30] in " ".join(screen_lines(app)), seconds=10)
        rows = [row for row in screen_lines(app) if row.strip()]
        line = [row.strip() for row in rows[-3:-1]]              # the classroom line's two rows, above the keys
        assert " ".join(line).replace("○ ", "") == said, rows[-4:]
        assert not_said not in " ".join(rows)
