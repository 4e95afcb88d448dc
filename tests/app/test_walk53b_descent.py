"""The descent pane as a new reader walked it (walk53b)."""
from workbench.app.app import make_app
from workbench.app.panes.descent import DescentPane
from screen_text import screen_lines


async def test_the_overflow_sentence_never_leaves_on_alone():
    """4.3 step 5 at 60×24, text folded, walked to step 241: "… from descent step 241" over a lone "on."."""
    app = make_app(lesson_id="gradient-descent", step=4)
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        app.screen.query_one(DescentPane).apply(step=241)
        await pilot.pause()
        rows = [row.replace("\u00a0", " ").strip() for row in screen_lines(app)]
        assert "on." not in rows and any(row.endswith("step 241 on.") for row in rows), rows
