"""The F1 help of chapter 6's panes follows the lessons' rule for keys (test_en51b_sentence_keys): no
sentence opens with a key said as its subject. Korean read "…가 나옵니다. .은 다음 식을 적용하고, ,는
되돌리고" (batch-norm-steps), "… .은 갱신을 한 번 하고, ,는 한 번 되돌리고" (symmetry): a stray full
stop and a comma after a comma. "`r`을 누르면" may open a Korean sentence; "Press `r`" an English one."""
import pytest

from test_en51b_sentence_keys import COMMA_THEN_COMMA_KEY, bare_key_openings, prose
from workbench.i18n import strings

CHAPTER_6_PANES = ("optimizers", "init", "symmetry", "batch-norm-steps", "compare", "compare-optimizers",
                   "compare-weight-init", "compare-batch-norm", "compare-overfitting", "search")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_sentence_of_a_chapter_6_panes_help_opens_with_a_bare_key(language):
    found = [(name, sentence) for name in CHAPTER_6_PANES for paragraph in prose(strings(language)[f"{name}.help"])
             for sentence in bare_key_openings(paragraph, language)]
    assert found == []


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_comma_key_follows_a_comma_in_a_chapter_6_panes_help(language):
    found = [(name, match.group()) for name in CHAPTER_6_PANES for paragraph in prose(strings(language)[f"{name}.help"])
             for match in COMMA_THEN_COMMA_KEY.finditer(paragraph)]
    assert found == []
