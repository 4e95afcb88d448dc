"""In Korean mode what a learner reads is Korean: the graph's values, the settings' names in fields and
dialogs. The names to type (--set apple=150, stride=2) and the layers' code names (Affine1) stay."""
import pytest

from workbench.app.app import make_app
from workbench.app.panes.graph_drawing import Look, Marks, outline
from workbench.i18n import set_language
from workbench.models import catalog
from workbench.models.graph import GraphSettings, compute
from workbench.models.graph_rules import asks, header, rule_lines
from workbench.models.settings import SettingError, kinds


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def test_the_apple_graph_names_its_values_as_the_korean_edition_does(korean):
    view = compute(GraphSettings(graph="apple-orange", step=4))
    assert rule_lines(view.graph.steps[-1]) == ["지불 금액 = 합계 × 소비세 = 650 × 1.1 = 715"]
    assert "mul_tax_layer" in header(view.graph.steps[-1])          # the layer object keeps its code name
    drawn = outline(view.graph, Look(), Marks()).plain
    assert all(word in drawn for word in ("사과 = 100", "사과 개수 = 2", "귤 개수 = 3", "소비세 = 1.1", "지불 금액 = 715"))
    assert [ask.label for ask in asks(view.graph)] == ["dx → 합계", "dy → 소비세"]


def test_an_input_message_names_the_word_and_what_to_type(korean):
    with pytest.raises(SettingError, match=r"사과 개수\(apple_num\)"):
        catalog.pane("graph").parse(["inputs=apple_num=x"])


def test_english_keeps_the_code_names():
    view = compute(GraphSettings(graph="apple-orange", step=4))
    assert rule_lines(view.graph.steps[-1]) == ["price = all_price × tax = 650 × 1.1 = 715"]


def test_every_setting_has_a_korean_name_and_english_shows_the_key(korean):
    for name in catalog.PANES:
        entry = catalog.pane(name)
        for key in kinds(entry.settings):
            label = entry.setting_label(key)
            assert label and (label != key or key in ("dout",)), (name, key)
    set_language("en")
    assert catalog.pane("im2col").setting_label("stride") == "stride"


async def test_the_pane_fields_and_the_graph_in_korean(private_state_dir):
    app = make_app(pane=("im2col", None), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        names = [str(label.render()) for label in app.screen.query(".setting-name")]
        assert names[:5] == ["입력", "필터", "풀링", "스트라이드", "패딩"]
    app = make_app(pane=("graph", catalog.pane("graph").parse(["graph=apple"])), lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        fields = [str(label.render()) for label in app.screen.query(".graph-input-name")]
        assert fields == ["사과", "사과 개수", "소비세"]
        assert str(app.screen.query_one("#graph-status").render()).startswith("사과 · ")
