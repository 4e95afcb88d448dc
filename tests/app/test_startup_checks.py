"""After the first frame the app checks the lessons in a job (every step's settings, every text), and
says what is wrong once; a lesson opened before the check ends builds its own steps on the spot."""
import time

from conftest import write_lesson
from workbench.app.app import CHECK_JOB, make_app

SIZE = (80, 24)
PLOT_TOML = """
id = "plot"
chapter = 3
order = 2

[[steps]]
id = "first"

[[steps]]
id = "second"
pane = "activation-plot"
[steps.settings]
probe = 0.0
"""
PLOT_MD = """
---
title: A plot
summary: Two steps, the second with a pane.
---

## First {#first}

Text one.

## Second {#second}

Text two.
"""


async def checked(app, pilot) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = app.jobs.get(CHECK_JOB)
        if job is not None and job.delivered:     # not `done`: its JobDone may not have been sent yet
            break
        await pilot.pause(0.05)
    await pilot.pause()


async def test_a_setting_a_pane_refuses_is_said_after_the_first_frame(lessons_dir):
    write_lesson(lessons_dir, "plot", PLOT_TOML.replace("probe = 0.0", "probe = 9.0"), PLOT_MD)
    app = make_app(lessons_dir=lessons_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await checked(app, pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1 and "1 problem" in messages[0] and "probe" in messages[0]


async def test_valid_lessons_are_checked_without_a_word(lessons_dir):
    write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    app = make_app(lessons_dir=lessons_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await checked(app, pilot)
        assert app.jobs.get(CHECK_JOB).reason == "finished" and not app._notifications


async def test_a_lesson_opened_at_start_shows_its_pane_whatever_the_check_is_doing(lessons_dir):
    write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    app = make_app(lessons_dir=lessons_dir, lesson_id="plot", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one("ActivationPlot").settings.probe == 0.0
        await checked(app, pilot)
