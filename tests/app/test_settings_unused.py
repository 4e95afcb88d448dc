"""The settings dialog dims the fields the pane's settings leave unused, saying why, as the deciding
setting changes; a value typed into one is refused in place with the reason, in the dialog's words."""
import pytest

from workbench.app.app import make_app
from workbench.app.settings_form import SettingField, SettingsScreen
from workbench.models.catalog import pane
from screen_text import field_error, screen_text, until


def field(screen, key: str) -> SettingField:
    return next(f for f in screen.query(SettingField) if f.key == key)


def line(screen, key: str) -> str:
    return str(field(screen, key).query_one(".setting-hint").render())


async def opened(pilot, app) -> SettingsScreen:
    await pilot.pause()
    await pilot.press("s")
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen) and app.screen.query(SettingField))
    return app.screen


@pytest.mark.parametrize("lang, said", [("en", "not used with net = simple"),
                                        ("ko", "신경망 = SimpleConvNet 설정에서는 쓰지 않습니다")])
async def test_the_training_dialog_dims_what_the_net_leaves_unused_and_brings_it_back(lang, said):
    app = make_app(pane=("train", pane("train").parse(["train_size=200", "test_size=100"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app)
        for key in ("weight_decay", "dropout", "batch_norm"):
            assert field(screen, key).has_class("-unused") and said in line(screen, key)
        assert not field(screen, "lr").has_class("-unused") and not field(screen, "conv").has_class("-unused")
        screen.query_one("#field-net").value = "multi-layer-extend"      # chosen in the dialog's list
        await until(pilot, lambda: not field(screen, "dropout").has_class("-unused"))
        assert "multi-layer-extend" not in line(screen, "dropout") and "0.9" in line(screen, "dropout")
        assert not field(screen, "weight_decay").has_class("-unused")
        shown = "multi-layer-extend" if lang == "en" else "MultiLayerNetExtend"     # as the list shows it
        assert field(screen, "conv").has_class("-unused") and shown in line(screen, "conv")


@pytest.mark.parametrize("lang, said", [
    ("en", "dropout is not used when net = simple; to use this value, choose another net first"),
    ("ko", "신경망 = SimpleConvNet 설정에서는 드롭아웃을 쓰지 않습니다. 이 값을 쓰려면 먼저 신경망 설정을 바꾸세요")])
async def test_a_value_typed_into_an_unused_field_is_refused_in_place_with_the_reason(lang, said):
    """The dialog said `--set`'s words, "leave it out (or choose another net)": nothing is left out of
    a dialog. It says what to do there: choose another net first, naming the net as its list and the
    dimmed line show it (SimpleConvNet; it said "신경망 = simple")."""
    app = make_app(pane=("train", pane("train").parse(["train_size=200", "test_size=100"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app)
        train = screen.pane
        screen.query_one("#field-dropout").focus()
        await pilot.press("0", ".", "5", "enter")
        await until(pilot, lambda: field_error(screen, "dropout") is not None)
        assert said in " ".join(field_error(screen, "dropout").split())
        assert "leave it out" not in field_error(screen, "dropout") and "빼거나" not in field_error(screen, "dropout")
        assert train.settings.dropout == 0.0
        assert said.split(";")[0].split(".")[0] in screen_text(app), "in sight at 80×24"
        await pilot.press("escape")                          # closed with it typed: dropped, as any refused value
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen))
        assert train.settings.dropout == 0.0 and train.error is None


@pytest.mark.parametrize("name, assignments, key, by", [
    ("gradcheck", [], "folder", "impl = library"),
    ("perceptron", ["network=two-layer"], "w1", "network = two-layer"),
])
async def test_the_gradient_check_and_perceptron_dialogs_dim_theirs(name, assignments, key, by):
    app = make_app(pane=(name, pane(name).parse(assignments)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app)
        assert field(screen, key).has_class("-unused") and f"not used with {by}" in line(screen, key)
        used = [f for f in screen.query(SettingField) if not f.has_class("-unused")]
        assert used and all("not used" not in line(screen, f.key) for f in used)


async def test_an_unused_field_focused_at_the_dialogs_edge_brings_its_reason_into_sight():
    """Tab to the gradient check's last field, folder: its input came into sight on the box's bottom row
    and the line saying that impl = library leaves it unused stayed below, out of sight."""
    app = make_app(pane=("gradcheck", pane("gradcheck").parse([])), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot, app)
        folder = field(screen, "folder")
        for _ in range(len(screen.query(SettingField)) - 1):
            await pilot.press("tab")
        await until(pilot, lambda: screen.focused is not None and folder in screen.focused.ancestors)
        box = screen.query_one("#settings-box")
        hint = folder.query_one(".setting-hint")
        await until(pilot, lambda: box.content_region.contains_region(hint.region), seconds=3)
        rows = " ".join(row.strip(" │") for row in screen_text(app).splitlines())    # the line as read, wrapped
        assert "구현 = 라이브러리 설정에서는 쓰지 않습니다" in " ".join(rows.split()), rows
