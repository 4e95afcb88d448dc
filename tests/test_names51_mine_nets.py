"""impl = mine's refusals of a network list the networks as the dialog's list shows them (TwoLayerNet,
MultiLayerNet, SimpleConvNet in Korean), and as --set types them on the console (two-layer, simple):
the Korean app said "two-layer, multi-layer, simple만" and "simple이나 two-layer를" beside a list of
TwoLayerNet and SimpleConvNet (names51)."""
import pytest

import test_tidy51_mine_messages as tidy51

CASES = {"train": ["impl=mine", "net=deep"], "gradcheck": ["impl=mine", "net=deep"]}
CODE_WORDS = ("two-layer", "multi-layer", "simple")


def refused(name: str, lang: str, in_the_app: bool, monkeypatch) -> str:
    """tidy51's refusal of `name`'s settings, here with a network impl = mine cannot build."""
    monkeypatch.setitem(tidy51.CASES, name, CASES[name])
    return tidy51.refused(name, lang, in_the_app, monkeypatch)


@pytest.mark.parametrize("name", sorted(CASES))
def test_in_the_korean_app_the_networks_are_named_as_the_list_shows_them(name, monkeypatch):
    said = refused(name, "ko", True, monkeypatch)
    assert not any(word in said for word in CODE_WORDS), said
    expected = {"train": "SimpleConvNet이나 TwoLayerNet을 고르거나",
                "gradcheck": "TwoLayerNet, MultiLayerNet, SimpleConvNet만"}[name]
    assert expected in said and "DeepConvNet에는" in said, said


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_console_and_the_english_app_name_them_as_typed(name, lang, monkeypatch):
    for in_the_app in ((True, False) if lang == "en" else (False,)):
        said = refused(name, lang, in_the_app, monkeypatch)
        expected = {("train", "en"): "choose simple or two-layer", ("train", "ko"): "simple이나 two-layer를",
                    ("gradcheck", "en"): "only two-layer, multi-layer and simple are",
                    ("gradcheck", "ko"): "two-layer, multi-layer, simple만"}[name, lang]
        assert expected in said, said
