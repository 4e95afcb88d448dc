"""With the step's text folded away (t), the footer's keys each say what they do: the keys the hidden
text named lost their labels at 60 columns ("1  2  3 b  +" in 2.1 step 4, "t  space  1–6  a" in 6.1
step 5), and nothing on screen said what they were. Now the bar takes a second row for them."""
import re

import pytest

from screen_text import screen_lines, until
from workbench.app.app import make_app
from workbench.app.key_bar import KeyBar
from workbench.course.files import load_course

COURSE = load_course()


def step_index(lesson_id: str, step_id: str) -> int:
    return [s.id for s in COURSE.lesson(lesson_id).steps].index(step_id)


def chosen(app):
    bar = app.screen.query_one(KeyBar)
    return bar.choose(bar.size.width)


STEPS = [("optimizers", "all-together"), ("perceptron", COURSE.lesson("perceptron").steps[3].id),
         ("im2col", COURSE.lesson("im2col").steps[0].id)]


@pytest.mark.parametrize("size", [(60, 24), (80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson_id, step_id", STEPS)
async def test_with_the_text_folded_every_key_in_the_footer_has_its_label(lesson_id, step_id, lang, size):
    app = make_app(lesson_id=lesson_id, step=step_index(lesson_id, step_id), lang=lang)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: not app.screen.building)
        await pilot.press("t")
        await until(pilot, lambda: app.screen.text_folded)
        await pilot.pause()
        items = chosen(app)
        assert all(labelled for *_, labelled in items), [key for _b, _e, key, labelled in items if not labelled]
        bar = app.screen.query_one(KeyBar)
        rows = screen_lines(app)[-bar.rows:]
        assert bar.region.height == bar.rows
        for binding, _enabled, key, _labelled in items:
            assert any(f"{key} {binding.description}" in row for row in rows), rows
        for row in rows:
            assert not re.search(r"(^|  )\S+(?=  |$)", row.strip()), f"a bare key in {row!r}"
        await pilot.press("t")              # the text back: the keys it names may go bare again
        await until(pilot, lambda: not app.screen.text_folded)
        await pilot.pause()
        bare = [key for _b, _e, key, labelled in chosen(app) if not labelled]
        wanted = set(app.screen.wanted_keys)
        assert all(set(each(key)) & wanted for key in bare), bare     # only keys the text in view names


def each(key: str) -> list[str]:
    """The keys `key` shows: a run such as "1–6" (the pane's keys 1 to 6, which the unfolded text names
    some of, since the pane keeps the focus) each of its keys, else `key` itself."""
    first, dash, last = key.partition("–")
    return [str(n) for n in range(int(first), int(last) + 1)] if dash and first.isdigit() else [key]
