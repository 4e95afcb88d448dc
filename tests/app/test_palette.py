"""The command palette (Ctrl+P) as a new learner meets it: what it lists before typing, and in what order;
its "Data sets", which shows in the app what `workbench data` prints."""
import pytest
from textual.command import CommandPalette
from textual.system_commands import SystemCommandsProvider

from workbench.app.app import make_app
from workbench.app.commands import (DataCommands, GlossaryCommands, LanguageCommands, LessonCommands, PaneCommands,
                                    korean_names)
from workbench.app.data_status import DataStatusScreen, status_report
from workbench.app.goto import StepCommands
from workbench.course.files import load_course
from workbench.i18n import t

from screen_text import palette_searched, until

SIZE = (80, 24)


async def listed(app, pilot) -> list[tuple[str, str]]:
    """(entry, its help) of every line the open palette lists, once it has listed them all."""
    await until(pilot, lambda: palette_searched(app))
    return [(str(option.hit.text or option.hit.prompt), str(option.hit.help or ""))
            for option in app.screen.query_one("CommandList").options]


async def found(app, pilot, typed: str) -> list[str]:
    """The entries the palette lists for `typed`, opened with Ctrl+P and typed as a learner would."""
    await pilot.press("ctrl+p")
    await pilot.press(*typed)
    await until(pilot, lambda: palette_searched(app, typed))
    return [text for text, _ in await listed(app, pilot)]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_before_typing_the_palette_lists_lessons_then_panes_then_languages_then_commands(monkeypatch, lang):
    """Textual keeps the providers in a set, so the first entries were the lessons in one run and "Go to a
    step" in another; handed them in the opposite order, the palette still lists them as its prompt says."""
    reverse = [SystemCommandsProvider, LanguageCommands, DataCommands, GlossaryCommands, PaneCommands, StepCommands,
               LessonCommands]
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
        after = entries[len(lessons) + len(panes):]
        assert after[:3] == [t("glossary.palette"), t("palette.data"), t(f"palette.language.{other}")]
        assert t("app.command.quit") in after[3:]


@pytest.mark.parametrize("lang, typed", [("ko", "lang"), ("en", "언어"), ("ko", "English"), ("en", "한국어")])
async def test_the_language_switch_is_found_in_either_language(lang, typed):
    """Whoever cannot read the interface's language must still find the way back: in Korean, "lang" found
    lesson 8.2 and no language command (it read "언어: 영어(English)")."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        entries = await found(app, pilot, typed)
        other = "ko" if lang == "en" else "en"
        assert entries[0] == t(f"palette.language.{other}"), entries


@pytest.mark.parametrize("lang, typed", [("ko", "오차역전파법"), ("en", "Backpropagation")])
async def test_a_chapter_s_title_finds_its_lessons(lang, typed):
    """오차역전파법 found only the numerical-vs-backprop pane: no title of chapter 5's lessons says it."""
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        entries = await found(app, pilot, typed)
        chapter_5 = [t("palette.lesson", number=lesson.number, title=lesson.title)
                     for lesson in load_course(lang=lang).lessons if lesson.chapter == 5]
        assert set(chapter_5) <= set(entries), entries


@pytest.mark.parametrize("typed, number", [("퍼셉트론", "2.1"), ("오차역전파법", "5.1"), ("합성곱 계층", "7.1")])
async def test_in_english_a_lessons_korean_title_finds_it_too(typed, number):
    """A reader of the Korean edition, the interface in English, typed 퍼셉트론: "No matches found"."""
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        entries = await found(app, pilot, typed)
        lesson = next(lesson for lesson in app.course.lessons if lesson.number == number)
        assert t("palette.lesson", number=number, title=lesson.title) in entries, entries


async def test_opened_in_english_before_typing_the_palette_does_not_read_the_korean_course():
    """The Korean titles are for matching what is typed (40 ms to read): the list shown as the palette
    opens has no use for them, and the palette's first opening should not wait for them."""
    korean_names.cache_clear()
    app = make_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await listed(app, pilot)
        assert korean_names.cache_info().currsize == 0
        await pilot.press(*"퍼셉트론")
        await until(pilot, lambda: palette_searched(app, "퍼셉트론"))
        assert korean_names.cache_info().currsize == 1


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


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_data_sets_from_the_palette_shows_what_workbench_data_prints(monkeypatch, lang):
    """The app says "MNIST is not on this computer; see 'workbench data'": the palette's "Data sets"
    shows that report without leaving the app, in its language, paths as they are (no markup), a long
    line broken at words under its own indent, the whole of it scrollable at 80×24; Escape closes it."""
    from workbench.datasets import console

    advice = "  not ready: " + "the files are in [none] of the folders searched; " * 3
    report = "\n".join(["WORKBENCH_DATA: [not set]", advice, *(f"  line {n}" for n in range(40)), "the last line"])
    monkeypatch.setattr(console, "status", lambda out: out.write(report + "\n") and 0)
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"data")
        await until(pilot, lambda: palette_searched(app, "data"))
        assert app.screen.query_one("CommandList").get_option_at_index(0).hit.text == t("palette.data")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DataStatusScreen) and       # its report, made in a thread
                    str(app.screen.query_one("#data-report").render()) != t("datasets.screen.checking"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DataStatusScreen)
        assert str(screen.query_one("#data-title").render()) == t("datasets.screen.title")
        shown = str(screen.query_one("#data-report").render())
        assert shown.startswith("WORKBENCH_DATA: [not set]\n  not ready: the files are in [none]")
        rows = shown.splitlines()
        assert all(len(row) <= screen.query_one("#data-report").size.width for row in rows)
        assert rows[2].startswith("    ") and "[none]" in rows[2]       # the advice's rest, under its words
        assert screen.query_one("#data-hint").region.bottom <= SIZE[1] - 1       # the hint stays on screen
        scroll = screen.query_one("#data-scroll")
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DataStatusScreen)


def test_the_report_is_the_one_workbench_data_prints(capsys):
    """Not a copy: the same function, so the app and the console never disagree."""
    from workbench.cli import main

    main(["data"])
    assert status_report() == capsys.readouterr().out.rstrip("\n")


async def test_a_served_session_does_not_list_the_server_s_data_folders(monkeypatch):
    """`workbench serve` gives each browser an app on the teacher's computer: its paths are not theirs."""
    monkeypatch.setenv("WORKBENCH_SERVED", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"data")
        assert t("palette.data") not in [text for text, _ in await listed(app, pilot)]
