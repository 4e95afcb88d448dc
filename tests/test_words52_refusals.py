"""A refusal the pane shows names the network as its list does (TwoLayerNet, not two-layer), while a
message of --set keeps the word typed: gradcheck's bug without a layer to break, and a `where` past
the network's layers."""
import pytest

from workbench.i18n import language, set_language
from workbench.models.catalog import pane
from workbench.models.settings import SettingError, labelled


@pytest.fixture(params=["en", "ko"])
def lang(request):
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


def refusal(assignments: list[str], shown: bool) -> str:
    entry = pane("gradcheck")
    settings = entry.parse(assignments)
    with pytest.raises(SettingError) as refused:
        if shown:
            with labelled(entry.setting_label, entry.choice_label):
                entry.compute(settings)
        else:
            entry.compute(settings)
    return str(refused.value)


@pytest.mark.parametrize("assignments", [["net=two-layer", "bug=conv-db-wrong-axis"],
                                         ["net=two-layer", "bug=affine-dw-no-transpose", "where=9"]])
def test_gradcheck_refusals_name_the_network_as_its_list_shows_it(lang, assignments):
    shown = refusal(assignments, shown=True)
    assert ("TwoLayerNet" if lang == "ko" else "two-layer") in shown, shown
    if lang == "ko":
        assert "two-layer" not in shown, shown
    assert "two-layer" in refusal(assignments, shown=False)
