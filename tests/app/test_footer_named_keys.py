"""The footer of a lesson step lists each key its text names once, with its label where it fits (a
reviewer at 80×24 found 6.1 step 5 showing "1–6" and then "6" again, and 3.4 step 3 `.` `,` bare)."""
import re

import pytest

from workbench.app.app import make_app
from workbench.course.files import load_course


def footer_keys(line: str) -> list[str]:
    """The keys of a footer line, each item being "key label" or a bare "key", two spaces apart."""
    return [item.split(" ")[0] for item in re.split(r" {2,}", line.strip())]


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in load_course().lesson(lesson_id).steps].index(step_id)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_key_inside_a_range_is_not_listed_again(lang):
    """6.1 step 5 names `3`, `5`, `1` and `6`: the footer says "1–6 Select" once, not "1–6  6"."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "all-together"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        keys = footer_keys(line)
        assert keys.count("1–6") == 1 and not {"3", "5", "6"} & set(keys), line
        label = "Select" if lang == "en" else "선택"
        assert f"1–6 {label}" in line and keys.index("a") < keys.index("1–6") < keys.index("space"), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_key_named_alone_keeps_its_own_label(lang):
    """6.1 step 3 names only `5` (RMSprop): the footer says "5 RMSprop", not the range."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "adagrad"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        assert "5 RMSprop" in line and "1–6" not in footer_keys(line), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_key_of_the_batches_step_keeps_its_label_at_80_columns(lang):
    """3.4 step 3 names `+`, `-`, `.` and `,`: each is listed with a label that fits, `.` one batch on
    and `,` one back, and none repeats the lesson's own ← Prev / → Next words."""
    app = make_app(lesson_id="mnist-inference", step=step_index("mnist-inference", "batches"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        items = re.split(r" {2,}", line.strip())
        assert [item for item in items if " " not in item] == [], line
        step, back = ("Step", "Back") if lang == "en" else ("넘기기", "뒤로")
        assert f". {step}" in items and f", {back}" in items, line
        labels = [item.split(" ", 1)[1] for item in items]
        assert len(labels) == len(set(labels)), line


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_every_key_the_all_together_step_names_keeps_its_label_at_80_columns(lang):
    """6.1 step 5 names `g`, `t`, `a`, `1`–`6` and `space`: at 80 columns `r` was listed bare ("r  ? Help")
    because "a One/all" and "1–6 Optimizer" took its room; each now fits with its label. The text said
    "press r and then space" and the footer had no room for space: it now names `space` alone (space
    runs the walk from the start when it is at its end), listed with its label in English, bare in
    Korean, whose labels are a cell too wide for it."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", "all-together"), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        items = re.split(r" {2,}", line.strip())
        assert [item for item in items if " " not in item] == ([] if lang == "en" else ["space"]), line
        assert [item.split(" ")[0] for item in items] == ["←", "→", "esc", "t", "g", "a", "1–6", "space", "?"], line


def test_the_space_bar_is_named_as_space_in_inline_code():
    from workbench.course.keys import mentioned_keys

    assert mentioned_keys("Press `space` to run, `r` to start; a `spacer` and plain space are no keys.") == (
        "space", "r")


async def test_the_footer_fills_its_width_but_for_the_gap_it_never_draws():
    """The last item's two-space gap was counted though the line ends at "? Help": 4.4's first step
    left out "r Reset" that fits in 80 columns."""
    from rich.cells import cell_len

    app = make_app(lesson_id="training-loop", step=0, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render()).rstrip()
        assert line.endswith("? Help") and cell_len(line) <= 80
        assert "r Reset" in line, line


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("step_id", ["sgd", "momentum", "adagrad", "adam", "sgd-rate"])
async def test_a_step_that_says_run_it_keeps_space_in_the_footer(step_id, lang):
    """6.1's steps say "Press space to run" or "Run it"; at step 3 "5 RMSprop" took the room of
    "space Run" (in Korean the η keys took it at steps 1, 2 and 4 too), so the footer lacked space."""
    app = make_app(lesson_id="optimizers", step=step_index("optimizers", step_id), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        assert f"space {'Run' if lang == 'en' else '실행'}" in line and footer_keys(line)[-1] == "?", line
        if step_id == "adagrad":
            assert "5 RMSprop" in line, line
        if step_id == "sgd-rate":
            assert footer_keys(line)[4] == "-", line
