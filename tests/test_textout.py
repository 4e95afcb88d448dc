"""Plain-text output to consoles that are not UTF-8: ASCII look-alikes instead of UnicodeEncodeError."""
import io

import pytest

from workbench.textout import SafeStream, fit, safe_stream, safe_write

TEXT = "Chapter 2 · Perceptron — ok… ✓ 28×28"


def console(encoding: str, errors: str = "strict") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors)


def written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode(stream.encoding)


@pytest.mark.parametrize("encoding, expected", [
    ("ascii", "Chapter 2 - Perceptron -- ok... ok 28x28"),
    ("latin-1", "Chapter 2 · Perceptron -- ok... ok 28×28"),     # latin-1 has · and ×
    ("utf-8", TEXT),
])
def test_safe_write_replaces_only_what_the_stream_cannot_encode(encoding, expected):
    stream = console(encoding)
    safe_write(stream, TEXT)
    assert written(stream) == expected


def test_the_plain_write_it_replaces_fails():
    with pytest.raises(UnicodeEncodeError):
        console("ascii").write(TEXT)


def test_characters_without_a_look_alike_become_question_marks():
    assert fit("합성곱 conv", "ascii") == "??? conv"
    assert fit("합성곱 conv", "cp949") == "합성곱 conv"


def test_a_stream_without_an_encoding_gets_the_text_unchanged():
    stream = io.StringIO()
    safe_write(stream, TEXT)
    assert stream.getvalue() == TEXT


def test_a_path_with_undecodable_bytes_does_not_break_a_utf8_stream():
    name = b"caf\xe9.gz".decode("utf-8", "surrogateescape")
    assert fit(name, "utf-8") == "caf?.gz"
    stream = console("utf-8", "surrogateescape")
    safe_write(stream, name)
    stream.flush()
    assert stream.buffer.getvalue() == b"caf\xe9.gz"


def test_the_wrapper_works_with_print_and_passes_the_rest_through():
    class Terminal(io.TextIOWrapper):
        def isatty(self):
            return True

    stream = Terminal(io.BytesIO(), encoding="ascii")
    out = safe_stream(stream)
    print("a", "—", "b", file=out, flush=True)
    assert stream.buffer.getvalue() == b"a -- b\n"
    assert out.isatty() and out.encoding == "ascii"
    assert safe_stream(out) is out and isinstance(out, SafeStream)


def test_the_module_imports_nothing_of_ours_or_the_ui():
    import subprocess
    import sys

    program = "import sys, workbench.textout; print(sorted(m for m in sys.modules if m.startswith(('workbench', 'textual', 'rich'))))"
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "['workbench', 'workbench.textout']"


def test_a_progress_bar_is_ascii_and_clipped():
    from workbench.textout import bar

    assert bar(0.5, 10) == "#####....."
    assert bar(-1, 4) == "...." and bar(2, 4) == "####"
    assert bar(0.0) == "." * 24


@pytest.mark.parametrize("fraction, cells, percent", [
    (0.996, "#" * 29 + ".", "99 %"),       # rounded, 99.6 % said "100 %" beside an unfilled cell
    (0.999999, "#" * 29 + ".", "99 %"),
    (1.0, "#" * 30, "100 %"),
    (29 / 100, None, "29 %"),              # 28.999… from float error is still 29
    (0.0, "." * 30, "0 %"),
    (float("nan"), "." * 30, "0 %"),
])
def test_a_bar_and_its_percentage_agree_and_are_full_only_at_the_end(fraction, cells, percent):
    from workbench.textout import bar, bar_percent

    if cells is not None:
        assert bar(fraction, 30) == cells
    assert bar_percent(fraction) == percent
    assert (bar(fraction, 30) == "#" * 30) == (bar_percent(fraction) == "100 %") == (fraction >= 1)


def test_a_bar_counts_a_cell_float_error_leaves_a_hair_short():
    from workbench.textout import bar

    assert bar(29 / 100, 100).count("#") == 29 and bar(7 / 10, 10) == "#" * 7 + "..."


def progress(cells: int) -> str:
    from workbench.textout import bar

    return f"epoch 3/3 [{bar(0.5, cells)}]  50 % · 11,372 samples/s · 0:05 left · run 67 %"


@pytest.mark.parametrize("width, expected", [
    (100, "epoch 3/3 [##########..........]  50 % · 11,372 samples/s · 0:05 left · run 67 %"),
    (77, "epoch 3/3 [########........]  50 % · 11,372 samples/s · 0:05 left · run 67 %"),
    (57, "epoch 3/3 [########........]  50 % · 0:05 left · run 67 %"),
    (45, "epoch 3/3 [########........]  50 % · run 67 %"),
    (30, "epoch 3/3 [######......]  50 %"),
])
def test_a_progress_line_fits_by_a_shorter_bar_then_fewer_parts_never_a_cut_figure(width, expected):
    """A line redrawn with \\r that is wider than the terminal wraps, and is then drawn again below
    itself at every update; cut at the edge it lost the figure at its end ('run 32' for 'run 32 %')."""
    from workbench.textout import fit_progress

    assert fit_progress(progress, width) == expected


def test_a_progress_line_leaves_room_for_the_echo_of_ctrl_c(monkeypatch):
    import os
    import shutil

    from workbench.textout import progress_width

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    assert progress_width() == 77


@pytest.mark.parametrize("text, width, expected", [
    ("test accuracy 74.00 % · epochs 2, iterations 120, 1.7 s (7,186/s overall)", 54,
     "test accuracy 74.00 % · epochs 2, iterations 120,\n1.7 s (7,186/s overall)"),
    ("  not ready: 'workbench data download mnist', or set WORKBENCH_DATA to a folder", 60,
     "  not ready: 'workbench data download mnist', or set\n  WORKBENCH_DATA to a folder"),
    ("    w1: a number from -5 to 5; default 0.5 — the first weight", 40,
     "    w1: a number from -5 to 5;\n        default 0.5 — the first weight"),
    ("가장 좋은 다섯이 있는 곳을 다시 탐색하려면: --set lr_min=4.66e-05 --set lr_max=0.00546", 60,
     "가장 좋은 다섯이 있는 곳을 다시 탐색하려면:\n--set lr_min=4.66e-05 --set lr_max=0.00546"),
    ("a table row that fits\n\n  and another", 30, "a table row that fits\n\n  and another"),
    ("Next: open layers.py in an editor, then run `workbench exercises check ex`.", 60,
     "Next: open layers.py in an editor, then run\n`workbench exercises check ex`."),
])
def test_prose_for_a_terminal_breaks_at_words_keeps_units_and_indents(text, width, expected):
    from workbench.textout import wrapped

    hang = 4 if text.startswith("    w1") else 0
    assert wrapped(text, width, hang) == expected


@pytest.mark.parametrize("text, width, hang, expected", [
    # `workbench panes` at 80 columns: "as in 1" / "0.5; 2 -1", "default 0.1 0.2" / "0.3 — …"
    ("    x: 1 to 8 rows of 2 numbers from −1000 to 1000, rows split by ; as in 1 0.5; 2 -1; default 1 0.5 — the "
     "input X", 79, 4,
     "    x: 1 to 8 rows of 2 numbers from −1000 to 1000, rows split by ; as in\n"
     "        1 0.5; 2 -1; default 1 0.5 — the input X"),
    ("weights of layer 1, 2 rows of 3", 24, 0, "weights of\nlayer 1, 2 rows of 3"),     # not "…, 2" / "rows of 3"
    ("    b1 (편향 B1): 수 3개 (−1000부터 1000까지), 예: 0.3 2.9 4; 기본값 0.1 0.2 0.3 — 1층의 편향, 수 3개", 79, 4,
     "    b1 (편향 B1): 수 3개 (−1000부터 1000까지), 예: 0.3 2.9 4;\n        기본값 0.1 0.2 0.3 — 1층의 편향, 수 3개"),
    ("    h (간격 h): 수 (1e−12부터 1까지) (10의 거듭제곱 단위로 읽음); 기본값 0.0001 — numerical_gradient의 간격", 79, 4,
     "    h (간격 h): 수 (1e−12부터 1까지) (10의 거듭제곱 단위로 읽음);\n        기본값 0.0001 — numerical_gradient의 간격"),
    # train's summary: "반복" / "59번"
    ("시험 정확도 69.00 % · 훈련 정확도 측정 안 됨(끝난 에폭 없음) · 0에폭, 반복 59번, 6.2초 (전체 초당 946장)", 79, 0,
     "시험 정확도 69.00 % · 훈련 정확도 측정 안 됨(끝난 에폭 없음) · 0에폭,\n반복 59번, 6.2초 (전체 초당 946장)"),
    # a URL or a path wider than any row goes on after a "/", not mid-name
    ("    https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz: could not look up the "
     "server's name", 79, 4,
     "    https://storage.googleapis.com/cvdf-datasets/mnist/\n"
     "        train-images-idx3-ubyte.gz: could not look up the server's name"),
    ("저장 위치: /tmp/console-home/.local/share/workbench/networks/chapter3-784-50-100-10-sigmoid.npz", 79, 0,
     "저장 위치: /tmp/console-home/.local/share/workbench/networks/\nchapter3-784-50-100-10-sigmoid.npz"),
])
def test_prose_keeps_a_number_with_its_name_numbers_together_and_breaks_a_long_path_at_a_slash(text, width, hang,
                                                                                                expected):
    from workbench.i18n.cells import cell_len
    from workbench.textout import wrapped

    shown = wrapped(text, width, hang)
    assert shown == expected
    assert all(cell_len(row) <= width for row in shown.splitlines())


@pytest.mark.parametrize("text, width", [
    ("trial 1/12: lr 0.000536, weight decay 5.72e−8 → validation 11.0 % (train 12.2 %) · seed 1826701614", 79),
    ("trial 3/12: lr 5.87e−5, weight decay 6.47e−6 → validation 8.0 % (train 12.0 %) · seed 1097657231", 79),
    ("Adam: 에폭 9번 뒤 멈춤 · 훈련 90.0 % · 시험 84.6 % · 차이 +5.4 %p · 1.1초", 64),
])
def test_a_percent_sign_stays_with_its_number(text, width):
    """The search's trial lines broke "(train 12.2" / "%)" at 80 columns: % is a unit as "s" is."""
    from workbench.i18n.cells import cell_len
    from workbench.textout import wrapped

    rows = wrapped(text, width).splitlines()
    assert len(rows) > 1 and all(cell_len(row) <= width for row in rows)
    assert not any(row.lstrip().startswith("%") for row in rows), rows


def test_the_width_is_the_terminal_of_the_stream_written_to(monkeypatch):
    """With stdout in a file (`--json > out.json`) the lines and bars on stderr's terminal were sized by
    shutil's fallback, asked of stdout alone: 80 or 100 cells on a terminal 50 wide."""
    import fcntl
    import os
    import shutil
    import struct
    import termios

    from workbench.textout import progress_width, terminal_columns

    monkeypatch.delenv("COLUMNS", raising=False)
    def stdout_in_a_file(fallback=(80, 24)):          # shutil asks $COLUMNS, then stdout alone
        return os.terminal_size((int(os.environ.get("COLUMNS", fallback[0])), fallback[1]))
    monkeypatch.setattr(shutil, "get_terminal_size", stdout_in_a_file)
    master, slave = os.openpty()
    try:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
        with open(slave, "w", closefd=False) as terminal:
            assert terminal_columns(terminal) == 50 and progress_width(stream=terminal) == 47
            assert terminal_columns(io.StringIO(), 100) == 100           # no terminal behind it: the fallback
            monkeypatch.setenv("COLUMNS", "60")
            assert terminal_columns(terminal) == 60                        # $COLUMNS still wins, as in shutil
    finally:
        os.close(master)
        os.close(slave)
