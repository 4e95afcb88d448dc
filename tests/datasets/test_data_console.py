"""`workbench data status|download|verify` as plain text, on the tiny dataset and a local server."""
import io

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
    assert "not ready: `workbench data download tiny`" in text
    assert "Synthetic digits (built in, not MNIST)\n  always available" in text


def test_download_draws_a_bar_on_a_terminal_then_status_and_verify_agree(only_tiny):
    code, text = run(console.download, ["tiny"], out=Tty())
    assert code == 0
    assert "\r  train-images-idx3-ubyte.gz" in text and "[####" in text
    assert text.count("100 %") == 4 and text.count("] 100 %") == 4
    assert "downloaded and verified" in text and text.rstrip().endswith("ready")
    code, text = run(console.status)
    assert code == 0 and "  ready" in text
    assert f"verified  {cache_dir('tiny') / 'train-images-idx3-ubyte.gz'} (download cache)" in text
    code, text = run(console.verify)
    assert code == 0 and "4 files checked, 0 failed" in text


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
