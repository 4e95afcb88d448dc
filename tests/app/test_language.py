"""The interface language: from --lang, the remembered choice or the locale; switched from the palette."""
import json

import pytest
from textual.command import CommandList, CommandPalette

from workbench.app.app import make_app
from workbench.app.home import HomeScreen
from workbench.app.lesson_screen import LessonScreen
from workbench.course.progress import FILE_NAME
from workbench.i18n import language

from screen_text import screen_text, until

SIZE = (80, 24)


def title_bar(app) -> str:
    return str(app.screen.query_one("#title-bar").render())


def key_bar(app) -> str:
    return str(app.screen.query_one("KeyBar").render())


def palette_prompts(app) -> list[str]:
    """The options the command palette lists, as text (an option's help on the lines after its own)."""
    return [str(option.prompt.renderable if hasattr(option.prompt, "renderable") else option.prompt)
            for option in app.screen.query_one(CommandList).options]


async def choose_in_palette(pilot, typed: str, entry: str) -> None:
    """Type `typed` into the open palette and press Enter once its first option is `entry`."""
    await pilot.press(*typed)
    await until(pilot, lambda: palette_prompts(pilot.app)[:1] and palette_prompts(pilot.app)[0].startswith(entry)
                and pilot.app.screen.query_one(CommandList).highlighted == 0, seconds=10)
    await pilot.press("enter")


async def test_lang_ko_shows_the_interface_in_korean_and_is_remembered(private_state_dir):
    app = make_app(lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"레슨 {len(app.course.lessons)}개 중 0개 완료" in title_bar(app)
        assert "열기" in key_bar(app) and "도움말" in key_bar(app)
    saved = json.loads((private_state_dir / FILE_NAME).read_text(encoding="utf-8"))
    assert saved["language"] == "ko"
    again = make_app()
    async with again.run_test(size=SIZE):
        assert language() == "ko"


async def test_the_locale_chooses_korean_when_nothing_was_asked(monkeypatch, private_state_dir):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "완료" in title_bar(app)
    assert not (private_state_dir / FILE_NAME).exists() or \
        json.loads((private_state_dir / FILE_NAME).read_text(encoding="utf-8")).get("language") is None


async def test_the_palette_switches_the_language_and_keeps_the_lesson_and_step():
    app = make_app(lesson_id="activation-functions", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#step-counter").render()).startswith("Step 2/")
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        lesson_screen = app.screen_stack[-2]
        await choose_in_palette(pilot, "korean", "Language (언어): Korean (한국어)")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen is not lesson_screen)
        await pilot.pause()
        assert language() == "ko"
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 1
        assert str(app.screen.query_one("#step-counter").render()).startswith("2/")
        assert "다음" in key_bar(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and "완료" in title_bar(app)
        assert app.progress.language == "ko"


async def test_the_palette_finds_the_language_entry_by_the_word_it_promises(private_state_dir):
    """The palette's prompt offers to change the language ("언어나 테마 바꾸기"): typing that word finds it."""
    app = make_app(lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "언어", "언어(Language): 영어(English)")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and "Open" in key_bar(app))
        assert language() == "en"
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "language", "Language (언어): Korean (한국어)")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and "열기" in key_bar(app))
        assert language() == "ko"


@pytest.mark.parametrize("lang, said", [("en", "No matches found"), ("ko", "맞는 항목이 없습니다")])
async def test_the_palette_says_no_matches_in_the_readers_language(lang, said):
    app = make_app(lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"qqqqzz")
        # the palette says so 0.5 s after the search finds nothing
        await until(pilot, lambda: any(said in prompt for prompt in palette_prompts(app)), seconds=10)
        prompts = palette_prompts(app)
        assert any(said in prompt for prompt in prompts), prompts


def korean_window_saves(folder) -> None:
    """Another window, started with --lang ko on the same state folder, remembers its language."""
    from workbench.course.progress import ProgressStore

    other = ProgressStore(folder)
    progress, _ = other.load()
    progress.language = "ko"
    assert other.save(progress) is None


async def test_a_window_started_while_another_saves_korean_shows_its_lesson_and_strings_in_one_language(
        monkeypatch, private_state_dir):
    """`workbench lesson` reads the remembered language, loads the course in it, then builds the app,
    which read the file again: a Korean window saving in between left the lesson's text English and
    the pane's and the footer's strings Korean."""
    from workbench import cli
    from workbench.course import files

    load_course = files.load_course

    def then_korean_window_saves(*args, **kwargs):
        course = load_course(*args, **kwargs)
        korean_window_saves(private_state_dir)
        return course

    apps = []
    monkeypatch.setattr(files, "load_course", then_korean_window_saves)
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["lesson", "1.1"]) == 0
    [app] = apps
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        await pilot.pause()
        assert language() == "en"
        assert str(app.screen.query_one("#step-counter").render()).startswith("Step 1/")
        assert "Next" in key_bar(app) and "stage 4/4" in screen_text(app)
    saved = json.loads((private_state_dir / FILE_NAME).read_text(encoding="utf-8"))
    assert saved["language"] == "ko"          # the Korean window's choice, kept for the next start


async def test_each_window_keeps_its_language_and_both_keep_their_progress(private_state_dir):
    """An English window open while a Korean one starts, moves and finishes lessons on the same state
    folder: it stays English, and its own steps and the other's are all saved."""
    from workbench.course.progress import ProgressStore

    app = make_app(lang="en", lesson_id="numpy-arrays")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        other = ProgressStore(private_state_dir)
        progress, _ = other.load()
        progress.language = "ko"
        progress.record_step("xor", ("a", "b"), 1)
        progress.finished.add("xor")
        assert other.save(progress) is None
        await pilot.press("right")
        await until(pilot, lambda: app.screen.index == 1)
        await pilot.pause()
        assert language() == "en" and "Next" in key_bar(app)
    saved = ProgressStore(private_state_dir).load()[0]
    assert saved.language == "ko" and saved.finished == {"xor"}
    assert saved.last_step == {"numpy-arrays": 1, "xor": 1}
