"""The panes that run the learner's code, when none of it ran or the part is not written yet (left53):
they say what is missing and what to do next, never "Your code failed" or "Fix it" about code that never ran."""
import pytest

from workbench.app.app import make_app
from workbench.app.panes.gradcheck import GradcheckPane
from workbench.app.panes.train import TrainPane
from workbench.exercises.stubs import write_stubs
from workbench.i18n import set_language, t
from workbench.models.catalog import pane
from workbench.models.gradcheck_shared import CheckFigures, summary
from workbench.models.mine import MineFailure
from screen_text import until, widget_text

NO_FOLDER = {"key": "exercises.no_folder", "values": {"folder": "exercises", "file": "layers.py"}}
STUB = {"key": "exercises.msg.todo", "values": {"where": "Affine.__init__"}}


@pytest.fixture(params=["en", "ko"])
def lang(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def blames(text: str, part: str = "Affine") -> bool:
    """Whether `text` says the learner's code failed, or tells them to fix it."""
    text = text.replace("\u00a0", " ")
    return any(words in text for words in (t("mine.failed_unknown"), t("mine.failed", part=part), t("mine.again_hint")))


def test_a_missing_folder_and_a_stub_are_not_said_to_have_failed(lang):
    """The headline every pane, the console and the classroom summary read: the missing folder or the stub
    on its own, and the next step (g, or writing the part) rather than "Fix it and save"."""
    missing, stub = MineFailure(NO_FOLDER, None, None), MineFailure(STUB, "Affine", None)
    assert not blames(missing.headline()) and "exercises init" in missing.headline()
    assert not blames(stub.headline()) and "NotImplementedError" in stub.headline()
    assert missing.next_step() == t("mine.run_again_hint") and stub.next_step() == t("mine.write_hint")
    broken = MineFailure({"key": "exercises.msg.raised", "values": {"where": "Affine.forward", "error": "NameError"}},
                         "Affine", None)
    assert broken.headline().startswith(t("mine.failed", part="Affine")) and broken.next_step() == t("mine.again_hint")


def test_the_classroom_summary_does_not_blame_code_that_never_ran(lang):
    """A presenter's gradient check before `workbench exercises init`, as its followers read it."""
    shared = summary(CheckFigures(failure=MineFailure(NO_FOLDER, None, None)), None, running=False)
    assert "exercises init" in shared.message and not blames(shared.message), shared.message


async def test_training_with_no_folder_says_so_and_what_to_do(tmp_path, lang):
    """impl = mine before `exercises init`: g said "Your code failed: No folder …" and "Fix it and save"."""
    settings = pane("train").parse(["impl=mine", "dataset=synthetic-digits", "train_size=40", "test_size=20", "batch_size=20",
                                    "epochs=1", f"folder={tmp_path / 'exercises'}"])
    app = make_app(pane=("train", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        train = app.screen.query_one(TrainPane)
        await pilot.pause()
        await pilot.press("g")
        await until(pilot, lambda: train.failure is not None, 30)
        await pilot.pause()
        said = train.status_text().plain + "\n" + train.failure_text().plain      # over the curves, and in the plan
        assert "exercises init" in said.replace("\u00a0", " ") and not blames(said), said


async def test_a_stub_is_the_part_to_write_not_a_failure(tmp_path, lang):
    """5.5 after `workbench exercises init`: "Your Affine failed: Affine.__init__ still raises
    NotImplementedError … Fix it and save" about a part not written yet."""
    folder = tmp_path / "exercises"
    write_stubs(folder)
    settings = pane("gradcheck").parse(["impl=mine", f"folder={folder}"])
    app = make_app(pane=("gradcheck", settings), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        gradcheck = app.screen.query_one(GradcheckPane)
        await until(pilot, lambda: not gradcheck.running and gradcheck.own.failure is not None, 60)
        await pilot.pause()
        status = widget_text(app, "#gc-status").replace("\u00a0", " ")
        assert "NotImplementedError" in status and t("mine.write_hint") in status and not blames(status), status


async def test_the_graph_stopped_at_a_stub_says_to_write_it(tmp_path, lang):
    """5.5's graph on a fresh `exercises init`: "Your code stops here: fix the file and save" about MulLayer's stub."""
    from mine_fixtures import ran
    from workbench.app.panes.graph import GraphPane
    from screen_text import screen_text

    folder = tmp_path / "exercises"
    write_stubs(folder)
    app = make_app(pane=("graph", pane("graph").parse(["impl=mine", f"folder={folder}"])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await ran(pilot, app.screen.query_one(GraphPane))
        shown = " ".join(row.strip() for row in screen_text(app).replace("\u00a0", " ").split("\n"))
        assert t("graph.mine.stuck_todo") in shown and t("graph.mine.stuck") not in shown, shown
