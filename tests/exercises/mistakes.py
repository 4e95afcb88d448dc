"""What the tests of the grader's messages share: a mistake put into the learner's copy of the solution,
and the message for it read in English and then in Korean."""
from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check
from workbench.i18n import set_language


def mutate(folder, file, old, new):
    """Put a mistake into one file of the copied solution (the text to replace must be there)."""
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def says_in_both(folder, name: str, en: str, ko: str) -> None:
    """The grader's message for part `name` of `folder` says `en`, and in Korean `ko`."""
    [result] = check(folder, [name])
    assert en in message_text(result), message_text(result)
    set_language("ko")
    assert ko in message_text(result), message_text(result)
