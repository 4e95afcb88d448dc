"""A Korean setting's help names the values of its list as the list shows them: the descent dialog said
"함수: bowl(그릇) x₀² + x₁², valley(골짜기) …" above a list of 그릇, 골짜기 and a line that ends
"골짜기(valley), 그릇(bowl), … 중 하나", each --set word twice in one field. The line under the list
gives the --set words; the help need not.

The panes of chapters 1–4 (with the training pane of 4.4, and the optimizers, whose valley and drawing are
the descent's) are read so; the later chapters' helps still write a few (shapes' simple, conv's forward)
and are left to their own pass."""
import re

import pytest

from workbench.i18n import set_language
from workbench.models.catalog import PANES
from workbench.models.settings import Choice, kinds

READ = ("broadcast", "sin-cos", "perceptron", "activation-plot", "forward", "softmax", "inference", "canvas",
        "loss", "derivative", "gradient", "numerical-vs-backprop", "descent", "playground", "optimizers", "train")


def set_words_in_help(name: str) -> list[tuple[str, str, str]]:
    """(setting, --set word, help) where the Korean help writes a value its list shows as another word."""
    entry = PANES[name]
    found = []
    set_language("ko")
    try:
        for key, kind in kinds(entry.settings).items():
            if not isinstance(kind, Choice):
                continue
            help_text = entry.setting_help(key)
            for value in kind.choices:
                shown = entry.choice_label(key, value)
                if shown.lower() != value.lower() and re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", help_text):
                    found.append((key, value, help_text))
    finally:
        set_language("en")
    return found


@pytest.mark.parametrize("name", READ)
def test_a_lists_help_names_its_values_as_the_list_shows_them(name):
    assert set_words_in_help(name) == []


def test_the_check_finds_a_set_word_the_list_shows_otherwise():
    """A later chapter's help still writes "SimpleConvNet(simple)"; the check reads it."""
    assert any(value == "simple" for _key, value, _help in set_words_in_help("shapes"))
