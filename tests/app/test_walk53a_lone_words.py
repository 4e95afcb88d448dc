"""The broadcast and softmax panes end no note with one word alone on its row (`cells.wrap_even`): 1.1's
first step left "place." under the result at 80×24, the softmax pane opened in Korean "않습니다." under
its argmax line (walk53a)."""
from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from screen_text import screen_lines, until


async def test_the_result_note_of_the_first_step_of_1_1_ends_with_two_words():
    app = make_app(lesson_id="numpy-arrays", step=0, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and not app.screen.building)
        await pilot.pause()
        rows = [row.split("▏", 1)[1].strip() for row in screen_lines(app) if "▏" in row]
        assert "place." not in rows and "its place." in rows, rows


async def test_the_softmax_notes_in_korean_end_with_two_words():
    app = make_app(pane=("softmax", None), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = [row.strip() for row in screen_lines(app)]
        assert "않습니다." not in rows and "바꾸지 않습니다." in rows, rows
