"""No sentence of the English lessons of chapters 5–8 opens with the key `.` or `,`: on screen the key is a
bare character, so "(10.0 %). . makes one update, , takes it back" reads as stray punctuation, and a row
that wraps before it starts with a lone "." or ",". "Press `.` for one update" says the same."""
import re

import pytest

from test_en51b_library_names import english_texts

PUNCTUATION_KEY = r"(?:`[.,]`|\*\*[.,]\*\*)"
SENTENCE_START = re.compile(rf"(?:^|(?<=[.!?:])\s+|(?<=[.!?]\))\s+){PUNCTUATION_KEY}")


def prose(markdown: str) -> list[str]:
    """The paragraphs of `markdown` outside code blocks, each on one line."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def test_no_sentence_opens_with_a_full_stop_or_comma_key():
    opening = [(lesson, paragraph[:60]) for lesson, text in english_texts() for paragraph in prose(text)
               if SENTENCE_START.search(paragraph)]
    assert opening == []


def test_the_check_finds_such_a_sentence_and_leaves_a_key_inside_one():
    assert SENTENCE_START.search("the same answer (10.0 %). `.` makes one update")
    assert SENTENCE_START.search("`,` takes an equation back")
    assert not SENTENCE_START.search("Step with **.** (and back with **,**): each row")


KEY_THEN_PUNCTUATION = re.compile(rf"{PUNCTUATION_KEY}[.,;:]")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_full_stop_or_comma_key_is_followed_by_punctuation(language):
    """"Step through the rows with **.**: each row" showed ".:" at the start of a row at 80×24; "Press **.**
    to step through the rows: each row" keeps the key beside a word. Every lesson, in both languages."""
    found = [(lesson, paragraph[:60]) for lesson, text in english_texts(language, chapters=None)
             for paragraph in prose(text) if KEY_THEN_PUNCTUATION.search(paragraph)]
    assert found == []


def test_no_sentence_of_a_panes_help_opens_with_a_full_stop_or_comma_key():
    """The F1 help of the panes said "`.` makes one update, `,` takes it back" as the lessons did."""
    from workbench.i18n import strings

    opening = {key: paragraph[:60] for key, text in strings("en").items() if key.endswith(".help")
               for paragraph in prose(text) if SENTENCE_START.search(paragraph)}
    assert opening == {}


KEY = r"(?:`([^`\s]{1,9})`|\*\*([^*\s]{1,9})\*\*)"
OPENING_KEY = re.compile(rf"(?:^|(?<=[.!?:])\s+|(?<=[.!?]\))\s+){KEY}")
KEY_GROUP = re.compile(rf"(?:(?: 키)?(?:와|과|이나|나|,|~|–)? ?{KEY})*")
"""The keys after the first that a sentence names with it: "`1`이나 `2`를", "`[`와 `]`로", "**1**~**6**으로"."""
PRESSED = re.compile(r"(?: 키)?[을를] [^.:,]{0,12}?(?:누르|눌러|누른)")
"""A Korean sentence may open with the key it asks you to press: "`r`을 누르세요", "`]` 키를 눌러"."""


def bare_key_openings(paragraph: str, language: str) -> list[str]:
    """The sentences of `paragraph` that open with a key shown bare: a key said as the subject or the means
    ("`,`는 식 하나를 되돌리고", "`,` 키와 `.` 키로 계층을 옮기면", "`[` goes back") reads on screen as a
    stray mark or a variable ("입니다. ,는", "b는"). Korean may open with the key to press ("`r`을 누르세요"),
    but never with `.` or `,`: even "`.` 키를 누르면" wrapped at 80×24 to a row that began ". 키를 누르면" under
    one that ended "다릅니다." (6.3). English says "Press `.`"."""
    from workbench.course.keys import is_key

    found = []
    for match in OPENING_KEY.finditer(paragraph):
        key = match.group(1) or match.group(2)
        if not is_key(key):
            continue
        rest = paragraph[KEY_GROUP.match(paragraph, match.end()).end():]
        if language == "ko" and key not in ".," and PRESSED.match(rest):
            continue
        found.append(paragraph[match.start():match.start() + 50].strip())
    return found


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_sentence_of_any_lesson_opens_with_a_bare_key(language):
    """Stop 51's readers found "`,`는 식 하나를 되돌리고" (6.3), "`.`은 갱신을 한 번 하고" (6.2) and "`.` 키는
    학습이 하듯" (8.1) in Korean after the English had stopped, and the English rule read chapters 5–8 only."""
    opening = [(lesson, sentence) for lesson, text in english_texts(language, chapters=None)
               for paragraph in prose(text) for sentence in bare_key_openings(paragraph, language)]
    assert opening == []


def test_the_bare_key_check_tells_a_key_pressed_from_a_key_said():
    said = ["(10.0 %). `.`은 갱신을 한 번 하고", "입니다. `,` 키와 `.` 키로 계층을 옮기면", "`b`는 입력 하나로",
            "입니다. `.` 키를 누르세요.", "**1**~**6**으로 변환을 고르고", "`x`의 형상은", "`+`로 세 번째를"]
    pressed = ["`r`을 누르세요.", "입니다. `]` 키를 한 번 더 누르면", "`1`이나 `2`를 눌러 편향 대신", "`-`를 거듭 눌러",
               "입력 `x`의 형상은", "**층**은 계층입니다"]
    assert [text for text in said if not bare_key_openings(text, "ko")] == []
    assert [text for text in pressed if bare_key_openings(text, "ko")] == []
    assert bare_key_openings("the canvas. `c` clears it", "en") and not bare_key_openings("Press `c` to clear", "en")


COMMA_THEN_COMMA_KEY = re.compile(r",\s+(?:`,`|\*\*,\*\*)")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_comma_key_follows_a_comma(language):
    """6.2 read "갱신은 . 키로 한 번씩 하고, , 키로 한 번 되돌리며" on screen: a comma, then the key , as a
    second one. 1.1 and 7.4 wrote it too ("나오고, `,`를 누르면", "있으므로, `,` 키와")."""
    found = [(lesson, paragraph[match.start() - 20:match.end() + 10])
             for lesson, text in english_texts(language, chapters=None) for paragraph in prose(text)
             for match in COMMA_THEN_COMMA_KEY.finditer(paragraph)]
    assert found == []


SIGN_KEY_THEN_PUNCTUATION = re.compile(r"(?:`[+\-\[\]<>=]`|\*\*[+\-\[\]<>=]\*\*)[.,;:]")


@pytest.mark.parametrize("language", ["en", "ko"])
def test_no_sign_key_is_followed_by_punctuation(language):
    """2.2 read "change it with + and" above a row that began "-. Every fix" at 80×24; 4.3 "Press +: η"
    and 6.1 "Lower it with -, one rung" did the same with + and -."""
    found = [(lesson, paragraph[match.start() - 20:match.end() + 10])
             for lesson, text in english_texts(language, chapters=None) for paragraph in prose(text)
             for match in SIGN_KEY_THEN_PUNCTUATION.finditer(paragraph)]
    assert found == []
