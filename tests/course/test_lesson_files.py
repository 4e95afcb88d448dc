"""The lesson format and its checker: every kind of mistake is reported with its file and line."""
import shutil
import textwrap

import pytest

from conftest import write_lesson
from workbench.course.files import load_course
from workbench.course.model import CHAPTERS
from workbench.course.toml_lines import key_lines

PLOT_TOML = textwrap.dedent("""
    id = "plot"
    chapter = 3
    order = 2

    [[steps]]
    id = "first"

    [[steps]]
    id = "second"
    pane = "activation-plot"
    [steps.settings]
    functions = ["sigmoid"]
    x_min = -4.0
    x_max = 4.0
    probe = 0.0
    """).lstrip()
PLOT_MD = textwrap.dedent("""
    ---
    title: A plot
    summary: Two steps, the second with a pane.
    ---

    ## First {#first}

    Text one.

    ## Second {#second}

    Text two.
    """).lstrip()


def problems_in(root):
    return [(p.path.relative_to(root).as_posix(), p.line, p.message)
            for p in load_course(root).problems]


def test_every_shipped_lesson_is_valid_and_every_chapter_has_one():
    course = load_course()
    assert list(course.problems) == []
    assert {lesson.chapter for lesson in course.lessons} == set(CHAPTERS)
    assert all(course.chapter_titles[ch] for ch in CHAPTERS)


def test_a_valid_lesson_loads_in_reading_order(lessons_dir):
    write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    course = load_course(lessons_dir)
    assert problems_in(lessons_dir) == []
    assert [lesson.number for lesson in course.lessons] == ["1.1", "2.1", "3.1", "3.2", "4.1", "5.1", "6.1", "7.1", "8.1"]
    lesson = course.lesson("plot")
    assert [step.title for step in lesson.steps] == ["First", "Second"]
    assert lesson.steps[1].pane == "activation-plot"
    assert lesson.steps[1].settings["x_min"] == -4.0
    assert lesson.steps[0].text == "Text one."


@pytest.mark.parametrize("old, new, line, message", [
    ('pane = "activation-plot"', 'pane = "activation-plots"', 10,
     "no pane called 'activation-plots' (did you mean 'activation-plot'?)"),
    ("x_min = -4.0", "x_mni = -4.0", 13, "unknown setting x_mni (did you mean x_min?)"),
    ("x_max = 4.0", "x_max = 400.0", 14, "x_max = 400 is out of range; allowed: from −100 to 100"),
    ('functions = ["sigmoid"]', 'functions = ["tanh"]', 12, "functions may hold only"),
    ("probe = 0.0", 'probe = "zero"', 15, "probe must be a number"),
    ("x_max = 4.0", "x_max = -5.0", 14, "x_min (−4) must be less than x_max (−5)"),
])
def test_bad_settings_are_reported_at_their_line(lessons_dir, old, new, line, message):
    write_lesson(lessons_dir, "plot", PLOT_TOML.replace(old, new), PLOT_MD)
    [(path, got_line, got)] = problems_in(lessons_dir)
    assert (path, got_line) == ("plot/lesson.toml", line)
    assert message in got.replace("\u00a0", " ")        # a range holds no-break spaces (words53)


@pytest.mark.parametrize("toml_edit, md_edit, path, line, message", [
    (None, ("## Second {#second}\n\nText two.\n", ""), "plot/en.md", 1, "step 'second' (lesson.toml) has no text"),
    (None, ("{#second}", "{#third}"), "plot/en.md", 10, "text for step 'third', which lesson.toml does not have"),
    (None, ("Text two.", ""), "plot/en.md", 10, "step 'second' has a title but no text"),
    (None, ("title: A plot\n", ""), "plot/en.md", 3, "front matter has no title"),
    (None, ("summary: Two steps", "summary: " + "x" * 80), "plot/en.md", 3, "keep it to 69"),
    (None, ("---\n\n## First", "---\nstray words\n## First"), "plot/en.md", 5, "text before the first step"),
    (("order = 2", "order = 2\ncolour = 1"), None, "plot/lesson.toml", 4, "unknown key 'colour'"),
    (("chapter = 3", "chapter = 9"), None, "plot/lesson.toml", 2, "chapter must be a whole number from 1 to 8"),
    (('id = "plot"', 'id = "other"'), None, "plot/lesson.toml", 1, "must match its folder name"),
    (('id = "second"', 'id = "first"'), None, "plot/lesson.toml", 9, "step id 'first' is used twice"),
    (("x_min = -4.0", "x_min = = -4.0"), None, "plot/lesson.toml", 13, "not valid TOML"),
    (("order = 2", "order = 1"), None, "plot/lesson.toml", 1, "lesson 3.1 is also"),
])
def test_file_mistakes_are_reported_with_file_and_line(lessons_dir, toml_edit, md_edit, path, line, message):
    toml, md = PLOT_TOML, PLOT_MD
    if toml_edit:
        assert toml_edit[0] in toml
        toml = toml.replace(*toml_edit)
    if md_edit:
        assert md_edit[0] in md
        md = md.replace(*md_edit)
    write_lesson(lessons_dir, "plot", toml, md)
    found = problems_in(lessons_dir)
    assert any(p == path and ln == line and message in m for p, ln, m in found), found


def test_a_missing_chapter_title_and_an_empty_chapter_are_reported(lessons_dir):
    (lessons_dir / "chapters.toml").write_text('[en]\n2 = "Perceptrons"\n', encoding="utf-8")
    shutil.rmtree(lessons_dir / "lesson-8")
    messages = [m for _, _, m in problems_in(lessons_dir)]
    assert "chapter 3 has no title" in messages
    assert "chapter 8 has no lesson" in messages


def test_a_broken_lesson_is_left_out_but_the_others_load(lessons_dir):
    write_lesson(lessons_dir, "plot", PLOT_TOML.replace("order = 2", "order = 0"), PLOT_MD)
    course = load_course(lessons_dir)
    assert "plot" not in {lesson.id for lesson in course.lessons}
    assert len(course.lessons) == 8 and course.problems


def test_a_translation_replaces_only_text_and_falls_back_to_english(lessons_dir):
    folder = write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    (folder / "ko.md").write_text("---\ntitle: 그래프\nsummary: 두 단계.\n---\n\n## 첫째 {#first}\n\n본문 하나.\n",
                                  encoding="utf-8")
    korean = load_course(lessons_dir, lang="ko").lesson("plot")
    assert korean.title == "그래프"
    assert [(s.title, s.text) for s in korean.steps] == [("첫째", "본문 하나."), ("Second", "Text two.")]
    assert korean.steps[1].settings == load_course(lessons_dir).lesson("plot").steps[1].settings


def test_a_translation_with_an_unknown_step_is_reported(lessons_dir):
    folder = write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    (folder / "ko.md").write_text("---\ntitle: 그래프\nsummary: 두 단계.\n---\n\n## 셋째 {#third}\n\n본문.\n",
                                  encoding="utf-8")
    assert ("plot/ko.md", 6, "text for step 'third', which lesson.toml does not have (steps: first, second)") \
        in problems_in(lessons_dir)


def test_a_broken_translation_leaves_the_english_lesson_and_is_reported_on_a_closer_look(lessons_dir):
    folder = write_lesson(lessons_dir, "plot", PLOT_TOML, PLOT_MD)
    (folder / "ko.md").write_text("---\ntitle: 그래프\n---\n\n## 첫째 {#first}\n\n본문.\n", encoding="utf-8")
    english = load_course(lessons_dir)
    assert "plot" in {lesson.id for lesson in english.lessons} and not english.read_problems
    assert [(p.path.name, p.line) for p in english.problems] == [("ko.md", 3)]
    korean = load_course(lessons_dir, lang="ko")
    assert "plot" not in {lesson.id for lesson in korean.lessons} and korean.read_problems


def test_reading_a_course_builds_no_settings_until_a_step_or_the_problems_ask(lessons_dir, monkeypatch):
    from workbench.course import files

    write_lesson(lessons_dir, "plot", PLOT_TOML.replace("probe = 0.0", "probe = 9.0"), PLOT_MD)
    built = []
    real = files.build_settings
    monkeypatch.setattr(files, "build_settings", lambda step: built.append(step.id) or real(step))
    course = load_course(lessons_dir)
    assert built == [] and course.read_problems == ()
    step = course.lesson("plot").steps[1]
    assert step.pane_settings is None and "probe" in step.problem
    assert [p.line for p in course.problems] == [step.line_of("settings.probe")]
    assert built.count("second") == 1        # built once, then kept


def test_key_lines_follow_tables_arrays_and_dotted_keys():
    text = 'id = "x"\n\n[[steps]]\nid = "a"\n\n[[steps]]\nid = "b"\nsettings.w1 = 1\n[steps.settings]\nw2 = 2\n'
    lines = key_lines(text)
    assert lines[("id",)] == 1
    assert lines[("steps", 0)] == 3 and lines[("steps", 0, "id")] == 4
    assert lines[("steps", 1, "id")] == 7
    assert lines[("steps", 1, "settings", "w1")] == 8
    assert lines[("steps", 1, "settings", "w2")] == 10


def test_a_chapter_title_out_of_the_books_chapters_says_which_are(lessons_dir):
    """The course starts at chapter 1 (Hello Python, lesson 1.1): a title for chapter 9 is refused,
    naming chapters 1 to 8."""
    chapters = lessons_dir / "chapters.toml"
    chapters.write_text(chapters.read_text(encoding="utf-8") + '9 = "Nine"\n', encoding="utf-8")
    messages = [m for _, _, m in problems_in(lessons_dir)]
    assert 'expected chapter = "title" for chapters 1 to 8, got 9 = \'Nine\'' in messages
    assert load_course(lessons_dir).lesson("lesson-1").number == "1.1"
