"""The Korean words a training pane uses for its keys and its stop, read as the Korean edition reads.

The status of a run said "(space 일시 정지, x 멈춤)": a key then a noun, where the footer's keys are
named with a particle everywhere else (space로 계속, g로 시작). And the stop key's tip said it stops "지금
단계 뒤에": 단계 is the lesson's word for its steps (3/6단계), and the pane's curves count 반복, the
mini-batch updates the trainer stops after (Trainer.stop)."""
import re

import pytest

from workbench.i18n import set_language, t

STATUSES = {"train.status.training": dict(epoch=1, epochs=2),
            "compare.status.training": dict(done=1, runs=2),
            "search.status.training": dict(done=1, trials=2, acc="50 %"),
            "mine.train.status": dict(epoch=1, epochs=2)}
STOPS = ("train.key.stop.tip", "compare.key.stop.tip", "search.key.stop.tip",
         "train.cli.description", "train.cli.stopping", "compare.cli.description", "compare.cli.stopping",
         "search.cli.description")


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("key", sorted(STATUSES))
def test_a_runs_status_names_its_keys_with_their_particles(korean, key):
    text = t(key, **STATUSES[key])
    assert not re.search(r"(?<![A-Za-z])(space|x) [\uAC00-\uD7A3]", text), text
    assert "x로 멈춤" in text


@pytest.mark.parametrize("key", STOPS)
def test_a_stop_is_said_to_come_after_the_current_iteration(korean, key):
    text = t(key)
    assert "단계" not in text and "지금의 반복을 마치고" in text, text
