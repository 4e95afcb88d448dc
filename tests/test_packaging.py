"""Packaging: the README's commands are the ones CI runs, and the wheel carries styles and lessons."""
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import workbench
from workbench.course.files import lessons_root

ROOT = Path(__file__).resolve().parent.parent


def commands_in(path: Path) -> list[str]:
    """Shell lines of a README's indented or fenced code blocks, or of a script (comments dropped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix == ".md":
        return [line.strip() for line in lines if line.startswith("    ") and line.strip()]
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_exactly_the_readme_test_command():
    readme = [line for line in commands_in(ROOT / "README.md") if re.search(r"\bpytest\b", line)]
    ci = [line for line in commands_in(ROOT / ".ci" / "run") if re.search(r"\bpytest\b", line)]
    assert readme == ['pip install -e ".[test]" && pytest']
    assert ci == readme


def test_readme_has_the_install_and_launch_command():
    assert any(line.endswith("pip install . && workbench") for line in commands_in(ROOT / "README.md"))


def test_readme_installs_into_a_virtual_environment_of_its_own():
    """The bare `pip install .` is refused by Debian's and Ubuntu's Python (externally-managed-environment):
    the set-up command makes and enters a virtual environment first, in the same one line."""
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install . && workbench" in \
        commands_in(ROOT / "README.md")


def test_readme_lists_every_lesson():
    from workbench.course.files import load_course

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for lesson in load_course().lessons:
        assert f"{lesson.number} {lesson.title}" in readme, lesson.id
        assert f"- {lesson.number} {lesson.title} — {lesson.summary}\n" in readme, lesson.id   # as the home screen says


def test_lessons_are_found_from_this_install():
    root = lessons_root()
    assert root in (ROOT / "lessons", Path(workbench.__file__).parent / "lessons")
    assert (root / "chapters.toml").is_file()


@pytest.mark.slow
def test_wheel_ships_styles_and_lessons_and_loads_them(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True)
    wheel = next(tmp_path.glob("workbench-*.whl"))
    assert wheel.name.startswith(f"workbench-{workbench.__version__}-")    # built from __version__: one truth
    names = set(zipfile.ZipFile(wheel).namelist())
    tcss = {p.relative_to(ROOT).as_posix() for p in (ROOT / "workbench").rglob("*.tcss")}
    lessons = {"workbench/" + p.relative_to(ROOT).as_posix() for p in (ROOT / "lessons").rglob("*") if p.is_file()}
    assert tcss and lessons and (tcss | lessons) <= names
    assert not any("__snapshots__" in name or name.startswith("tests/") for name in names)

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = ("import workbench, workbench.course.files as f; c = f.load_course(); "
            "print(workbench.__file__); print(c.root); print(len(c.lessons), len(c.problems))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out[0].startswith(str(site)) and out[1] == str(site / "workbench" / "lessons")
    assert out[2] == f"{len(list((ROOT / 'lessons').glob('*/lesson.toml')))} 0"
    check = subprocess.run([sys.executable, "-m", "workbench", "lessons", "check"], env=env, cwd=tmp_path,
                           capture_output=True, text=True)
    assert check.returncode == 0 and "all valid" in check.stdout


def test_every_workbench_open_example_in_the_readme_names_real_settings():
    import shlex

    from workbench.models import catalog

    examples = [line.split("#")[0] for line in commands_in(ROOT / "README.md")
                if line.startswith("workbench open ") and "PANE" not in line]
    assert examples
    for line in examples:
        words = shlex.split(line)[2:]
        name, assignments = words[0], [words[i + 1] for i, word in enumerate(words) if word == "--set"]
        catalog.pane(name).parse(assignments)          # raises SettingError on an unknown key or bad value

