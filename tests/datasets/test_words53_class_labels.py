"""Fashion-MNIST's classes are named in the reader's language where they are shown (`class_label`),
while the data keep their English names; digits and unknown names stay as they are. No Textual here."""
import pytest

from workbench.datasets.sources import DATASETS, class_label
from workbench.i18n import set_language

KOREAN = ("티셔츠/탑", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "스니커즈", "가방", "앵클 부츠")


def test_fashion_mnists_classes_are_korean_in_korean_and_stay_english_in_english():
    """In Korean the results said "9 Ankle boot" in the middle of a Korean sentence."""
    names = DATASETS["fashion-mnist"].class_names
    assert [class_label(name) for name in names] == list(names)
    set_language("ko")
    assert tuple(class_label(name) for name in names) == KOREAN
    assert names[9] == "Ankle boot"          # the data's own names are unchanged


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", ["0", "7", "a class no set has"])
def test_a_digit_or_an_unknown_name_is_shown_as_it_is(lang, name):
    set_language(lang)
    assert class_label(name) == name
