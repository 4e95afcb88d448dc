"""`workbench present --share` without a URL shares to the `workbench serve --follow` running on this
computer, whatever its port: found by the key the server leaves in the user's state folder (removed at
its exit; a killed server's is passed over by its process id). Before, it shared to port 8000 only, so a
teacher who served on 8765 had to read the server's line for the URL and type it.
"""
import json
import socket
import subprocess
import sys

import pytest

from workbench import cli
from workbench.classroom.channel import Address, key_file, local_address, local_servers, write_key
from test_cli import opened  # noqa: F401 - the app the command would run, recorded


def gone_pid() -> int:
    """A process id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def leave_key(port: int, pid: int | None = None) -> None:
    write_key(port, f"key-{port}", f"http://127.0.0.1:{port}/")
    if pid is not None:
        path = key_file(port)
        path.write_text(json.dumps(json.loads(path.read_text()) | {"pid": pid}))


def test_the_servers_running_here_are_found_by_their_keys_and_a_killed_ones_is_passed_over():
    assert local_servers() == []
    leave_key(8765)                                  # this process stands for the server: it runs
    leave_key(8001, pid=gone_pid())                  # killed: its key stayed
    key_file(0).parent.joinpath("serve-x.json").write_text("{}")
    key_file(0).parent.joinpath("serve-9000.json").write_text("not json")
    assert local_servers() == [8765]
    leave_key(8000)
    assert local_servers() == [8000, 8765]


def test_present_share_without_a_url_shares_to_the_one_server_running_here(capsys, opened):
    leave_key(8765)
    assert cli.main(["present", "1.1", "--share"]) == 0
    share = opened[-1]._classroom[1]
    assert share == Address("http://127.0.0.1:8765", found=True) and share.port == 8765
    assert cli.main(["present", "1.1", "--share", "http://127.0.0.1:8000"]) == 0      # a URL is taken as given
    assert opened[-1]._classroom[1] == Address("http://127.0.0.1:8000")


def test_present_share_before_any_server_waits_on_the_default_port_and_looks_again(opened):
    assert cli.main(["present", "--share"]) == 0
    assert opened[-1]._classroom[1] == local_address() == Address("http://127.0.0.1:8000", found=True)


@pytest.mark.parametrize("lang, said", [("en", "several 'workbench serve --follow' run on this computer "
                                                "(http://127.0.0.1:8000, http://127.0.0.1:8765): say which, e.g. "
                                                "workbench present --share http://127.0.0.1:8765"),
                                        ("ko", "'workbench serve --follow'가 여러 개 실행 중입니다(http://127.0.0.1:8000, "
                                                "http://127.0.0.1:8765). 어느 것인지 주세요. 예: workbench present "
                                                "--share http://127.0.0.1:8765")])
def test_present_share_with_several_servers_here_asks_which(capsys, opened, lang, said):
    leave_key(8765)
    leave_key(8000)
    assert cli.main(["--lang", lang, "present", "--share"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert said in err and not opened, err


@pytest.mark.parametrize("lang, said", [("en", ("Present with: workbench present --share\n",
                                                "Present with: workbench present --share http://127.0.0.1:{port}\n")),
                                        ("ko", ("발표하려면: workbench present --share\n",
                                                "발표하려면: workbench present --share http://127.0.0.1:{port}\n"))])
def test_serve_names_the_present_command_a_teacher_types(capsys, monkeypatch, lang, said):
    """`--share` alone when it is the only server here, whatever its port; its URL beside another."""
    from workbench.serve.server import ClassroomServer

    keys = []
    monkeypatch.setattr(ClassroomServer, "serve", lambda self: keys.append(local_servers()))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    alone, beside = said      # a `serve` that returns was stopped, by Ctrl+C when it does not say which signal
    assert cli.main(["--lang", lang, "serve", "--follow", "--port", str(port)]) == 130
    assert alone in capsys.readouterr().out and keys == [[port]] and local_servers() == []    # removed at its end
    leave_key(1 if port != 1 else 2)
    assert cli.main(["--lang", lang, "serve", "--follow", "--port", str(port)]) == 130
    assert beside.format(port=port) in capsys.readouterr().out
