"""The comparison's kept-run line names a changed subset of runs as the settings' words name each run:
in Korean 6.4's line said "학습 = plain으로 한 학습이 남아 있습니다", the word of --set, where the
dialog's help and the table say 처방 없음 (plain), 가중치 감소, 드롭아웃."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from workbench.app.panes.kept_key import KeptKey
from workbench.i18n import set_language, t
from workbench.models.catalog import PANES


def kept_line(lang: str, runs: tuple[str, ...]) -> str:
    """The overfitting comparison's kept line for a run of its default settings with only `runs`."""
    entry = PANES["compare-overfitting"]
    wanted = entry.build({})
    pane = SimpleNamespace(entry=entry, result=SimpleNamespace(settings=wanted))
    set_language(lang)
    try:
        changes = KeptKey.changes_to(pane, dataclasses.replace(wanted, runs=runs))
        return t("compare.status.kept", changes=", ".join(changes))
    finally:
        set_language("en")


@pytest.mark.parametrize("runs, said", [
    (("plain",), "학습 = 처방 없음으로 한 학습이 남아 있습니다."),
    (("plain", "weight-decay"), "학습 = 처방 없음, 가중치 감소로 한 학습이 남아 있습니다."),
    (("dropout",), "학습 = 드롭아웃으로 한 학습이 남아 있습니다."),
])
def test_korean_names_each_run_in_its_own_words(runs, said):
    assert kept_line("ko", runs).startswith(said)


def test_english_names_them_as_set_writes_them():
    assert kept_line("en", ("plain", "dropout")).startswith("What you ran with runs = plain, dropout is kept")
