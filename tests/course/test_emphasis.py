"""`workbench lessons check` reports every `**` or `*` that Markdown leaves unclosed, in every language."""
import pytest

from conftest import write_lesson
from test_lesson_files import PLOT_MD, PLOT_TOML, problems_in
from workbench.course.emphasis import unclosed
from workbench.course.files import load_course
from workbench.i18n import LANGUAGES, strings


@pytest.mark.parametrize("text, found", [
    ("**[**와 **]**로 다른 이미지", [(0, "**")] * 4),    # closing ** after punctuation, then a letter
    ("**,**와 **.**로", [(0, "**")] * 4),
    ("`[`와 `]`로 다른 이미지", []),
    ("**굵게**와 *기울임*을", []),                       # closes: the runs end in letters
    ("**[** 와 **]**, then", []),                        # a space after the closing run
    ("one\ntwo **open", [(1, "**")]),                    # the line within the text
    ("2 * 3 = 6, and \\*literally\\*", []),             # between spaces, or escaped
    ("`a ** b` in code", []),
    ("* a list item\n* another", []),
])
def test_unclosed_runs_are_found_as_markdown_it_reads_them(text, found):
    assert unclosed(text) == found


def test_lessons_check_reports_the_line_and_the_lesson_still_loads(lessons_dir):
    folder = write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD.replace("Text two.", "Press **.** then **,**to go back."))
    (folder / "ko.md").write_text(PLOT_MD.replace("Text one.", "첫 글.\n\n**[**와 **]**로 이미지를 바꿉니다."),
                                  encoding="utf-8")
    found = problems_in(lessons_dir)
    assert [(path, line) for path, line, _ in found] == [("plot/en.md", 12), ("plot/ko.md", 10)], found
    assert "'**' '**' will show" in found[0][2] and "**,**to" in found[0][2]
    assert load_course(lessons_dir).lesson("plot") is not None


def test_no_shipped_lesson_or_help_text_shows_asterisks():
    assert [str(problem) for problem in load_course().problems] == []
    for lang in LANGUAGES:
        bad = {key: unclosed(text) for key, text in strings(lang).items() if key.endswith("help") and unclosed(text)}
        assert bad == {}, lang
