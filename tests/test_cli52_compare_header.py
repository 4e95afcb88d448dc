"""`workbench compare free`'s header names each run once: a run's name is its settings as typed, and the
header wrote them again after it in the comparison's order ("activation=relu weight_init=he:
weight_init=he activation=relu"); what the name does not say still follows it."""
import pytest

from workbench.cli import main

TINY = ["--set", "iterations=1", "--set", "train_size=20", "--set", "test_size=20", "--set", "batch_size=10",
        "--set", "dataset=synthetic-digits"]


def header(capsys, lang, runs):
    status = main(["--lang", lang, "compare", "free", "--set", f"runs={runs}", *TINY])
    out, _ = capsys.readouterr()
    assert status == 0
    return [line.strip() for line in out.splitlines() if line.startswith("  ")]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_run_is_named_once_whatever_the_order_of_its_settings(capsys, lang):
    rows = header(capsys, lang, "activation=relu weight_init=he; weight_init=xavier activation=sigmoid; "
                                "optimizer=adam lr=0.001")
    assert rows[:3] == ["activation=relu weight_init=he: optimizer=SGD lr=0.01",
                        "weight_init=xavier activation=sigmoid: optimizer=SGD lr=0.01",
                        "optimizer=adam lr=0.001: weight_init=he activation=relu"], rows


def test_a_run_its_name_says_all_of_is_its_name_alone(capsys):
    assert header(capsys, "en", "lr=0.1; lr=0.01")[:2] == ["lr=0.1", "lr=0.01"]
