"""What a settings field says, in the pane and in the dialog: its errors name it as it is labelled (in
Korean too), and while it has the keys the footer lists what Enter, Escape and Tab do there, not the
pane's keys, which would type into it."""
import re

import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.settings_form import SettingsScreen
from workbench.models.catalog import pane
from screen_text import field_error, screen_lines

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def footer(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


def footer_keys(app) -> list[str]:
    return [item.split(" ")[0] for item in re.split(r" {2,}", footer(app).strip())]


async def type_into(pilot, field: Input, text: str) -> None:
    field.focus()
    await pilot.pause()
    field.value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_a_korean_error_names_the_field_as_the_dialog_labels_it():
    """점수 is what the dialog calls the softmax's scores; its error said `scores: 수를 입력하세요`."""
    app = make_app(pane=("softmax", None), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SettingsScreen)
        await type_into(pilot, dialog.query_one("#field-scores", Input), "")
        said = field_error(dialog, "scores")
        assert said.startswith("⚠ 점수: 수를 입력하세요") and "scores" not in said.partition("·")[0], said
        await type_into(pilot, dialog.query_one("#field-temperature", Input), "0")
        assert field_error(dialog, "temperature").startswith("⚠ 온도 = 0: 허용 범위를 벗어났습니다")
        rows = "\n".join(screen_lines(app))
        assert "⚠ 온도 = 0: 허용 범위를 벗어났습니다" in rows


async def test_a_check_across_settings_names_both_fields_as_labelled_on_the_panes_error_line():
    """The activation plot's x_max below its probe: the pane's own line, in Korean, says 커서 x and
    x 오른쪽 끝, the words of its fields, not probe and x_max."""
    app = make_app(pane=("activation-plot", None), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        plot = next(w for w in app.screen.walk_children() if getattr(w, "PANE", "") == "activation-plot")
        assert not plot.edit("x_max", "0.5")
        await pilot.pause()
        line = str(app.screen.query_one(ErrorLine).render())
        assert line == "⚠ 커서 x(1)는 x 왼쪽 끝(−6)과 x 오른쪽 끝(0.5) 사이에 있어야 합니다", line


def test_the_command_line_still_names_the_key_it_was_given():
    with pytest.raises(ValueError, match="^temperature = 0 is out of range"):
        pane("softmax").parse(["temperature=0"])
