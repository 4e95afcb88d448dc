"""A lesson screen or a settings dialog removed mid-way (made ahead and dropped as the learner steps on or quits on a busy machine)
ends quietly: a list of choices removed while it mounts (Textual's Select ended the app with NoMatches),
a field whose help line went before its late blur.

The removal is made to happen at the moment it happened in the suite: as the list's current-value box
composes, the dialog around it is removed (Textual then mounts nothing into the box, which is pruning)."""
import pytest
from textual.app import App
from textual.containers import Vertical
from textual.widgets import Select
from textual.widgets._select import SelectCurrent

from workbench.app.widgets.choice_list import ChoiceList
from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures

composed = SelectCurrent.compose


def compose_as_the_dialog_goes(self):
    self.app.query_one("#dialog").remove()
    yield from composed(self)


class OneList(App):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def compose(self):
        with Vertical(id="dialog"):
            yield self.kind([("a", "a"), ("b", "b")], value="b", allow_blank=False, id="list")


@pytest.mark.parametrize("kind, crashes", [(Select, True), (ChoiceList, False)])
async def test_a_list_removed_while_it_mounts_ends_quietly(monkeypatch, kind, crashes):
    """Select itself ends the app (this case shows that the removal is the one seen); ChoiceList does not."""
    monkeypatch.setattr(SelectCurrent, "compose", compose_as_the_dialog_goes)
    app = OneList(kind)
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert not app.query("#dialog")
    except Exception as error:                      # the app's own exception, raised by run_test
        assert crashes, f"ChoiceList ended the app: {error!r}"
        assert "#label" in str(error)
    else:
        assert not crashes, "Select no longer crashes here: the test no longer shows the removal"


async def test_a_list_that_mounted_shows_its_value():
    async with OneList(ChoiceList).run_test() as pilot:
        await pilot.pause()
        chosen = pilot.app.query_one("#list", ChoiceList)
        assert chosen.value == "b" and chosen.query_one(SelectCurrent).label == "b"


async def test_a_field_whose_line_went_first_takes_a_late_blur_quietly():
    """A dialog removed while a field had the keys: Textual removes the field's help line first, and the
    blur it posted as the focus left arrives after (NoMatches '.setting-hint' at the end of a test, on a
    busy machine)."""
    from textual import events
    from workbench.app.settings_form import SettingField
    from workbench.models.settings import Float

    class OneField(App):
        def compose(self):
            yield SettingField("lr", "0.1", Float(0, 10), "", compact=True, focus_help=True)

    async with OneField().run_test() as pilot:
        field = pilot.app.query_one(SettingField)
        field.query_one(".setting-hint").remove()
        await pilot.pause()
        field.focused = True
        field.on_descendant_blur(events.DescendantBlur(field))
        field.show_error("too large")
        assert field.error == "too large"


@pytest.mark.parametrize("screen", ["home", "lesson", "pane"])
async def test_a_screen_pushed_as_the_app_quits_ends_quietly(monkeypatch, screen):
    """A follower's tick opened a lesson as the app quit: Textual composed nothing into the screen, and
    its mount looked for what it fills (NoMatches StepCounter ended the app with a traceback, twice in
    the suite at load 10; home's list and a pane screen's pane the same way)."""
    from workbench.app.app import make_app
    from workbench.app.home import HomeScreen
    from workbench.app.lesson_screen import LessonScreen
    from workbench.app.pane_screen import PaneScreen
    from workbench.models.catalog import pane

    kind = {"home": HomeScreen, "lesson": LessonScreen, "pane": PaneScreen}[screen]
    composed_screen = kind.compose

    def compose_as_the_app_quits(self):
        self.app.exit()
        yield from composed_screen(self)
    monkeypatch.setattr(kind, "compose", compose_as_the_app_quits)
    app = make_app(lesson_id="perceptron" if screen == "lesson" else None,
                   pane=("perceptron", pane("perceptron").parse([])) if screen == "pane" else None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert not app.screen_stack


async def test_a_network_event_for_a_pane_whose_status_line_went_first_is_for_no_one(kept_network):
    """Chapter 3's network job handed its progress to a pane still attached but being removed (the
    learner stepped on as it came): its status line was gone (NoMatches NetworkStatus, in CI)."""
    from workbench.app.app import make_app
    from workbench.app.widgets.network_status import NetworkStatus
    from workbench.jobs import JobProgress

    app = make_app(lesson_id="mnist-inference", step=3, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.screen.pane
        await pane.query_one(NetworkStatus).remove()
        pane.network_event(JobProgress(0, "chapter3", 1, 2, {}, ()))
        await pilot.pause()


def compose_as_the_value_is_set(self):
    self.parent.value = "a"
    yield from composed(self)


@pytest.mark.parametrize("kind, crashes", [(Select, True), (ChoiceList, False)])
async def test_a_value_given_before_the_list_has_its_label_is_shown_once_it_mounts(monkeypatch, kind, crashes):
    """A settings dialog made ahead and opened with `s` before its lists had composed shows the pane's
    settings: Select looked for its label at once and ended the app (NoMatches '#label'; the descent
    pane's test, on a busy machine). Select itself ends the app here (the moment is the one seen)."""
    monkeypatch.setattr(SelectCurrent, "compose", compose_as_the_value_is_set)
    app = OneList(kind)
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            chosen = app.query_one("#list", kind)
            assert chosen.value == "a" and chosen.query_one(SelectCurrent).label == "a"
    except Exception as error:                      # the app's own exception, raised by run_test
        assert crashes, f"ChoiceList ended the app: {error!r}"
        assert "#label" in str(error)
    else:
        assert not crashes, "Select no longer crashes here: the test no longer shows the moment"
