"""A class the English text of chapters 5–8 names in code (`Affine`, `Convolution.backward`) is one the
library has: a learner who types it into Python must find it. A name the book's figures use but its code
does not ("Batch Norm" for `BatchNormalization`) goes in plain words, not in code."""
import importlib
import pkgutil
import re

import pytest

import workbench.nn
from workbench.course.files import lessons_root, tomllib

CHAPTERS = {5, 6, 7, 8}
CODE_CLASS = re.compile(r"`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:\.([a-z_][a-z0-9_]*))?`")
"""A CamelCase name in a code span, with a method after a dot if there is one; `WORKBENCH_DATA` is not."""


def library_classes() -> dict[str, type]:
    found = {}
    for module in pkgutil.iter_modules(workbench.nn.__path__):
        loaded = importlib.import_module(f"workbench.nn.{module.name}")
        found.update({name: value for name, value in vars(loaded).items() if isinstance(value, type)})
    return found


def english_texts(language: str = "en", chapters=CHAPTERS):
    """(folder name, text) of each lesson of `chapters` (None: every chapter) in `language`."""
    for folder in sorted(lessons_root().iterdir()):
        toml = folder / "lesson.toml"
        if toml.is_file() and (chapters is None
                               or tomllib.loads(toml.read_text(encoding="utf-8")).get("chapter") in chapters):
            yield folder.name, (folder / f"{language}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_class_named_in_code_in_chapters_5_to_8_is_the_librarys(language):
    """The Korean text named `BatchNorm` too, after the English had stopped."""
    classes = library_classes()
    unknown = [(lesson, match.group(0)) for lesson, text in english_texts(language)
               for match in CODE_CLASS.finditer(text)
               if match.group(1) not in classes
               or (match.group(2) and not hasattr(classes[match.group(1)], match.group(2)))]
    assert unknown == []


def test_the_check_reads_sixteen_lessons_and_knows_the_books_layers():
    assert len(dict(english_texts())) == 16
    assert {"MulLayer", "AddLayer", "Affine", "SoftmaxWithLoss", "BatchNormalization", "Convolution"} <= set(library_classes())
