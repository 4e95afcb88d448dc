"""A Korean lesson names a setting of its pane as the settings dialog shows it: 5.5 and 7.5 wrote "`impl =
mine`이면" and 7.4 "(`conv = "book"`)" beside a dialog whose field reads 구현 = 내 코드 and 합성곱 = 책의 것;
a reader who opens it (s) finds no impl, no mine, no book. The book's code stays as written
(`SGD(lr=0.95)`, code blocks): there the text teaches the code, not the dialog."""
import re

from workbench.course.files import load_course
from workbench.i18n import set_language
from workbench.models.catalog import PANES
from workbench.models.settings import Choice, kinds

_FENCE = re.compile(r"```.*?```", re.DOTALL)
_CODE_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\([^()가-힣]*\)")


def assignments_named_otherwise(text: str, pane: str) -> list[str]:
    """The `key = value` of `pane`'s lists that `text` writes (in code or not, quoted or not) where the
    Korean dialog shows the field or the value by another word."""
    entry = PANES[pane]
    prose = _CODE_CALL.sub(" ", _FENCE.sub(" ", text))
    found = []
    set_language("ko")
    try:
        for key, kind in kinds(entry.settings).items():
            if not isinstance(kind, Choice):
                continue
            for value in kind.choices:
                if entry.setting_label(key) == key and entry.choice_label(key, value) == value:
                    continue
                written = rf"(?<![A-Za-z0-9_]){re.escape(key)}\s*=\s*[\"']?{re.escape(value)}(?![A-Za-z0-9_])"
                found += [match.group(0) for match in re.finditer(written, prose)]
    finally:
        set_language("en")
    return found


def test_every_korean_step_names_its_panes_settings_as_the_dialog_does():
    course = load_course(lang="ko")
    found = [(lesson.id, step.id, written) for lesson in course.lessons for step in lesson.steps
             if step.pane in PANES for written in assignments_named_otherwise(step.text, step.pane)]
    assert found == []


def test_the_check_finds_impl_mine_and_a_quoted_conv_and_leaves_the_books_code():
    assert assignments_named_otherwise("`impl = mine`이면 첫 단계와", "gradcheck") == ["impl = mine"]
    assert assignments_named_otherwise('책의 im2col로 두고(`conv = "book"`) 6,000장을', "train") == ['conv = "book']
    assert assignments_named_otherwise("구현 = 내 코드이면 `SGD(lr=0.95)`로", "train") == []
