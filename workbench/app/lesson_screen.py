"""A lesson: the step's text beside its live pane, stepped with → ← (or n p)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from workbench.app.panes.base import Pane
from workbench.course.model import Lesson
from workbench.course.settings import SettingError


class LessonScreen(Screen):
    """One lesson, one step at a time; each step sets the pane's settings so text and numbers agree."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (120, "-wide")]
    HELP = """\
## Lesson
The text on one side explains what the pane on the other side shows; both change with the step.
→ or n goes to the next step (past the last one, to the next lesson), ← or p goes back,
↑ ↓ scroll the text, t folds the text away to give the pane the whole screen, Escape returns home.
"""
    BINDINGS = [
        Binding("left,p", "previous", "Prev", id="lesson.previous", tooltip="Previous step (← or p)"),
        Binding("right,n", "next", "Next", id="lesson.next", tooltip="Next step (→ or n)"),
        Binding("escape", "home", "Home", id="lesson.home", tooltip="Back to the list of lessons"),
        Binding("t", "toggle_text", "Text", id="lesson.text", show=False,
                tooltip="Fold the text away, or bring it back"),
        Binding("up", "scroll_text(-1)", "Scroll up", id="lesson.scroll_up", show=False),
        Binding("down", "scroll_text(1)", "Scroll down", id="lesson.scroll_down", show=False),
        Binding("pageup", "scroll_text(-10)", "Page up", id="lesson.page_up", show=False),
        Binding("pagedown", "scroll_text(10)", "Page down", id="lesson.page_down", show=False),
    ]
    index: reactive[int] = reactive(0, init=False)
    text_folded: reactive[bool] = reactive(False, init=False)

    def __init__(self, lesson: Lesson, index: int = 0):
        super().__init__()
        self.lesson = lesson
        self.set_reactive(LessonScreen.index, index)

    def compose(self) -> ComposeResult:
        with Horizontal(id="lesson-bar"):
            yield Static(Text.assemble((self.lesson.number, "bold"), " ", self.lesson.title), id="lesson-title")
            yield Static(id="step-counter")
        with Container(id="lesson-body"):
            with VerticalScroll(id="text", can_focus=False):
                yield Markdown(id="step-text")
            yield Container(id="pane-area")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.show_step()

    @property
    def step(self):
        return self.lesson.steps[self.index]

    @property
    def pane(self) -> Pane | None:
        panes = self.query("#pane-area > Pane")
        return panes.first() if panes else None

    async def watch_index(self) -> None:
        await self.show_step()

    def watch_text_folded(self, folded: bool) -> None:
        self.set_class(folded, "-text-folded")

    async def show_step(self) -> None:
        """Show the current step's text and pane, and remember it as the last step seen."""
        step, total = self.step, len(self.lesson.steps)
        last = self.index == total - 1
        after = "   [dim]→ next lesson[/dim]" if last else ""
        self.query_one("#step-counter", Static).update(f"Step {self.index + 1}/{total} · {step.title}{after}")
        await self.query_one("#step-text", Markdown).update(step.text)
        self.query_one("#text", VerticalScroll).scroll_home(animate=False)
        await self._show_pane()
        self.set_class(step.pane is None, "-no-pane")
        self.app.record_step(self.lesson, self.index)

    async def _show_pane(self) -> None:
        """Give the current pane the step's settings, or swap in the step's pane."""
        step, area = self.step, self.query_one("#pane-area")
        if step.pane is None:
            await area.remove_children()
            return
        spec = self.app.panes.get(step.pane)
        try:
            if spec is None:
                raise SettingError(None, f"there is no pane called {step.pane!r}")
            settings = spec.build(step.settings)
        except SettingError as exc:
            await area.remove_children()
            await area.mount(Static(f"This step's pane cannot be shown: {exc}\n"
                                    "Run `workbench lessons check` for details.", classes="pane-error"))
            return
        pane = self.pane
        if pane is not None and type(pane) is spec.widget:
            pane.settings = settings
            return
        await area.remove_children()
        pane = spec.create(settings)
        await area.mount(pane)
        pane.focus()

    async def action_next(self) -> None:
        if self.index < len(self.lesson.steps) - 1:
            self.index += 1
            return
        following = self.app.course.following(self.lesson)
        if following is None:
            self.app.notify("That was the last lesson. Well done!", title="Finished")
            self.app.pop_screen()
        else:
            self.app.notify(f"On to {following.number} {following.title}", title=f"Finished {self.lesson.number}")
            await self.app.open_lesson(following.id, 0)

    def action_previous(self) -> None:
        if self.index > 0:
            self.index -= 1

    def action_home(self) -> None:
        self.app.pop_screen()

    def action_toggle_text(self) -> None:
        self.text_folded = not self.text_folded

    def action_scroll_text(self, lines: int) -> None:
        self.query_one("#text", VerticalScroll).scroll_relative(y=int(lines), animate=False)
