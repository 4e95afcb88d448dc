"""`workbench data status|download|verify` as plain text, on the tiny dataset and a local server."""
import io
import re

from workbench.datasets import console
from workbench.datasets.locate import cache_dir


class Tty(io.StringIO):
    def isatty(self):
        return True


def run(command, *args, out=None):
    out = out or io.StringIO()
    code = command(*args, out=out)
    return code, out.getvalue()


def test_status_with_nothing_says_missing_and_what_to_do(only_tiny):
    code, text = run(console.status)
    assert code == 0
    assert "WORKBENCH_DATA: (not set)" in text
    assert "train-images-idx3-ubyte" in text and "missing" in text
    assert "not ready: 'workbench data download tiny'" in text
    assert "Synthetic digits (built in, not MNIST)\n  always available" in text


def test_download_draws_a_bar_on_a_terminal_then_status_and_verify_agree(only_tiny):
    code, text = run(console.download, ["tiny"], out=Tty())
    assert code == 0
    assert "\r  train-images-idx3-ubyte.gz" in text and "[####" in text
    assert text.count("100 %") == 4 and text.count("] 100 %") == 4
    assert "downloaded and verified" in text and text.rstrip().endswith("ready")
    code, text = run(console.status)
    assert code == 0 and "  ready" in text
    assert re.search(r"\n  train-images-idx3-ubyte +[0-9.]+ KB  verified\n", text)
    assert f"\n  in {cache_dir('tiny')} (download cache)\n  ready" in text
    code, text = run(console.verify)
    assert code == 0 and "4 files checked, 0 failed" in text


def test_sizes_are_counted_in_1024_bytes_and_written_as_the_panes_write_them(only_tiny):
    """`workbench data` wrote SI sizes ("15.7 kB" for 15,743 bytes) where every pane counts in 1,024
    bytes and writes KB and MB (im2col's "306.2 KB"): one rule, `human_bytes`, for a byte count."""
    from workbench.i18n.numbers import human_bytes

    run(console.download, ["tiny"])
    code, text = run(console.status)
    size = (cache_dir("tiny") / "train-images-idx3-ubyte.gz").stat().st_size
    assert code == 0 and 1000 < size < 100_000 and "kB" not in text
    row = rf"\n  train-images-idx3-ubyte +{re.escape(human_bytes(size))}  verified\n"
    assert re.search(row, text), text


def test_download_writes_plain_lines_when_not_a_terminal(only_tiny):
    code, text = run(console.download, ["tiny"])
    assert code == 0 and "\r" not in text
    assert "  train-images-idx3-ubyte.gz: 100 % (" in text


def test_download_skips_files_already_here(only_tiny, server):
    run(console.download, ["tiny"])
    hits = len(server.hits)
    code, text = run(console.download, [])
    assert code == 0 and len(server.hits) == hits
    assert text.count("already here, verified") == 4
    code, text = run(console.download, ["synthetic-digits"])
    assert code == 0 and "built in; nothing to download" in text


def test_verify_reports_a_bad_copy_with_its_path_and_fails(only_tiny, tmp_path, monkeypatch):
    folder = only_tiny.copy_to(tmp_path / "mine")
    bad = folder / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(bad.read_bytes()[:-3])
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    code, text = run(console.verify)
    assert code == 1
    assert f"FAILED  {bad}  (Tiny t10k-labels-idx1-ubyte): " in text
    assert "4 files checked, 1 failed" in text
    code, text = run(console.status)
    assert code == 0 and f"FAILED    {bad}" in text and "not ready" in text


def test_download_failure_is_an_exit_code_with_the_way_out(only_tiny, server):
    server.routes.clear()
    code, text = run(console.download, ["tiny"])
    assert code == 1
    assert "HTTP 404" in text and "WORKBENCH_DATA" in text and "synthetic-digits" in text


def test_download_of_an_unknown_name(only_tiny):
    code, text = run(console.download, ["cifar"])
    assert code == 1 and "unknown dataset 'cifar'" in text


def test_verify_with_nothing_found(only_tiny):
    code, text = run(console.verify)
    assert code == 0 and "no dataset files found" in text


def test_verify_names_a_set_it_found_no_file_of(only_tiny, monkeypatch):
    """With Fashion-MNIST here and MNIST not, verify checked the four files it found and passed over
    MNIST without a word: a learner who ran it to check MNIST read "4 files checked, 0 failed"."""
    import dataclasses

    assert run(console.download, ["tiny"])[0] == 0
    other = dataclasses.replace(only_tiny.info, name="other", fallback_name="Other")
    monkeypatch.setattr(console, "DATASETS", {**console.DATASETS, "other": other})
    code, text = run(console.verify)
    assert code == 0
    assert text.endswith("Other: no files on this computer to check; 'workbench data download other' downloads "
                         "and verifies them\n4 files checked, 0 failed\n")
    assert "tiny: no files" not in text.lower()


def test_the_download_bar_fits_an_80_column_terminal(only_tiny, monkeypatch):
    """It took 81 cells and more (83 for Fashion-MNIST's 26.4 MB): each redraw wrapped onto a new row."""
    import os
    import re
    import shutil

    from workbench.i18n.cells import cell_len

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    code, text = run(console.download, ["tiny"], out=Tty())
    frames = [frame for frame in re.sub(r"\x1b\[K", "", text).replace("\r", "\n").splitlines() if "] " in frame]
    assert code == 0 and any("] 100 %" in frame for frame in frames)
    assert max(cell_len(frame) for frame in frames) <= 77, max(frames, key=cell_len)


def test_status_names_the_folder_once_so_each_row_fits_80_columns(only_tiny, tmp_path, monkeypatch):
    """Each row carried the file's whole path (98 cells for /usr/share/datasets/fashion-mnist/…)."""
    folder = only_tiny.copy_to(tmp_path / ("a-folder-with-a-long-name-" * 3))
    monkeypatch.setenv("WORKBENCH_DATA", str(folder))
    code, text = run(console.status)
    rows = [line for line in text.splitlines() if "idx" in line]
    assert code == 0 and len(rows) == 4 and all(len(row) <= 80 and str(folder) not in row for row in rows), rows
    assert text.count(str(folder)) == 2          # WORKBENCH_DATA's line, and once under the files


def test_status_on_a_terminal_breaks_its_advice_at_words(only_tiny, monkeypatch):
    import os
    import shutil

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((60, 24)))
    code, text = run(console.status, out=Tty())
    assert code == 0 and "  not ready: 'workbench data download tiny', or set\n  WORKBENCH_DATA to a folder with the files" in text


def test_a_failed_download_goes_on_to_the_next_dataset_and_gives_the_way_out_once(only_tiny, server, tmp_path,
                                                                                  monkeypatch, make_dataset):
    """A dataset that could not be fetched stopped the command: the next one was never tried."""
    import dataclasses

    made = make_dataset(tmp_path / "other", mirrors=[f"{server.url}/o/"], seed=1)
    other = dataclasses.replace(made.info, name="other", fallback_name="Other")
    monkeypatch.setitem(console.DATASETS, "other", other)
    server.routes.clear()
    for name, body in made.files.items():
        server.routes[f"/o/{name}"] = (200, body, None)
    code, text = run(console.download, ["tiny", "other"])
    assert code == 1 and "HTTP 404" in text
    assert "\nOther:\n" in text and text.count("downloaded and verified") == 4
    assert text.count("Without a network") == 1 and text.rstrip().endswith("set.")


def test_a_failed_download_is_told_inside_its_dataset_s_block(only_tiny, server):
    """"error: could not download …" began at the margin under "Tiny:", unlike the lines about each file."""
    server.routes.clear()
    code, text = run(console.download, ["tiny"])
    lines = text.splitlines()
    block = lines[lines.index("Tiny:") + 1:]
    assert code == 1 and block[0].startswith("  error: could not download "), text
    assert block[1].startswith("    http") and "HTTP 404" in block[1], text


def test_status_says_when_workbench_data_names_no_folder(only_tiny, tmp_path, monkeypatch):
    """A mistyped WORKBENCH_DATA was listed as if searched, every file "missing", nothing saying why."""
    from workbench.i18n import set_language

    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path / "nope"))
    assert run(console.status)[1].splitlines()[0] == (f"WORKBENCH_DATA: {tmp_path / 'nope'} (no such folder: "
                                                      "nothing is read from it)")
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path / "file"))
    try:
        set_language("ko")
        assert run(console.status)[1].splitlines()[0].endswith("file (폴더가 아니라 파일이라서 아무것도 읽지 않습니다)")
    finally:
        set_language("en")
    monkeypatch.setenv("WORKBENCH_DATA", str(tmp_path))
    assert run(console.status)[1].splitlines()[0] == f"WORKBENCH_DATA: {tmp_path}"
