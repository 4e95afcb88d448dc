"""`workbench train --impl mine --folder DIR`: the learner's SimpleConvNet trained in the sandbox from the
console, the same epoch lines and JSON as the library's run, their speed beside the library's, --save of
the last epoch their code finished; their failure in words with the traceback (exit 1); --load refused."""
import json
import shutil
from pathlib import Path

import numpy as np

from workbench.models.train import TrainSettings, build_network

from test_train_command import workbench  # noqa: E402 - the same helper

SOLUTION = Path(__file__).parent / "exercises" / "solution"
TINY = ["--dataset", "synthetic-digits", "--train-size", "400", "--test-size", "100", "--epochs", "2",
        "--batch-size", "50", "--optimizer", "sgd", "--lr", "0.1"]


def test_their_run_matches_the_librarys_and_is_saved(tmp_path):
    saved = tmp_path / "mine.npz"
    done = workbench("--lang", "en", "train", *TINY, "--impl", "mine", "--folder", str(SOLUTION), "--json",
                     "--save", str(saved))
    assert done.returncode == 0, done.stderr
    mine = json.loads(done.stdout)                            # stdout is the JSON alone, the lines for people stderr
    assert "Your code: im2col, Convolution, col2im, Relu, Pooling, Affine, SoftmaxWithLoss" in done.stderr
    assert "optimizer: your SGD" in done.stderr and "library (fast):" in done.stderr
    assert mine["impl"] == "mine" and mine["epochs"] == 2 and mine["saved"] == str(saved)
    library = json.loads(workbench("--lang", "en", "train", *TINY, "--json").stdout)
    assert np.allclose(mine["test_acc_per_epoch"], library["test_acc_per_epoch"], atol=0.011)
    assert abs(mine["final_loss"] - library["final_loss"]) < 1e-3
    network = build_network(TrainSettings())
    network.load_params(saved)                                  # the parameters their code trained


def test_a_broken_part_fails_with_its_traceback_and_load_is_refused(tmp_path):
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    source = (folder / "convolution.py").read_text()
    (folder / "convolution.py").write_text(source.replace("col = im2col(x, FH, FW, self.stride, self.pad)\n",
                                                          "col = im2col(x, FH, FW, self.stride, self.pad).T\n"))
    done = workbench("--lang", "en", "train", *TINY, "--impl", "mine", "--folder", str(folder))
    assert done.returncode == 1
    assert "Your Convolution failed" in done.stdout and "convolution.py:46 in forward" in done.stdout
    done = workbench("--lang", "en", "train", *TINY, "--impl", "mine", "--folder", str(folder), "--load", "x.npz")
    assert done.returncode == 2 and "for impl = library" in done.stderr


def test_what_their_code_printed_follows_the_summary_or_the_failure(tmp_path):
    """Their print() in Relu.forward went nowhere in the console, though the pane shows it: the first five
    lines and how many, after the run's summary, or after their traceback."""
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("self.mask = (x <= 0)\n",
                                                 "self.mask = (x <= 0)\n        print('relu', x.shape)\n"))
    done = workbench("--lang", "en", "train", *TINY, "--epochs", "1", "--impl", "mine", "--folder", str(folder))
    assert done.returncode == 0, done.stderr
    assert "lines in this run; the first 5:" in done.stdout and done.stdout.count("    relu (") == 5
    layers.write_text(layers.read_text().replace("        print('relu', x.shape)\n",
                                                 "        print('relu', x.shape)\n        undefined_name\n"))
    done = workbench("--lang", "en", "train", *TINY, "--impl", "mine", "--folder", str(folder))
    assert done.returncode == 1 and "Your Relu failed" in done.stdout
    assert "Your code printed:\n    relu (" in done.stdout
