"""The exercises pane's `part` setting lists each part once, as its code names it: the function sigmoid and
the layer Sigmoid, relu and Relu, SGD and Adam, never a shared label found by the lower-cased name
(which showed "relu" and "sigmoid" twice in English, 시그모이드 twice in Korean)."""
import pytest

from workbench.exercises.parts import PARTS
from workbench.i18n import language, set_language
from workbench.models.catalog import pane


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_part_is_listed_once_by_its_own_name(lang):
    before = language()
    set_language(lang)
    try:
        labels = [pane("exercises").choice_label("part", part.name) for part in PARTS]
    finally:
        set_language(before)
    assert labels == [part.name for part in PARTS]
    assert len(set(labels)) == len(labels)
