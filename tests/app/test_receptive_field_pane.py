"""The receptive-field pane at 80×24 in lesson 8.1: the stack's weights and fields as `.` `,` and `+`
change them, DeepConvNet's cell field by key, by mouse and by layer, and SVG snapshots (review by eye)."""
import pytest
from screen_text import screen_text

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.receptive_field import ReceptiveFieldPane
from workbench.course.files import load_course
from workbench.models.catalog import pane as pane_entry
from workbench.models.receptive_field import ReceptiveFieldSettings

SIZE = (80, 24)
STEPS = [step.id for step in load_course().lesson("deeper-networks").steps]
WHY_DEEP, FIELD = STEPS.index("why-deep"), STEPS.index("receptive-field")


def view_text(pane) -> str:
    return str(pane.query_one("#rf-view", CellView).render()).replace("\u00a0", " ")     # a no-break space prints as one


async def test_the_stack_steps_through_its_layers_and_grows_deeper():
    app = make_app(lesson_id="deeper-networks", step=WHY_DEEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        assert "9 + 9 = 18, against 25 for one 5×5" in view_text(pane).replace("\n", " ")
        await pilot.press("comma")
        assert pane.settings.layer == 1
        assert "After 1 of 2 layers, one cell sees 3×3 of x." in view_text(pane).replace("\n", " ")
        await pilot.press("full_stop", "full_stop")            # past the last layer: it stays there
        assert pane.settings.layer == 2
        await pilot.press("plus")
        assert (pane.settings.depth, pane.settings.layer) == (3, 3)
        text = view_text(pane).replace("\n", " ")
        assert "9 + 9 + 9 = 27, against 49 for one 7×7" in text and "3 × 3×3 convolutions against one 7×7" in text
        await pilot.press("minus", "minus", "minus")
        assert pane.settings.depth == 1


async def test_a_click_on_a_row_of_the_stacks_table_or_on_a_layers_grid_marks_that_layer():
    """In the stack only . and , chose the layer: a click on the table's row or the grid did nothing."""
    app = make_app(lesson_id="deeper-networks", step=WHY_DEEP)
    async with app.run_test(size=(120, 40)) as pilot:         # the table in view under the grids
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        view = pane.query_one("#rf-view", CellView)
        assert pane.settings.layer == 2
        x, y = view.canvas.find(("layer", 1))               # the first: Conv1's grid title
        await pilot.click(view, offset=(x + 1, y + 1))       # a gap between its squares
        assert pane.settings.layer == 1
        assert "After 1 of 2 layers, one cell sees 3×3 of x." in view_text(pane).replace("\n", " ")
        lines = view.canvas.render().plain.splitlines()
        row = max(y for y, line in enumerate(lines) if line.startswith("2 "))    # the table's row of depth 2
        await pilot.click(view, offset=(2, row))
        assert pane.settings.layer == 2


async def test_plus_is_dim_at_four_layers_and_minus_at_one():
    """The stack holds one to four convolutions: at four, + did nothing yet stayed lit in the footer."""
    from workbench.app.key_bar import KeyBar

    def lit(app, binding_id):
        return {b.id: enabled for b, enabled, _ in app.screen.query_one(KeyBar).items()}[binding_id]

    app = make_app(lesson_id="deeper-networks", step=WHY_DEEP)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        assert lit(app, "receptive-field.deeper")
        await pilot.press("plus", "plus")
        assert pane.settings.depth == 4 and not lit(app, "receptive-field.deeper")
        await pilot.press("minus")
        assert pane.settings.depth == 3 and lit(app, "receptive-field.deeper")
        await pilot.press("minus", "minus")
        assert pane.settings.depth == 1 and pane.check_action("depth", (-1,)) is None     # - is not listed


async def test_deep_convnets_field_follows_the_cursor_and_the_layer():
    app = make_app(lesson_id="deeper-networks", step=FIELD)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        assert "Conv1 out[6, 14] of 28×28" in view_text(pane) and "Field 3×3: x[5:8, 13:16]" in view_text(pane)
        await pilot.press("full_stop")
        assert (pane.settings.layer, pane.settings.cell) == (2, (6, 14))
        assert "Field 5×5: x[4:9, 12:17]" in view_text(pane)
        await pilot.press("full_stop")                         # Pool1: the cell whose field is centred there
        assert (pane.settings.layer, pane.settings.cell) == (3, (3, 7))
        assert "Field 6×6: x[4:10, 12:18]" in view_text(pane)
        await pilot.press("l", "j")
        assert pane.settings.cell == (4, 8)
        await pilot.press("comma", "comma")
        assert pane.settings.layer == 1


async def test_a_pixel_under_the_mouse_picks_the_cell_whose_field_is_centred_there():
    app = make_app(pane=("receptive-field", ReceptiveFieldSettings(view="network", layer=6, cell=(0, 0))))
    async with app.run_test(size=(120, 40)) as pilot:          # room for the table, under the image
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        view = pane.query_one("#rf-view", CellView)
        x, y = view.canvas.find(("pixel", 10, 27))
        await pilot.click(view, offset=(x, y))
        assert pane.settings.cell == (3, 7)                    # Pool2: (10 + 0.5)/4 → 3, (27 + 0.5)/4 → 7
        x, y = view.canvas.find(("layer", 1))
        await pilot.click(view, offset=(x, y))                 # a row of the table: that layer
        assert pane.settings.layer == 1 and pane.settings.cell == (12, 27)   # centred at 11.5, 27.5


async def test_the_cursor_keys_leave_the_stack_alone():
    app = make_app(pane=("receptive-field", None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(ReceptiveFieldPane)
        await pilot.press("l", "j", "right_square_bracket")
        assert pane.settings == ReceptiveFieldSettings()
        await pilot.press("2", "plus")
        assert pane.settings.view == "network" and pane.settings.depth == 2


async def test_in_korean_the_numbers_are_the_same_and_the_words_korean():
    app = make_app(lesson_id="deeper-networks", step=WHY_DEEP, lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "3×3 합성곱 2개 대 5×5 하나" in text and "9 + 9 = 18" in text
        pane_column = [line.split("▏")[-1].rstrip() for line in text.splitlines()]
        header = pane_column.index("계층 수  수용 영역  3×3 쌓기  필터 하나")     # columns padded by cells:
        assert pane_column[header + 2] == "2              5×5        18         25"   # 수 is two cells wide


def still(app):
    app.animation_level = "none"
    return app


def test_snapshot_the_stack_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="deeper-networks", step=WHY_DEEP)), terminal_size=SIZE)


def test_snapshot_deep_convnets_field_in_the_lesson(snap_compare):
    assert snap_compare(still(make_app(lesson_id="deeper-networks", step=FIELD)), terminal_size=SIZE,
                        press=["full_stop", "full_stop", "full_stop"])


def test_snapshot_deep_convnet_on_its_own_at_120x40(snap_compare):
    settings = ReceptiveFieldSettings(view="network", layer=5, cell=(4, 6))
    assert snap_compare(still(make_app(pane=("receptive-field", settings))), terminal_size=(120, 40))


@pytest.mark.parametrize("lang, said, gone", [
    (None, ["One 3×3 convolution", "One cell of Conv1 sees 3×3 of x.", "Weights per pair of channels: 9.",
            "With 16 channels in and out: 2,304 weights.", "1 non-linearity."],
     ["9 = 9", "against 9", "against 2,304", "1 × 3×3", "1 of 1 layers", "non-linearities instead of 1"]),
    ("ko", ["3×3 합성곱 하나", "Conv1의 칸 하나는 x의 3×3 영역을 봅니다.", "채널 한 쌍마다 가중치 9개.",
            "가중치는 2,304개입니다.", "비선형 함수는 1개입니다."],
     ["9 = 9", "9개 대", "2,304개 대", "1개 대", "1개 계층 가운데", "1개가 아니라 1개"])])
async def test_a_single_layer_is_said_the_way_a_learner_reads_it(lang, said, gone):
    """With one layer the pane read "9 = 9, against 9 for one 3×3 filter", "1 × 3×3 convolutions against
    one 3×3" and "1 non-linearities instead of 1"."""
    app = make_app(pane=("receptive-field", pane_entry("receptive-field").parse(["depth=1"])), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = " ".join(view_text(app.screen.query_one(ReceptiveFieldPane)).split())
        assert all(words in text for words in said), text
        assert not [words for words in gone if words in text], text
