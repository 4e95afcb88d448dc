"""A student whose follow URL answers nothing is told what to check (class50: "Cannot reach the class at
…; trying again" said not what): the address the presenter shows, and workbench serve running there,
while it keeps trying; both on the follower's classroom line at 80 columns, in English and Korean."""
import pytest

from workbench.app.app import make_app
from workbench.classroom.channel import Address
from follow_fixtures import quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import screen_lines, until

SILENT = Address("http://127.123.123.123:65000")     # nothing answers, as long an address as a room's


@pytest.mark.parametrize("lang, said", [
    ("en", ["Cannot reach the class at http://127.123.123.123:65000.", "the address the presenter shows",
            "workbench serve runs there", "trying again"]),
    ("ko", ["http://127.123.123.123:65000에서 응답이 없습니다.", "발표자가 보여 준 주소인지",
            "발표자 컴퓨터에서 workbench serve가 실행 중인지 확인하세요", "다시 시도합니다"])])
async def test_a_follower_nothing_answers_is_told_to_check_the_presenters_address_and_server(lang, said):
    app = make_app(follow=SILENT, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.following.state is not None and app.following.state.problem == "unreachable",
                    seconds=20)
        await until(pilot, lambda: said[0] in " ".join(screen_lines(app)), seconds=10)
        shown = " ".join(line.strip() for line in screen_lines(app))
        assert all(words in shown for words in said), shown
