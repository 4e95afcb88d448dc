"""The string catalog: both languages have every key with the same placeholders; code reads strings
from the catalog only; widths count screen cells; the language comes from --lang, memory or locale."""
import ast
from pathlib import Path

import pytest

from workbench.i18n import BASE, choose_language, language, placeholders, set_language, strings, t
from workbench.i18n.cells import cell_len

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"


def test_every_english_key_has_a_korean_entry_and_the_same_placeholders():
    en, ko = strings("en"), strings("ko")
    assert set(en) == set(ko), f"only in en: {set(en) - set(ko)}; only in ko: {set(ko) - set(en)}"
    for key in en:
        assert placeholders(en[key]) == placeholders(ko[key]), key


def _shown_as_plain_text(key: str, text: str) -> bool:
    """Help texts (a "## " heading first) are Markdown; the exercises' stubs are Python source.
    Every other message is plain text: a notice, a pane's line, a console line."""
    return not text.startswith("## ") and not key.startswith("exercises.stub.")


# Markdown the lesson author is told to type, quoted like any other snippet.
TYPED_BACKTICKS = "'`[`'"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plain_text_quotes_commands_in_single_quotes_not_backticks(lang):
    """A backtick shows as itself outside Markdown ("Waiting for the presenter (`workbench present`)")."""
    quoted = [key for key, text in strings(lang).items()
              if _shown_as_plain_text(key, text) and "`" in text.replace(TYPED_BACKTICKS, "")]
    assert not quoted, f"backticks in plain-text messages ({lang}): {quoted}"


def test_keys_are_filed_under_their_area():
    for path in (PACKAGE / "i18n").glob("*/*.toml"):
        area = path.stem
        import tomllib
        for key in tomllib.loads(path.read_text(encoding="utf-8")):
            assert key.startswith(area + "."), f"{path}: {key}"


def test_a_missing_key_shows_itself_and_korean_falls_back_to_english():
    assert t("no.such.key") == "no.such.key"
    set_language("ko")
    assert language() == "ko"
    assert t("home.tagline") != strings("en")["home.tagline"]


def test_placeholders_may_come_in_any_order():
    set_language("ko")
    assert t("palette.open_pane", title="퍼셉트론") == "퍼셉트론 열기"
    set_language("en")
    assert t("palette.open_pane", title="perceptron") == "Open perceptron"


def _literal_calls(source: str, names: set[str]):
    """Calls to any of `names` whose first argument is a string literal or an f-string."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in names and node.args and isinstance(node.args[0], (ast.Constant, ast.JoinedStr)):
                if isinstance(node.args[0], ast.Constant) and not isinstance(node.args[0].value, str):
                    continue
                yield node


def _python_files(*parts):
    for part in parts:
        yield from (PACKAGE / part).rglob("*.py") if (PACKAGE / part).is_dir() else [PACKAGE / part]


def test_no_string_literal_reaches_a_notice_a_binding_or_a_help_text():
    offenders = []
    for path in _python_files("app", "cli.py", "commands"):
        source = path.read_text(encoding="utf-8")
        for node in _literal_calls(source, {"notify"}):
            offenders.append(f"{path.name}:{node.lineno} notify with a literal")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Binding":
                texts = node.args[2:4] + [k.value for k in node.keywords if k.arg in ("description", "tooltip")]
                if any(isinstance(a, ast.JoinedStr) or (isinstance(a, ast.Constant) and a.value) for a in texts):
                    offenders.append(f"{path.name}:{node.lineno} Binding with a literal description or tooltip")
                if not any(k.arg == "id" for k in node.keywords):
                    offenders.append(f"{path.name}:{node.lineno} Binding without an id")
            if isinstance(node, ast.Assign) and any(getattr(t_, "id", None) == "HELP" for t_ in node.targets):
                offenders.append(f"{path.name}:{node.lineno} HELP as a literal (use the catalog)")
    assert not offenders, offenders


def test_every_catalog_key_the_code_names_exists():
    missing = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                if node.args[0].value not in strings(BASE):
                    missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.args[0].value}")
    assert not missing, missing


@pytest.mark.parametrize("text, cells", [("abc", 3), ("합성곱", 6), ("합성곱 계층 (Conv)", 18), ("e\u0301", 1),
                                         ("·—…", 3), ("", 0)])
def test_widths_count_screen_cells(text, cells):
    assert cell_len(text) == cells


@pytest.mark.parametrize("asked, remembered, env, expected", [
    ("ko", "en", {"LANG": "en_US.UTF-8"}, "ko"),
    (None, "ko", {"LANG": "en_US.UTF-8"}, "ko"),
    (None, None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, None, {"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, None, {}, "en"),
    (None, "xx", {"LANG": "C.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_command_line_then_memory_then_locale(asked, remembered, env, expected):
    assert choose_language(asked, remembered, env) == expected


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="en, ko"):
        set_language("fr")


@pytest.mark.parametrize("text, width, cut", [
    ("Overfitting, regularization and tuning", 36, "Overfitting, regularization …"),
    ("Numerical differentiation and the gradient", 36, "Numerical differentiation …"),
    ("Overfitting, regularization and tuning", 26, "Overfitting …"),
    ("하이퍼파라미터 및 검증 데이터", 18, "하이퍼파라미터 …"),
    ("The training loop, step by step", 24, "The training loop …"),
    ("and then", 6, "and …")])
def test_a_line_cut_at_a_word_does_not_end_on_a_connecting_word_or_mark(text, width, cut):
    """"6.4 Overfitting, regularization and …" read as if a word had been lost."""
    from workbench.i18n.cells import ellipsize_words

    assert ellipsize_words(text, width) == cut
