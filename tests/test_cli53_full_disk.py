"""`workbench train > file` on a full disk (`> /dev/full`): said as every other command says it ("cannot
write the output: no space left on the disk", exit 1). It stopped the run and exited 130, Ctrl+C's
status, without a word. And with `--json` it is stderr that fails: the JSON still goes to stdout."""
from __future__ import annotations

import errno
import json

import pytest

from workbench import cli
from workbench.i18n import set_language, t

TINY = ["train", "--net", "two-layer", "--dataset", "synthetic-digits", "--train-size", "200", "--test-size", "100",
        "--epochs", "1", "--batch-size", "50"]


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


class FullDisk:
    """A stream on a disk with no space left: every write fails as /dev/full's do."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_train_into_a_full_disk_says_so_and_exits_1(capsys, monkeypatch, lang):
    monkeypatch.setattr("sys.stdout", FullDisk())
    assert cli.main(["--lang", lang, *TINY]) == 1
    from workbench.i18n.os_errors import os_error_text

    err = capsys.readouterr().err
    assert t("cli.cannot_write", reason=os_error_text(OSError(errno.ENOSPC, "x"))) in err
    assert "Traceback" not in err


def test_with_json_a_full_stderr_leaves_the_data_on_stdout(monkeypatch, tmp_path):
    out = tmp_path / "out.json"
    with open(out, "w", encoding="utf-8") as stdout:
        monkeypatch.setattr("sys.stdout", stdout)
        monkeypatch.setattr("sys.stderr", FullDisk())
        assert cli.main([*TINY, "--json"]) == 1             # the lines for people were lost
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["net"] == "two-layer" and result["stop_reason"] == "stopped"
