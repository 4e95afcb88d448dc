"""The gradient-check pane beside a lesson's text at 80×24, as a new reader walked it (walk53b)."""
import re

import pytest

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from screen_text import screen_lines, until, widget_text


def pane_rows(app) -> list[str]:
    """The rows of the pane beside the text (right of the text column's edge), no-break spaces as spaces."""
    return [row.split("▏", 1)[1].replace("\u00a0", " ").strip() for row in screen_lines(app) if "▏" in row]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_title_keeps_float32_with_float64(lang):
    """5.5 step 6: "MultiLayerNetExtend: float32 →" over a lone "float64"."""
    app = make_app(lesson_id="gradient-check", step=5, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = pane_rows(app)
        assert "float64" not in rows and "float32 → float64" in rows, rows


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_worst_entry_keeps_each_value_with_its_name(lang):
    """5.5 step 3 (h = 1e−10, three rows warn): "backprop a =" ended a row over its value, and
    "(relative" one over "error 4.5e−4)"."""
    app = make_app(lesson_id="gradient-check", step=2, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: not (gradcheck.running or gradcheck.own.report is None), 60)
        await pilot.pause()
        rows = pane_rows(app)
        assert not any(row.endswith(("=", "(relative", "(상대")) for row in rows), rows
        assert any(re.search(r"\ba = −?\d", row) for row in rows) and any(
            re.search(r"\bn = −?\d", row) for row in rows), rows


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_no_folder_yet_is_not_said_to_be_the_learners_code_failing(tmp_path, lang):
    """5.5's last step before `workbench exercises init`: "Your code failed: No folder exercises yet …
    Fix it and save, then press g" blamed code that never ran."""
    from workbench.i18n import t
    from workbench.models.catalog import pane

    settings = pane("gradcheck").parse(["impl=mine", f"folder={tmp_path / 'exercises'}"])
    app = make_app(pane=("gradcheck", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: not gradcheck.running and gradcheck.own.failure is not None, 60)
        await pilot.pause()
        status = widget_text(app, "#gc-status").replace("\u00a0", " ")
        assert "exercises init" in status, status
        assert t("mine.failed_unknown") not in status and t("mine.again_hint") not in status, status
        assert t("gradcheck.status.again_hint") in status, status


async def test_h_keys_stop_at_the_ends_of_hs_range():
    """5.5 step 2 (h = 1e−2): + took h to 0.1, then 1, 10 and 1000, past the setting's own 0.1."""
    app = make_app(lesson_id="gradient-check", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        gradcheck = app.screen.query_one(GradcheckPane)

        def lit() -> set[str]:
            return {active.binding.action for active in app.screen.active_bindings.values() if active.enabled}

        assert gradcheck.settings.h == 1e-2 and {"scale_h(10)", "scale_h(0.1)"} <= lit()
        await pilot.press("+")
        assert gradcheck.settings.h == 0.1 and "scale_h(10)" not in lit()
        await pilot.press("+")
        assert gradcheck.settings.h == 0.1
        await pilot.press(*"-" * 12)
        assert gradcheck.settings.h == 1e-10 and "scale_h(0.1)" not in lit() and "scale_h(10)" in lit()
