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


def test_the_plan_knows_what_a_free_runs_name_says_so_the_pane_names_it_once_too():
    """The pane's plan wrote "weight_init=he activation=relu" as "초기 가중치 = He, 활성화 함수 = ReLU"
    after a run named "activation=relu weight_init=he": the run now says which settings its name gives."""
    from workbench.models.compare_settings import FreeSettings

    runs = FreeSettings(runs=("activation=relu weight_init=he", "optimizer=adam lr=0.001")).make_runs()
    assert set(runs[0].name_says) == {"activation", "weight_init"}
    assert set(runs[1].name_says) == {"optimizer", "lr"}
