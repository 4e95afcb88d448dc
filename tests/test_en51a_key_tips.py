"""A key's tip says what that key does, without naming the key again.

The help screen (? and F1) lists each key before its tip, so a tip that opens with a key reads twice:
3.3's softmax pane listed "• ] ] adds 100 to every score, [ subtracts 100" (and the init pane
"• + + adds a layer, - takes one away"), written so the footer's pair would have one tooltip for both.
The partner key goes in parentheses after the key's own action instead: "Add 100 to every score
([ subtracts 100)".
"""
import re

import pytest

from workbench.i18n import strings

OPENS_WITH_A_KEY = re.compile(r"^[\[\]+\-<>.,=]\S{0,2} ")
"""A sign key at the start of a tip, alone or with a particle ("] adds", "]는 모든", "+는 계층")."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_key_tip_opens_by_naming_a_key(lang):
    opening = {key: text for key, text in strings(lang).items()
               if ".key." in key and key.endswith(".tip") and OPENS_WITH_A_KEY.match(text)}
    assert opening == {}


def test_the_softmax_panes_plus_100_key_says_its_own_action_first():
    assert strings("en")["softmax.key.up.tip"] == "Add 100 to every score ([ subtracts 100)"
    assert strings("ko")["softmax.key.up.tip"] == "모든 점수에 100을 더합니다([는 100을 뺍니다)"
