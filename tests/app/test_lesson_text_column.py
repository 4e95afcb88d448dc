"""The lesson text's column is as wide, and draws the same rows, however its step was reached: opened
at the step, stepped to with → or ←, or after a resize (a scrollbar it no longer needs goes)."""
import pytest

from workbench.app.app import make_app
from workbench.app.text_column import TextColumn
from workbench.i18n import t

from conftest import write_lesson
from screen_text import screen_lines

COLUMN = {(80, 24): (38, 22), (120, 40): (46, 38)}
"""The text column's width inside its padding, without a scrollbar, and its height, at each size tested."""


def code_line(cells: int, lang: str) -> str:
    """A line of code exactly `cells` wide (Korean: a comment of two-cell characters)."""
    if lang == "ko":
        return "# " + "가" * ((cells - 2) // 2) + "." * ((cells - 2) % 2)
    return "x = " + "1 + " * ((cells - 5) // 4) + "1" * (1 + (cells - 5) % 4)


def column_lesson(root, lang: str, width: int, code_lines: int) -> None:
    """Lesson "column": a long text, then `code_lines` lines of code as wide as the column (one row each
    at full width, two beside a scrollbar: with the text around them, 6 rows more), then a short text."""
    code = "\n".join([code_line(width - 4, lang)] * code_lines)      # the code block's padding: 2 + 2
    word = "낱말" if lang == "ko" else "word"
    steps = "".join(f'\n[[steps]]\nid = "{step}"\npane = "perceptron"\n[steps.settings]\nw1 = 0.5\n'
                    for step in ("long", "just-fits", "short"))
    long_text = "\n\n".join(f"{word} " * 12 for _ in range(30))
    folder = write_lesson(root, "column", f'id = "column"\nchapter = 2\norder = 2\n{steps}', "")
    (folder / f"{lang}.md").write_text(
        f"---\ntitle: Column\nsummary: Texts of three lengths.\n---\n\n"
        f"## Long {{#long}}\n\n{long_text}\n\n"
        f"## Just fits {{#just-fits}}\n\n{word} {word}\n\n```text\n{code}\n```\n\n"
        f"## Short {{#short}}\n\n{word}\n", encoding="utf-8")
    if lang != "en":
        (folder / "en.md").write_text((folder / f"{lang}.md").read_text(encoding="utf-8"), encoding="utf-8")


def text_rows(app) -> list[str]:
    """The rows the text column draws, as the terminal shows them."""
    region = app.screen.query_one("#text", TextColumn).region
    return [line.ljust(region.right)[region.x:region.right] for line in screen_lines(app)[region.y:region.bottom]]


async def column_at_step(lessons_dir, size, lang, opened_at: int, keys: tuple[str, ...] = (),
                         resize_to: tuple[int, int] | None = None) -> tuple[int, list[str]]:
    """Open lesson "column" at step `opened_at`, press `keys` (and resize there and back), and return
    the text column's width inside its padding and scrollbar, and the rows it draws."""
    app = make_app(lessons_dir=lessons_dir, lesson_id="column", step=opened_at, lang=lang)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if resize_to:
            await pilot.resize_terminal(*resize_to)
            await pilot.pause()
            await pilot.resize_terminal(*size)
        for _ in range(3):
            await pilot.pause()
        assert app.screen.step.id == "just-fits"
        return app.screen.query_one("#text", TextColumn).scrollable_content_region.width, text_rows(app)


@pytest.mark.parametrize("rows_to_spare", [0, 3])
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_text_that_fits_the_full_width_has_no_scrollbar_however_its_step_was_reached(lessons_dir, size,
                                                                                             lang, rows_to_spare):
    """A column laid out first at the width before the screen's width classes, or left by a longer
    text with a scrollbar, kept that scrollbar: 36 cells wide at 80×24 opened at the step, 38 stepped to
    with → from a shorter text, and its code folded (↪) in one case only. A text filling the column
    exactly kept "more ↓" too, whose row it took."""
    chapters = lessons_dir / "chapters.toml"
    korean = "[ko]\n" + "".join(f'{n} = "{n}장"\n' for n in range(1, 9))
    chapters.write_text(chapters.read_text(encoding="utf-8") + korean, encoding="utf-8")
    width, height = COLUMN[size]
    column_lesson(lessons_dir, lang, width, height - 6 - rows_to_spare)     # fits at full width only
    opened = await column_at_step(lessons_dir, size, lang, opened_at=1)
    ways = {"→ from a longer text": await column_at_step(lessons_dir, size, lang, opened_at=0, keys=("right",)),
            "← from a shorter text": await column_at_step(lessons_dir, size, lang, opened_at=2, keys=("left",))}
    if size == (80, 24):    # text above the pane, in rows too few for it, and back
        ways["after a resize"] = await column_at_step(lessons_dir, size, lang, opened_at=1, resize_to=(70, 30))
    assert opened[0] == width, "no scrollbar: the text fits the column's full width"
    assert not any("↪" in row for row in opened[1]), "each line of code on one row"
    assert not any(t("lesson.more") in row for row in opened[1]), "nothing more below"
    for way, column in ways.items():
        assert column == opened, way


async def test_a_scrollbar_goes_when_the_terminal_grows_taller_and_the_text_fits_its_full_width(lessons_dir):
    """Made taller, the column kept a scrollbar while the text overflowed the narrower width it leaves."""
    column_lesson(lessons_dir, "en", COLUMN[80, 24][0], 20)      # 26 rows: fits 80×30's 28 at full width only
    taller = await column_at_step(lessons_dir, (80, 30), "en", opened_at=1)
    assert taller[0] == COLUMN[80, 24][0], "30 rows are enough at full width"
    app = make_app(lessons_dir=lessons_dir, lesson_id="column", step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = app.screen.query_one("#text", TextColumn)
        assert text.scrollable_content_region.width < COLUMN[80, 24][0], "24 rows are too few at any width"
        await pilot.resize_terminal(80, 30)
        for _ in range(3):
            await pilot.pause()
        assert (text.scrollable_content_region.width, text_rows(app)) == taller


@pytest.mark.parametrize("opened", ["from the command line", "from the lesson list"])
@pytest.mark.parametrize("size", [(80, 24), (70, 40)])
async def test_the_first_layout_of_a_lesson_already_has_the_columns_width(lessons_dir, monkeypatch, size, opened):
    """Textual gives a screen its width classes at its first Resize, which its first layout sends: that
    layout (drawn as two frames when the lesson opened from a running app) had the text 32 cells wide
    at 80×24 instead of 40, and 28 at 70×40 instead of 70, above the pane."""
    widths = []
    resized = TextColumn.on_resize

    def record(column: TextColumn, event) -> None:
        widths.append(event.size.width)
        resized(column)

    monkeypatch.setattr(TextColumn, "on_resize", record)
    column_lesson(lessons_dir, "en", COLUMN[80, 24][0], 4)
    from_command_line = opened == "from the command line"
    app = make_app(lessons_dir=lessons_dir, lesson_id="column" if from_command_line else None, step=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        if not from_command_line:
            await app.open_lesson("column", 1)
        for _ in range(3):
            await pilot.pause()
        width = app.screen.query_one("#text", TextColumn).region.width
    assert widths and set(widths) == {width}, f"every layout {width} wide: {widths}"
