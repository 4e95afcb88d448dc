"""The console's lines name a value the learner did not type as the pane's list does: `workbench train
--impl mine` compares their speed with the library's engine, 빠른 엔진 in Korean (it said fast)."""
from test_train_mine_command import SOLUTION, TINY, workbench


def test_the_mine_run_names_the_librarys_engine_in_the_readers_words():
    done = workbench("--lang", "ko", "train", *TINY, "--epochs", "1", "--impl", "mine", "--folder", str(SOLUTION))
    assert done.returncode == 0, done.stderr
    said = done.stdout + done.stderr
    assert "라이브러리(빠른 엔진)" in said, said
    assert "(fast)" not in said
