"""The table grades again when a helper file of the learner's beside their four files is saved: layers.py's
`from helpers import softmax` runs helpers.py, and a fix saved there left the table as it was."""
import os

from workbench.models.exercises import folder_stamp


def test_saving_a_helper_beside_the_exercises_changes_the_folders_stamp(tmp_path):
    (tmp_path / "layers.py").write_text("from helpers import softmax\n")
    helper = tmp_path / "helpers.py"
    helper.write_text("def softmax(a):\n    return a\n")
    before = folder_stamp(tmp_path)
    helper.write_text("def softmax(a):\n    return b\n")        # the same size: the time tells
    os.utime(helper, ns=(1, 1))
    assert folder_stamp(tmp_path) != before
    assert folder_stamp(tmp_path) == folder_stamp(tmp_path)     # nothing saved: the same stamp
