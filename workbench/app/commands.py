"""Command palette entries: every lesson ("Lesson 3.1 Activation functions") and every pane ("Open …")."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class _ListedCommands(Provider):
    """A fixed list of (text, help, callback), all shown before typing and fuzzy-matched after."""

    def commands(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, help_text, command in self.commands():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, command in self.commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, text=text, help=help_text)


class LessonCommands(_ListedCommands):
    """Open any lesson by number or title."""

    def commands(self):
        for lesson in self.app.course.lessons:
            yield f"Lesson {lesson.number} {lesson.title}", lesson.summary, partial(self.app.open_lesson, lesson.id)


class PaneCommands(_ListedCommands):
    """Open any pane on its own ("Open activation functions plot")."""

    def commands(self):
        for name, spec in self.app.panes.items():
            yield f"Open {spec.title}", f"The {name} pane, to explore freely", partial(self.app.open_pane, name)
