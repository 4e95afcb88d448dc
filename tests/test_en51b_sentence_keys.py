"""No sentence of the English lessons of chapters 5–8 opens with the key `.` or `,`: on screen the key is a
bare character, so "(10.0 %). . makes one update, , takes it back" reads as stray punctuation, and a row
that wraps before it starts with a lone "." or ",". "Press `.` for one update" says the same."""
import re

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


def test_no_full_stop_or_comma_key_is_followed_by_punctuation():
    """"Step through the rows with **.**: each row" showed ".:" at the start of a row at 80×24; "Press **.**
    to step through the rows: each row" keeps the key beside a word."""
    found = [(lesson, paragraph[:60]) for lesson, text in english_texts() for paragraph in prose(text)
             if KEY_THEN_PUNCTUATION.search(paragraph)]
    assert found == []


def test_no_sentence_of_a_panes_help_opens_with_a_full_stop_or_comma_key():
    """The F1 help of the panes said "`.` makes one update, `,` takes it back" as the lessons did."""
    from workbench.i18n import strings

    opening = {key: paragraph[:60] for key, text in strings("en").items() if key.endswith(".help")
               for paragraph in prose(text) if SENTENCE_START.search(paragraph)}
    assert opening == {}
