"""The glossary (lessons/glossary.toml, workbench.course.glossary): every term's step exists and names the
term in both languages, so the Korean term is the word the Korean lessons use; library names are the
library's; the search finds a term by its English, its Korean or its library name.

The forbidden words of tests/test_korean_terms.py (평균 제곱 오차 for ½Σ(y − t)², 학습 데이터 …) are
checked on the glossary there, with the catalog and the lessons: one table for all three.
"""
import importlib
import re

import numpy as np
import pytest

from workbench.course.files import load_course
from workbench.course.glossary import introduced, load_glossary, search, step_of
from workbench.i18n import set_language

GLOSSARY = load_glossary()
TERMS = GLOSSARY.terms
COURSE = {lang: load_course(lang=lang) for lang in ("en", "ko")}
LIBRARY = [importlib.import_module(f"workbench.nn.{name}") for name in
           ("functions", "layers", "gradient", "checks", "im2col", "graph", "networks", "optimizers", "trainer")]


def _stems(text: str) -> list[str]:
    """The words of English text, lower case, without a plural or -ed/-ing ending: "overfitted" and
    "overfitting" meet, as "layers" and "layer" do."""
    return [re.sub(r"(?<=\w{3})(?:ing|ed|s)$", "", word) for word in re.findall(r"[a-z0-9]+", text.lower())]


def names_in_english(term: str, text: str) -> bool:
    wanted, words = _stems(term), _stems(text)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words)))


def names_in_korean(term: str, text: str) -> bool:
    return " ".join(term.split()) in " ".join(text.split())


def read_in(lang: str, term) -> str:
    """What the term's step says in `lang`: its lesson's title, its own title and its text."""
    lesson = COURSE[lang].lesson(term.lesson_id)
    step = next(step for step in lesson.steps if step.id == term.step_id)
    return f"{lesson.title}\n{step.title}\n{step.text}"


def test_the_glossary_reads_cleanly_with_60_to_120_terms():
    assert GLOSSARY.problems == ()
    assert 60 <= len(TERMS) <= 120


def test_no_term_is_listed_twice():
    for lang in ("en", "ko"):
        names = [term.name(lang) for term in TERMS]
        assert sorted({name for name in names if names.count(name) > 1}) == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_terms_step_is_in_the_course(lang):
    assert [term.step for term in TERMS if step_of(COURSE[lang], term) is None] == []


def test_every_step_names_its_term_in_english_and_as_the_korean_lessons_write_it():
    """The step that introduces 오차역전파법 says 오차역전파법 in its Korean text (not 역전파법 or 오류 역전파),
    and backpropagation in its English."""
    found = [(term.step, term.en, term.ko) for term in TERMS
             if not names_in_english(term.en, read_in("en", term)) or not names_in_korean(term.ko, read_in("ko", term))]
    assert found == []


def _course_steps(lang: str) -> list[tuple[str, str, str]]:
    """(lesson id, step id, the step's words in bold) for every step of the course, in order."""
    return [(lesson.id, step.id, " ".join(re.findall(r"\*\*(.+?)\*\*", step.text, re.S)))
            for lesson in COURSE[lang].lessons for step in lesson.steps]


DEFINED_AGAIN = {
    "OR": "1.1 sets 'equal, or one of them 1' in bold: the English word",
    "layer": "2.2 sets '2-layer perceptron' in bold; 5.2 makes the layer a class with forward and backward",
    "padding": "7.1's output-size step names P in the formula; the next step explains padding",
    "stride": "7.1's output-size step names S in the formula; the next step explains stride",
}
"""Terms a step sets in bold before the glossary's step, and why the glossary's step is still the one to open."""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_enter_opens_the_step_that_first_defines_the_term(lang):
    """A term opens where the course first sets it in bold, not at a later step: 4.3's learning rate is
    defined in step 1 (the glossary opened step 3), 4.2's central difference in step 1, 3.2's identity
    function in step 5 (it opened 3.3), bias in 2.1 step 1, scalar in 1.1 step 3 (it opened step 6)."""
    steps = _course_steps(lang)
    index = {(lesson, step): i for i, (lesson, step, _) in enumerate(steps)}
    named = names_in_english if lang == "en" else names_in_korean
    early = []
    for term in TERMS:
        if term.en in DEFINED_AGAIN:
            continue
        mine = index[(term.lesson_id, term.step_id)]
        first = next((i for i, (_, _, bold) in enumerate(steps[:mine]) if named(term.name(lang), bold)), None)
        if first is not None:
            early.append((term.en, term.step, "/".join(steps[first][:2])))
    assert early == []


def test_the_terms_follow_the_course():
    """The glossary lists its terms in the order the course introduces them."""
    index = {(lesson, step): i for i, (lesson, step, _) in enumerate(_course_steps("en"))}
    places = [index[(term.lesson_id, term.step_id)] for term in TERMS]
    assert [term.en for term, place, before in zip(TERMS[1:], places[1:], places) if place < before] == []


def test_the_sum_of_squares_error_is_the_edition_s_오차제곱합():
    """The Korean edition's 오차제곱합: ½Σ(y − t)² is a sum (its library name, mean_squared_error, is the book's)."""
    term = search(TERMS, "mean_squared_error")[0]
    assert (term.en, term.ko) == ("sum of squares error", "오차제곱합")


def _library_has(name: str) -> bool:
    """Whether `name` is in workbench.nn, or NumPy's ("np.dot", "ndarray.shape")."""
    first, _, rest = name.partition(".")
    if first not in ("np", "ndarray"):
        return any(hasattr(module, name) for module in LIBRARY)
    owner = np if first == "np" else np.ndarray
    for part in rest.split("."):
        if not hasattr(owner, part):
            return False
        owner = getattr(owner, part)
    return True


def test_every_library_name_is_in_the_library_or_numpy():
    assert [term.code for term in TERMS if term.code and not _library_has(term.code)] == []


def test_every_meaning_is_one_line_of_its_own_language():
    for term in TERMS:
        for lang in ("en", "ko"):
            assert "\n" not in term.means(lang) and len(term.means(lang)) <= 140, term.en
        assert re.search(r"[가-힣]", term.meaning["ko"]), term.en
        assert not re.search(r"[가-힣]", term.meaning["en"]), term.en


def names(found) -> list[str]:
    return [term.en for term in found]


def test_search_by_english_korean_or_library_name():
    assert names(search(TERMS, "backprop")) == ["backpropagation"]
    assert names(search(TERMS, "오차역전파")) == ["backpropagation"]
    assert names(search(TERMS, "SoftmaxWithLoss")) == ["Softmax-with-Loss"]
    assert names(search(TERMS, "softmaxwithloss")) == ["Softmax-with-Loss"]


def test_search_ignores_case_spaces_hyphens_and_underscores():
    """"cross entropy" finds cross-entropy error; 배치정규화 finds 배치 정규화; cross_entropy its library name."""
    assert names(search(TERMS, "Cross Entropy")) == ["cross-entropy error"]
    assert names(search(TERMS, "배치정규화")) == ["batch normalization"]
    assert names(search(TERMS, "cross_entropy")) == ["cross-entropy error"]


def test_search_lists_an_exact_name_first_then_names_it_begins():
    """기울기 is gradient; 기울기 확인 (gradient check) and 기울기 소실 begin with it, in the course's order."""
    assert names(search(TERMS, "기울기")) == ["gradient", "gradient check", "vanishing gradient"]
    found = names(search(TERMS, "gradient"))
    assert found[0] == "gradient" and found.index("gradient check") < found.index("stochastic gradient descent")


def test_search_finds_a_term_by_the_other_names_the_course_writes():
    """The comparison's legend writes std=0.01 (the search found test data, s-t-d across its words), the
    settings lr and weight_init, the Korean panes 초기 가중치 beside the edition's 가중치의 초깃값 and 최적화
    기법 beside its 옵티마이저, the lessons CNN: each found nothing, or not that term. So did "loss function"
    (4.1's title), the term being "loss" in English beside the Korean 손실 함수."""
    assert names(search(TERMS, "std"))[0] == "standard deviation"
    assert names(search(TERMS, "lr")) == ["learning rate"]
    assert names(search(TERMS, "초기 가중치")) == names(search(TERMS, "weight_init")) == ["initial weight"]
    assert names(search(TERMS, "최적화 기법")) == ["optimizer"]
    assert names(search(TERMS, "CNN"))[0] == "convolutional neural network"
    assert names(search(TERMS, "loss function")) == names(search(TERMS, "손실 함수")) == ["loss function"]
    assert names(search(TERMS, "sigmoid function")) == ["sigmoid"]      # as the Korean 시그모이드 함수


def test_every_other_name_is_one_the_course_writes():
    """An `also` name is found by the search, so it must be one a learner meets: in a catalog string or a
    lesson (a setting's key is in its help's catalog key, `*.setting.lr`)."""
    from workbench.course.files import lessons_root
    from workbench.i18n import strings

    written = "\n".join([*strings("en"), *strings("en").values(), *strings("ko").values(),
                         *(path.read_text(encoding="utf-8") for path in lessons_root().glob("*/*.md"))])
    written = written.casefold()            # as the search reads it: "Sigmoid function" in a heading
    assert [name for term in TERMS for name in term.also if name.casefold() not in written] == []


def test_a_malformed_other_name_is_reported_with_its_line(tmp_path):
    (tmp_path / "glossary.toml").write_text(
        '[[terms]]\nen = "learning rate"\nko = "학습률"\nalso = "lr"\nstep = "a/b"\n'
        'meaning.en = "x"\nmeaning.ko = "y"\n', encoding="utf-8")
    glossary = load_glossary(tmp_path)
    assert glossary.terms == () and [p.line for p in glossary.problems] == [1]
    assert "also" in glossary.problems[0].message


def test_a_blank_search_lists_every_term_and_a_word_of_no_term_none():
    assert search(TERMS, "  ") == list(TERMS)
    assert search(TERMS, "zebra") == []


def test_introduced_names_the_step_by_its_number_in_the_interface_language():
    term = search(TERMS, "행렬의 곱")[0]
    try:
        set_language("ko")
        assert introduced(COURSE["ko"], term) == "처음 나오는 곳: 3.2 레슨 2단계 · 행렬의 곱 한 번"
    finally:
        set_language("en")
    assert introduced(COURSE["en"], term) == "Introduced in 3.2 step 2 · One matrix product"


def test_a_malformed_entry_is_left_out_and_reported_with_its_line(tmp_path):
    (tmp_path / "glossary.toml").write_text(
        '[[terms]]\nen = "a"\nko = "가"\nstep = "x/y"\nmeaning.en = "A."\nmeaning.ko = "가."\n\n'
        '[[terms]]\nen = "b"\nstep = "x/y"\nmeaning.en = "B."\nmeaning.ko = "나."\n\n'
        '[[terms]]\nen = "c"\nko = "다"\nstep = "no-slash"\nmeaning.en = "C."\nmeaning.ko = "다."\n',
        encoding="utf-8")
    glossary = load_glossary(tmp_path)
    assert [term.en for term in glossary.terms] == ["a"]
    assert [(problem.line, "ko" in problem.message) for problem in glossary.problems][0] == (8, True)
    assert glossary.problems[1].line == 14 and "no-slash" in glossary.problems[1].message


def test_a_missing_or_broken_file_gives_no_terms_and_says_why(tmp_path):
    assert load_glossary(tmp_path).terms == () and len(load_glossary(tmp_path).problems) == 1
    (tmp_path / "glossary.toml").write_text("[[terms]\n", encoding="utf-8")
    assert load_glossary(tmp_path).terms == () and load_glossary(tmp_path).problems[0].line == 1


def test_broadcast_stretches_axes_of_size_1_not_the_smaller_array():
    """(2, 1) with (1, 3) stretches both arrays, to (2, 3): neither is "the smaller" one, so the meaning
    names the rule (axes of size 1, or missing) as 1.1 step 4 states it."""
    assert np.broadcast_shapes((2, 1), (1, 3)) == (2, 3)
    term = search(TERMS, "broadcast")[0]
    assert "smaller" not in term.meaning["en"] and "작은 쪽" not in term.meaning["ko"]
    assert "size 1" in term.meaning["en"] and "크기가 1인 축" in term.meaning["ko"]


def _english_texts() -> list[tuple[str, str]]:
    """(where, text) of every English lesson and catalog file."""
    from pathlib import Path

    import workbench
    from workbench.course.files import lessons_root

    files = [*Path(workbench.__file__).parent.joinpath("i18n", "en").glob("*.toml"), *lessons_root().glob("*/en.md")]
    return [(str(path), path.read_text(encoding="utf-8")) for path in files]


def test_the_english_writes_each_one_word_term_as_the_glossary_does():
    """The search pane was the "hyper-parameter search" in a lesson of "hyperparameters": a one-word term
    is never split by a hyphen or a space anywhere a learner reads English."""
    words = [term.en for term in GLOSSARY.terms if re.fullmatch(r"[a-z]{8,}", term.en)]
    assert "hyperparameter" in words
    found = []
    for where, text in _english_texts():
        for word in words:
            for cut in range(3, len(word) - 2):
                split = re.compile(rf"\b{word[:cut]}[- ]{word[cut:]}", re.IGNORECASE)
                found += [(where, match.group()) for match in split.finditer(text)]
    assert not found, found
