"""Korean particles chosen by what they follow: `8은`, `10은`, `W1을`, `Adam을`, `ReLU는`.

A Korean particle has two forms, one after a final consonant (받침) and one after a vowel: 은/는,
이/가, 을/를, 과/와, 으로/로 (and 로 after ㄹ as well), 이나/나, 이라/라, 이라는/라는, 이어야/여야, 이며/며, 이에요/예요, 아/야.
A template cannot know which one a placeholder needs, so it names the particle after a bar —
`{value|은}`, `{name|이}`, `{net|을}`, `{key|으로}` (either form of the pair works) — and
`attach` picks the form from the last thing the reader would say aloud:

- a Hangul syllable by its 받침;
- a number as it is read in Korean: 8 → 팔, 10 → 십, 100 → 백, 0.5 → 영 점 오, 1e-7 → … 칠;
- Latin letters by their sound: an acronym, a single letter or a word without a vowel by the letters'
  names (SGD → 디, W → 더블유, tb → 티비, lr → 엘알), a name whose spelling misleads by its reading in
  `READINGS` (Glorot → 글로로, check → 체크), any other word by how it ends (Adam → 담, Affine → 핀,
  ReLU → 루, net → 넷, soft → 트, Escape → 프, update → 트);
- a Greek letter by its name (η → 에타, ε → 엡실론), a subscript number as the number (x₀ → 영);
- a power by 제곱, whatever its base (x² → 엑스 제곱, 10⁻⁴ → 10의 −4제곱, 2¹⁰ → 2의 10제곱);
- closing brackets, quotes, backticks and spaces are skipped; `%` is read 퍼센트.
"""
from __future__ import annotations

import re

PAIRS = {
    "은": ("은", "는"), "는": ("은", "는"),
    "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"),
    "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
    "이나": ("이나", "나"), "나": ("이나", "나"),
    "이라": ("이라", "라"), "라": ("이라", "라"),
    "이라는": ("이라는", "라는"), "라는": ("이라는", "라는"),
    "이어야": ("이어야", "여야"), "여야": ("이어야", "여야"),
    "이며": ("이며", "며"), "며": ("이며", "며"),
    "이에요": ("이에요", "예요"), "예요": ("이에요", "예요"),
    "아": ("아", "야"), "야": ("아", "야"),
}
"""Each particle a template may name → (form after a final consonant, form after a vowel)."""

_RIEUL = 8
"""The index of ㄹ among the finals: (으)로 takes 로 after it, as after a vowel."""

# The final (as an index into the 28 finals, 0 = none) of each digit's Korean reading:
# 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}
# 십 백 천 만, then 십만 백만 천만 (만), 억 …: the final of a whole number's trailing zeros.
_ZEROS_FINAL = {1: 17, 2: 1, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 1}
# The final of each Latin letter's Korean name: 에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘
# 엠 엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 제트.
_LETTER_FINAL = dict(zip("abcdefghijklmnopqrstuvwxyz",
                         (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 16, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0)))
# How an English word's ending is usually written in Hangul: its final, if it keeps one.
_WORD_ENDINGS = (("ng", 21), ("ck", 1), ("m", 16), ("n", 4), ("l", 8), ("k", 1), ("t", 19), ("p", 17),
                 ("b", 17))
READINGS = {
    "glorot": "글로로",   # Xavier Glorot: the t is silent, as in French
    "check": "체크",      # the usual loanword, though stack → 스택 and click → 클릭 keep their ㄱ
    "float": "플로트",    # the type, as Korean programmers say it (not 플롯)
    "bit": "비트",
    "type": "타입",       # a stop before a silent e usually gets a vowel (update → 업데이트), but not here
    "break": "브레이크",  # ea is a long vowel here: the k gets a vowel of its own
    "lang": "랭",         # $LANG, read as a word (its letters would end in 지)
    "home": "홈",         # $HOME, read as a word
    "cos": "코사인",      # the function, read by its name (sin → 사인 by its letters' sound already)
}
"""Latin words read otherwise than their spelling suggests → how Korean says them, by lower-case spelling."""
_SKIPPED = " \t\n)]}>'\"`’”」』*_."
_SPOKEN = {"%": 0, "℃": 0, "°": 0,
           # Greek letters by their Korean names: 알파 베타 감마 델타 엡실론 제타 에타 세타 이오타 카파 람다 뮤
           # 뉴 크시 오미크론 파이 로 시그마 타우 입실론 파이 카이 프사이 오메가; Σ 시그마, Δ 델타, ∇ 나블라.
           **dict(zip("αβγδεζηθικλμνξοπρστυφχψω", (0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4,
                                                     0, 0, 0, 0))),
           "ς": 0, "Σ": 0, "Δ": 0, "Ω": 0, "Π": 0, "∇": 0,
           "½": 8, "¼": 8, "¾": 16,           # 이분의 일, 사분의 일, 사분의 삼
           "∞": 0, "′": 16, "ᵀ": 0}           # 무한대; f′ is 에프 프라임; Wᵀ is W 티 (its transpose)
_POWER = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ⁿ"
"""A power ends in 제곱, as the Korean edition reads it: x² 엑스 제곱, 10⁻⁴ 10의 −4제곱, 2¹⁰ 2의 10제곱."""
_JEGOP = 17
"""The final of 곱 (ㅂ): "x²은", "(x + y)²을", "10⁻⁴과", "y²으로"."""
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
"""A subscript number is read as the number (x₀ 엑스 영, w₁₂ 더블유 일이)."""
_NUMBER = re.compile(r"[-+−]?(\d[\d,]*)(\.\d+)?([eE][-+−]?\d+)?$")


def final(text: str) -> int | None:
    """The final consonant (0–27, 0 = none) of what `text` ends with when read aloud; None if unknown."""
    text = text.rstrip(_SKIPPED).translate(_SUBSCRIPTS)
    if not text:
        return None
    last = text[-1]
    if last in _POWER:
        return _JEGOP
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last in _SPOKEN:
        return _SPOKEN[last]
    number = _NUMBER.search(text)
    if number and number.end() == len(text):
        return _number_final(number)
    if last.isascii() and last.isalpha():
        return _latin_final(re.search(r"[A-Za-z]+$", text).group())
    if last.isdigit():
        return _DIGIT_FINAL.get(last)
    return None


def _number_final(match: re.Match) -> int:
    whole, fraction, exponent = match.groups()
    if exponent:
        return _DIGIT_FINAL[exponent[-1]]
    if fraction:
        return _DIGIT_FINAL[fraction[-1]]
    digits = whole.replace(",", "")
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    if not stripped:
        return _DIGIT_FINAL["0"]
    if zeros == 0:
        return _DIGIT_FINAL[stripped[-1]]
    if zeros <= 8:
        return _ZEROS_FINAL[zeros]
    return 1 if zeros < 12 else 0  # 억, then 조


def _latin_final(word: str) -> int:
    lower = word.lower()
    if lower in READINGS:
        return final(READINGS[lower])
    if len(word) == 1 or word.isupper() or not any(vowel in lower for vowel in "aeiouy"):
        return _LETTER_FINAL[lower[-1]]  # SGD → 디, tb → 티비, lr → 엘알, dW → 더블유
    if lower.endswith("e") and len(lower) > 2 and lower[-2] not in "aeiouy":
        if lower[-2] in "tkpbg":
            return 0  # a stop before a silent e gets a vowel: Escape → 이스케이프, update → 업데이트;
                      # so does ge, read 지: orange → 오렌지, range → 레인지, image → 이미지
        lower = lower[:-1]  # a silent e: Affine → 아핀, sine → 사인
    if len(lower) > 2 and lower[-1] in "tkpb" and lower[-2] not in "aeiouyc":
        return 0    # a stop after a consonant gets a vowel of its own: soft → 소프트, jump → 점프
    for ending, value in _WORD_ENDINGS:
        if lower.endswith(ending):
            return value
    return 0


def attach(text: str, particle: str) -> str:
    """`text` followed by the form of `particle` that fits it (은/는, 이/가 …).

    When the ending cannot be read (a symbol), the form after a final consonant is written with
    the other in brackets after it, as Korean print does: `은(는)`.
    """
    if particle not in PAIRS:
        raise ValueError(f"unknown particle {particle!r}; known: {', '.join(PAIRS)}")
    with_final, without = PAIRS[particle]
    ending = final(text)
    if ending is None:
        return f"{text}{with_final}({without})"
    if with_final == "으로":
        return text + ("로" if ending in (0, _RIEUL) else "으로")
    return text + (with_final if ending else without)
