"""The temp files of progress saves killed mid-write (SIGKILL, a power cut) are deleted by a later save,
not left to pile up in the state folder; a young one (another session's save in progress) and other
files are left alone."""
import os
import time

from workbench.course.progress import FILE_NAME, LOCK_NAME, Progress, ProgressStore


def test_a_killed_saves_temp_file_goes_at_the_next_save(tmp_path):
    store = ProgressStore(tmp_path)
    old, young, other = (tmp_path / name for name in (f".{FILE_NAME}.k1ll3d.tmp", f".{FILE_NAME}.busy.tmp",
                                                      ".other.tmp"))
    for path in (old, young, other):
        path.write_text('{"version": 1, "last', encoding="utf-8")
    long_ago = time.time() - 3600                    # an hour: a crash, not a save in progress
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    assert store.save(Progress({"xor": 1})) is None
    assert set(os.listdir(tmp_path)) == {FILE_NAME, LOCK_NAME, young.name, other.name}
