"""A list of choices removed while it mounts ends quietly (Textual's Select ended the app with NoMatches).

The removal is made to happen at the moment it happened in the suite: as the list's current-value box
composes, the dialog around it is removed (Textual then mounts nothing into the box, which is pruning)."""
import pytest
from textual.app import App
from textual.containers import Vertical
from textual.widgets import Select
from textual.widgets._select import SelectCurrent

from workbench.app.widgets.choice_list import ChoiceList

composed = SelectCurrent.compose


def compose_as_the_dialog_goes(self):
    self.app.query_one("#dialog").remove()
    yield from composed(self)


class OneList(App):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def compose(self):
        with Vertical(id="dialog"):
            yield self.kind([("a", "a"), ("b", "b")], value="b", allow_blank=False, id="list")


@pytest.mark.parametrize("kind, crashes", [(Select, True), (ChoiceList, False)])
async def test_a_list_removed_while_it_mounts_ends_quietly(monkeypatch, kind, crashes):
    """Select itself ends the app (this case shows that the removal is the one seen); ChoiceList does not."""
    monkeypatch.setattr(SelectCurrent, "compose", compose_as_the_dialog_goes)
    app = OneList(kind)
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert not app.query("#dialog")
    except Exception as error:                      # the app's own exception, raised by run_test
        assert crashes, f"ChoiceList ended the app: {error!r}"
        assert "#label" in str(error)
    else:
        assert not crashes, "Select no longer crashes here: the test no longer shows the removal"


async def test_a_list_that_mounted_shows_its_value():
    async with OneList(ChoiceList).run_test() as pilot:
        await pilot.pause()
        chosen = pilot.app.query_one("#list", ChoiceList)
        assert chosen.value == "b" and chosen.query_one(SelectCurrent).label == "b"
