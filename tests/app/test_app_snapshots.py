"""SVG snapshots of the home and lesson screens at the 80×24 floor and at 120×40, in English and Korean.

Accept a changed snapshot only after looking at it in snapshot_report.html (STYLE §3).
"""
import pytest

from workbench.app.app import make_app


def still(app):
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_home(snap_compare, size):
    assert snap_compare(still(make_app()), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_activation_lesson(snap_compare, size):
    assert snap_compare(still(make_app(lesson_id="activation-functions", step=1)), terminal_size=size)


def test_perceptron_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="perceptron", step=3)), terminal_size=(80, 24))


def test_home_in_korean(snap_compare):
    assert snap_compare(still(make_app(lang="ko")), terminal_size=(80, 24))


def test_perceptron_lesson_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="perceptron", step=3, lang="ko")), terminal_size=(80, 24))


def test_keys_panel_beside_the_pane(snap_compare):
    assert snap_compare(still(make_app(lesson_id="perceptron", step=3)), press=["f1"], terminal_size=(80, 24))


def test_text_and_pane_take_turns_at_60x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="activation-functions", step=1, lang="ko")), press=["t"],
                        terminal_size=(60, 24))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_too_small(snap_compare, lang):
    assert snap_compare(still(make_app(lesson_id="perceptron", lang=lang)), terminal_size=(40, 12))


def test_light_theme_activation_lesson(snap_compare):
    async def light(pilot):
        pilot.app.theme = "workbench-light"
        await pilot.pause()

    assert snap_compare(still(make_app(lesson_id="activation-functions", step=4)), run_before=light,
                        terminal_size=(80, 24))
