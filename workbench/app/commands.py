"""Command palette entries: every lesson, every pane and the interface languages, in the learner's language."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from workbench.i18n import LANGUAGES, language, t


class _ListedCommands(Provider):
    """A fixed list of (text, help, callback, name), all shown before typing and fuzzy-matched after.

    `name` is the entry's id in the book's words ("softmax", "im2col"): typed in any interface
    language it finds the entry, so a Korean screen answers to the names the code and the book use."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object], str]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, help_text, command, _name in self.commands():
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
    """Open any lesson by number or title."""

    def commands(self):
        for lesson in self.app.course.lessons:
            yield (t("palette.lesson", number=lesson.number, title=lesson.title), lesson.summary,
                   partial(self.app.open_lesson, lesson.id), lesson.id)


class PaneCommands(_ListedCommands):
    """Open any pane on its own."""

    def commands(self):
        for name, entry in self.app.panes.items():
            yield (t("palette.open_pane", title=entry.title), t("palette.open_pane.help", name=name),
                   partial(self.app.open_pane, name), name)


class LanguageCommands(_ListedCommands):
    """Switch the interface language."""

    def commands(self):
        for lang in LANGUAGES:
            if lang != language():
                yield (t(f"palette.language.{lang}"), t("palette.language.help"),
                       partial(self.app.call_later, self.app.switch_language, lang), lang)
