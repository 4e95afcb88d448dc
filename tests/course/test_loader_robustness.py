"""The lesson loader on files and folders it cannot use: every one a Problem with its path, never a traceback."""
import textwrap
from pathlib import Path

import pytest

from workbench.course.files import CHAPTERS_FILE, SETTINGS_FILE, load_course

NESTED = "x = " + "[" * 200000 + "]" * 200000 + "\n"


def write_lesson(root: Path, lesson_id: str, toml: str | None = None) -> Path:
    """A valid one-step lesson in chapter 2 (or with `toml` as its lesson.toml)."""
    folder = root / lesson_id
    folder.mkdir(parents=True)
    (folder / SETTINGS_FILE).write_text(toml or textwrap.dedent(f"""\
        id = "{lesson_id}"
        chapter = 2
        order = 1

        [[steps]]
        id = "only"
        """), encoding="utf-8")
    (folder / "en.md").write_text("---\ntitle: A lesson\nsummary: One step.\n---\n\n"
                                  "## Only {#only}\n\nText.\n", encoding="utf-8")
    return folder


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / CHAPTERS_FILE).write_text("[en]\n" + "".join(f'{n} = "Chapter {n}"\n' for n in range(1, 9)),
                                        encoding="utf-8")
    write_lesson(folder, "good")
    return folder


def messages(course, path: Path) -> list[str]:
    return [f"{p.line}: {p.message}" for p in course.problems if p.path == path]


def test_a_deeply_nested_lesson_file_is_a_problem_on_line_1(root):
    bad = write_lesson(root, "deep", NESTED) / SETTINGS_FILE
    course = load_course(root)
    assert [lesson.id for lesson in course.lessons] == ["good"]
    assert messages(course, bad) == ["1: not valid TOML: nested too deeply"]


def test_a_deeply_nested_chapters_file_is_a_problem_too(root):
    (root / CHAPTERS_FILE).write_text(NESTED, encoding="utf-8")
    course = load_course(root)
    assert "1: not valid TOML: nested too deeply" in messages(course, root / CHAPTERS_FILE)


def refuse_to_list(monkeypatch, folder: Path, error=PermissionError(13, "Permission denied")):
    """Listing `folder` fails as it does for a folder without read permission (tests run as root)."""
    iterdir = Path.iterdir

    def guarded(self):
        if self == folder:
            raise error
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", guarded)


@pytest.mark.parametrize("error, reason", [(PermissionError(13, "Permission denied"), "permission denied"),
                                           (OSError(5, "Input/output error"), "Input/output error")])
def test_a_lessons_folder_that_cannot_be_listed_is_a_problem(root, monkeypatch, error, reason):
    refuse_to_list(monkeypatch, root, error)
    course = load_course(root)
    assert course.lessons == ()
    assert messages(course, root) == [f"1: cannot list the lessons in this folder: {reason}"]


def test_a_lesson_folder_that_cannot_be_listed_is_a_problem(root, monkeypatch):
    folder = write_lesson(root, "locked")
    refuse_to_list(monkeypatch, folder)
    course = load_course(root)
    assert messages(course, folder) == ["1: cannot list this lesson's files: permission denied"]
    assert "good" in [lesson.id for lesson in course.lessons]


def test_an_entry_that_cannot_be_examined_is_a_problem(root, monkeypatch):
    locked = root / "locked"
    locked.mkdir()
    is_dir = Path.is_dir

    def guarded(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return is_dir(self)

    monkeypatch.setattr(Path, "is_dir", guarded)
    course = load_course(root)
    assert messages(course, locked) == ["1: cannot read: permission denied"]
    assert [lesson.id for lesson in course.lessons] == ["good"]


# -- what only a step's pane knows: `workbench lessons check` builds every step as the pane will ----------

def pane_lesson(root: Path, lesson_id: str, pane: str, settings: str) -> Path:
    """A one-step lesson in chapter 2 (after "good") showing `pane` with `settings` (TOML lines)."""
    return write_lesson(root, lesson_id, textwrap.dedent(f"""\
        id = "{lesson_id}"
        chapter = 2
        order = 2

        [[steps]]
        id = "only"
        pane = "{pane}"
        [steps.settings]
        """) + textwrap.dedent(settings)) / SETTINGS_FILE


@pytest.mark.parametrize("pane, settings, line, words", [
    ("gradcheck", 'net = "two-layer"\nbug = "pool-wrong-element"\n', 10,
     "the two-layer network has no Pooling layer for bug pool-wrong-element"),
    ("gradcheck", 'net = "two-layer"\nbug = "affine-dw-no-transpose"\nwhere = 3\n', 11,
     "where must be 1 to 2: the two-layer network has 2 Affine layers (Affine1, Affine2), got 3"),
    ("train", 'dataset = "synthetic-digits"\nbatch_size = 7000\n', 10, "batch_size 7,000 is larger than the 6,000"),
])
def test_lessons_check_reports_what_the_pane_would_refuse(root, capsys, pane, settings, line, words):
    from workbench import cli

    path = pane_lesson(root, "bad", pane, settings)
    assert cli.main(["--lang", "en", "lessons", "check", "--dir", str(root)]) == 1
    out = capsys.readouterr().out
    reported = [row for row in out.splitlines() if row.startswith(str(path)) or "bad/lesson.toml" in row]
    assert len(reported) == 1 and f"lesson.toml:{line}: step 'only', pane '{pane}': " in reported[0], out
    assert words in reported[0], out


def test_a_setting_the_steps_mode_does_not_use_is_a_problem(root):
    path = pane_lesson(root, "unused", "perceptron", 'network = "two-layer"\nw1 = 3.0\n')
    course = load_course(root)
    assert messages(course, path) == ["10: step 'only', pane 'perceptron': w1 is not used when network = "
                                      "two-layer; leave it out (or choose another network)"]
