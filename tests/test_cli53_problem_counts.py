"""`workbench lessons check` counts its problems as English counts: "1 problem in lessons", "2 problems in
lessons", never "1 problem(s)"; the listing's pointer to the check too."""
from __future__ import annotations

import pytest

from workbench import cli
from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def broken_lessons(folder, count: int):
    """A lessons folder whose chapters.toml names `count` lessons that are not there."""
    folder.mkdir()
    (folder / "chapters.toml").write_text("".join(f'[[chapter]]\nnumber = {i + 1}\ntitle = "C{i}"\n'
                                                  f'lessons = ["missing-{i}"]\n' for i in range(count)))
    return folder


def test_one_problem_is_one_problem(tmp_path, capsys):
    assert cli.main(["lessons", "check", "--dir", str(tmp_path / "none")]) == 2
    capsys.readouterr()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["lessons", "check", "--dir", str(empty)]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == f"1 problem in {empty}"
    assert cli.main(["lessons", "--dir", str(empty)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"(1 problem in the lesson files: run 'workbench lessons check --dir {empty}')"


def test_more_problems_are_counted_in_the_plural(tmp_path, capsys):
    folder = broken_lessons(tmp_path / "two", 2)
    status = cli.main(["lessons", "check", "--dir", str(folder)])
    last = capsys.readouterr().out.splitlines()[-1]
    assert status == 1 and "(s)" not in last and last.endswith(f"problems in {folder}"), last
