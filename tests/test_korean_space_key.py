"""A status line names the space key as the footer does: "space".

The playground's state read "준비됨: 스페이스로 학습" above a footer that shows "space 학습", where the
training, comparison and search panes' statuses say "(space로 계속)". A sentence of prose may say
스페이스 (tests/test_korean_terms.py); a short status line beside the footer names the key as it is shown."""
from workbench.i18n import strings


def status_lines(lang: str) -> dict[str, str]:
    return {key: text for key, text in strings(lang).items() if ".status." in key or ".state." in key}


def test_a_korean_status_line_names_the_space_key_as_the_footer_shows_it():
    lines = status_lines("ko")
    assert "playground.state.ready" in lines and "train.status.paused" in lines
    assert {key: text for key, text in lines.items() if "스페이스" in text} == {}
