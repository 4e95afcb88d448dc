"""`workbench serve` started again on the same host and port keeps its join URL: the students' pages and
`workbench follow` terminals find it again. A new random token on every start refused every one of them
("the class refused this link"), for ever, until each student was given the new URL; `--new-token` makes
one on purpose (a link gone where it should not)."""
import socket

import pytest

from workbench import cli
from workbench.classroom.kept_token import keep_token, kept_token, token_file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(monkeypatch):
    """The join tokens of the servers `workbench serve` would start, in order (none is started)."""
    from workbench.serve.server import ClassroomServer

    tokens = []
    monkeypatch.setattr(ClassroomServer, "serve", lambda self: tokens.append(self.token))
    return tokens


@pytest.mark.parametrize("lang, said", [("en", "Reusing the join URL of the class on this port"),
                                        ("ko", "이 포트에서 1분 전에 멈춘 수업의 참여 URL을 다시 씁니다")])
def test_a_server_started_again_on_its_port_keeps_its_join_url(capsys, served, lang, said):
    port = free_port()
    argv = ["--lang", lang, "serve", "--follow", "--host", "0.0.0.0", "--port", str(port)]
    assert cli.main(argv) == 130
    first = capsys.readouterr().out
    assert cli.main(argv) == 130
    again = capsys.readouterr().out
    assert served[0] == served[1] and len(served[0]) >= 12
    assert f"?token={served[0]}" in first and f"?token={served[0]}" in again
    assert said not in " ".join(first.split()) and said in " ".join(again.split())
    assert token_file(port).stat().st_mode & 0o777 == 0o600


def test_new_token_another_host_or_another_port_gets_a_new_join_url(served):
    port = free_port()
    argv = ["serve", "--host", "0.0.0.0", "--port", str(port)]
    for extra in ([], ["--new-token"], []):
        assert cli.main(argv + extra) == 130
    assert served[0] != served[1] == served[2]          # the new one is kept for the next start
    other = free_port()
    assert cli.main(["serve", "--host", "0.0.0.0", "--port", str(other)]) == 130
    assert served[3] != served[2]


def test_a_server_on_this_computer_only_has_no_token_to_keep(served):
    port = free_port()
    assert cli.main(["serve", "--port", str(port)]) == 130
    assert served == [""] and not token_file(port).exists()


def test_a_kept_token_is_read_only_for_its_host_and_only_as_written():
    keep_token(8123, "0.0.0.0", "Ab3dEf6hIj9k", 1000.0)
    assert kept_token(8123, "0.0.0.0", 1000.0).token == "Ab3dEf6hIj9k"
    assert kept_token(8123, "192.168.0.10", 1000.0).token == ""
    token_file(8123).write_text('{"token": 5, "host": "0.0.0.0", "alive": 1000.0}')
    assert kept_token(8123, "0.0.0.0", 1000.0).token == ""
    token_file(8123).write_text("not json")
    assert kept_token(8123, "0.0.0.0", 1000.0).token == ""
