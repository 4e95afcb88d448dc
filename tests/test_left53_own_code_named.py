"""The learner's own code is named one way (left53): 여러분의 계층, 여러분의 코드 in Korean, as the exercises,
the training pane and the lessons name it, not 직접 쓴 계층 in the graph and im2col panes beside 여러분의 계층
in the gradient check; "Your layers" in English in both panes."""
import pytest

from workbench.i18n import set_language, strings, t

LEARNERS_CODE = ("graph", "im2col", "mine", "gradcheck", "train", "exercises")
"""The catalog's areas that name the learner's exercises code (shapes' 직접 쓴 신경망 is a network typed in)."""
TYPED = {"graph.setting.expression"}
"""Keys where 직접 쓴 is an expression the learner types, not their exercises code."""


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def test_korean_names_the_learners_code_one_way():
    two_ways = [key for key, text in strings("ko").items()
                if key.split(".")[0] in LEARNERS_CODE and key not in TYPED and "직접 쓴" in text]
    assert not two_ways, two_ways


def test_the_graph_and_the_gradient_check_name_the_layers_alike(korean):
    for lang, start in (("ko", "여러분의 계층:"), ("en", "Your layers:")):
        set_language(lang)
        graph = t("graph.mine.using", parts="MulLayer", files="exercises/layers.py")
        gradcheck = [t(key, parts="Affine", folder="exercises") for key in ("mine.gradcheck.parts",
                                                                            "mine.gradcheck.parts_compact")]
        assert all(text.startswith(start) for text in (graph, *gradcheck)), (graph, gradcheck)
