"""`workbench shapes`: the shapes it prints are the hand-computed ones (the book's col (9, 75) and (90, 75)),
and sizes that do not fit end with one line naming the option at fault, exit status 2."""
import pytest

from workbench.cli import main


@pytest.fixture(autouse=True)
def terminal_80_columns(monkeypatch):
    """The table is laid out for the terminal's width: these tests read it at 80 columns."""
    monkeypatch.setenv("COLUMNS", "80")


def run(capsys, *args):
    status = main(["shapes", *args])
    out, err = capsys.readouterr()
    return status, out, err


def line_of(out, start):
    return next(line for line in out.splitlines() if line.startswith(start))


@pytest.mark.parametrize("n, rows", [(1, 9), (10, 90)])
def test_the_books_col_shapes(capsys, n, rows):
    status, out, err = run(capsys, "conv", "--input", f"{n},3,7,7", "--filter", "10,5,5")
    assert status == 0 and err == ""
    assert "OH = OW = (7 + 2·0 − 5)/1 + 1 = 3" in out
    assert f"({rows}, 75)" in line_of(out, "col.reshape(N*OH*OW, -1)")
    assert "(75, 10)" in line_of(out, "col_W = W.reshape(FN, -1).T")
    assert f"({n}, 10, 3, 3)" in line_of(out, "out.transpose(0, 3, 1, 2)")
    assert f"({n}, 3, 5, 5, 3, 3)" in line_of(out, "col = np.zeros")


def test_stride_and_padding(capsys):
    status, out, _ = run(capsys, "conv", "--input", "2,1,28,28", "--filter", "30,1,5,5", "--stride", "1",
                         "--pad", "2")
    assert status == 0
    # (28 + 4 − 5)/1 + 1 = 28: 2·28·28 windows of 25 numbers
    assert "(1568, 25)" in line_of(out, "col.reshape") and "(2, 1, 32, 32)" in line_of(out, "img = np.pad")


def test_pooling(capsys):
    status, out, _ = run(capsys, "pool", "--input", "1,3,4,4", "--size", "2")
    assert status == 0
    assert "OH = OW = (4 + 2·0 − 2)/2 + 1 = 2" in out
    assert "(4, 12)" in line_of(out, "col.reshape(N*OH*OW, -1)")
    assert "(12, 4)" in line_of(out, "col.reshape(-1, PH*PW)")
    assert "(1, 3, 2, 2)" in line_of(out, "out.transpose")


def test_simpleconvnet(capsys):
    status, out, _ = run(capsys, "simple", "--batch", "1")
    assert status == 0
    assert "(1, 30, 24, 24)" in line_of(out, "Conv1") and "780" in line_of(out, "Conv1")
    assert "(576, 25)" in line_of(out, "Conv1")
    assert "(1, 30, 12, 12)" in line_of(out, "Pool1")
    lines = out.splitlines()
    affine = lines.index(line_of(out, "Affine1"))
    assert "432,100" in lines[affine] and lines[affine + 1] == "    30·12·12 = 4,320 → 100"   # under its row, grouped as the params column
    assert "433,890" in lines[-1]
    assert all(len(line) <= 80 for line in lines)


def test_a_wide_terminal_puts_each_formula_on_its_row(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    status, out, _ = run(capsys, "simple", "--batch", "1")
    assert status == 0 and "output size" in out.splitlines()[1]
    assert "432,100" in line_of(out, "Affine1") and "30·12·12 = 4,320 → 100" in line_of(out, "Affine1")


def test_100000_wide_layers_fit_80_columns_with_units_instead_of_being_cut(capsys):
    status, out, _ = run(capsys, "custom", "conv 100000 5, pool 2, affine 100000, relu, affine 100000, affine 10",
                         "--input", "3,1000,1000", "--batch", "100000")
    lines = out.splitlines()
    assert status == 0 and all(len(line) <= 80 for line in lines), lines
    assert lines[1].split() == ["layer", "as", "written", "output", "params", "im2col's", "col"]
    assert line_of(out, "Conv1").split()[-5:] == ["(100k,100k,996,996)", "7.60M", "(99.2G,75)", "27.1", "TB"]
    assert line_of(out, "Affine1").endswith("(100k,100k)           2.48P")
    assert lines[-1].split() == ["total", "2.48P"]


def test_deepconvnet(capsys):
    status, out, _ = run(capsys, "deep")
    assert status == 0
    assert "(100, 32, 16, 16)" in line_of(out, "Conv4 ")
    assert "(100, 64, 4, 4)" in line_of(out, "Pool3")
    assert "(100, 50)" in line_of(out, "Affine1")


def test_a_network_that_stops_fitting_prints_up_to_there_and_exits_2(capsys):
    status, out, err = run(capsys, "simple", "--input", "1,27,27")
    assert status == 2
    assert "(100, 30, 23, 23)" in line_of(out, "Conv1") and "—" in line_of(out, "Pool1")
    assert err.startswith("workbench: error: Pool1 (pool 2): (23 − 2)/2 + 1 = 11.5 is not a whole number")
    assert len(err.splitlines()) == 1


def test_a_custom_network(capsys):
    status, out, _ = run(capsys, "custom", "conv 8 3 pad 1, relu, pool 2, affine 10", "--input", "3,32,32",
                         "--batch", "4")
    assert status == 0
    assert "(4, 8, 16, 16)" in line_of(out, "Pool1") and "20,490" in line_of(out, "Affine1")


@pytest.mark.parametrize("args, words", [
    (["conv", "--input", "1,3,7,7", "--filter", "10,2,5,5"], "--filter: the filters have C = 2 channels"),
    (["conv", "--input", "1,3,7,7", "--filter", "10,9,9"], "--filter: a window of 9 does not fit"),
    (["conv", "--input", "1,3,7,7", "--filter", "10,5,5", "--stride", "3"], "--stride: (7 + 2·0 − 5)/3 + 1"),
    (["conv", "--input", "1,3,7,7", "--filter", "10,5,5", "--stride", "0"], "--stride = 0 is out of range"),
    (["conv", "--input", "1,3,7,7", "--filter", "10,5,5", "--pad", "-1"], "--pad = −1 is out of range"),
    (["conv", "--input", "1,3,7", "--filter", "10,5,5"], "--input must be sizes (N, C, H, W)"),
    (["conv", "--input", "1,3,7,7"], "conv needs --filter"),
    (["pool", "--input", "1,3,7,7", "--size", "2"], "--size: (7 + 2·0 − 2)/2 + 1"),      # the stride follows the size
    (["pool", "--input", "1,3,7,7", "--size", "2", "--stride", "2"], "--stride: (7 + 2·0 − 2)/2 + 1"),
    (["conv", "--input", "1,3,7,7", "--size", "3"], "--size is pooling's window; conv takes --filter"),
    (["pool", "--input", "1,3,7,7", "--filter", "2,3,3"], "--filter is for conv; pool takes --size"),
    (["custom"], "custom needs the layers"),
    (["custom", "conv 3"], "LAYERS: layer \"conv 3\": write conv FILTERS SIZE"),
    (["simple", "--filter", "1,1,1"], "simple takes --input and --batch"),
])
def test_sizes_that_do_not_fit_exit_2_with_one_line(capsys, args, words):
    status, out, err = run(capsys, *args)
    assert status == 2
    assert words in err and len(err.splitlines()) == 1 and "Traceback" not in err


def test_a_count_is_grouped_and_a_size_to_type_back_is_as_typed(capsys):
    """The product of an affine layer's inputs was "4320" beside "432,100" in the params column."""
    status, _, err = run(capsys, "custom", "conv 30 5, relu, pool 2, affine 100 10")
    assert status == 2 and "30 × 12 × 12 = 4,320 numbers per image" in err and "write affine 4320 10" in err


def test_a_huge_batch_is_described_not_refused(capsys):
    status, out, _ = run(capsys, "conv", "--input", "1000,3,224,224", "--filter", "64,7,7", "--stride", "1",
                         "--pad", "3")
    row = out.split("col.reshape", 1)[1].split("\ncol_W", 1)[0]    # a row too wide for 80 cells goes on indented
    assert status == 0 and "GB" in row


@pytest.mark.parametrize("args, words", [
    (["conv", "--input", "1,1,28", "--filter", "30,5,5"], '--input must be sizes (N, C, H, W) from 1 to 4,096, got "1,1,28"'),
    (["conv", "--input", "1,1,28,28", "--filter", "30,5"], '--filter must be sizes (FN, C, FH, FW) from 1 to 4,096, got "30,5"'),
    (["conv", "--input", "1,1,28,28", "--filter", "30x5"], 'got "30x5"'),
    (["pool", "--input", "1,1,28,28", "--size", "2,2,2"], '--size must be sizes (PH, PW) from 1 to 4,096, got "2,2,2"'),
    (["pool", "--input", "1,1,28,28", "--size", "x"], '--size must be sizes (PH, PW) from 1 to 4,096, got "x"'),
    (["simple", "--input", "1,28"], '--input must be sizes (C, H, W) from 1 to 100,000, got "1,28"'),
])
def test_a_message_quotes_the_sizes_as_typed(capsys, args, words):
    status, _, err = run(capsys, *args)
    assert status == 2 and words in err, err


def test_a_stride_that_almost_tiles_is_not_called_1(capsys):
    """(4096 − 4095)/4096 + 1 = 1.000244: rounded to two places it read "1 is not a whole number"."""
    status, _, err = run(capsys, "conv", "--input", "1,1,4096,4", "--filter", "1,4095,1", "--stride", "4096")
    assert status == 2 and "(4096 + 2·0 − 4095)/4096 + 1 = 1.0002 is not a whole number" in err


def test_on_a_narrow_terminal_each_stage_keeps_its_line_and_names_its_numbers(capsys, monkeypatch):
    """At 60 columns the stages' table broke every row, its numbers and bytes on a line of their own."""
    from workbench.i18n.cells import cell_len

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setattr("workbench.cli._isatty", lambda stream: True)
    monkeypatch.setattr("workbench.commands._console._isatty", lambda stream: True)
    status, out, _ = run(capsys, "conv", "--input", "10,3,7,7", "--filter", "10,5,5")
    assert status == 0 and all(cell_len(line) < 60 for line in out.splitlines()), out
    assert "x: shape (10, 3, 7, 7) · numbers 1,470 · bytes 5.7 KB" in out.splitlines()
    assert "col.reshape(N*OH*OW, -1): shape (90, 75) · numbers 6,750 ·" in out.splitlines()
    monkeypatch.setenv("COLUMNS", "80")                 # where it fits, the table as it was
    status, out, _ = run(capsys, "conv", "--input", "10,3,7,7", "--filter", "10,5,5")
    assert line_of(out, "col.reshape(N*OH*OW, -1)").split() == ["col.reshape(N*OH*OW,", "-1)", "(90,", "75)",
                                                                 "6,750", "26.4", "KB"]
