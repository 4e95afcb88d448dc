"""Which words of a step's text are keys (workbench.course.keys): the footer keeps those in view."""
from workbench.course.keys import NAMED, is_key, mentioned_keys


def test_a_bold_korean_syllable_or_word_is_emphasis_not_a_key():
    """Lessons write **층** and **행** for emphasis: read as keys, a footer could pick a key no text meant."""
    assert mentioned_keys("한 **층**의 **행**마다 **합**을, **ReLU**와 `col`; **v**로 바꿈") == ("v",)
    assert not any(is_key(word) for word in ("층", "행", "é", "ReLU", "col", "spacer", "F11", " ", "·"))


def test_a_key_is_an_ascii_character_an_arrow_or_a_named_key():
    text = "Press `+` and `−`, **→** then **Enter**, `Esc`, `F1`, `space` or `Tab`; **[** and `]`."
    assert mentioned_keys(text) == ("+", "-", "→", "⏎", "esc", "f1", "space", "tab", "[", "]")


def test_named_keys_are_written_as_the_footer_writes_them():
    """The footer matches a binding's key, through Textual's format_key, against these names."""
    from textual.keys import format_key

    bound = {"space": "space", "enter": "enter", "esc": "escape", "tab": "tab", **{f"f{n}": f"f{n}" for n in range(1, 11)}}
    assert {written: format_key(bound[written]) for written in NAMED} == NAMED
    assert {arrow: format_key(name) for arrow, name in zip("←→↑↓", ("left", "right", "up", "down"))} == \
        {arrow: arrow for arrow in "←→↑↓"}
