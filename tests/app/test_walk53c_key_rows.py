"""No row of a chapter 6 pane's hint starts with the key . or , alone: "첫 식을 적용하려면" above ". 키를
누르세요." (6.3's batch in a 28-cell pane), "Press" above ". to apply the first equation.", "Before the first
update, …" above ". or space to train." (6.2), and the table of a comparison, "A click on a run (or , .)
draws its curves", read as stray punctuation. Each hint keeps its key with the words beside it
(`keys_kept`), at every width from 20 to 80 cells, in English and Korean."""
from __future__ import annotations

import re

import pytest
from textual.content import Content
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.no_break import install
from workbench.models.catalog import pane

LONE_KEY = re.compile(r"^[.,][ \u00a0]")


def lone_key_rows(plain: str) -> list[tuple[int, str]]:
    """(width, row) for each width from 20 to 80 cells whose wrap of `plain` starts a row with a lone key."""
    install()
    return [(width, row) for width in range(20, 81)
            for row in [line.plain for line in Content(plain).wrap(width)][1:] if LONE_KEY.match(row)][:1]


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("batch", [[], ["x=1 2; 3 4"]], ids=["scales-apart", "alike"])
async def test_the_batch_norm_caption_keeps_its_key_with_its_words(lang, batch):
    app = make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse(["step=0", *batch])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        caption = shown(app, "#bn-steps-caption")
        assert "." in caption and lone_key_rows(caption) == [], caption


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_symmetry_panes_first_hint_keeps_its_key_with_its_words(lang):
    app = make_app(pane=("symmetry", pane("symmetry").parse(["init=same", "step=0"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        observation = shown(app, "#symmetry-observation")
        assert lone_key_rows(observation) == [], observation


def test_the_check_finds_a_lone_key_row():
    assert lone_key_rows("Before the first update, distinct hidden units: 6 of 6. Press . or space to train.")
