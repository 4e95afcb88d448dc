"""Every place that says how to make the exercises folder says the same, shortest command that works:
'workbench exercises init' for ./exercises, the default, as lessons 3.1, 3.3 and 6.4 say it; the pane
and the console said 'workbench exercises init exercises'. Another folder is named (quoted for the shell)."""
from pathlib import Path

import pytest

from workbench.app.app import make_app
from workbench.app.panes.cells import CellView
from workbench.app.panes.exercises import ExercisesPane
from workbench.cli import main
from workbench.exercises.report import said
from workbench.exercises.stubs import init_command
from workbench.i18n import set_language
from workbench.models.catalog import pane as catalog_pane

LESSONS = Path(__file__).parents[2] / "lessons"


def test_the_default_folder_is_made_by_init_alone_and_another_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert init_command("exercises") == init_command("./exercises") == "workbench exercises init"
    assert init_command(str(tmp_path / "exercises")) == "workbench exercises init"
    assert init_command("mine") == "workbench exercises init mine"
    assert init_command("my work") == "workbench exercises init 'my work'"
    monkeypatch.chdir(tmp_path.parent)                 # elsewhere, ./exercises is another folder
    assert init_command(str(tmp_path / "exercises")) == f"workbench exercises init {tmp_path / 'exercises'}"


def test_the_console_says_init_alone_for_the_default_folder_and_it_makes_that_folder(tmp_path, capsys,
                                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "exercises", "check", "Adam"]) == 2
    assert "run 'workbench exercises init' and open optimizers.py" in capsys.readouterr().err
    assert main(["--lang", "en", "exercises", "init"]) == 0      # the command said, run: it makes ./exercises
    assert (tmp_path / "exercises" / "optimizers.py").is_file()
    (tmp_path / "exercises" / "optimizers.py").unlink()
    assert main(["--lang", "en", "exercises", "check", "Adam"]) == 1
    assert "optimizers.py is missing: 'workbench exercises init' writes it." in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_missing_file_in_the_folder_named_by_its_absolute_path_is_said_with_init_alone(tmp_path, monkeypatch,
                                                                                         lang):
    """The grader names the folder by its absolute path (the child runs in it); said from the folder above
    it, the command is the default's."""
    monkeypatch.chdir(tmp_path)
    message = {"key": "exercises.msg.no_file", "values": {"file": "layers.py", "folder": str(tmp_path / "exercises")}}
    set_language(lang)
    try:
        assert "'workbench exercises init'" in said(message)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_pane_says_init_alone_for_the_default_folder(tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    settings = catalog_pane("exercises").build({"folder": "exercises", "chapter": "5"})
    app = make_app(pane=("exercises", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.screen.query_one(ExercisesPane)
        await pilot.pause()
        message = " ".join(str(pane.query_one("#exercises-message", CellView).render()).split())
        assert "'workbench exercises init'" in message and "init exercises" not in message, message


def test_every_lesson_says_the_same_command():
    said = [line for path in sorted(LESSONS.glob("*/*.md")) for line in path.read_text().splitlines()
            if "exercises init" in line]
    assert said and all("`workbench exercises init`" in line for line in said), said


def test_init_says_the_shortest_check_next(tmp_path, capsys, monkeypatch):
    """After `init`, the next command is 'workbench exercises check' for ./exercises (it said 'check
    exercises'), and names another folder."""
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "exercises", "init"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("then run 'workbench exercises check'.")
    assert main(["--lang", "en", "exercises", "init", "mine"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("then run 'workbench exercises check mine'.")
