"""Korean particles chosen by what they follow, and `{value|은}` in catalog templates."""
import re

import pytest

from workbench.i18n import placeholders, set_language, strings, t
from workbench.i18n.particles import attach, final


@pytest.mark.parametrize("text, particle, expected", [
    ("사과", "은", "사과는"), ("소비세", "이", "소비세가"), ("지불 금액", "을", "지불 금액을"),
    ("8", "은", "8은"), ("2", "은", "2는"), ("1", "이", "1이"), ("10", "을", "10을"), ("100", "과", "100과"),
    ("1,000", "는", "1,000은"), ("0.5", "가", "0.5가"), ("1e-7", "를", "1e-7을"), ("0", "이", "0이"),
    ("3", "으로", "3으로"), ("1", "으로", "1로"), ("5", "로", "5로"), ("파일", "으로", "파일로"), ("집", "로", "집으로"),
    ("W1", "을", "W1을"), ("b", "은", "b는"), ("SGD", "을", "SGD를"), ("Adam", "을", "Adam을"), ("ReLU", "이", "ReLU가"),
    ("Affine", "은", "Affine은"), ("SimpleConvNet", "을", "SimpleConvNet을"), ("L", "이", "L이"), ("x", "과", "x와"),
    ("`dW`", "가", "`dW`가"), ("(2, 3)", "이", "(2, 3)이"), ("99 %", "이", "99 %가"), ("−0.350", "은", "−0.350은"),
    ("Pooling", "으로", "Pooling으로"), ("20", "이", "20이"), ("10000", "은", "10000은"), ("6", "와", "6과"),
    ("soft", "이라", "soft라"), ("abc", "이라", "abc라"), ("test", "을", "test를"), ("jump", "이", "jump가"),
    ("stack", "이", "stack이"), ("net", "이라", "net이라"), ("3", "이어야", "3이어야"), ("2", "여야", "2여야"),
])
def test_the_form_fits_what_it_follows(text, particle, expected):
    assert attach(text, particle) == expected


@pytest.mark.parametrize("text, reading", [
    ("Escape", "이스케이프"), ("tb", "티비"), ("db", "디비"), ("Glorot", "글로로"), ("ReLU", "렐루"), ("Adam", "아담"),
    ("SGD", "에스지디"), ("MNIST", "엠니스트"), ("Affine", "아핀"), ("Softmax", "소프트맥스"), ("im2col", "임투콜"),
    ("col2im", "콜투임"), ("AdaGrad", "아다그라드"), ("He", "히"), ("Xavier", "사비에르"), ("batch", "배치"),
    ("dropout", "드롭아웃"), ("Enter", "엔터"), ("Tab", "탭"), ("Ctrl+P", "컨트롤 피"), ("F1", "에프 일"), ("x", "엑스"),
    ("y", "와이"), ("W", "더블유"), ("b", "비"), ("dW", "디더블유"), ("lr", "엘알"), ("10", "십"), ("100", "백"),
    ("1e-4", "일 이 마이너스 사"), ("dout", "디아웃"), ("dx", "디엑스"), ("update", "업데이트"), ("Delete", "딜리트"),
    ("input_shape", "인풋 셰이프"), ("check", "체크"), ("stack", "스택"), ("float", "플로트"), ("break", "브레이크"),
    ("type", "타입"), ("HOME", "홈"), ("std", "에스티디"), ("Ctrl", "컨트롤"), ("sin", "사인"), ("cos", "코사인"),
    ("orange", "오렌지"), ("range", "레인지"), ("image", "이미지"),
])
def test_a_latin_name_or_key_takes_the_particle_of_its_korean_reading(text, reading):
    """The form after `text` is the one after how Korean reads it aloud: 을/를, 은/는, 이/가, 으로/로."""
    for particle in ("을", "은", "이", "으로"):
        assert attach(text, particle) == text + attach(reading, particle)[len(reading):], (text, particle)


def test_an_unreadable_ending_keeps_both_forms_and_an_unknown_particle_is_refused():
    assert final("→") is None
    assert attach("→", "은") == "→은(는)"
    with pytest.raises(ValueError, match="unknown particle"):
        attach("8", "의")


def test_templates_choose_the_particle_of_the_value(monkeypatch):
    monkeypatch.setitem(strings("ko"), "test.max", "최댓값 {value|은} {value:.1f|이}고 {name!r|을} 씁니다 {{x|은}}")
    set_language("ko")
    assert t("test.max", value=8, name="W") == "최댓값 8은 8.0이고 'W'를 씁니다 {x|은}"
    assert t("test.max", value=2, name="W1") == "최댓값 2는 2.0이고 'W1'을 씁니다 {x|은}"
    assert placeholders(strings("ko")["test.max"]) == {"value", "name"}


def test_no_korean_template_glues_a_fixed_particle_or_a_hedge_to_a_placeholder():
    import re

    glued = re.compile(r"\}(?:(은|는|이|가|을|를|과|와|으로|로)(?![가-힣])|이라|라는|여야|이어야)")
    hedges = ("이(가)", "을(를)", "은(는)", "(으)로", "과(와)")
    bad = [key for key, text in strings("ko").items()
           if glued.search(text) or any(hedge in text for hedge in hedges)]
    assert bad == [], bad


def test_no_korean_template_puts_a_fixed_particle_after_a_bracketed_placeholder():
    """"({k} × {fn})이" reads "(27 × 4)이" (4 is 사: 가); a particle after a group that stands on its
    own ends in a placeholder as much as "{fn}이" does. A group right after a word ("픽셀({y}, {x})은",
    "x_min({x_min})은") is that word's aside, and the particle is the word's."""
    import re

    glued = re.compile(r"(^|[\s:])\([^()]*\{[^{}]*\}\)(은|는|이|가|을|를|과|와|으로|로)(?![가-힣])")
    bad = [key for key, text in strings("ko").items() if glued.search(text)]
    assert bad == [], bad


def test_no_korean_template_puts_a_fixed_particle_after_a_quote_ending_in_a_placeholder():
    """"'workbench exercises check {folder}'를" read "…check ex1'를" (1 is 일: 을); the quote is
    skipped when the particle is chosen, so a quoted command ending in a value ends in that value.
    The catalog says "'…' 명령을" instead, whose particle follows a word of its own."""
    import re

    glued = re.compile(r"\}['\"`’”](은|는|이|가|을|를|과|와|으로|로)(?![가-힣])")
    bad = [key for key, text in strings("ko").items() if glued.search(text)]
    assert bad == [], bad


LATIN_THEN_PARTICLE = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z0-9_+\-]*[`'\"*’”]*)"
                                 r"(은|는|이|가|을|를|과|와|으로|로|이나|나|이라|라)(?![가-힣])")
"""A Latin name, key or identifier (Adam, Escape, Ctrl+C, dout, `r`, **m**), then a particle and no more Hangul."""


def test_every_particle_the_catalog_and_the_lessons_write_after_a_latin_word_is_the_one_attach_chooses():
    """They write 'Escape로', 'db가', 'update는', 'Adam은' by hand; each must be the form its reading takes."""
    assert misread(LATIN_THEN_PARTICLE) == []


def korean_texts() -> list[tuple[str, str]]:
    """(where, text) for every Korean catalog string, each lesson's ko.md, and each glossary term's
    Korean name and meaning (the glossary said "XOR를" where lesson 2.2 says "XOR을": R is read 알)."""
    from pathlib import Path

    from workbench.course.files import lessons_root
    from workbench.course.glossary import load_glossary

    glossary = [(f"glossary.toml:{term.line}", text) for term in load_glossary().terms
                for text in (term.name("ko"), term.means("ko"))]
    return [*strings("ko").items(), *glossary,
            *((path.parent.name, path.read_text(encoding="utf-8")) for path in Path(lessons_root()).glob("*/ko.md"))]


def misread(pattern: re.Pattern) -> list[tuple[str, str]]:
    """Where a match of `pattern` (group 1 what is read, group 2 the particle) is not what attach writes."""
    return [(where, text[max(0, match.start() - 10):match.end()])
            for where, text in korean_texts() for match in pattern.finditer(text)
            if attach(match[1], match[2]) != match[0]]


WORD_ASIDE_THEN_PARTICLE = re.compile(r"(?<![\w.])([A-Za-z][A-Za-z0-9_+\-]*|[가-힣]+)(\([^()]*[가-힣][^()]*\))"
                                      r"(은|는|이|가|을|를|과|와|으로|로|이나|나|이라|라)(?![가-힣])")
"""A word, an aside in words written onto it, then a particle: "log lr(가로)과", "학습률(책: 0.01)을"."""


def test_a_particle_after_an_aside_in_words_is_the_one_its_word_takes():
    """The aside is read as an aside, so the particle follows the word: lr is read 엘알, so "lr(가로)과"
    (the search's help wrote "log lr(가로)와"). A function's argument is no aside: exp(1010)은 reads
    the number."""
    found = [(where, match[0]) for where, text in korean_texts() for match in WORD_ASIDE_THEN_PARTICLE.finditer(text)
             if attach(match[1], match[3]) != match[1] + match[3]]
    assert found == []


@pytest.mark.parametrize("expression", ["x ; y", "x = 2", "x $ y", "x @ y", "x ! y"])
def test_a_symbol_an_expression_cannot_take_is_named_with_a_particle_that_fits(expression):
    """The graph's expression field answered "2번째 글자: ;은(는) 수식에 쓸 수 없습니다": a symbol has no
    reading attach knows, so the message names it as a character ("';' 문자는"), whose 는 fits."""
    from workbench.models.expression import ExpressionError, tokens

    set_language("ko")
    with pytest.raises(ExpressionError) as raised:
        tokens(expression)
    assert not re.search(r"\((?:는|은|를|을|가|이|로|와|과)\)", str(raised.value)), str(raised.value)


@pytest.mark.parametrize("text, particle, expected", [
    ("η", "은", "η는"), ("λ", "을", "λ를"), ("σ", "이", "σ가"), ("ε", "은", "ε은"), ("∇f", "이", "∇f가"),
    ("x₀", "이", "x₀이"), ("W₁", "으로", "W₁로"), ("w₁₂", "은", "w₁₂는"),
    ("½", "이", "½이"), ("−∞", "로", "−∞로"), ("Wᵀ", "을", "Wᵀ를"),
])
def test_a_greek_letter_or_a_subscript_is_read_aloud(text, particle, expected):
    """η is 에타, x₀ 엑스 영, ½ 이분의 일: a value a template names ({name|은}) may be one;
    attach wrote "η은(는)", as for a symbol it cannot read."""
    assert attach(text, particle) == expected


GREEK_THEN_PARTICLE = re.compile(r"(?<![\w.])([A-Za-z]?[α-ωΣΔ∇][₀-₉]*|[A-Za-z][₀-₉]*ᵀ)"
                                 r"(은|는|이|가|을|를|과|와|으로|로|이나|나|이라|라)(?![가-힣])")
"""A Greek letter (η, ∇, ε₁), or a transposed letter (Wᵀ, read W 티), then a particle and no more Hangul."""


def test_every_particle_written_after_a_greek_letter_is_the_one_its_reading_takes():
    """The lessons write "η는", "λ를", "ε은" by hand: each must be the form 에타, 람다, 엡실론 take."""
    assert misread(GREEK_THEN_PARTICLE) == []


@pytest.mark.parametrize("text, particle, expected", [
    ("x²", "은", "x²은"), ("(x + y)²", "을", "(x + y)²을"), ("10⁻⁴", "은", "10⁻⁴은"), ("2¹⁰", "이", "2¹⁰이"),
    ("y²", "로", "y²으로"), ("10⁻²", "와", "10⁻²과"), ("½λΣW²)", "는", "½λΣW²)은"), ("xⁿ", "를", "xⁿ을"),
])
def test_a_power_is_read_by_its_last_syllable_jegop(text, particle, expected):
    """The Korean edition reads a power with 제곱 (x² 엑스 제곱, 10⁻⁴ 10의 −4제곱), so the particle after
    it is the one after 곱. The app read it two ways ("y²는" by the base letter, "x₁²을" by 제곱), and
    attach wrote "10⁻⁴은(는)"."""
    assert attach(text, particle) == expected


POWER_THEN_PARTICLE = re.compile(r"(\S*[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ][)\]'\"`’”]*)"
                                 r"(은|는|이|가|을|를|과|와|으로|로|이나|나|이라|라)(?![가-힣])")
"""A power (x², 10⁻⁴, ‖W‖²), then a particle and no more Hangul."""


def test_every_particle_written_after_a_power_is_the_one_jegop_takes():
    """The lessons, the catalog and the glossary write "(x + y)²을", "y²으로", "10⁻²과" by hand."""
    assert misread(POWER_THEN_PARTICLE) == []
