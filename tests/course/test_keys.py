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

    bound = {"space": "space", "스페이스": "space", "enter": "enter", "esc": "escape", "tab": "tab", **{f"f{n}": f"f{n}" for n in range(1, 11)}}
    assert {written: format_key(bound[written]) for written in NAMED} == NAMED
    assert {arrow: format_key(name) for arrow, name in zip("←→↑↓", ("left", "right", "up", "down"))} == \
        {arrow: arrow for arrow in "←→↑↓"}


def test_korean_names_the_space_bar_as_a_key_in_bold():
    """7.4 step 5 writes **스페이스** where the English writes **space**: the footer kept space for one only."""
    assert mentioned_keys("**스페이스**는 일시 정지, **x**는 멈춤") == ("space", "x")
    assert mentioned_keys("스페이스를 누르세요") == ()


def test_a_step_that_asks_for_space_names_it_as_a_key_in_both_languages():
    """4.3 step 1 and 4.4 steps 1 and 2 say "press space": said as plain words, the footer could drop it."""
    from workbench.course.files import load_course

    for lang in ("en", "ko"):
        course = load_course(lang=lang)
        for lesson_id, step_ids in (("gradient-descent", ("walking-downhill",)), ("training-loop", ("points", "spirals"))):
            steps = {step.id: step for step in course.lesson(lesson_id).steps}
            assert all("space" in mentioned_keys(steps[step_id].text) for step_id in step_ids), (lang, lesson_id)
