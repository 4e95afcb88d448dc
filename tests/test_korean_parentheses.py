"""An aside in parentheses is written onto the word before it in the Korean catalog, as in the lessons.

Korean print attaches a parenthetical to its word: "학습률(lr)", "끝냅니다(진행 상황은 그때그때
저장됩니다)", "검증 정확도(%)", "쓸 수 없습니다({reason})". The rule, as this test reads it: after a
Hangul syllable, a space (or, in a help's Markdown paragraph, a line break, which renders as one) and
a "(" that opens an aside — text with Hangul in it, a Latin gloss or key ("lr", "English", "Ctrl+C",
"%"), or a lone placeholder (a reason, a path) — the space goes. It stays where the parenthesis is
not an aside of that word:

- a formula, tuple or value: "형상 (N, 2)", "중심 차분 (f(x + h) − f(x − h)) / 2h", "책의 점수
  (0.3, 2.9, 4.0)", "수치 미분 (h = 1e−4)" (the lessons write them so too);
- a group the sentence goes on with, a particle or an operator after it: "기울기 두 개 (dx, dy)를" (but
  not an aside in words: "활성화 함수(`Sigmoid`, `Relu`, 또는 tanh)입니다");
- after a number, unit, symbol, Latin name or placeholder: "1 % (또는 0.005)", "{acc} ({name})",
  "λ (책: 0.1)" ("λ(책: 0.1)" and "x(커서의 자리)" read as a function applied);
- a note on a whole list, and a shape given by a placeholder: ALLOWED, each with why.
"""
import re

from workbench.i18n import strings

ALLOWED = {
    ("augmentation.key.picture.tip", "원래 숫자 (한쪽만 보일 때)"): "a note on the whole list of three",
    ("compare.preset.optimizers", "반복 2,000번 (그림 6-9)"): "the figure of the whole preset, after a list of its settings",
    ("compare.preset.overfitting", "시험 차이 (그림 6-20~6-23)"): "the figures of the whole preset, after a list of its runs",
    ("shapes.cli.network_title", "이미지 ({input})"): "a shape, (1, 28, 28)",
}
"""(key, the text around the space) → why the space before this parenthesis is right."""

_AFTER_A_WORD = re.compile(r"[가-힣](?P<space>[ \n])\(")
_GLOSS = re.compile(r"[A-Za-z%#][A-Za-z0-9%#+\-. ]*")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_GOES_ON = re.compile(r"[가-힣]|\s*[-+−×·/*=^²→]")


def _group(text: str, opening: int) -> tuple[str, str]:
    """The text inside the parentheses opening at `opening`, and the two characters after them."""
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return text[opening + 1:index], text[index + 1:index + 3]
    return text[opening + 1:], ""


def _is_aside(content: str) -> bool:
    return bool(re.search("[가-힣]", content) or _GLOSS.fullmatch(content) or _PLACEHOLDER.fullmatch(content))


def spaced_asides(key: str, text: str) -> list[str]:
    """The places in `text` where an aside in parentheses stands a space after its Hangul word."""
    found = []
    for match in _AFTER_A_WORD.finditer(text):
        if match["space"] == "\n" and not key.endswith("help"):
            continue  # a new line of a console text: the parenthesis starts it
        content, after = _group(text, match.end() - 1)
        around = text[max(0, match.start() - 12):match.end() + 12].replace("\n", " ")
        goes_on = _GOES_ON.match(after) and not re.search("[가-힣]", content)
        if _is_aside(content) and not goes_on and not _allowed(key, text, match.start("space")):
            found.append(around)
    return found


def _allowed(key: str, text: str, space: int) -> bool:
    """Whether the space at `space` lies inside one of ALLOWED's snippets of `key`."""
    return any(allowed_key == key and any(start <= space < start + len(snippet)
                                          for start in (m.start() for m in re.finditer(re.escape(snippet), text)))
               for allowed_key, snippet in ALLOWED)


def test_an_aside_in_parentheses_is_written_onto_its_word():
    found = [(key, where) for key, text in strings("ko").items() for where in spaced_asides(key, text)]
    assert found == []


def test_the_rule_tells_an_aside_from_a_formula_a_value_and_a_group_the_sentence_goes_on_with():
    assert spaced_asides("x.tip", "학습률 (lr)") and spaced_asides("x.tip", "끝냅니다 (진행 상황은 저장됩니다)")
    assert spaced_asides("x.tip", "정확도 (%)") and spaced_asides("x.tip", "쓸 수 없습니다 ({reason})")
    assert spaced_asides("x.help", "끝냅니다\n(Ctrl+Q)") and not spaced_asides("x.examples", "예:\n  검사\n(다른 폴더)")
    assert not spaced_asides("x.tip", "형상 (N, C, H, W)") and not spaced_asides("x.tip", "차분 (f(x + h) − f(x)) / h")
    assert spaced_asides("x.help", "활성화 함수\n(`Sigmoid`, 또는 tanh)입니다")
    assert not spaced_asides("x.tip", "기울기 두 개 (dx, dy)를") and not spaced_asides("x.tip", "수치 미분 (h = {h})")
    assert not spaced_asides("x.tip", "1 % (또는 0.005)") and not spaced_asides("x.tip", "λ (책: 0.1)")
    assert not spaced_asides("x.tip", "학습률(lr)")


def test_every_allowed_space_is_still_in_the_catalog():
    ko = strings("ko")
    assert [place for place in ALLOWED if place[1] not in ko.get(place[0], "")] == []


def test_a_bugs_summary_does_not_end_in_an_aside_that_its_id_would_follow():
    """A revealed bug reads "{layer}의 버그: {summary}({bug})"; a summary ending in its own aside read
    "…더함(필터와 위치가 섞임)(conv-db-wrong-axis)", two asides in a row."""
    ko = strings("ko")
    assert ko["gradcheck.bug.line"].endswith("{summary}({bug})")
    ids = [key for key in ko if key.startswith("gradcheck.bug.") and "-" in key.rsplit(".", 1)[1]]
    assert ids and [key for key in ids if ko[key].endswith(")")] == []
