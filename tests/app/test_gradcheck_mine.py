"""The gradient-check pane with impl = mine: TwoLayerNet built from the learner's layers (the tests'
reference solution) passes with the library's numbers; a broken Affine fails the right row; a part
that raises says which part and shows their traceback; other networks and bugs are refused in place."""
import shutil
from pathlib import Path

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.models.catalog import pane

from test_gradcheck_pane import SIZE, settled, text, verdicts
from screen_text import until

SOLUTION = Path(__file__).parent.parent / "exercises" / "solution"
ENTRY = pane("gradcheck")


def solution(tmp_path, old: str = "", new: str = "") -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    if old:
        layers = folder / "layers.py"
        source = layers.read_text()
        assert old in source
        layers.write_text(source.replace(old, new))
    return folder


def opened(folder, *assignments):
    return make_app(pane=("gradcheck", ENTRY.parse(["impl=mine", f"folder={folder}", *assignments])))


async def test_the_learners_twolayernet_passes_with_the_librarys_numbers(tmp_path):
    app = opened(solution(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        assert verdicts(gradcheck) == {"W1": "pass", "b1": "pass", "W2": "pass", "b2": "pass"}
        assert "Your layers: Affine, Relu, SoftmaxWithLoss" in text(app, "#gc-head")
        mine = {name: check.max_relative_error for name, check in gradcheck.own.report.items()}
        assert gradcheck.own.maps                                  # the map of the worst, from their code too
    app = make_app(pane=("gradcheck", ENTRY.parse([])))
    async with app.run_test(size=SIZE) as pilot:
        library = app.screen.query_one(GradcheckPane)
        await settled(pilot, library)
        for name, check in library.own.report.items():             # the same weights, inputs and entries
            assert abs(check.max_relative_error - mine[name]) < 1e-6


async def test_a_transposed_dw_fails_w_rows_and_other_networks_are_refused(tmp_path):
    folder = solution(tmp_path, "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x).T * 1.5")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        got = verdicts(gradcheck)
        assert got["W1"] == got["W2"] == "fail" and got["b1"] == got["b2"] == "pass"
        await pilot.press("5")                                 # DeepConvNet needs Dropout: not an exercise
        await until(pilot, lambda: "only two-layer, multi-layer and simple" in str(gradcheck.error), seconds=10)
        assert gradcheck.settings.net == "two-layer"
        await pilot.press("b")
        await until(pilot, lambda: "bug = none" in str(gradcheck.error), seconds=10)
        assert gradcheck.settings.bug == "none"


async def test_a_layer_that_raises_is_named_with_its_traceback(tmp_path):
    folder = solution(tmp_path, "self.mask = (x <= 0)", "self.mask = (x <= 0) + undefined_name")
    app = opened(folder)
    async with app.run_test(size=SIZE) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        status = text(app, "#gc-status")
        assert gradcheck.own.failure is not None and gradcheck.own.failure.part == "Relu"
        assert "Your Relu failed" in status and "undefined_name" in status and "layers.py" in status
        assert gradcheck.own.report is None                        # nothing from the library instead
        assert "…" not in text(app, "#gc-table") and "—" in text(app, "#gc-table")


async def test_what_the_learners_layers_printed_is_shown_under_the_verdict_or_the_failure(tmp_path):
    """Their print() in Relu.forward went nowhere; the status shows it as the exercises show what a part
    printed while it was graded: the first five lines and how many, under the verdict or the failure."""
    folder = solution(tmp_path, "        self.mask = (x <= 0)\n", "        self.mask = (x <= 0)\n        print('relu', x.shape)\n")
    app = opened(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        count = gradcheck.own.printed["count"]
        status = text(app, "#gc-status")
        assert count > 5 and f"Your code printed {count:,} lines in this run; the first 5:" in status
        assert status.count("relu (") == 5
    layers = folder / "layers.py"
    layers.write_text(layers.read_text().replace("        print('relu', x.shape)\n",
                                                 "        print('relu', x.shape)\n        undefined_name\n"))
    app = opened(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await settled(pilot, gradcheck)
        status = text(app, "#gc-status")
        assert "Your Relu failed" in status and "Your code printed:\n    relu (" in status
