"""A value of a list of choices spelt as the book writes it (the optimizers pane's SGD, AdaGrad) is
shown so, in English too: the shared words are found by the value as spelt, so the English word for
--set's `sgd` no longer lower-cases the pane's SGD ("one of sgd, momentum, …" in its dialog)."""
import pytest

from workbench.i18n import language, set_language
from workbench.models.catalog import pane
from workbench.models.optimizer_paths_settings import OPTIMIZERS
from workbench.models.settings import Choice, kinds, labelled


@pytest.fixture(params=["en", "ko"])
def lang(request):
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


def test_the_optimizers_pane_lists_its_selected_optimizer_as_the_book_writes_it(lang):
    entry = pane("optimizers")
    assert [entry.choice_label("selected", name) for name in OPTIMIZERS] == list(OPTIMIZERS)
    kind = kinds(entry.settings)["selected"]
    assert isinstance(kind, Choice)
    with labelled(entry.setting_label, entry.choice_label):
        allowed = kind.describe()
    assert "SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam" in allowed, allowed
    assert "sgd" not in allowed


def test_the_lower_case_values_of_set_keep_their_shared_words(lang):
    words = {"en": ("sgd", "relu"), "ko": ("SGD", "ReLU")}[lang]
    assert (pane("train").choice_label("optimizer", "sgd"), pane("init").choice_label("activation", "relu")) == words
