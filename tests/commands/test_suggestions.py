"""Where the console says "did you mean", it says it by one rule (workbench/suggest.py), en and ko."""
from __future__ import annotations

import pytest

from test_cli import run       # main(argv) → (status, stdout, stderr), as the command's own tests run it


@pytest.fixture(autouse=True)
def english_after():
    from workbench.i18n import set_language

    yield
    set_language("en")


@pytest.mark.parametrize("lang, hint", [("en", "did you mean '7.4'?"), ("ko", "혹시 '7.4'?")])
@pytest.mark.parametrize("typed", ["7,4", "74", "7.04", "7-4"])
def test_a_lesson_number_written_otherwise_is_named(capsys, lang, hint, typed):
    status, _, err = run(capsys, "--lang", lang, "lesson", typed)
    assert status == 2 and hint in err, err


@pytest.mark.parametrize("lang, argv, hint", [
    ("en", ["ㅅㄱ먀ㅜ"], "did you mean 'train'?"), ("ko", ["ㅅㄱ먀ㅜ"], "혹시 'train'?"),
    ("en", ["open", "ㅎㄱ메ㅗ"], "did you mean 'graph'?"), ("ko", ["open", "ㅎㄱ메ㅗ"], "혹시 'graph'?"),
    ("ko", ["lesson", "퍼셉트론"], "혹시 'perceptron'?"),            # the lesson's Korean title
    ("en", ["lesson", "The perceptron"], "did you mean 'perceptron'?"),
    ("en", ["gradcheck", "--break", "nome"], "did you mean none?"),   # m is beside n
    ("en", ["compare", "optimizer"], "did you mean optimizers?"),
    ("ko", ["compare", "weight_init"], "혹시 weight-init"),
    ("en", ["exercises", "check", "convoluton"], "did you mean Convolution?"),
])
def test_a_typo_is_named_wherever_it_is_typed(capsys, tmp_path, monkeypatch, lang, argv, hint):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "--lang", lang, *argv)
    assert status == 2 and hint in err, err


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("argv", [["lesson", "xyz"], ["lesson", "7.6"], ["open", "xyz"], ["compare", "nope"],
                                  ["gradcheck", "--break", "nope"], ["lesson", "퍼셉트"]])
def test_a_word_that_is_no_typo_gets_no_guess(capsys, lang, argv):
    status, _, err = run(capsys, "--lang", lang, *argv)
    assert status == 2 and "did you mean" not in err and "혹시" not in err, err
