"""`workbench glossary [WORD]`: the course's terms for a console without the app, in the reader's language
first, with the library's name, the meaning and the step that introduces each; a word of no term says so."""
import pytest

from workbench.cli import main
from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def run(capsys, *args):
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_korean_word_finds_its_english_term(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")                 # each line whole (a page of 80 breaks the second)
    status, out, err = run(capsys, "--lang", "en", "glossary", "오차역전파법")
    assert status == 0 and err == ""
    assert out.splitlines() == [
        "backpropagation · 오차역전파법",
        "  Computing every parameter's gradient in one backward pass with the chain rule, instead of numerically.",
        "  introduced in 4.4 step 1 (The loop on points first)"]


def test_in_korean_the_korean_term_comes_first_and_the_step_is_named_in_korean(capsys):
    status, out, _ = run(capsys, "--lang", "ko", "glossary", "affine")
    assert status == 0
    assert out.splitlines() == ["Affine 계층 · Affine layer · Affine",
                                "  X · W + b를 계산하는 계층입니다. 역전파는 dX = dY · Wᵀ, dW = Xᵀ · dY입니다.",
                                "  처음 나오는 곳: 5.3 레슨 5단계(Affine 계층)"]


def test_a_library_name_and_words_after_it_are_one_search(capsys):
    status, out, _ = run(capsys, "--lang", "en", "glossary", "cross", "entropy")
    assert status == 0 and out.startswith("cross-entropy error · 교차 엔트로피 오차 · cross_entropy_error\n")
    status, out, _ = run(capsys, "--lang", "en", "glossary", "SoftmaxWithLoss")
    assert out.splitlines()[0] == "Softmax-with-Loss · SoftmaxWithLoss"


def test_without_a_word_every_term_a_blank_line_apart(capsys):
    from workbench.course.glossary import load_glossary

    status, out, _ = run(capsys, "--lang", "en", "glossary")
    assert status == 0 and out.count("\n\n") == len(load_glossary().terms) - 1


@pytest.mark.parametrize("lang, message", [
    ("en", "No term matches “zebra”. Try part of a word, in English or Korean (기울기), or a library name such as Affine."),
    ("ko", "“zebra”에 맞는 용어가 없습니다. 한국어나 영어 낱말의 일부(gradient)나 Affine 같은 라이브러리 이름을 입력해 보세요."),
])
def test_a_word_of_no_term_says_so_with_status_1(capsys, lang, message):
    status, out, err = run(capsys, "--lang", lang, "glossary", "zebra")
    assert (status, out, err) == (1, "", message + "\n")
