"""The runner: a program of the workbench run on the learner's parts in the sandbox, with its limits."""
import os
import signal
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from workbench.exercises import runner
from workbench.exercises.runner import Cancelled, MineFailed, pack, unpack
from workbench.exercises.sandbox import SERVED, Refused


PROGRAMS = '''
import numpy as np
from workbench.exercises.runner import pack, unpack


def apple(mine, args, emit):
    mul = mine.MulLayer()
    price = mul.forward(args["price"], args["count"])
    return {"price": float(price), "grads": [float(g) for g in mul.backward(1.0)]}


def stream(mine, args, emit):
    for i in range(args["n"]):
        emit({"i": i})
    return {"sent": args["n"]}


def columns(mine, args, emit):
    x = unpack(args["x"])
    return {"col": pack(mine.im2col(x, 2, 2))}


def forever(mine, args, emit):
    mine.MulLayer().forward(1.0, 2.0)
    return {}


def slow(mine, args, emit):
    import time
    emit({"started": True})
    time.sleep(30)
    return {}


def deaf(mine, args, emit):
    import signal
    import time
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    time.sleep(30)
    return {}


def nothing(mine, args, emit):
    return {"x": mine.NoSuchThing}


def chatty_then_stuck(mine, args, emit):
    import time
    for i in range(3):
        emit({"i": i})
        time.sleep(0.3)
    mine.MulLayer().forward(1.0, 2.0)
    return {}
'''


@pytest.fixture
def folder(solution_copy, tmp_path, monkeypatch):
    """A copy of the reference solution; the probe programs in another folder, on the child's path."""
    mine = solution_copy
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "probe_programs.py").write_text(PROGRAMS)
    kept = os.environ.get("PYTHONPATH")              # a checkout on the path stays there: its code is under test
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path / "programs")] + ([kept] if kept else [])))
    return mine


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_program_runs_on_the_learners_parts_and_arrays_travel_both_ways(folder):
    assert runner.run(folder, "probe_programs:apple", {"price": 100.0, "count": 2.0}) == \
        {"price": 200.0, "grads": [2.0, 100.0]}
    x = np.arange(2 * 1 * 3 * 3, dtype=np.float32).reshape(2, 1, 3, 3)
    col = unpack(runner.run(folder, "probe_programs:columns", {"x": pack(x)})["col"])
    from workbench.nn.im2col import im2col
    assert col.shape == (8, 4) and np.array_equal(col, im2col(x, 2, 2))


def test_pack_is_exact_and_refuses_objects():
    a = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    back = unpack(pack(a))
    assert back.dtype == np.float32 and back.shape == (3, 4) and np.array_equal(back, a)
    assert unpack(pack(np.float64(2.5))).shape == () and unpack(pack(np.float64(2.5))) == 2.5
    with pytest.raises(TypeError):
        pack(np.array([object()]))
    with pytest.raises(TypeError):
        unpack({"dtype": "|O", "shape": [1], "data": ""})


def test_a_part_that_raises_names_the_part_with_the_traceback_in_the_learners_file(folder):
    replace(folder / "layers.py", "        return x * y", "        return x * y[0]")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 100.0, "count": 2.0})
    error = failed.value
    assert error.part == "MulLayer"
    assert error.message["key"] == "exercises.msg.raised"
    assert error.message["values"]["where"] == "MulLayer.forward"
    assert "TypeError" in error.message["values"]["error"]
    assert error.traceback.splitlines()[0].startswith("layers.py:")
    assert "return x * y[0]" in error.traceback and "probe_programs" not in error.traceback


def test_a_stub_still_to_write_and_a_missing_part_say_which_part_and_file(folder):
    replace(folder / "layers.py", "        return x * y", "        raise NotImplementedError")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 1.0, "count": 2.0})
    assert failed.value.part == "MulLayer" and failed.value.message["key"] == "exercises.msg.todo"
    replace(folder / "layers.py", "class MulLayer:", "class MulLayr:")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 1.0, "count": 2.0})
    assert failed.value.part == "MulLayer"
    assert failed.value.message == {"key": "exercises.msg.missing_class",
                                    "values": {"file": "layers.py", "name": "MulLayer"},
                                    "hint": {"key": "exercises.hint.misspelt",       # as the grader says it
                                             "values": {"found": "MulLayr", "name": "MulLayer"}}}
    (folder / "layers.py").write_text("class MulLayer(:\n")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 1.0, "count": 2.0})
    assert failed.value.message["key"] == "exercises.msg.syntax" and failed.value.message["values"]["file"] == "layers.py"
    assert failed.value.part is None                # the file's fault, whichever part was asked for first


@pytest.mark.slow
def test_an_endless_loop_ends_at_the_time_limit_naming_where_it_was(folder):
    replace(folder / "layers.py", "        self.x, self.y = x, y\n", "        self.x, self.y = x, y\n        while True:\n            pass\n")
    started = time.monotonic()
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:forever", {}, time_limit=1.0)
    assert time.monotonic() - started < runner.STARTUP_LIMIT
    error = failed.value
    assert error.message["key"] == "exercises.msg.timeout"
    assert error.message["values"] == {"where": "MulLayer.forward", "seconds": "1"}
    assert error.part == "MulLayer" and error.traceback == "layers.py:12 in forward\n    while True:"


def test_an_endless_loop_is_placed_even_when_the_parent_ignores_ctrl_c(folder):
    """Started with Ctrl+C ignored (a background job, nohup), the child inherited it, so the interrupt
    that asks it where it was did nothing: the message named the part, not MulLayer.forward's line."""
    replace(folder / "layers.py", "        self.x, self.y = x, y\n", "        self.x, self.y = x, y\n        while True:\n            pass\n")
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with pytest.raises(MineFailed) as failed:
            runner.run(folder, "probe_programs:forever", {}, time_limit=1.0)
    finally:
        signal.signal(signal.SIGINT, before)
    assert failed.value.message["values"]["where"] == "MulLayer.forward"
    assert failed.value.traceback == "layers.py:12 in forward\n    while True:"


@pytest.mark.parametrize("program", ["slow", "deaf"])     # the child says where it was; it does not answer
def test_a_time_limit_before_any_part_names_the_program_not_its_function(folder, program):
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, f"probe_programs:{program}", {}, time_limit=1.0)
    error = failed.value
    assert error.message == {"key": "exercises.msg.timeout_program",
                             "values": {"program": f"probe_programs:{program}", "seconds": "1"}}
    assert error.part is None and error.traceback is None


def test_a_huge_allocation_runs_out_of_memory(folder):
    replace(folder / "layers.py", "        return x * y", "        return np.ones((40000, 40000)) * x")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 1.0, "count": 2.0})
    assert failed.value.message["key"] == "exercises.msg.memory" and failed.value.part == "MulLayer"


def test_events_arrive_in_order_before_the_answer(folder):
    events = []
    answer = runner.run(folder, "probe_programs:stream", {"n": 300}, on_event=events.append)
    assert answer == {"sent": 300}
    assert events == [{"i": i} for i in range(300)]


def test_cancel_kills_the_child_promptly(folder):
    events, flag = [], threading.Event()

    def on_event(event):
        events.append(event)
        flag.set()

    started = time.monotonic()
    with pytest.raises(Cancelled):
        runner.run(folder, "probe_programs:slow", {}, time_limit=60.0, on_event=on_event, cancelled=flag.is_set)
    assert events == [{"started": True}] and time.monotonic() - started < 20


def test_the_cancel_flag_is_polled_before_every_wait(folder, monkeypatch):
    """A cancel is noticed within POLL (a tenth of a second or less) of the runner's own time: it asks
    `cancelled()` before each wait for the child, and no wait is longer than that. Counted per wait, not
    timed: a gap between two polls measured on the clock was 0.31 s once, the suite's load on 2 cores
    holding the thread back, while the runner waited as little as ever."""
    seen = []
    waiting = runner.select.select

    def select(readers, writers, errors, timeout):
        seen.append(("wait", timeout))
        return waiting(readers, writers, errors, timeout)

    def cancelled():
        seen.append(("poll", None))
        return sum(1 for what, _ in seen if what == "wait") >= 20    # twenty waits in, about a second

    monkeypatch.setattr(runner, "select", SimpleNamespace(select=select))
    with pytest.raises(Cancelled):
        runner.run(folder, "probe_programs:slow", {}, time_limit=60.0, cancelled=cancelled)
    waits = [timeout for what, timeout in seen if what == "wait"]
    assert len(waits) == 20 and max(waits) <= 0.1                          # ten times a second or more
    assert [what for what, _ in seen] == ["poll", "wait"] * 20 + ["poll"]   # a look before every wait, and after


def test_a_served_session_refuses_to_run_the_learners_code(folder, monkeypatch):
    monkeypatch.setenv(SERVED, "1")
    with pytest.raises(Refused):
        runner.run(folder, "probe_programs:apple", {"price": 1.0, "count": 2.0})


def test_a_name_that_is_no_part_is_a_program_error_not_the_learners(folder):
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:nothing", {})
    assert failed.value.part is None and "AttributeError" in failed.value.message["values"]["error"]


def test_a_run_that_goes_quiet_is_stopped_at_its_quiet_limit_not_its_time_limit(folder):
    """Training may take hours, but a layer of theirs stuck in a loop is stopped once the child has said
    nothing for `quiet_limit` seconds, at the line where it was; events keep a slow run going."""
    replace(folder / "layers.py", "        self.x, self.y = x, y\n", "        self.x, self.y = x, y\n        while True:\n            pass\n")
    events = []
    started = time.monotonic()
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:chatty_then_stuck", {}, time_limit=60.0, quiet_limit=0.5,
                   on_event=events.append)
    assert time.monotonic() - started < 20
    assert events == [{"i": 0}, {"i": 1}, {"i": 2}]            # 0.3 s apart: each in time
    error = failed.value
    assert error.message == {"key": "exercises.msg.timeout", "values": {"where": "MulLayer.forward", "seconds": "0.5"}}
    assert error.part == "MulLayer" and error.traceback == "layers.py:12 in forward\n    while True:"


def test_what_the_learners_code_prints_comes_back_with_the_answer_or_the_failure(folder):
    """A pane's run kept nothing of their print() (the child sent it to stderr, thrown away); it comes
    back as the grader keeps it, the first lines and how many, and never mixes with the protocol."""
    replace(folder / "layers.py", "        return x * y", "        print('forward', x, y)\n        return x * y")
    printed = []
    assert runner.run(folder, "probe_programs:apple", {"price": 100.0, "count": 2.0}, on_printed=printed.append) == \
        {"price": 200.0, "grads": [2.0, 100.0]}
    assert printed == [{"lines": ["forward 100.0 2.0"], "count": 1}]
    replace(folder / "layers.py", "        return x * y", "        return x * y[0]")
    with pytest.raises(MineFailed) as failed:
        runner.run(folder, "probe_programs:apple", {"price": 100.0, "count": 2.0})
    assert failed.value.printed == {"lines": ["forward 100.0 2.0"], "count": 1}
    assert failed.value.data()["printed"] == failed.value.printed
