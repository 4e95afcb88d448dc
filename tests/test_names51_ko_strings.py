"""Korean strings ko51 left (names51): the own-code status says 여러분의 계층 in gradcheck as in graph and as
the exercises lessons do (it said 여러분이 작성한 계층; 직접 쓴 계층 until left53 chose the catalog's and lessons' usual 여러분의), and descent's f tip names each function as
optimizers' does, the Korean word first (골짜기(valley), not valley(골짜기)); English as it was."""
import re

import pytest

from workbench.i18n import set_language, t


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def test_the_own_code_status_says_one_thing_in_graph_and_gradcheck(korean):
    graph = t("graph.mine.using", parts="Affine", files="layers.py")
    gradcheck = t("mine.gradcheck.parts", parts="Affine", folder="exercises")
    assert graph.startswith("여러분의 계층:") and gradcheck.startswith("여러분의 계층:"), (graph, gradcheck)
    assert "여러분이 작성한" not in t("gradcheck.cli.impl")


@pytest.mark.parametrize("key", ["descent.key.function.tip", "optimizers.key.function.tip"])
def test_a_function_tip_names_the_korean_word_first(korean, key):
    tip = t(key)
    assert re.findall(r"[가-힣]+\([A-Za-z]+\)", tip) and not re.findall(r"[A-Za-z]+\([가-힣]+\)", tip), tip
