"""The command palette (Ctrl+P) as a new learner meets it: what it lists before typing, and in what order."""
import pytest
from textual.command import CommandPalette
from textual.system_commands import SystemCommandsProvider

from workbench.app.app import make_app
from workbench.app.commands import LanguageCommands, LessonCommands, PaneCommands
from workbench.app.goto import StepCommands
from workbench.course.files import load_course
from workbench.i18n import t

SIZE = (80, 24)


async def listed(app, pilot) -> list[tuple[str, str]]:
    """(entry, its help) of every line the open palette lists."""
    await pilot.pause(0.6)                     # Textual adds hits in batches a quarter of a second apart
    return [(str(option.hit.text or option.hit.prompt), str(option.hit.help or ""))
            for option in app.screen.query_one("CommandList").options]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_before_typing_the_palette_lists_lessons_then_panes_then_languages_then_commands(monkeypatch, lang):
    """Textual keeps the providers in a set, so the first entries were the lessons in one run and "Go to a
    step" in another; handed them in the opposite order, the palette still lists them as its prompt says."""
    reverse = [SystemCommandsProvider, LanguageCommands, PaneCommands, StepCommands, LessonCommands]
    monkeypatch.setattr(CommandPalette, "_provider_classes", property(lambda self: reverse))
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        entries = [text for text, _ in await listed(app, pilot)]
        lessons = [t("palette.lesson", number=lesson.number, title=lesson.title)
                   for lesson in load_course(lang=lang).lessons]
        panes = [t("palette.open_pane", title=entry.title) for entry in app.panes.values()]
        assert entries[:len(lessons)] == lessons
        assert entries[len(lessons):len(lessons) + len(panes)] == panes
        other = "ko" if lang == "en" else "en"
        assert entries[len(lessons) + len(panes)] == t(f"palette.language.{other}")
        assert t("app.command.quit") in entries[len(lessons) + len(panes) + 1:]


async def test_home_is_offered_everywhere_but_on_the_list_of_lessons():
    """"Home: back to the list of lessons" was offered on that very list."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        assert t("app.command.home") not in [text for text, _ in await listed(app, pilot)]
        await pilot.press("escape")
        await app.open_lesson(load_course().lessons[0].id)
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert t("app.command.home") in [text for text, _ in await listed(app, pilot)]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_each_pane_entry_names_the_command_that_opens_it_from_a_terminal(lang):
    """The Korean entries said `workbench open softmax`; the English ones did not."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        helps = dict(await listed(app, pilot))
        for name, entry in app.panes.items():
            assert f"workbench open {name}" in helps[t("palette.open_pane", title=entry.title)]
