"""The two runs of each weight scale in 6.3 are named as a pair that reads in both languages: the
Korean plan line said "규모마다: 배치 정규화, 없이", a dangling "without"."""
import pytest

from workbench.i18n import set_language, t
from workbench.models.compare_settings import BatchNormSettings


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def pair(settings: BatchNormSettings) -> str:
    """The labels of the first scale's two runs as the plan line joins them."""
    runs = settings.make_runs()
    return ", ".join(r.label for r in runs if r.group == runs[0].group)


def test_the_korean_pair_reads_with_and_without(korean):
    assert pair(BatchNormSettings(grid=True)) == "배치 정규화 있음, 없음"
    assert t("compare.plan.grid", groups=16, pair=pair(BatchNormSettings(grid=True))).endswith(
        "규모마다: 배치 정규화 있음, 없음")
    names = [r.name for r in BatchNormSettings(grid=False, weight_scale=0.01).make_runs()]
    assert names == ["배치 정규화 있음, w=0.01", "배치 정규화 없음, w=0.01"]


def test_the_english_pair_reads_with_batch_norm_and_without():
    """It read 'batch norm, without': terse beside the Korean pair."""
    assert pair(BatchNormSettings(grid=True)) == "with batch norm, without"
    names = [r.name for r in BatchNormSettings(grid=False, weight_scale=0.01).make_runs()]
    assert names == ["with batch norm, w=0.01", "without batch norm, w=0.01"]
