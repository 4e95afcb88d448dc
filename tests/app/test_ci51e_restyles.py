"""Less Textual work per screen, same screens (ci51e): a field is not styled as it is made, before it
mounts; a pane screen's help is made as it is first shown, the too-small message as it is first needed;
the keys panel is not made again for the same keys; the graph pane shown unchanged lays nothing out."""
from textual.app import App, ComposeResult

from workbench.app.app import make_app
from workbench.app.help_screen import HelpScreen
from workbench.app.keys_panel import KeysPanel
from workbench.app.lesson_markdown import LessonMarkdown
from workbench.app.panes.graph import ExpressionInput
from workbench.app.text_column import TextColumn
from workbench.app.too_small import TooSmall
from workbench.app.widgets.field import Field
from screen_text import until
from test_ci51a_restyles import restyled  # the same helper

SIZE = (80, 24)


class Fields(App):
    def __init__(self):
        super().__init__()
        self.made: list = []
        self.styled_while_made: list = []

    def compose(self) -> ComposeResult:
        nodes = restyled(self)
        self.made = [Field("1", compact=True), ExpressionInput(compact=True), Field("2")]
        self.styled_while_made = list(nodes)
        yield from self.made


async def test_a_compact_field_is_compact_without_being_styled_before_it_mounts():
    app = Fields()
    async with app.run_test(size=SIZE):
        assert app.styled_while_made == []
        compact, expression, plain = app.made
        assert compact.compact and compact.has_class("-textual-compact") and compact.styles.border_top[0] in ("", "none")
        assert expression.compact and expression.has_class("-textual-compact")
        assert not plain.compact and not plain.has_class("-textual-compact") and plain.styles.border_top[0] not in ("", "none")


async def test_a_pane_screens_help_is_made_as_t_first_shows_it_and_is_there_for_the_next_key():
    """Folded away until `t`, the help beside a pane was half of its screen's widgets, made for nothing."""
    app = make_app(pane=("im2col", None))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query("#pane-area > *"))
        text = app.screen.query_one("#text", TextColumn)
        assert not text.query(LessonMarkdown)
        await pilot.press("t")
        markdown = text.query_one(LessonMarkdown)        # made and filled before the next key is read
        assert markdown.children and text.display and not app.screen.text_folded
        assert markdown.source.split("\n")[0] == app.screen.help_markdown().split("\n")[0] == "## im2col inspector"
        assert text.children[0] is markdown              # before the "more ↓" mark, as composed
        await pilot.press("t", "t")
        assert len(text.query(LessonMarkdown)) == 1 and text.display


async def test_the_too_small_message_is_made_as_the_terminal_first_gets_too_small():
    """Every screen mounted it, hidden, as it opened: a mount more for each lesson, pane, help and dialog."""
    app = make_app(pane=("loss", None))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query("#pane-area > *"))
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert not any(screen.query(TooSmall) for screen in app.screen_stack)
        await pilot.resize_terminal(50, 20)
        await until(pilot, lambda: app.screen.query_children(TooSmall) and app.screen.query_one(TooSmall).region.area)
        assert "50×20" in str(app.screen.query_one(TooSmall).render())
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, HelpScreen) and app.screen.query_children(TooSmall))
        assert app.screen.query_one(TooSmall).region.area and "50×20" in str(app.screen.query_one(TooSmall).render())


async def test_the_keys_panel_is_made_again_only_when_its_keys_change(monkeypatch):
    """The screen's bindings are updated at every focus change and step: each update made every block of
    the panel again, for the same keys."""
    import workbench.app.keys_panel as keys_panel

    app = make_app(lesson_id="perceptron", step=3)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f1")
        await until(pilot, lambda: app.screen.query(KeysPanel) and app.screen.query_one(KeysPanel).shown_text)
        panel = app.screen.query_one(KeysPanel)
        markdown = panel.query_one(LessonMarkdown)
        await until(pilot, lambda: markdown.children)
        made, asked, updates = list(markdown.children), [], []
        update_text, update = panel.update_text, markdown.update
        panel.update_text = lambda: asked.append(1) or update_text()
        markdown.update = lambda text: updates.append(text) or update(text)
        app.screen.refresh_bindings()
        await until(pilot, lambda: asked)
        assert updates == [] and list(markdown.children) == made
        monkeypatch.setattr(keys_panel, "help_text", lambda screen: "- **x** other keys")
        app.screen.refresh_bindings()
        await until(pilot, lambda: updates)
        assert updates == ["- **x** other keys"] == [panel.shown_text]


async def test_the_graph_pane_shown_again_unchanged_lays_nothing_out_and_a_step_still_shows(monkeypatch):
    """It is shown again at every resize and step: each showing laid the screen out for its eight lines."""
    from textual.widget import Widget

    app = make_app(pane=("graph", None))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.screen.query("GraphPane") and app.screen.query_one("GraphPane").result)
        await pilot.pause()
        pane = app.screen.query_one("GraphPane")
        laid_out, refresh = [], Widget.refresh

        def recording(widget, *regions, layout=False, **kwargs):
            if layout:
                laid_out.append(widget)
            return refresh(widget, *regions, layout=layout, **kwargs)

        monkeypatch.setattr(Widget, "refresh", recording)
        pane.refresh_view()
        assert laid_out == []
        status = str(pane.query_one("#graph-status").render())
        await pilot.press("full_stop")
        await until(pilot, lambda: str(pane.query_one("#graph-status").render()) != status)
        assert "1/4" in str(pane.query_one("#graph-status").render())
