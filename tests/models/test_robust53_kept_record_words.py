"""The kept chapter-3 network's record, damaged or edited by hand, is said in the reader's language: a
Korean learner read the JSON parser's "not JSON (Expecting ',' delimiter at line 2)"."""
import pytest

from workbench.i18n import set_language
from workbench.models import trained


@pytest.fixture(autouse=True)
def tiny(monkeypatch):
    monkeypatch.setattr(trained, "RECIPES", {source: trained.Recipe(epochs=2) for source in trained.SOURCES})


def data() -> trained.TrainingData:
    return trained.synthetic_data(300, 100)


@pytest.mark.parametrize("text", ['{"source": "mnist"\n  "split": ""', '{"source": 3}', "[]", "\xff"])
def test_a_damaged_record_is_named_in_korean(text):
    trained.obtain(data=data)
    record_path = trained.paths()[1]
    record_path.write_bytes(b"\xff\xfe" if text == "\xff" else text.encode("utf-8"))
    set_language("ko")
    try:
        notice = trained.obtain(data=data).notice
    finally:
        set_language("en")
    assert f"저장된 신경망의 기록을 읽을 수 없어({record_path.name}: 손상되었거나 직접 고친 파일)" in notice
    assert "JSON" not in notice and "Expecting" not in notice


def test_and_in_english():
    trained.obtain(data=data)
    trained.paths()[1].write_text("{", encoding="utf-8")
    assert "record cannot be read (chapter3-784-50-100-10-sigmoid.json is damaged or was edited by hand)" in \
        trained.obtain(data=data).notice
