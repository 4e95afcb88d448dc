"""A follower goes where the presenter goes; a key detaches it, F rejoins; heavy jobs wait (issue 20).

The presenter's positions are handed to the follower directly here (the network part has its own
tests in tests/test_classroom_channel.py and the browser tests).
"""
from dataclasses import replace

import pytest

from workbench.app import classroom
from workbench.app.app import make_app
from workbench.app.lesson_screen import LessonScreen
from workbench.app.pane_screen import PaneScreen
from workbench.app.presenter import ClassroomLine
from workbench.classroom.channel import ChannelState
from workbench.classroom.position import Position, settings_text
from workbench.classroom.run import RunSummary
from workbench.course.files import load_course
from workbench.i18n import language, set_language
from workbench.models.catalog import pane
from chapter3_fixtures import kept_network, tiny_data  # noqa: F401 - fixtures
from follow_fixtures import NOWHERE, Published, arrived, as_if_live, holding_a_measurement
from follow_fixtures import QUICK_TICK, quick_follow_ticks  # noqa: F401 - autouse: a follower catches up every 0.05 s
from screen_text import screen_lines, until

COURSE = load_course()
PERCEPTRON = COURSE.lesson("perceptron")

def perceptron_at(step: int, *assignments: str) -> Position:
    entry = pane("perceptron")
    base = PERCEPTRON.steps[step].pane_settings
    return Position(PERCEPTRON.id, step, "perceptron", settings_text(entry.parse(assignments, base)))


async def test_a_test_follower_catches_up_at_the_tests_quicker_interval():
    """The follower tests wait for catch-ups by their effects (`arrived`, `handed`): at the learner's
    0.2 s each wait took a tick's time more; the follow timer here runs at QUICK_TICK."""
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [timer._interval for timer in app._timers if timer.name == "follow"] == [QUICK_TICK] != [0.2]


async def test_a_follower_follows_steps_and_settings_detaches_on_a_key_and_rejoins_with_F():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        following = app.following
        following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        assert isinstance(app.screen, LessonScreen) and (app.screen.lesson.id, app.screen.index) == (PERCEPTRON.id, 1)
        following.wanted = perceptron_at(2, "w1=1.5")
        await arrived(pilot, app)
        assert app.screen.index == 2 and app.screen.pane.settings.w1 == 1.5
        assert "Following" in app.screen.query_one(ClassroomLine).render().plain
        await pilot.press("down")                    # scrolling the text still follows
        assert following.attached
        await pilot.press("left")                    # a key of their own: the student explores
        await until(pilot, lambda: not following.attached and app.screen.index == 1)
        assert "F follows" in app.screen.query_one(ClassroomLine).render().plain
        following.wanted = perceptron_at(3)
        await pilot.pause(4 * classroom.TICK)        # four catch-ups
        assert app.screen.index == 1                 # the presenter moved, the student stays
        await pilot.press("F")
        await arrived(pilot, app)
        assert following.attached and app.screen.index == 3


async def test_a_follower_tells_the_server_it_explores_and_that_it_follows_again():
    """The presenter's count took a student exploring on their own for one following: the app tells its
    subscriber, which tells the server (tests/test_classroom_channel.py)."""
    class Told:
        def __init__(self):
            self.said = []

        def explore(self, exploring):
            self.said.append(exploring)

        def close(self):
            pass

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.subscriber = told = Told()
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        await pilot.press("left")
        await until(pilot, lambda: told.said == [True])
        await pilot.press("F")
        await until(pilot, lambda: told.said == [True, False])


@pytest.mark.parametrize("lang, named", [("en", "i Pixel/col"), ("ko", "i 픽셀/col")])
async def test_an_exploring_followers_footer_keeps_the_keys_the_text_names_whole_at_80_columns(lang, named):
    """7.2 step 1 while exploring read ". Next window/pixel  i  ? Help", a bare i: F gives way there, as the
    classroom line just above it says how to follow again."""
    im2col = next(lesson for lesson in COURSE.lessons if lesson.number == "7.2")
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = Position(im2col.id, 0)
        await arrived(pilot, app)
        await pilot.press("x")
        await until(pilot, lambda: not app.following.attached)
        await pilot.pause()
        lines = screen_lines(app)
        assert named in lines[-1], lines[-1]
        assert "F" in lines[-2]                                       # the classroom line says F


async def test_a_presenter_who_comes_back_before_the_follower_arrived_is_followed_back():
    """1 → 2 → 1 faster than the follower's tick: it must end on 1, not stay on 2 thinking it is there."""
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        following = app.following
        following.wanted = Position(PERCEPTRON.id, 1)
        await until(pilot, lambda: following.done == following.wanted)
        assert app.screen.index == 1
        following.wanted = Position(PERCEPTRON.id, 2)
        await app._catch_up()                        # the follower sets off for step 2 …
        assert app.screen.index == 2
        following.wanted = Position(PERCEPTRON.id, 1)  # … and the presenter is back on 1 already
        await until(pilot, lambda: following.done == following.wanted)
        assert app.screen.index == 1


async def test_a_follower_goes_home_and_to_a_pane_on_its_own():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        app.following.wanted = Position(None, 0, "perceptron", settings_text(pane("perceptron").parse(["w2=-1"])))
        await arrived(pilot, app)
        assert isinstance(app.screen, PaneScreen) and app.screen.pane_settings.w2 == -1
        app.following.wanted = Position()
        await until(pilot, lambda: len(app.screen_stack) == 1)


async def test_a_position_the_pane_refuses_changes_nothing():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        before = app.screen.pane.settings
        app.following.wanted = Position(PERCEPTRON.id, 1, "perceptron", (("w1", "1e999"), ("target", "rm -rf")))
        await arrived(pilot, app)
        assert app.screen.pane.settings == before and app.screen.index == 1


async def test_heavy_jobs_wait_while_following_and_start_when_the_student_takes_over():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await holding_a_measurement(pilot, app)
        nvb = app.screen.query_one("#pane-area > *")
        assert nvb.PANE == "numerical-vs-backprop"
        assert not nvb.jobs                 # the measurement waits
        assert "wait" in app.screen.query_one(ClassroomLine).render().plain
        await pilot.press("x")                                     # any key: the student takes over
        await until(pilot, lambda: not app.following.attached and "measure" in nvb.jobs and not app.following.held)
        await app.action_quit()


async def test_the_follower_line_says_when_the_class_cannot_be_reached():
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: not app.following.state.ok, 3.0)
        assert "Cannot reach the class at http://127.0.0.1:9" in app.screen.query_one(ClassroomLine).render().plain


async def test_the_help_of_a_follower_says_how_following_works():
    from workbench.app.help_screen import HelpScreen

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.following.attached
        source = app.screen.query_one("Markdown").source
        assert "## Following the presenter" in source and "F (or a click" in source


RUN = RunSummary("TwoLayerNet", "synthetic-digits", "running", epoch=3, epochs=17, iteration=25, iterations=170,
                 loss=0.2135, train_acc=0.9, test_acc=0.9123)
SAID = {"en": ("Following · the presenter's run of TwoLayerNet", "epoch 3/17 · loss 0.213 · test accuracy 91.2 %",
               "done, epoch 17/17"),
        "ko": ("따라가는 중 · 발표자의 학습(TwoLayerNet", "에폭 3/17 · 손실 0.213 · 시험 정확도 91.2 %",
               "완료, 에폭 17/17")}


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_follower_shows_the_presenters_run_in_its_classroom_line_and_trains_nothing(lang):
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        where = Position(None, 0, "train", settings_text(pane("train").parse(["epochs=17", "train_size=200"])))
        app._presenter_moved(replace(where, run=RUN))
        await arrived(pilot, app)
        await until(pilot, lambda: app.following.run_shown == RUN)
        train = app.screen.query_one("#pane-area > *")
        assert train.PANE == "train" and not train.jobs and not train.losses    # shown, not computed here
        shown = " ".join(line.strip() for line in screen_lines(app)[-3:-1]).replace("\xa0", " ")  # the line's two rows
        who, figures, done = SAID[lang]
        assert who in shown and figures in shown, shown
        app._presenter_moved(replace(where, run=replace(RUN, state="finished", epoch=17, test_acc=0.95)))
        await until(pilot, lambda: done in app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " "))
        assert app.following.done == where                                   # the run moved; the pane did not
        await pilot.press("x")                       # the student takes over: the line says so, not the run
        await until(pilot, lambda: done not in app.screen.query_one(ClassroomLine).render().plain.replace("\xa0", " "))
        assert "epoch" not in app.screen.query_one(ClassroomLine).render().plain.lower()
        assert SAID["ko"][2].split()[1] not in app.screen.query_one(ClassroomLine).render().plain      # 에폭


async def test_the_run_makes_room_in_two_lines_leaving_out_what_runs_before_its_figures():
    app = make_app(follow=NOWHERE, lang="ko")
    async with app.run_test(size=(60, 24)) as pilot:
        as_if_live(app)
        app._presenter_moved(Position(None, 0, "train", (), RUN))
        await arrived(pilot, app)                  # on the training pane's screen, not still opening it
        await until(pilot, lambda: app.following.run_shown == RUN and app.screen.query(ClassroomLine))
        line = app.screen.query_one(ClassroomLine)
        await until(pilot, lambda: line.size.height == 2)        # the line's new layout, a frame or two later
        text = line.render()
        assert "시험 정확도 91.2 %" in text.plain.replace("\xa0", " ") and "합성" not in text.plain
        assert len(text.wrap(app.console, line.size.width - 2)) <= 2 and line.size.height == 2


def test_each_figure_of_the_presenters_run_wraps_as_one_word():
    """"시험 정확도 91.2 %" never breaks into "시험" and "정확도 91.2 %" at the end of a row."""
    from rich.console import Console
    from rich.text import Text

    from workbench.app.classroom import run_text

    was = language()
    try:
        for lang in ("en", "ko"):
            set_language(lang)
            text = Text(run_text(RUN))
            figures = [figure.replace("\xa0", " ") for figure in text.plain.split(": ", 1)[1].split(" · ")]
            for width in range(24, 81):
                rows = [row.plain.replace("\xa0", " ").strip() for row in text.wrap(Console(width=200), width)]
                for figure in figures:
                    assert any(figure in row for row in rows), (lang, width, figure, rows)
    finally:
        set_language(was)


@pytest.mark.parametrize("lang, said", [("en", "the presenter's run of PlaneNet on spirals: paused in epoch 3/300"),
                                        ("ko", "에폭 3/")])
async def test_the_playgrounds_run_is_shared_too(tmp_path, lang, said):
    """Lesson 4.4 trains in the playground: its run goes with the presenter's position as the training
    pane's does, its points named as the pane names them."""
    from workbench.app.classroom import run_text

    app = make_app(pane=("playground", pane("playground").parse(["dataset=spirals"])), presenting=True,
                   state_dir=tmp_path, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.shared_position().run is None                     # nothing trained yet
        playground = app.screen.query_one("#pane-area > *")
        for _ in range(3):
            await pilot.press("full_stop")                            # one epoch each, on the spot
        run = app.shared_position().run
        assert (run.network, run.dataset, run.state, run.epoch) == ("PlaneNet", "spirals", "paused", 3)
        assert run.loss == pytest.approx(playground.training.latest.loss, rel=1e-3)
        assert said in run_text(run).replace("\xa0", " ")
        if lang == "ko":
            assert "나선" in run_text(run)


@pytest.mark.parametrize("lang, said", [("en", "on synthetic digits (no MNIST on the presenter's computer): "),
                                        ("ko", "발표자의 컴퓨터에 MNIST가 없어 대신 쓴 합성 숫자")])
async def test_a_run_asked_for_mnist_that_is_not_here_is_shared_as_the_synthetic_digits_from_its_start(
        monkeypatch, lang, said):
    """Followers read "on MNIST" while the presenter's run loaded the synthetic digits (the setting was
    sent until the data had loaded): the plan knows MNIST is missing, and the follower is told why."""
    import threading

    import workbench.models.train as model
    from workbench.app.classroom import run_text
    from workbench.datasets import DatasetError

    real, loading = model.load_dataset, threading.Event()

    def missing(name, **kwargs):
        if name != "synthetic-digits":
            raise DatasetError("MNIST is not on this computer")
        loading.wait(30)                  # the run stays in its loading while the test reads it
        return real(name, **kwargs)

    monkeypatch.setattr(model, "places", lambda info, data_dir=None: [])
    monkeypatch.setattr(model, "load_dataset", missing)
    settings = pane("train").parse(["dataset=mnist", "train_size=200", "test_size=100", "batch_size=20", "epochs=1"])
    app = make_app(pane=("train", settings), presenting=True, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        train = app.screen.query_one("#pane-area > *")
        await pilot.press("g")
        try:
            await until(pilot, lambda: train.state == "loading")
            run = app.shared_position().run
            assert (run.dataset, run.asked) == ("synthetic-digits", "mnist")
            assert said in run_text(run).replace("\xa0", " ") and "MNIST:" not in run_text(run)
        finally:
            loading.set()
        await until(pilot, lambda: train.state == "done")
        run = app.shared_position().run
        assert (run.dataset, run.asked) == ("synthetic-digits", "mnist")
        assert RunSummary.from_json(run.to_json()) == run                # what followers read back


async def test_a_comparisons_runs_are_shared_as_one_summary(tmp_path):
    """Chapter 6's comparisons: how far all runs are, how many are done, the best so far, by name."""
    from workbench.app.classroom import run_text
    from workbench.app.panes.compare import ComparePane

    settings = pane("compare").parse(["dataset=synthetic-digits", "train_size=200", "test_size=100",
                                      "batch_size=50", "runs=lr=0.1; optimizer=adam lr=0.001", "epochs=2"])
    app = make_app(pane=("compare", settings), presenting=True, state_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        compare = app.screen.query_one(ComparePane)
        assert app.shared_position().run is None                      # ready, nothing run yet
        await pilot.press("g")
        await until(pilot, lambda: compare.state == "done")
        run = app.shared_position().run
        best = max(compare.results.values(), key=lambda result: result.final_test_acc)
        assert (run.state, run.runs, run.runs_done, run.dataset) == ("finished", 2, 2, "synthetic-digits")
        assert run.leader == best.name and run.test_acc == pytest.approx(best.final_test_acc, abs=1e-4)
        said = run_text(run).replace("\xa0", " ")
        assert said.startswith("the presenter's comparison of 2 runs on ") and f"({best.name})" in said, said
        assert RunSummary.from_json(run.to_json()) == run                # what followers read back


def test_a_comparisons_leader_is_checked_on_reading():
    from workbench.classroom.run import BadRun

    good = RunSummary("MultiLayerNet", "mnist", "running", runs=4, runs_done=1, leader="Adam", test_acc=0.9).to_json()
    for bad in ("x" * 41, "line\nbreak", 7, None):
        with pytest.raises(BadRun):
            RunSummary.from_json(good | {"leader": bad})
    with pytest.raises(BadRun):
        RunSummary.from_json(good | {"runs": -1})


@pytest.mark.parametrize("presenting", [True, False])
async def test_a_channel_heard_after_the_app_quit_says_nothing(presenting):
    """A send (or a poll) still under way when the app quits ends on a closed event loop: nothing to
    tell, and no traceback from the channel's thread."""
    import threading

    app = make_app(presenting=True) if presenting else make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    errors = []

    def heard():
        try:
            closed = ChannelState(False, "unreachable")
            app._heard_from_server(closed) if presenting else app._heard_from_presenter(closed)
        except Exception as exc:                                        # noqa: BLE001 - what the thread would print
            errors.append(exc)
    thread = threading.Thread(target=heard)
    thread.start()
    thread.join(5)
    assert not thread.is_alive() and errors == []


@pytest.mark.parametrize("lang, said", [("en", "Your own run: the presenter's shows once it ends (x stops it, then F)"),
                                        ("ko", "여러분의 학습입니다. 발표자의 학습은 이 학습이 끝나면 보입니다(x로 멈춘 뒤 F)")])
async def test_a_follower_who_rejoins_while_their_own_run_goes_is_told_whose_run_it_shows(lang, said):
    """F while the student's own run goes keeps that run shown (the presenter's waits for it to end);
    the status line said only 'Training, epoch 5 of 1000' beside a classroom line about the presenter's."""
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        settings = pane("train").parse(["dataset=synthetic-digits", "train_size=1000", "test_size=100",
                                        "epochs=1000"])
        app._presenter_moved(replace(Position(None, 0, "train", settings_text(settings)), run=RUN))
        await arrived(pilot, app)
        train = app.screen.query_one("#pane-area > *")
        await until(pilot, lambda: train.presenters_run == RUN)
        await pilot.press("g")                        # the student takes over and trains
        await until(pilot, lambda: train.running() and train.presenters_run is None)
        status = lambda: str(train.query_one("#train-status").render()).replace("\xa0", " ")
        assert said not in status()
        await pilot.press("F")
        await until(pilot, lambda: said in status())
        assert train.presenters_run is None and train.running()
        await pilot.press("x")                        # stops the run (and detaches): F shows the presenter's
        await until(pilot, lambda: not train.running())
        await pilot.press("F")
        await until(pilot, lambda: train.presenters_run == RUN)
        assert said not in status()


@pytest.mark.parametrize("close", ["escape", "q", "question_mark"])
async def test_closing_the_help_leaves_a_follower_following(close):
    """? opens the help without detaching; Escape (or q) closing it detached the student, who then had
    to find F to follow again."""
    from workbench.app.help_screen import HelpScreen

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("pagedown", close)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.following.attached
        app.following.wanted = perceptron_at(2)
        await arrived(pilot, app)
        assert app.screen.index == 2


async def test_F_in_the_settings_a_student_opened_closes_them_and_follows_again():
    """The classroom line under the settings dialog says F follows the presenter again; before, F reached
    the dialog's list of choices and did nothing (a student who pressed s stayed behind, in a browser too)."""
    from workbench.app.settings_form import SettingsScreen

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = perceptron_at(1)
        await arrived(pilot, app)
        await pilot.press("s")                        # the student's own key: their settings
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen) and not app.following.attached
        assert "F follows" in app.screen_stack[-2].query_one(ClassroomLine).render().plain
        app.following.wanted = perceptron_at(2)
        await pilot.press("F")
        await arrived(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.following.attached and app.screen.index == 2


@pytest.mark.parametrize("lang, follow", [("en", "F Follow again"), ("ko", "F 다시 따라가기")])
async def test_a_detached_followers_footer_shows_F_first_at_80_columns(lang, follow):
    """The classroom line says F follows again; the footer listed F among the app's keys, after every
    pane's, where it did not fit at 80 columns (the graph stepper's keys filled the row)."""
    from workbench.app.key_bar import KeyBar

    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        graph = next(lesson for lesson in COURSE.lessons if lesson.id == "computational-graph")
        app.following.wanted = Position(graph.id, 1)
        await arrived(pilot, app)
        assert follow not in screen_lines(app)[-1]                 # following: F does nothing yet
        await pilot.press("full_stop")                             # the student's own step: detached
        await until(pilot, lambda: not app.following.attached)
        footer = screen_lines(app)[-1].replace("\xa0", " ")
        assert follow in footer and footer.rstrip().endswith(("? Help", "? 도움말")), footer
        assert "app.rejoin" in [b.id for b, _, _, _ in app.screen.query_one(KeyBar).choose(80)]
        await pilot.press("F")
        await arrived(pilot, app)
        assert follow not in screen_lines(app)[-1]


@pytest.mark.parametrize("lang, explore, pane_keys", [
    ("en", "E Explore on your own", ("→ Next", ". Step", "g ", "s Settings")),
    ("ko", "E 혼자 살펴보기", ("→ 다음", ". 하강", "g ", "s 설정"))])
async def test_a_following_students_footer_lists_only_the_keys_that_keep_them_following_and_E(
        lang, explore, pane_keys):
    """A following student's footer listed the pane's keys (g, d, s, ...) as ordinary actions, each of which
    only detached them from the presenter: while following it names E, which explores on their own, the
    arrows that scroll and ?; once they explore, F, which follows again, and their own keys."""
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = perceptron_at(2)
        await arrived(pilot, app)
        footer = screen_lines(app)[-1].replace("\xa0", " ")
        assert explore in footer and footer.rstrip().endswith(("? Help", "? 도움말")), footer
        assert not any(key in footer for key in pane_keys) and "F " not in footer, footer
        await pilot.press("question_mark")           # the help's own footer: how to close it
        await until(pilot, lambda: ("esc Close" if lang == "en" else "esc 닫기") in screen_lines(app)[-1])
        await pilot.press("escape")
        await until(pilot, lambda: explore in screen_lines(app)[-1].replace("\xa0", " "))
        assert app.following.attached
        await pilot.press("E")
        await until(pilot, lambda: not app.following.attached)
        footer = screen_lines(app)[-1].replace("\xa0", " ")
        assert explore not in footer and "F " in footer and pane_keys[0] in footer, footer
        assert app.screen.index == 2                 # E only leaves following: the step stays


@pytest.mark.parametrize("lang, words", [("en", "Make the browser window larger"), ("ko", "브라우저를 더 크게")])
async def test_a_browsers_session_too_small_asks_for_a_larger_window_not_a_terminal(monkeypatch, lang, words):
    """A half-screen browser window gives 71×23: the notice asked a student in a browser to make "the
    terminal" larger and said Ctrl+Q quits (which ends the session)."""
    from workbench.app.too_small import TooSmall

    monkeypatch.setenv("WORKBENCH_SERVED", "1")             # as `workbench serve` starts each browser's app
    app = make_app(follow=NOWHERE, lang=lang)
    async with app.run_test(size=(71, 23)) as pilot:
        await pilot.pause()
        text = " ".join(screen_lines(app))
        assert words in text and "71×23" in text and "60×24" in text and "Ctrl+Q" not in text
        assert str(app.screen.query_one(TooSmall).render()).startswith(words)


IM2COL = next(lesson for lesson in COURSE.lessons if lesson.id == "im2col")
SIMPLE_CONVNET = next(lesson for lesson in COURSE.lessons if lesson.id == "simple-convnet")



async def test_a_presenters_cursor_is_published_as_it_moves():
    """Lesson 7.2 walks col's rows with . and col2im's pixels: the presenter's cursor is no setting, so
    followers stayed on row 0 while the presenter talked about row 2."""
    app = make_app(lesson_id=IM2COL.id, step=1, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing = published = Published()
        await pilot.press("full_stop", "full_stop")
        await until(pilot, lambda: published.positions and published.positions[-1].cursor == "col 2 0")
        assert published.positions[-1].lesson == IM2COL.id and published.positions[-1].step == 1
        app.sharing = None


async def im2col_follower_at(pilot, app, step: int, cursor: str):
    entry = pane("im2col")
    settings = settings_text(entry.parse([], IM2COL.steps[step].pane_settings))
    app.following.wanted = Position(IM2COL.id, step, "im2col", settings, cursor=cursor)
    await arrived(pilot, app)
    return app.screen.pane


async def test_a_follower_shows_the_row_and_the_pixel_the_presenter_points_at():
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        im2col = await im2col_follower_at(pilot, app, 1, "col 2 0")
        assert im2col.cursor == ("col", 2, 0)
        await until(pilot, lambda: any("Row 2 is" in line for line in screen_lines(app)))
        im2col = await im2col_follower_at(pilot, app, 4, "x 0 0 1 1")          # col2im: the middle pixel
        assert im2col.cursor == ("x", 0, 0, 1, 1)
        await until(pilot, lambda: any("dx[0, 0, 1, 1]" in line for line in screen_lines(app)))
        im2col = await im2col_follower_at(pilot, app, 4, "")                   # back at the start: in col2im
        assert im2col.cursor == ("x", 0, 0, 0, 0) and app.following.attached    # the first pixel
        assert im2col.shared_cursor() == ""


@pytest.mark.parametrize("cursor", ["x 1 2", "col -1 0", "col 2 ²", "rm -rf /", "col 99 99"])
async def test_a_cursor_that_is_none_changes_nothing_and_one_too_far_stays_inside(cursor):
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        im2col = await im2col_follower_at(pilot, app, 1, "col 1 0")
        im2col = await im2col_follower_at(pilot, app, 1, cursor)
        rows, columns = im2col.result.arrays.rows.shape
        assert im2col.cursor == (("col", rows - 1, columns - 1) if cursor == "col 99 99" else ("col", 1, 0))


async def published_after(lesson, step: int, *keys: str, cursor=None):
    """The position a presenter at `step` of `lesson` publishes once `keys` have moved its cursor (to
    `cursor` when given, else anywhere)."""
    app = make_app(lesson_id=lesson.id, step=step, presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.sharing = published = Published()
        await pilot.press(*keys)
        await until(pilot, lambda: published.positions and (
            published.positions[-1].cursor if cursor is None else published.positions[-1].cursor == cursor))
        app.sharing = None
        return published.positions[-1]


async def test_a_follower_selects_the_layer_the_presenter_selected_in_the_shape_tracer():
    wanted = await published_after(SIMPLE_CONVNET, 0, "full_stop")
    follower = make_app(follow=NOWHERE)
    async with follower.run_test(size=(80, 24)) as pilot:
        as_if_live(follower)
        follower.following.wanted = wanted
        await arrived(pilot, follower)
        assert follower.screen.pane.selected == int(wanted.cursor)
        assert follower.position() == wanted


LOSS = next(lesson for lesson in COURSE.lessons if lesson.id == "loss-functions")
BATCH_STEP = next(i for i, step in enumerate(LOSS.steps) if step.id == "mini-batch-loss")


async def test_the_row_of_a_batch_the_presenter_chose_in_the_loss_pane_is_the_followers():
    """4.1's batch of two: ] shows the second row's terms; followers stayed on the first."""
    wanted = await published_after(LOSS, BATCH_STEP, "right_square_bracket", cursor="1")
    follower = make_app(follow=NOWHERE)
    async with follower.run_test(size=(80, 24)) as pilot:
        as_if_live(follower)
        follower.following.wanted = wanted
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 1
        follower.following.wanted = Position(wanted.lesson, wanted.step, wanted.pane, wanted.settings, cursor="7")
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 1                    # a batch of two has no eighth row
        follower.following.wanted = Position(wanted.lesson, wanted.step, wanted.pane, wanted.settings, cursor="")
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 0


async def test_a_followers_playground_keeps_its_own_map_when_the_presenters_activation_is_not_its_own():
    """The presenter's weights fit this network's arrays, but its settings name an activation this
    follower refuses (a newer version's), so its pane keeps its own: drawn through another activation,
    the weights would make a map the presenter never saw. Said in the pane; its own map stays."""
    from workbench.app.panes.playground import PlaygroundPane

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        ours = settings_text(pane("playground").parse(["dataset=circles"]))
        theirs = tuple((key, "swish" if key == "activation" else text) for key, text in ours)
        app._presenter_moved(Position(None, 0, "playground", ours))
        await arrived(pilot, app)
        mine = app.screen.query_one(PlaygroundPane)
        weights = [2 * array for array in mine.training.network.params.values()]

        def run(epoch: int) -> RunSummary:
            return RunSummary.rounded("PlaneNet", "circles", "paused", epoch=epoch, epochs=300, loss=0.3,
                                      train_acc=0.9, test_acc=0.9, losses=[0.5] * epoch,
                                      accuracies=[(n, 0.9, 0.9) for n in range(1, epoch + 1)], weights=weights)

        def said() -> str:
            return str(mine.query_one("#pg-numbers").render()).replace("\xa0", " ")

        app._presenter_moved(replace(Position(None, 0, "playground", ours), run=run(3)))
        await until(pilot, lambda: mine.presenters_run is not None and "the presenter's run and map" in said())
        assert mine.presenters_record() is not None
        app._presenter_moved(replace(Position(None, 0, "playground", theirs), run=run(4)))
        await until(pilot, lambda: mine.presenters_run.epoch == 4 and "the presenter's map is not shown" in said())
        assert mine.settings.activation != "swish"
        assert mine.presenters_record() is None and "the presenter's map is not shown" in said()


async def test_a_follow_tick_after_the_app_has_closed_its_screens_does_nothing():
    """The follow timer's last tick can run as the app quits, its screens already gone: it asked for the
    screen and raised ScreenStackError (a traceback at exit; seen once in CI, a follower test)."""
    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.following.wanted = Position("perceptron", 1, "perceptron", "")
    assert app.screen_stack == []
    await app._catch_up()                       # the tick the timer would run now


async def test_a_follow_tick_while_the_app_closes_its_screens_does_nothing(monkeypatch):
    """The follow timer runs until the app's own messages close, after its screens: a tick between
    (the test above, on a busy machine) found home still there and opened the presenter's lesson on a
    stack being closed (its step recorded as the learner's). Once the app has begun to quit, a tick
    moves nowhere."""
    from textual.app import App

    close_all = App._close_all
    ticked: list[bool] = []

    async def tick_then_close_all(self):
        # the presenter moves just as the app quits (set here, not before the quit: a tick of the timer
        # between the two, on a busy machine, rightly opened the lesson and failed the test)
        self.following.wanted = Position("perceptron", 1, "perceptron", "")
        await self._catch_up()                  # the tick the timer may run now
        ticked.append([type(screen).__name__ for screen in self.screen_stack])
        await close_all(self)

    app = make_app(follow=NOWHERE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(App, "_close_all", tick_then_close_all)
    assert ticked == [["HomeScreen"]], "the tick opened the presenter's lesson as the app quit"


FORWARD = next(lesson for lesson in COURSE.lessons if lesson.id == "forward-pass")
FORWARD_BATCH = next(i for i, step in enumerate(FORWARD.steps) if step.id == "batch")


async def test_the_row_the_presenter_works_out_in_the_forward_pass_is_the_followers():
    """3.2's batch step says "press ] to work out row 2": followers kept working out row 1."""
    wanted = await published_after(FORWARD, FORWARD_BATCH, "right_square_bracket", cursor="1")
    follower = make_app(follow=NOWHERE, lang="en")
    async with follower.run_test(size=(80, 24)) as pilot:
        as_if_live(follower)
        follower.following.wanted = wanted
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 1
        await until(pilot, lambda: any("row 2 of 3" in line for line in screen_lines(follower)))
        follower.following.wanted = replace(wanted, cursor="9")             # a batch of three: no tenth row
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 2
        follower.following.wanted = replace(wanted, cursor="row")
        await arrived(pilot, follower)
        assert follower.screen.pane.row == 2


async def test_the_weight_the_presenter_nudges_in_the_perceptron_is_marked_on_the_followers():
    wanted = await published_after(PERCEPTRON, 1, "3", cursor="b")
    follower = make_app(follow=NOWHERE)
    async with follower.run_test(size=(80, 24)) as pilot:
        as_if_live(follower)
        follower.following.wanted = wanted
        await arrived(pilot, follower)
        assert follower.screen.pane.chosen == "b"
        follower.following.wanted = replace(wanted, cursor="w9")
        await arrived(pilot, follower)
        assert follower.screen.pane.chosen == "b"
        follower.following.wanted = replace(wanted, cursor="")
        await arrived(pilot, follower)
        assert follower.screen.pane.chosen == "w1"


INFERENCE = next(lesson for lesson in COURSE.lessons if lesson.id == "mnist-inference")
ACCURACY = next(i for i, step in enumerate(INFERENCE.steps) if step.id == "accuracy")


async def test_a_follower_counts_the_accuracy_the_lesson_shows_and_times_nothing(kept_network):
    """3.4's accuracy step reads its count off the pane: a follower's count waited for a key, and its
    line stayed empty. Counting runs while following; timing (m) still waits."""
    from workbench.app.panes.inference import InferencePane

    settings = settings_text(pane("inference").parse([], INFERENCE.steps[ACCURACY].pane_settings))
    app = make_app(follow=NOWHERE, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        as_if_live(app)
        app.following.wanted = Position(INFERENCE.id, ACCURACY, "inference", settings)
        await arrived(pilot, app)
        inference = app.screen.query_one(InferencePane)
        await until(pilot, lambda: inference.accuracy is not None)
        assert "test set:" in str(inference.query_one("#inference-accuracy").render())
        inference.action_measure()
        await until(pilot, lambda: app.following.held)      # asked for as the pane is shown
        assert "timing" not in inference.jobs
