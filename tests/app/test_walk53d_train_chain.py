"""The training plan's chain of layers ends each row on an arrow: DeepConvNet's, the pane's whole width
at 80x24, began its second row with "→ Conv5" (walk53d)."""
from workbench.app.panes.train_views import chain_lines
from workbench.i18n.cells import cell_len

DEEP = ["Conv1", "Relu1", "Conv2", "Relu2", "Pool1", "Conv3", "Relu3", "Conv4", "Relu4", "Pool2", "Conv5", "Relu5",
        "Conv6", "Relu6", "Pool3", "Affine1", "Relu7", "Dropout1", "Affine2", "Dropout2"]


def test_every_row_but_the_last_ends_on_its_arrow_and_none_begins_with_one():
    for width in (20, 37, 58, 78, 118):
        rows = chain_lines(DEEP, width).split("\n")
        assert all(row.endswith(" →") for row in rows[:-1]) and rows[-1].endswith("Dropout2"), (width, rows)
        assert not any(row.startswith("→") for row in rows) and all(cell_len(row) <= width for row in rows)
        assert " ".join(rows).split(" → ") == DEEP


async def test_no_row_of_the_setup_view_begins_with_an_arrow_at_80x24():
    from workbench.app.app import make_app
    from workbench.models.train_settings import TrainSettings
    from screen_text import screen_lines, until

    app = make_app(pane=("train", TrainSettings(net="deep", dataset="synthetic-digits")), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any("Conv1 → " in row for row in screen_lines(app)), seconds=20)
        rows = [row.strip() for row in screen_lines(app)]
        assert not any(row.startswith("→") for row in rows), rows
