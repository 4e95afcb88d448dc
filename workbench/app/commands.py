"""Command palette entries: every lesson, every pane, the glossary, the data sets and the interface languages,
in the learner's language."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from pathlib import Path

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from workbench.app.goto import StepCommands
from workbench.i18n import LANGUAGES, language, t


class _ListedCommands(Provider):
    """A fixed list of (text, help, callback, name), all shown before typing and fuzzy-matched after.

    `name` is the entry's id in the book's words ("softmax", "im2col"): typed in any interface
    language it finds the entry, so a Korean screen answers to the names the code and the book use."""

    def commands(self, names: bool = True) -> Iterator[tuple[str, str, Callable[[], object], str]]:
        """The entries; `names`: False when only their texts are shown (before typing), so a name
        costly to make need not be made."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, help_text, command, _name in self.commands(names=False):
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command, name in self.commands():
            score = matcher.match(text)
            shown = matcher.highlight(text) if score > 0 else text
            score = max(score, matcher.match(name) * 0.9 if name else 0)     # the title first on a tie
            if score > 0:
                yield Hit(score, shown, command, text=text, help=help_text)


class LessonCommands(_ListedCommands):
    """Open any lesson by number or title, or by its chapter's title: 오차역전파법 (backpropagation)
    finds chapter 5's lessons, none of whose titles says it. In English a lesson's Korean title and its
    chapter's find it too: a reader of the Korean edition typed 퍼셉트론 and found nothing. (Not the other
    way round: English letters typed in Korean would match far more Korean entries' English names.)"""

    def commands(self, names=True):
        course = self.app.course
        chapters = course.chapter_titles
        korean = korean_names(course.root) if course.language != "ko" and names else {}
        for lesson in course.lessons:
            name = f"{lesson.id} {chapters.get(lesson.chapter, '')} {korean.get(lesson.id, '')}".strip()
            yield (t("palette.lesson", number=lesson.number, title=lesson.title), lesson.summary,
                   partial(self.app.open_lesson, lesson.id), name)


@lru_cache(maxsize=2)
def korean_names(root: Path) -> dict[str, str]:
    """Each lesson's Korean title and its chapter's, by lesson id: read once (40 ms), as the palette asks
    again at every key typed."""
    from workbench.course.files import load_course

    course = load_course(root, "ko")
    return {lesson.id: f"{lesson.title} {course.chapter_titles.get(lesson.chapter, '')}" for lesson in course.lessons}


class PaneCommands(_ListedCommands):
    """Open any pane on its own."""

    def commands(self, names=True):
        for name, entry in self.app.panes.items():
            yield (t("palette.open_pane", title=entry.title), t("palette.open_pane.help", name=name),
                   partial(self.app.open_pane, name), name)


class DataCommands(_ListedCommands):
    """Where the data sets are: what `workbench data` reports, in a box over the screen."""

    def commands(self, names=True):
        from workbench.app.data_status import DataStatusScreen
        from workbench.exercises.sandbox import served

        if served():                  # a browser's session: the server's folders are not its to list
            return
        yield (t("palette.data"), t("palette.data.help"), lambda: self.app.push_screen(DataStatusScreen()), "data")


class GlossaryCommands(_ListedCommands):
    """The glossary: the course's terms in English and Korean (G)."""

    def commands(self, names=True):
        from workbench.app.glossary_screen import open_glossary

        yield (t("glossary.palette"), t("glossary.palette.help"), lambda: open_glossary(self.app), "glossary 용어집")


class LanguageCommands(_ListedCommands):
    """Switch the interface language."""

    def commands(self, names=True):
        for lang in LANGUAGES:
            if lang != language():
                yield (t(f"palette.language.{lang}"), t("palette.language.help"),
                       partial(self.app.call_later, self.app.switch_language, lang), lang)


class Palette(CommandPalette):
    """Textual's command palette, listing in a fixed order and saying "no matches" in the reader's language
    (Textual writes it in English, after the same half second; `textual` is pinned, so this follows its
    8.2 code)."""

    @property
    def _provider_classes(self) -> list:
        """The providers in the order the prompt names them: lessons, steps, panes, languages, then the
        app's commands. Textual keeps them in a set, so the list before typing opened on the lessons in
        one run and on "Go to a step" in the next (and the ties of a search came in that order too)."""
        return sorted(super()._provider_classes, key=provider_rank)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("app.palette.no_matches"), style="not bold")), disabled=True,
                           id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


def provider_rank(provider: type) -> int:
    """Where a provider's entries come in the palette: ours in the prompt's order, anything else after."""
    order = (LessonCommands, StepCommands, PaneCommands, GlossaryCommands, DataCommands, LanguageCommands)
    return order.index(provider) if provider in order else len(order)
