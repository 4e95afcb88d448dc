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


async def test_in_a_panes_field_the_footer_lists_enter_escape_and_tab_not_the_keys_it_types():
    """In the softmax pane's scores field the footer said `+ T×2  - T÷2`; pressed, + and - typed into
    the field. Now it says what the keys do there, and Escape gives the pane its keys back."""
    app = make_app(pane=("softmax", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        softmax = next(w for w in app.screen.walk_children() if getattr(w, "PANE", "") == "softmax")
        assert {"+", "-", "s"} <= set(footer_keys(app))
        field = softmax.query_one("#field-scores", Input)
        field.focus()
        await pilot.pause()
        keys = footer_keys(app)
        assert not {"+", "-", "s", "?", "1", "]"} & set(keys), footer(app)
        assert "⏎ Apply" in footer(app) and "esc Back to pane" in footer(app) and "tab Next field" in footer(app)
        await pilot.press("+")
        assert field.value.endswith("+") and softmax.settings.temperature == 1, "+ types, it does not double T"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is softmax and "+" in footer_keys(app)


@pytest.mark.parametrize("lang, close, apply, following", [("en", "esc Close", "⏎ Apply & close", "tab Next field"),
                                                           ("ko", "esc 닫기", "⏎ 적용하고 닫기", "tab 다음 칸")])
async def test_in_the_dialog_the_footer_says_what_enter_escape_and_tab_do_and_they_do_it(lang, close, apply,
                                                                                          following):
    """The dialog's footer said only `esc Close`; Tab went from the last field to the scrolling box, a
    stop where no key did anything."""
    app = make_app(pane=("softmax", None), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        softmax = next(w for w in app.screen.walk_children() if getattr(w, "PANE", "") == "softmax")
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert close in footer(app) and apply in footer(app) and following in footer(app), footer(app)
        first, second = dialog.query_one("#field-scores", Input), dialog.query_one("#field-temperature", Input)
        assert dialog.focused is first
        await pilot.press("tab")
        assert dialog.focused is second
        await pilot.press("tab")
        assert dialog.focused is first, "Tab goes round the fields"
        await pilot.press(*"1 2")
        await pilot.press("enter")
        await pilot.pause()
        assert softmax.settings.scores == (1.0, 2.0) and app.screen is not dialog, "Enter applies and closes"


async def test_a_panes_job_names_settings_as_its_fields_are_labelled():
    """A job runs in a thread, which starts without the interface's context: the training job's
    refusal of a batch larger than the images said batch_size in Korean, where the field says 배치 크기."""
    from workbench.models.settings import named

    app = make_app(pane=("softmax", None), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        softmax = next(w for w in app.screen.walk_children() if getattr(w, "PANE", "") == "softmax")
        done = []
        softmax.job_done = lambda name, event: done.append(event.result)
        softmax.start_job("names", lambda ctx: named("temperature"))
        await app.workers.wait_for_complete()
        for _ in range(50):
            if done:
                break
            await pilot.pause(0.05)
        assert done == ["온도"]


async def test_a_message_under_the_last_field_of_a_long_dialog_comes_into_sight():
    """The graph's expression is the last field of its dialog: at 80×24 its message fell below the box,
    where only scrolling showed it."""
    app = make_app(pane=("graph", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await type_into(pilot, app.screen.query_one("#field-expression", Input), "abc")
        await pilot.pause()
        said = field_error(app.screen, "expression")
        assert said and said.startswith("⚠ ")
        inside = [row for row in screen_lines(app) if row.count("│") >= 2]
        assert any("⚠" in row for row in inside), "\n".join(screen_lines(app))


async def test_a_true_or_false_setting_is_chosen_from_a_list():
    """forward's batch was a text field that took "abc" and said "must be true or false"."""
    from textual.widgets import Select

    app = make_app(pane=("forward", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        forward = next(w for w in app.screen.walk_children() if getattr(w, "PANE", "") == "forward")
        await pilot.press("s")
        await pilot.pause()
        batch = app.screen.query_one("#field-batch")
        assert isinstance(batch, Select) and batch.value == "false"
        batch.value = "true"
        await pilot.pause()
        assert forward.settings.batch is True
