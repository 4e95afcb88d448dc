"""The keys 1–6 of the augmentation pane (lesson 8.1) choose which transform + and - change. Their one row
in the footer and in `?` said "Change" and "Change the rotation", the tip of key 1 alone: now "Select", as
in the optimizers pane, and the row names the six transforms, as the lesson's text says what the keys do
("Choose a transform with 1–6, and change its amount with the + and - keys")."""
from workbench.app.app import make_app
from workbench.app.help_screen import help_text
from workbench.course.files import load_course
from screen_text import help_as_read, screen_lines

STEP = [step.id for step in load_course().lesson("deeper-networks").steps].index("augmentation")


async def test_keys_1_to_6_are_named_for_choosing_the_transform_in_the_footer_and_in_help():
    app = make_app(lesson_id="deeper-networks", step=STEP)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "1–6 Select" in screen_lines(app)[-1]
        row = next(line for line in help_as_read(help_text(app.screen)).splitlines() if line.startswith("- **1–6"))
        assert "rotation" not in row
        for transform in ("rotate", "shift", "scale", "flip", "crop", "brightness"):
            assert transform in row, row
