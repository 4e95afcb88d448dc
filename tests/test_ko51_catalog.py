"""Chapters 5 to 8 read in Korean at 80×24 (ko51): what a Korean reader saw that read as English or as
code, and a label split from its number at the end of a row.

Each test fails on the catalog (or the line) as it was before: the gradient check's key said the bug list
ends at "none" where the settings list says 없음; the training plan wrote "conv=book" for a field the
dialog shows as 합성곱 = 책의 im2col; the progress bar's rate read "3,047/s" beside a final line that says
"초당 3,268장"; the comparisons' table timed a run "14.9s"; and beside the lesson text "(상대 오차 1.8)"
broke after 상대, "ε 1.3e−6" after ε, "그래프의 결과: 0.1966" after 결과:, "(정답 1, 예측 1)" after 예측.
"""
import pytest
from rich.console import Console
from rich.text import Text

from workbench.app.no_break import install
from workbench.i18n import cell_len, set_language, t


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def test_the_bug_keys_tip_names_the_last_value_as_the_list_does(korean):
    assert t("gradcheck.key.bug.tip").endswith(f"(마지막 다음은 {t('settings.choice.none')})")


@pytest.mark.parametrize("key", ["train.plan.conv.fast", "train.plan.conv.book"])
def test_the_training_plan_names_the_engine_in_words_not_as_a_setting_typed(korean, key):
    assert "conv=" not in t(key) and "책의 im2col 계층" in t(key)


def test_the_training_rate_is_counted_in_images_a_second_as_the_last_line_does(korean):
    assert t("train.progress.rate", rate="3,047") == "초당 3,047장"     # the time left is on the run's bar (walk53d)


def test_the_comparisons_table_times_a_run_in_seconds_of_the_readers_language(korean):
    from workbench.app.panes.compare_table import run_rows
    from workbench.models.compare import RunResult

    run = RunResult(0, "He", (), 20, 2000, None, "", 0.973, 0.937, 42, 0.937, 18.84)
    assert run_rows([run])[0][-1] == "18.8초"
    set_language("en")
    assert run_rows([run])[0][-1] == "18.8s"                     # the English table as it was


def test_no_english_left_in_these_lines(korean):
    assert "reshape" not in t("gradcheck.bug.affine-dw-no-transpose")
    assert "log lr" not in t("search.help")
    from workbench.course.files import lessons_root
    seven_four = " ".join((lessons_root() / "simple-convnet" / "ko.md").read_text(encoding="utf-8").split())
    assert "**s**로 합성곱을 빠른 엔진으로 바꾸고" in seven_four    # as its field and list say, not `conv` to `fast`
    assert t("receptive-field.stack.field", depth=2, layer=2, field="5×5") == \
        "계층 2개 가운데 2번째를 지나면 칸 하나가 x의 5×5 영역을 봅니다."


KEPT = [
    ("gradcheck.worst", dict(where="beta2[4]", a="−5.573e−3", n="−5.572e−3", error="1.9e−4"), "(상대 오차 1.9e−4)"),
    ("gradcheck.how", dict(batch=4, h="1e−4", kinks="꺾이는 점에서 더 작은 h"), "h 1e−4"),
    ("gradcheck.how.floor", dict(floor="1.3e−6"), "ε 1.3e−6"),       # after the how line's other items
    ("graph.check.sigmoid", dict(y="0.7311", dx="0.1966", found="0.1966"), "그래프의 결과: 0.1966"),
    ("graph.check.chain", dict(x=1, y=2, value=6, found=6), "그래프의 결과: 6"),
    ("train.filters.on_test", dict(index=0, label=1, predicted=1), "정답 1"),
    ("train.filters.on_test", dict(index=0, label=1, predicted=1), "예측 1"),
]


@pytest.mark.parametrize("key, values, phrase", KEPT)
def test_a_label_and_its_value_stay_on_one_row_at_every_width(korean, key, values, phrase):
    """Wrapped as Rich wraps a pane's lines (with the app's no-break spaces), at every width a narrow pane
    has beside the text and alone: the phrase is on one row whenever it fits on one."""
    install()
    text = t(key, **values)
    if key == "gradcheck.how.floor":                                # the end of 5.5 step 6's line, as how_line joins it
        text = " · ".join([t("gradcheck.how", batch=4, h="1e−4", kinks=t("gradcheck.kinks.rule.shrink")),
                           t("gradcheck.how.book_delta"), text])
    console = Console(width=200, legacy_windows=False)
    for width in range(cell_len(phrase) + 2, 81):
        rows = [line.plain.replace("\u00a0", " ") for line in Text(text).wrap(console, width)]
        assert any(phrase in row for row in rows), (width, rows)


def test_the_graph_list_names_each_graph_as_the_status_line_does(korean):
    """5.1's dialog listed apple, apple-orange, chain while the pane's first line says 사과, 사과와 귤."""
    from workbench.models import catalog
    from workbench.models.graph_settings import GRAPHS

    entry = catalog.pane("graph")
    assert {name: entry.choice_label("graph", name) for name in GRAPHS} == \
        {name: t(f"graph.name.{name}") for name in GRAPHS}
    set_language("en")
    assert [entry.choice_label("graph", name) for name in GRAPHS] == list(GRAPHS)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_two_values_of_a_list_show_the_same_name(lang):
    """The exercises' parts listed ReLU twice and 시그모이드 twice in Korean: the function relu and the
    layer Relu both took the activation list's name. A list that shows two values alike cannot be read."""
    from workbench.models import catalog
    from workbench.models.settings import Choice, kinds

    set_language(lang)
    try:
        for name in catalog.PANES:
            entry = catalog.pane(name)
            for key, kind in kinds(entry.settings).items():
                if isinstance(kind, Choice):
                    shown = [entry.choice_label(key, value) for value in kind.choices]
                    assert len(set(shown)) == len(shown), (name, key, shown)
    finally:
        set_language("en")


def test_your_codes_rate_names_the_librarys_engine_as_the_setting_list_does(korean):
    """7.5's last step: "라이브러리(fast): 초당 …" beside a field that reads 합성곱 = 빠른 엔진."""
    from types import SimpleNamespace

    from workbench.app.panes.train_status import TrainStatus
    from workbench.models.train_settings import TrainSettings

    status = SimpleNamespace(run_settings=None, settings=TrainSettings(impl="mine"))
    line = TrainStatus.rate_text(status, {"samples_per_sec": 120.0, "library_rate": 3000.0}, 200)
    assert "라이브러리(빠른 엔진): 초당 3,000장" in line, line
    set_language("en")
    assert "library (fast): 3,000 images/s" in TrainStatus.rate_text(status, {"samples_per_sec": 120.0,
                                                                               "library_rate": 3000.0}, 200)


def test_the_1_to_6_line_says_the_keys_choose_the_transform(korean):
    """The help's line for 1–6 is key 1's tip, which said only that it changes the rotation."""
    assert t("augmentation.key.rotate.tip") == ("바꿀 변환을 고릅니다: +와 -는 그 변환을 바꿉니다(차례로 회전, 이동, "
                                                "크기, 뒤집기, 잘라 내기, 밝기)")    # not opening with a key (en51a)
    set_language("en")
    assert t("augmentation.key.rotate.tip").startswith("Choose the transform + and - change")
