"""`workbench gradcheck --impl mine --folder DIR`: the check on the learner's layers in the console, with
the same table and exit status; their failure named with its traceback; other networks refused."""
import json
import shutil
from pathlib import Path

import pytest

from test_gradcheck_command import rows, run  # noqa: E402 - the same helpers

SOLUTION = Path(__file__).parent / "exercises" / "solution"


def test_the_reference_solution_passes_with_the_librarys_numbers(capsys):
    status, out, _ = run(capsys, "--impl", "mine", "--folder", str(SOLUTION), "--net", "simple", "--json")
    mine = json.loads(out)
    status_library, out, _ = run(capsys, "--net", "simple", "--json")
    library = json.loads(out)
    assert status == status_library == 0 and mine["impl"] == "mine" and mine["verdict"] == "pass"
    for ours, theirs in zip(library["params"], mine["params"]):     # the same entries, the same errors
        assert ours["name"] == theirs["name"] and ours["checked"] == theirs["checked"]
        assert abs(ours["max_relative_error"] - theirs["max_relative_error"]) < 1e-6
    status, out, _ = run(capsys, "--impl", "mine", "--folder", str(SOLUTION))
    assert status == 0 and "Your layers: Affine, Relu, SoftmaxWithLoss" in out
    assert list(rows(out)) == ["W1", "b1", "W2", "b2"] and "All 4 parameters pass." in out


def test_a_broken_layer_fails_with_its_traceback_and_deep_is_refused(capsys, tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("self.mask = (x <= 0)\n", "self.mask = (x <= 0) + undefined_name\n"))
    status, _, err = run(capsys, "--impl", "mine", "--folder", str(folder))
    assert status == 1 and "Your Relu failed" in err and "layers.py:34 in forward" in err
    status, _, err = run(capsys, "--impl", "mine", "--folder", str(folder), "--net", "deep")
    assert status == 2 and "--net" in err and "only two-layer, multi-layer and simple" in err


@pytest.mark.parametrize("command", ["gradcheck", "train"])
def test_a_folder_that_is_missing_or_a_file_is_one_line_and_status_2(capsys, tmp_path, command):
    from workbench import cli

    a_file = tmp_path / "layers.py"
    a_file.write_text("")
    for folder, words in ((tmp_path / "none", "No folder"), (a_file, "is a file, not a folder")):
        assert cli.main([command, "--impl", "mine", "--folder", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"--folder: " in err and words in err, err
        assert "Your code failed" not in err


def test_what_the_learners_layers_printed_follows_the_table_or_the_failure(capsys, tmp_path):
    """Their print() in Relu.forward went nowhere in the console, though the pane shows it: the first five
    lines and how many, after the table (in --json as "printed") or after their traceback."""
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("self.mask = (x <= 0)\n",
                                                 "self.mask = (x <= 0)\n        print('relu', x.shape)\n"))
    status, out, _ = run(capsys, "--impl", "mine", "--folder", str(folder))
    assert status == 0 and "All 4 parameters pass." in out
    after = out.split("All 4 parameters pass.", 1)[1]
    assert "lines in this run; the first 5:" in after and after.count("    relu (") == 5
    status, out, _ = run(capsys, "--impl", "mine", "--folder", str(folder), "--json")
    printed = json.loads(out)["printed"]
    assert status == 0 and printed["count"] > 5 and printed["lines"][0].startswith("relu (")
    layers.write_text(layers.read_text().replace("        print('relu', x.shape)\n",
                                                 "        print('relu', x.shape)\n        undefined_name\n"))
    status, _, err = run(capsys, "--impl", "mine", "--folder", str(folder))
    assert status == 1 and "Your Relu failed" in err and "Your code printed:\n    relu (" in err
