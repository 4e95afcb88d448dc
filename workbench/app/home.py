"""The home screen: every lesson by chapter, with marks for finished ones, the one the learner was in selected.

A chapter with exercises graded says beside its heading how many of them pass, and in which folder ("✓ 5/5
parts in exercises"), from the last grading of that chapter the exercises pane or `workbench exercises check`
kept (`workbench.exercises.saved`)."""
from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.geometry import Region, Size
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workbench.app.key_bar import KeyBar
from workbench.app.localize import Localized
from workbench.app.presenter import ClassroomLine
from workbench.app.shell import ShellScreen
from workbench.app.widgets.folded import fold
from workbench.course.model import Lesson
from workbench.exercises.saved import chapter_counts
from workbench.i18n import t
from workbench.i18n.cells import NO_BREAK, ellipsize

FINISHED, STARTED = "✓", "•"
TO_DO = "○"
"""A chapter whose exercises do not all pass yet, as the exercises' milestones line marks one not reached."""
DETAILS_WIDTH = 110
"""From this width the selected lesson's details (its steps) show beside the list (home.tcss)."""


class TitleBar(Static):
    """"workbench · tagline" on the left and "N of M lessons finished" on the right: the count is kept
    whole at any width, the tagline cut first (with an ellipsis), then the name."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.count = ""

    def show_count(self, count: str) -> None:
        self.count = count
        self.refresh()

    def render(self) -> Text:
        width = self.content_size.width
        count = Text(self.count, style="dim")
        room = width - count.cell_len - 3
        name = "workbench · "
        left = Text.assemble(("workbench", "bold"), " · ", ellipsize(t("home.tagline"), room - cell_len(name)))
        if room < cell_len(name) + 2:
            left = Text.assemble(("workbench", "bold")) if room >= cell_len("workbench") else Text()
        line = left + Text(" " * max(width - left.cell_len - count.cell_len, 1)) + count
        line.truncate(width, overflow="ellipsis")
        return line


class LessonPrompt:
    """One lesson on the list: mark, number, and the title over its summary, both broken at words
    (`fold`, measured in cells) under the title's first column, never cut, at any width.

    A Rich table did this before; in a narrow column it cut Korean summaries with "…" mid-sentence."""

    NUMBER = 4
    INDENT = 1 + 1 + NUMBER + 1
    """Cells before the title: the mark, a space, the number, a space."""

    def __init__(self, mark: str, number: str, title: str, summary: str):
        self.mark, self.number, self.title, self.summary = mark, number, title, summary

    def lines(self, width: int) -> list[Text]:
        return [line.copy() for line in _prompt_lines(self.mark, self.number, self.title, self.summary, width)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield _prompt_text(self.mark, self.number, self.title, self.summary, options.max_width).copy()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = (self.title + " " + self.summary).split()
        narrowest = max((cell_len(word) for word in words), default=1)
        widest = max(cell_len(self.title), cell_len(self.summary))
        return Measurement(self.INDENT + narrowest, self.INDENT + widest).clamp(max_width=options.max_width)


@lru_cache(maxsize=1024)
def _prompt_lines(mark: str, number: str, title: str, summary: str, width: int) -> tuple[Text, ...]:
    """A lesson's rows on the list at `width`, kept: the list draws every lesson again on each render (10 ms
    of CPU of every start of the home screen), and a lesson's rows depend on nothing but these."""
    indent = LessonPrompt.INDENT
    text = fold(Text.assemble((title, "bold"), "\n", (summary, "dim")), max(width - indent, 1))
    head = Text.assemble((mark.ljust(1), "bold"), " ", (number.ljust(LessonPrompt.NUMBER), "bold"), " ")
    rows = text.split("\n", allow_blank=True)
    return tuple((head if index == 0 else Text(" " * indent)) + row for index, row in enumerate(rows))


@lru_cache(maxsize=1024)
def _prompt_text(mark: str, number: str, title: str, summary: str, width: int) -> Text:
    """The rows of `_prompt_lines` as one Text, as the list draws them."""
    return Text("\n").join(_prompt_lines(mark, number, title, summary, width))


class LessonList(Localized, OptionList):
    """The lessons; Enter (or a click) opens the highlighted one.

    OptionList's own keys, declared again with ids of ours so that `?` lists them in the learner's language;
    k and j move as ↑ and ↓, as they do in the panes (h j k l)."""

    BINDINGS = [
        Binding("enter", "select", id="home.open"),
        Binding("up", "cursor_up", id="home.move", show=False),
        Binding("down", "cursor_down", id="home.move", show=False),
        Binding("k", "cursor_up", id="home.move", show=False),
        Binding("j", "cursor_down", id="home.move", show=False),
        Binding("pageup", "page_up", id="home.page", show=False),
        Binding("pagedown", "page_down", id="home.page", show=False),
        Binding("home", "first", id="home.ends", show=False),
        Binding("end", "last", id="home.ends", show=False),
    ]

    def on_resize(self) -> None:
        """Keep the highlighted lesson in view at the new size: shrunk from 120×40 to 80×24 with 8.2
        highlighted, the list kept its old scroll and showed 4.4 to 6.4 (End changed nothing, as 8.2 was
        highlighted already)."""
        self.call_after_refresh(self.scroll_to_highlight)

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll the highlighted lesson into view with its chapter's heading when it is the chapter's
        first: the headings cannot be highlighted, so Home (or ↑ back to 1.1) showed "✓ 1.1" on the top
        row with "Chapter 1 · Hello Python" above it out of reach of every key."""
        super().scroll_to_highlight(top)
        index = self.highlighted
        if index is None or index == 0 or not self.is_mounted or not self.get_option_at_index(index - 1).disabled:
            return
        heading, lines = self._index_to_line.get(index - 1), self._index_to_line.get(index)
        if heading is not None and lines is not None:
            region = Region(0, heading, self.scrollable_content_region.width, lines - heading + self._heights[index])
            self.scroll_to_region(region, force=True, animate=False, top=top, immediate=True)


class HomeScreen(Localized, ShellScreen, Screen):
    """Lessons grouped by chapter; Enter or a click opens one."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (DETAILS_WIDTH, "-wide")]
    BODY = "#home-body"
    wanted_keys = ("ctrl+p", "G")
    """The footer keeps the palette's and the glossary's keys in view here (KeyBar), hidden elsewhere: the
    first screen is where a learner looks for a way to a pane, the other language or a term, and it said
    only ⏎, ^q and ?."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.details = ""
        """The selected lesson's details, in Markdown."""

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("home.help")

    def compose(self) -> ComposeResult:
        yield TitleBar(id="title-bar")
        with Horizontal(id="home-body"):
            yield LessonList(id="lessons")
            with VerticalScroll(id="details", can_focus=False):
                if self.app.size.width >= DETAILS_WIDTH:
                    yield self._details_text()
        yield ClassroomLine()
        yield KeyBar()

    def _details_text(self):
        """The Markdown of the details, made only where they show: Textual's Markdown (with markdown-it and
        Pygments) takes a while to load, and at 80 columns the first screen does without it."""
        from textual.widgets import Markdown

        return Markdown(self.details, id="details-text")

    def size_changed(self, size: Size) -> None:
        super().size_changed(size)
        if size.width >= DETAILS_WIDTH and not self.query("#details-text"):
            self.query_one("#details").mount(self._details_text())

    def on_mount(self) -> None:
        if self.going():
            return
        self.refresh_list(select=self.start_lesson())
        self.query_one(OptionList).focus()

    async def recompose(self) -> None:
        """Compose again (the interface language changed) and fill the new list, on the same lesson."""
        selected = self.selected.id if self.selected else self.start_lesson()
        await super().recompose()
        self.refresh_list(select=selected)
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted and not self.going():
            self.refresh_list(select=self.app.last_opened or (self.selected.id if self.selected else None))
        moved = getattr(self.app, "classroom_moved", None)
        if moved is not None:
            moved()                    # a presenter back on the list: the followers go there too

    def start_lesson(self) -> str | None:
        """The lesson the learner was in last time, else the first one."""
        lessons = [lesson.id for lesson in self.app.course.lessons]
        current = self.app.progress.current
        return current if current in lessons else lessons[0] if lessons else None

    @property
    def selected(self) -> Lesson | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return self.app.course.lesson(option_id) if option_id and not option_id.startswith("chapter-") else None

    def refresh_list(self, select: str | None) -> None:
        """Rebuild the options (marks change as lessons are read) and highlight `select`."""
        course, progress = self.app.course, self.app.progress
        options: list[Option] = []
        exercises = chapter_counts()
        for chapter, title, lessons in course.chapters():
            heading = Text(t("home.chapter", chapter=chapter, title=title))
            if chapter in exercises:             # how many of the chapter's exercises pass, as they were last graded
                done, total, folder = exercises[chapter]
                mark = t("home.exercises", mark=FINISHED if done == total else TO_DO, done=done, total=total,
                         folder=folder_name(folder))
                heading.append("  " + mark.replace(" ", NO_BREAK), style="dim")   # wraps whole, under a narrow list
            options.append(Option(heading, id=f"chapter-{chapter}", disabled=True))
            for lesson in lessons:
                options.append(Option(self._prompt(lesson), id=lesson.id))
        option_list = self.query_one(OptionList)
        option_list.set_options(options)
        if select is not None:
            option_list.highlighted = option_list.get_option_index(select)
        done = len(progress.finished & {lesson.id for lesson in course.lessons})
        self.query_one(TitleBar).show_count(t("home.finished_count", done=done, total=len(course.lessons)))

    def _prompt(self, lesson: Lesson) -> LessonPrompt:
        progress = self.app.progress
        mark = FINISHED if lesson.id in progress.finished else STARTED if lesson.id in progress.last_step else ""
        return LessonPrompt(mark, lesson.number, lesson.title, lesson.summary)

    @on(OptionList.OptionHighlighted)
    def show_details(self) -> None:
        lesson = self.selected
        if lesson is None:
            return
        progress = self.app.progress
        resume = self.app.resume_step(lesson)
        status = (t("home.status.finished") if lesson.id in progress.finished and resume == 0
                  else t("home.status.resumes", step=resume + 1) if lesson.id in progress.last_step
                  else t("home.status.new"))      # a finished lesson read again resumes, as Enter does
        steps = "\n".join(f"{i}. {step.title}" for i, step in enumerate(lesson.steps, start=1))
        self.details = (f"## {lesson.number} {lesson.title}\n\n{lesson.summary}\n\n"
                        f"*{t('home.details', steps=len(lesson.steps), status=status)}*\n\n{steps}\n")
        for text in self.query("#details-text"):
            text.update(self.details)

    @on(OptionList.OptionSelected)
    def open_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith("chapter-"):
            self.app.open_lesson(event.option.id)


def folder_name(folder: str) -> str:
    """The folder a chapter's marks count, by its own name ("exercises"), cut short when long: the mark
    sits beside the chapter's title."""
    from pathlib import Path

    return ellipsize(Path(folder).name or folder, 20)
