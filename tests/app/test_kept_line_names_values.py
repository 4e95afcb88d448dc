"""The kept run's line (kept_key.KeptKey.kept_line) names a changed value as the settings list shows it:
in Korean it said "net = simple로 한 학습이 남아 있습니다" of a run the learner had made with 신경망
SimpleConvNet, the words of --set, where the list and the refusals say "신경망 = SimpleConvNet" and 켬/끔."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from workbench.app.panes.kept_key import KeptKey
from workbench.i18n import set_language
from workbench.models.catalog import PANES


def changes(lang: str, **theirs) -> list[str]:
    """The kept line's words for a run of the training pane's default settings changed by `theirs`."""
    entry = PANES["train"]
    wanted = entry.build({"net": "multi-layer-extend"})
    pane = SimpleNamespace(entry=entry, result=SimpleNamespace(settings=wanted))
    set_language(lang)
    try:
        return KeptKey.changes_to(pane, dataclasses.replace(wanted, **theirs))
    finally:
        set_language("en")


@pytest.mark.parametrize("lang, said", [("en", ["net = simple"]), ("ko", ["신경망 = SimpleConvNet"])])
def test_a_changed_choice_is_named_as_its_list_shows_it(lang, said):
    assert changes(lang, net="simple") == said


@pytest.mark.parametrize("lang, said", [("en", ["batch_norm = false"]), ("ko", ["배치 정규화 = 끔"])])
def test_a_changed_on_off_is_named_as_its_list_shows_it(lang, said):
    assert changes(lang, batch_norm=False) == said


def test_a_number_is_written_as_before():
    assert changes("ko", epochs=1) == ["에폭 수 = 1"]
