"""A refusal the pane shows names the network as its list does (TwoLayerNet, not two-layer), while a
message of --set keeps the word typed: gradcheck's bug without a layer to break, and a `where` past
the network's layers."""
import pytest

from test_tidy51_mine_messages import refused


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("assignments", [["net=two-layer", "bug=conv-db-wrong-axis"],
                                         ["net=two-layer", "bug=affine-dw-no-transpose", "where=9"]])
def test_gradcheck_refusals_name_the_network_as_its_list_shows_it(lang, assignments, monkeypatch):
    shown = refused("gradcheck", lang, True, monkeypatch, assignments)
    assert ("TwoLayerNet" if lang == "ko" else "two-layer") in shown, shown
    if lang == "ko":
        assert "two-layer" not in shown, shown
    assert "two-layer" in refused("gradcheck", lang, False, monkeypatch, assignments)
