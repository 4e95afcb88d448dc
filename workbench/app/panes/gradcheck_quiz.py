"""The "find the bug" dialog: two lists, the layer (or the checker) and the bug, then Enter to answer.

It returns (place, bug) to the gradient-check pane, which scores the guess before it shows the bug
(`workbench.models.gradcheck_quiz`); Escape returns None and nothing is shown.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.app.key_bar import KeyBar
from workbench.app.localize import Localized
from workbench.app.no_break import items
from workbench.app.styles import pane_css
from workbench.app.too_small import Guarded
from workbench.i18n import t
from workbench.models.gradcheck import GradcheckPlan
from workbench.models.gradcheck_quiz import bug_label, bugs, place_label, places


class BugQuiz(Localized, Guarded, ModalScreen):
    """Where is the bug, and what is it? Dismissed with (place, bug), or None."""

    DEFAULT_CSS = pane_css(__file__)
    BINDINGS = [Binding("escape", "close", id="gradcheck.close")]

    def __init__(self, plan: GradcheckPlan):
        super().__init__()
        self.plan = plan
        self.places = places(plan)
        self.bugs = bugs(plan)

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-box") as box:
            box.border_title = t("gradcheck.quiz.title")
            yield Label(t("gradcheck.quiz.where"), classes="quiz-heading")
            yield OptionList(*(Option(place_label(self.plan, place), id=place) for place in self.places),
                             id="quiz-places")
            yield Label(t("gradcheck.quiz.what"), classes="quiz-heading")
            yield OptionList(*(Option(self.bug_prompt(name), id=name) for name in self.bugs), id="quiz-bugs")
            yield Static(items(t("gradcheck.quiz.hint")), id="quiz-hint")   # broken between its items
        yield KeyBar()

    @staticmethod
    def bug_prompt(name: str) -> Text:
        """What the bug does, read first; then, dim, its id, the name `workbench gradcheck --break` takes."""
        return Text.assemble(bug_label(name), "  ", (name, "dim"))

    def on_mount(self) -> None:
        for lists in self.query(OptionList):
            lists.highlighted = 0
        self.query_one("#quiz-places", OptionList).focus()

    @on(OptionList.OptionSelected, "#quiz-places")
    def _place_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#quiz-bugs", OptionList).focus()

    @on(OptionList.OptionSelected, "#quiz-bugs")
    def _bug_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.answer()

    def chosen(self, list_id: str) -> str:
        options = self.query_one(list_id, OptionList)
        return options.get_option_at_index(options.highlighted or 0).id

    def answer(self) -> None:
        self.dismiss((self.chosen("#quiz-places"), self.chosen("#quiz-bugs")))

    def action_close(self) -> None:
        self.dismiss(None)
