"""A footer label written without words reads the same in Korean as in English.

A label such as "+100", "−100" or "η×10" says what its key does in signs and figures; in Korean it
must keep them all, or it says something else: 6.2 step 1's footer read "space 100" in Korean (a count,
or a setting?) where the English says "space +100" (a hundred more updates).
"""
import re

from workbench.i18n import strings

LETTERS = re.compile(r"[A-Za-z가-힣]")


def test_a_footer_label_of_signs_and_figures_is_the_same_in_korean():
    en, ko = strings("en"), strings("ko")
    wordless = {key: text for key, text in en.items()
                if ".key." in key and not key.endswith(".tip") and not LETTERS.search(text)}
    assert "symmetry.key.run" in wordless and "softmax.key.up" in wordless
    assert {key: ko.get(key) for key in wordless} == wordless
