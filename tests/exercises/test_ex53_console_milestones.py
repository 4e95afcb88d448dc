"""`workbench exercises check FOLDER 4` tries the milestone a chapter's parts unlock, as the pane of lesson 4.2
does, counting the parts of other chapters as they were graded last in the folder: a learner going chapter by
chapter in the console was told "All 5 parts pass." and never heard of the milestone."""
import shutil
from pathlib import Path

from workbench.cli import main
from workbench.exercises.stubs import write_stubs

SOLUTION = Path(__file__).parent / "solution"


def test_checking_chapter_4_after_chapter_3_reaches_the_numerical_gradient_milestone(tmp_path, capsys):
    write_stubs(tmp_path)
    shutil.copy(SOLUTION / "functions.py", tmp_path / "functions.py")
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "3"]) == 0
    out = capsys.readouterr().out
    assert "Milestone" not in out, out                  # chapter 3 alone unlocks none: no line of them either
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "4"]) == 0
    out = capsys.readouterr().out
    assert "Milestone reached: numerical gradient." in out, out
    assert "Milestones: ✓ numerical gradient  ○ apple graph" in out, out
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "4"]) == 0
    assert "Milestone" not in capsys.readouterr().out     # reached: not run again, nor listed after every check


def test_a_chapter_that_passes_says_which_part_to_write_next(tmp_path, capsys):
    write_stubs(tmp_path)
    shutil.copy(SOLUTION / "functions.py", tmp_path / "functions.py")
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "3"]) == 0
    assert capsys.readouterr().out.endswith("All 5 parts pass.\nNext: mean_squared_error in functions.py\n")
    assert main(["--lang", "ko", "exercises", "check", str(tmp_path), "softmax"]) == 0
    assert "다음: functions.py의 mean_squared_error" in capsys.readouterr().out
