"""Less restyling, same styles (ci51a): a pane's focus change restyles the pane, not the hundreds of widgets
in it, unless a rule needs them; a screen first shown is not restyled again as it resumes."""
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Label

from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen
from workbench.app.panes.base import Pane
from workbench.app.widgets.focus_restyle import FocusRestylesItself
from screen_text import until

SIZE = (80, 24)


def restyled(app) -> list:
    """Every node the app's stylesheet restyles from now on, in order."""
    nodes = []
    update_nodes = app.stylesheet.update_nodes

    def recording(given, animate=False):
        given = list(given)
        nodes.extend(given)
        return update_nodes(given, animate)

    app.stylesheet.update_nodes = recording
    return nodes


async def test_a_focused_pane_still_shows_its_focus_and_its_insides_are_not_restyled():
    app = make_app(pane=("loss", None))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(Pane)
        await until(pilot, lambda: pane.has_focus)
        inside = set(pane.walk_children())
        assert len(inside) > 10
        assert pane.styles.background_tint.a > 0                 # Pane:focus, app.tcss
        other = Input()                          # something else to take the focus: the pane screen has nothing
        await app.screen.mount(other)
        other.focus()
        await until(pilot, lambda: other.has_focus and pane.styles.background_tint.a == 0)      # animated
        await pilot.pause()
        nodes = restyled(app)
        pane.focus()
        await until(pilot, lambda: pane.styles.background_tint.a > 0)
        assert pane in nodes and not inside & set(nodes), other


class Box(FocusRestylesItself, Widget, can_focus=True):
    def compose(self) -> ComposeResult:
        yield Label("inside")


class FocusRuleApp(App):
    CSS = "Box:focus Label { color: red; } Label { color: blue; }"

    def compose(self) -> ComposeResult:
        yield Box()


async def test_a_rule_on_what_is_inside_a_focused_box_still_restyles_the_inside():
    app = FocusRuleApp()
    async with app.run_test() as pilot:
        label = app.query_one(Label)
        app.query_one(Box).focus()
        await pilot.pause()
        assert label.styles.color.rgb == (255, 0, 0)
        app.screen.set_focus(None)
        await pilot.pause()
        assert label.styles.color.rgb == (0, 0, 255)


async def test_the_help_screen_is_styled_once_as_it_opens_and_in_its_styles():
    app = make_app(lesson_id="loss-functions", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        nodes = restyled(app)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen) and app.screen.query("#help-box"))
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        inside = set(box.walk_children())
        assert len(inside) > 20 and not inside & set(nodes)      # styled as they mounted, and not again
        assert box.has_focus and box.styles.border_top[0] == "round"


async def test_a_screen_opened_after_a_theme_switch_has_the_new_theme():
    app = make_app(lesson_id="loss-functions", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dark = app.screen.styles.background
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert app.screen.query_one("#help-box").styles.background != dark
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.styles.background != dark
