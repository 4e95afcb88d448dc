"""A step change is laid out and drawn as few times as it needs, and no frame shows it half built.

A profile of the footer walk found each step laid out about 5 times and drawn about 5.5 (chapter 4:
164 layouts, 180 frames for 33 steps): a frame after the counter changed and before the text did, a
repaint of the whole screen because the screen's step index is a reactive that repaints, and the
pane's layout requests arriving after the text's layout, each a layout and a frame of its own.
"""
from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.course.files import load_course
from screen_text import screen_lines, until

SIZE = (80, 24)


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


def count_layouts_and_frames(app, screen) -> dict:
    """Count the screen's layouts and the app's frames from now on, and keep each frame's rows; a count
    made before stops (each wrapped the last, so every frame was read off the screen once for each count
    made so far: 10 times at the tenth step of a lesson in test_ci51c_first_frame's walks)."""
    counts = {"layouts": 0, "frames": 0, "rows": []}
    layout = getattr(screen._refresh_layout, "uncounted", screen._refresh_layout)
    display = getattr(app._display, "uncounted", app._display)

    def counted_layout(*args, **kwargs):
        scroll = kwargs.get("scroll", args[1] if len(args) > 1 else False)
        if not (scroll and not screen._layout_widgets):       # a layout, not a scroll's reflow
            counts["layouts"] += 1
        return layout(*args, **kwargs)

    def counted_display(shown, renderable):
        if shown is screen and renderable is not None:
            rows = screen_lines(app)
            if not counts["rows"] or rows != counts["rows"][-1]:
                counts["frames"] += 1             # a frame that shows something new: a timer's repaint of
            counts["rows"].append(rows)           # what is already there came or not as the clock went
        return display(shown, renderable)

    counted_layout.uncounted, counted_display.uncounted = layout, display
    screen._refresh_layout, app._display = counted_layout, counted_display
    return counts


async def settled(pilot, counts: dict, *, pause: float | None = 0.05) -> None:
    """Wait until a pause adds no layout and no frame (the step is on screen as it stays). `pause=None`
    pauses until the app is idle (conftest's wait: nothing queued for it and none of its timers due within
    20 ms) rather than for 50 ms: as sure where the app has no timer further off (a step without its
    pane: no plot's redraw, no settings made ahead), in under half the time."""
    last = None
    while last != (counts["layouts"], counts["frames"]):
        last = (counts["layouts"], counts["frames"])
        await pilot.pause(pause)


async def step_on(lesson_id: str, step_id: str) -> dict:
    """Press → on the step before `step_id`, and count until the step is on screen as it stays."""
    app = make_app(lesson_id=lesson_id, step=step_index(lesson_id, step_id) - 1, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await until(pilot, lambda: not screen.building)
        await settled(pilot, count_layouts_and_frames(app, screen))    # the first step's own settling
        counts = count_layouts_and_frames(app, screen)
        await pilot.press("right")
        await until(pilot, lambda: not screen.building)
        await settled(pilot, counts)
        assert screen.step.id == step_id
        counts["final"] = screen_lines(app)
    return counts


async def test_a_new_count_of_layouts_and_frames_takes_over_from_the_last():
    """The walks count each step afresh: an earlier count stops, and each frame is read once."""
    app = make_app(lesson_id="numerical-gradient", step=3, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: not screen.building)
        first = count_layouts_and_frames(app, screen)
        await settled(pilot, first)
        before = first["layouts"], len(first["rows"])
        counts = count_layouts_and_frames(app, screen)
        await pilot.press("right")
        await until(pilot, lambda: not screen.building and screen.index == 4)
        await settled(pilot, counts)
        assert counts["layouts"] and counts["frames"], counts
        assert (first["layouts"], len(first["rows"])) == before, "the first count went on"


async def test_a_step_that_keeps_its_pane_is_laid_out_and_drawn_twice_at_most():
    """4.2 steps 4 to 5 keep the derivative pane: one layout for the new text and settings, one for the
    sizes that layout changed (Textual's), and a frame after each; no repaint of the whole screen."""
    counts = await step_on("numerical-gradient", load_course().lesson("numerical-gradient").steps[4].id)
    assert counts["layouts"] <= 2 and counts["frames"] <= 2, counts


async def test_no_frame_shows_the_new_step_counter_beside_the_old_text():
    """Every frame drawn after → shows the new step's counter and its text's first line, as the last one
    does: the counter was drawn a frame before the text (and the pane) had changed."""
    lesson = load_course().lesson("numerical-gradient")
    counts = await step_on(lesson.id, lesson.steps[4].id)
    counter, first_line = counts["final"][0], counts["final"][1]
    assert "5/" in counter, counts["final"]
    for rows in counts["rows"]:
        assert rows[0] == counter and rows[1].split("│")[0] == first_line.split("│")[0], rows[:3]


async def test_a_step_that_swaps_its_pane_draws_only_after_layouts():
    """4.1's step from the sum of squares to its batches swaps nothing but the pane's settings and the
    text's length; 4.2's first step to its second swaps the pane: each frame follows a layout (none is
    drawn in the middle of building the step), and the step settles within three layouts."""
    for lesson_id, index in (("loss-functions", 4), ("numerical-gradient", 1)):
        counts = await step_on(lesson_id, load_course().lesson(lesson_id).steps[index].id)
        assert counts["frames"] <= counts["layouts"] <= 4, (lesson_id, counts["layouts"], counts["frames"])


async def one_row_down(pilot, scrolled) -> dict:
    """The layouts and frames of ↓ scrolling `scrolled` (the text, or a part of the pane) by a row."""
    counts = count_layouts_and_frames(pilot.app, pilot.app.screen)
    await pilot.press("down")
    await until(pilot, lambda: scrolled.scroll_y == 1)
    await settled(pilot, counts)
    return counts


async def test_scrolling_the_text_redraws_it_without_a_layout():
    """↓ scrolls the text a row and "more ↓" stays as it was: the mark's words were set again with a
    layout of the whole screen at every row scrolled (the mark is one row as wide as the column)."""
    lesson = load_course().lesson("loss-functions")
    app = make_app(lesson_id=lesson.id, step=5, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: not screen.building)
        await settled(pilot, count_layouts_and_frames(app, screen))
        text = screen.query_one("#text")
        assert text.max_scroll_y >= 3, "the test needs a text longer than its column"
        counts = await one_row_down(pilot, text)
        assert counts["layouts"] == 0 and counts["frames"] >= 1, counts
        assert "more ↓" in "\n".join(screen_lines(app))


async def test_scrolling_a_part_of_the_pane_redraws_it_without_a_layout():
    """With the text folded away, ↓ scrolls the loss pane's numbers a row, "more ↓" staying under them:
    the mark's words were set again with a layout, as under the text."""
    lesson = load_course().lesson("loss-functions")
    app = make_app(lesson_id=lesson.id, step=5, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: not screen.building)
        await pilot.press("t")
        await until(pilot, lambda: screen.text_folded)
        await settled(pilot, count_layouts_and_frames(app, screen))
        part = screen.query_one("#loss-body")
        if part.max_scroll_y < 3:
            await pilot.resize_terminal(80, 14)     # the part must run past the fold
            await settled(pilot, count_layouts_and_frames(app, screen))
        assert part.max_scroll_y >= 3, "the test needs numbers longer than their part of the pane"
        counts = await one_row_down(pilot, part)
        assert counts["layouts"] == 0 and counts["frames"] >= 1, counts
