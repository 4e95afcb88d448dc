"""The softmax pane in the app: the book's scores and the overflowing ones by key, every score shifted
by 100, the temperature, a bad entry kept out, a lesson step, `workbench open softmax`, and SVG
snapshots (review new ones by eye)."""
import pytest
from rich.cells import cell_len
from textual.widgets import Input, Static

from workbench import cli
from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.softmax import SoftmaxPane, compact, probability, quantity
from workbench.models.catalog import pane
from screen_text import field_error, screen_lines, until

SIZE = (80, 24)
ENTRY = pane("softmax")


def opened(*assignments):
    return make_app(pane=("softmax", ENTRY.parse(list(assignments))))


def shown(p, part) -> str:
    return str(p.query_one(f"#softmax-{part}", Static).render())


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda _self: None)


def test_numbers_are_written_short_with_a_true_minus():
    assert [probability(v) for v in (0.7365969, 0.99995, 4.5397e-05, 0.0, float("nan"))] == [
        "0.737", "1.000", "4.54e−5", "0", "nan"]
    assert [quantity(v) for v in (54.598, 1.0137e304, float("inf"), -2.5)] == ["54.6", "1.01e304", "inf", "−2.5"]
    assert compact("2.06e-09") == "2.06e−9"


async def test_both_versions_side_by_side_and_the_overflow_explained():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        bars = shown(p, "bars")
        assert bars.count("0.737") == 2 and bars.count("0.018") == 2 and bars.count("1.000") == 2   # Σ both
        assert "74.12" in shown(p, "exp") and "argmax a = 2 → argmax y = 2" in shown(p, "notes")
        await pilot.press("2")
        assert p.settings.scores == (1010.0, 1000.0, 990.0)
        bars, notes = shown(p, "bars"), shown(p, "notes").replace("\n", " ")
        assert bars.count("nan") == 4 and "4.54e−5" in bars and "2.06e−9" in bars
        assert "exp(1010) = inf. exp overflows float64 past 709.78, and inf / inf = nan" in notes
        assert "C = max = 1010" in notes and "argmax a = 0 → argmax y = 0" in notes
        await pilot.press("1")
        assert "nan" not in shown(p, "bars")


async def test_adding_100_to_every_score_changes_nothing_until_the_first_version_breaks():
    app = opened("scores=500.3 502.9 504")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        await pilot.press("]", "]")
        assert p.settings.scores == (700.3, 702.9, 704.0) and "nan" not in shown(p, "bars")
        assert shown(p, "bars").count("0.737") == 2
        await pilot.press("]")
        assert "exp(800.3) = inf" in shown(p, "notes").replace("\n", " ")
        assert shown(p, "bars").count("0.737") == 1, "the stable version does not move"
        await pilot.press("[")
        assert "nan" not in shown(p, "bars")


async def test_the_temperature_by_key():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        await pilot.press("+")
        assert p.settings.temperature == 2 and "softmax(a/T) · T = 2" in shown(p, "head")
        assert "0.577" in shown(p, "bars") and "a/T" in shown(p, "exp")
        await pilot.press("-", "-")
        assert p.settings.temperature == 0.5 and "0.900" in shown(p, "bars")
        await pilot.press("0")
        assert p.settings.temperature == 1 and "argmax a = 2 → argmax y = 2" in shown(p, "notes")


@pytest.mark.parametrize("lang, label", [(None, "T=1"), ("ko", "T=1")])
async def test_0_is_in_the_footer_once_the_temperature_is_not_1(lang, label):
    """The help and the README name `0` (T = 1 again), but the footer never listed it, even at 120
    columns with T = 2: now it does whenever there is a T to go back from."""
    app = make_app(pane=("softmax", ENTRY.parse([])), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(SoftmaxPane))
        bar = lambda: screen_lines(app)[-1]
        assert f"0 {label}" not in bar()
        await pilot.press("plus")
        await until(pilot, lambda: f"0 {label}" in bar())
        await pilot.press("0")
        await until(pilot, lambda: app.screen.query_one(SoftmaxPane).settings.temperature == 1)
        await until(pilot, lambda: f"0 {label}" not in bar())


@pytest.mark.parametrize("lang, wanted", [
    (None, ["1 Book", "2 Overflow", "] [ ±100", "+ T×2", "- T÷2", "0 T=1", "s Settings", "? Help"]),
    ("ko", ["1 책", "2 오버플로", "] [ ±100", "+ T×2", "- T÷2", "0 T=1", "s 설정", "? 도움말"])])
async def test_every_key_fits_the_open_panes_footer_at_80_columns_with_t_not_1(lang, wanted):
    """`0` came into the footer with T = 2 and pushed "s 설정" (and "s Settings") off its end: `]` and
    `[` now share one item, so every key of the pane and settings fit at 80 columns."""
    app = make_app(pane=("softmax", ENTRY.parse(["temperature=2"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "0 T=1" in screen_lines(app)[-1])
        assert all(item in screen_lines(app)[-1] for item in wanted), screen_lines(app)[-1]


async def test_bad_scores_are_refused_in_place_and_the_bars_stay():
    app = opened()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        box = p.query_one("#field-scores", Input)
        box.focus()
        box.value = "1 2 abc"
        await pilot.press("enter")
        line = p.query_one(ErrorLine)
        assert 'scores: "abc" is not a number' in (field_error(p, "scores") or "")
        assert not line.display                                          # said once, under the field
        assert shown(p, "bars").count("0.737") == 2
        box.value = "5 1 1 1"
        await pilot.press("enter")
        assert not line.display and p.settings.scores == (5.0, 1.0, 1.0, 1.0) and app.focused is p
        temperature = p.query_one("#field-temperature", Input)
        temperature.focus()
        temperature.value = "0"
        await pilot.press("enter")
        assert "temperature = 0 is out of range" in str(line.render()) and p.settings.temperature == 1


async def test_a_lesson_step_sets_the_scores():
    app = make_app(lesson_id="output-layer", step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        assert p.settings.scores == (1010.0, 1000.0, 990.0) and "nan" in shown(p, "bars")
        await pilot.press("right")
        await pilot.pause()
        assert p.settings.scores == (700.3, 702.9, 704.0) and "nan" not in shown(p, "bars")


def test_workbench_open_softmax_takes_its_settings(monkeypatch, capsys):
    apps = []
    monkeypatch.setattr(cli, "_run_app", lambda app: apps.append(app) or 0)
    monkeypatch.setattr(cli, "_needs_terminal", lambda: None)
    assert cli.main(["open", "softmax", "--set", "scores=1010,1000,990", "--set", "temperature=10"]) == 0
    name, settings = apps[0]._start[2]
    assert name == "softmax" and settings.scores == (1010.0, 1000.0, 990.0) and settings.temperature == 10
    assert cli.main(["open", "softmax", "--set", "temperature=1000"]) == 2
    assert "temperature" in capsys.readouterr().err


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_the_overflow_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="output-layer", step=1)), terminal_size=(80, 24))


def test_snapshot_ten_scores_full_screen(snap_compare):
    scores = "scores=1 2 3 4 5 6 7 8 9 10"
    assert snap_compare(still(opened(scores, "temperature=4")), terminal_size=(120, 40))


def test_snapshot_the_book_scores_in_korean(snap_compare):
    assert snap_compare(still(make_app(lesson_id="output-layer", step=0, lang="ko")), terminal_size=(80, 24))


async def test_the_korean_headings_stand_over_their_bars():
    app = make_app(lesson_id="output-layer", step=0, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = shown(app.screen.query_one(SoftmaxPane), "bars").splitlines()
        heading, first_row = lines[0], lines[1]                      # the row of 0.3: a thin bar ▏ on each side
        bar_columns = [cell_len(first_row[:i]) for i, char in enumerate(first_row) if char == "▏"]
        assert cell_len(heading[:heading.index("첫 구현")]) == bar_columns[0]
        assert cell_len(heading[:heading.index("안정된 구현")]) == bar_columns[1]


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_notes_wrap_between_words_never_inside_a_formula(lang):
    """Folded at 80 columns the overflow's reason read "and inf /" over "inf = nan", and beside the
    text a lone "1." closed "no exp is above"."""
    app = make_app(lesson_id="output-layer", step=1, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(SoftmaxPane)
        result = ENTRY.compute(p.settings)
        for width in range(30, 100):
            rows = p.notes(result, width).plain.splitlines()
            assert all(cell_len(row) <= width for row in rows)
            for formula in ("inf / inf = nan", "exp(a−C) ≤ 1", "C = max = 1010"):
                assert any(formula in row for row in rows), (width, formula, rows)


async def test_the_argmax_line_ends_as_a_sentence_like_the_notes_above_it():
    """The notes' lines each end with a period but the last ("… the same class, softmax keeps the order"),
    which read as cut off at 80×24."""
    app = opened("scores=0.3 2.9 4")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = shown(app.screen.query_one(SoftmaxPane), "notes").replace("\n", " ").rstrip()
        assert notes.endswith("the same class, since softmax keeps the order."), notes
