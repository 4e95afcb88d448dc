"""A training stop in the reader's language: the trainer's code and figures worded from the catalog.

The trainer's English (`what_happened`, `what_to_try`, `message`) reached the Korean app and console
as it was, under 무슨 일 and 해 볼 것. Each cause is worded here in English and Korean from its figures,
on real stops of the library's Trainer."""
import json
import re
from dataclasses import asdict

import numpy as np
import pytest

from workbench.i18n import has, set_language
from workbench.models.training_stop import KNOWN, in_a_line, three_figures, what_happened, what_to_try
from workbench.nn.networks import MultiLayerNet, TwoLayerNet
from workbench.nn.trainer import CAUSES, StopEvent, Trainer


def blobs(n, seed=0, classes=3, dim=12):
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(42).standard_normal((classes, dim)) * 2
    t = rng.integers(0, classes, n)
    return (centres[t] + rng.standard_normal((n, dim))).astype(np.float32), t


def stop_of(network, x, t, optimizer="SGD", lr=0.1, epochs=3, batch=20):
    """The StopEvent of a run of `network` on (x, t)."""
    events = []
    trainer = Trainer(network, x, t, x, t, epochs=epochs, mini_batch_size=batch, optimizer=optimizer,
                      optimizer_param={"lr": lr}, verbose=False, rng=0, callback=events.append)
    with np.errstate(all="ignore"):
        trainer.train()
    return events[-1]


def diverged():
    x, t = blobs(120, seed=1)
    return stop_of(TwoLayerNet(12, 8, 3, weight_init_std=0.1, rng=0), x, t, lr=1e9, epochs=50)


def huge_weights():
    x, t = blobs(60, seed=1)
    return stop_of(TwoLayerNet(12, 8, 3, weight_init_std=1e30, rng=0), x, t, lr=10.0)


def penalty_overflows():
    x, t = blobs(60, seed=1)
    return stop_of(MultiLayerNet(12, [8], 3, weight_decay_lambda=1e38, rng=0), x, t, lr=0.01)


def wild_adam():
    rng = np.random.default_rng(1)
    patterns = np.random.default_rng(42).random((10, 64))
    t = rng.integers(0, 10, 400)
    x = np.clip(patterns[t] + 0.3 * rng.standard_normal((400, 64)), 0, 1).astype(np.float32)
    return stop_of(TwoLayerNet(64, 20, 10, rng=0), x, t, optimizer="Adam", lr=1e9)


def decayed(lam):
    from workbench.datasets import load_dataset

    (x, t), _ = load_dataset("synthetic-digits")
    net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=lam, rng=0)
    return stop_of(net, x[:300].reshape(300, -1), t[:300], lr=0.1, epochs=4, batch=100)


LATIN_WORDS = re.compile(r"\b(?!NaN\b|inf\b|He\b|SGD\b|Adam\b|ReLU\b)[A-Za-z]{3,}\b")
"""English words in a Korean sentence (names of settings and code, such as weight_decay, aside)."""


def korean_only(sentence: str) -> list[str]:
    """The English words of `sentence` that are not code (x_train, load_mnist(...), weight_init_std)."""
    code = re.sub(r"[A-Za-z_]+\([^)]*\)|[A-Za-z]+_[A-Za-z_]+", "", sentence)
    return LATIN_WORDS.findall(code)


def test_every_cause_of_the_trainer_is_worded_in_both_languages():
    assert set(CAUSES) == set(KNOWN)
    for code in CAUSES:
        assert has(f"train.diag.try.{code}") or has(f"train.diag.try.{code}.default"), code
        assert has(f"train.diag.cause.{code}") or has(f"train.diag.cause.{code}.rose"), code


def test_a_diverged_run_is_said_in_english_from_its_figures():
    stop = diverged()
    assert stop.code == "learning-rate"
    assert what_happened(stop) == ("Training stopped at iteration 4: the loss became infinite. The loss had risen "
                                   "from 1.06 to 13.7: the learning rate 1e9 is too large.")
    assert what_to_try(stop) == "Lower the learning rate (try 1e8) and start again."


def test_a_diverged_run_is_said_in_korean_with_its_particles():
    stop = diverged()
    set_language("ko")
    assert what_happened(stop) == ("4번째 반복에서 학습을 멈췄습니다. 손실이 무한대가 되었습니다. 손실이 1.06에서 "
                                   "13.7까지 올라갔습니다. 학습률 1e9가 너무 큽니다.")
    assert what_to_try(stop) == "학습률을 낮춰(1e8 정도) 다시 시작하세요."


def test_a_stop_at_the_first_step_never_blames_the_learning_rate_in_either_language():
    stop = huge_weights()
    assert "the learning rate is not the cause" in what_happened(stop)
    assert "weight_init_std" in what_to_try(stop) and "learning rate" not in what_to_try(stop)
    set_language("ko")
    assert what_happened(stop) == ("1번째 반복에서 학습을 멈췄습니다. 손실이 무한대가 되었습니다. 첫 반복이라 아직 한 번도 "
                                   "갱신하지 않았으니 학습률 탓이 아닙니다. 시작할 때의 가중치가 너무 큽니다. W1의 표준편차 "
                                   "9.56e29는 He 초깃값 √(2/12) = 0.408의 2.34e30배입니다.")
    assert "학습률" not in what_to_try(stop)


def test_an_overflowing_penalty_names_lambda_and_the_dtype():
    stop = penalty_overflows()
    assert what_happened(stop).endswith("Weight decay's penalty ½λΣW² with λ = 1e38 is 1.01e39 for the weights it "
                                        "started from, beyond what float32 holds.")
    set_language("ko")
    assert "λ = 1e38일 때 초기 가중치의 가중치 감소 벌점(½λΣW²)은 1.01e39로, float32가 담을 수 있는 범위를 넘습니다." \
           in what_happened(stop)


def test_a_run_that_does_not_learn_is_said_with_its_accuracies_losses_and_the_books_default():
    stop = wild_adam()
    assert stop.reason == "not-learning" and stop.code == "learning-rate"
    happened = what_happened(stop)
    assert happened.startswith("Not learning after epoch 1: the training accuracy 11.0 % is chance (always "
                               "guessing the most common class gives 11.8 %). The loss rose from 2.3 to 14 on average, "
                               "near its cap of 16.1")
    assert happened.endswith("The learning rate 1e9 is far too large for Adam.")
    assert what_to_try(stop) == "Lower the learning rate: try 0.001, its default in the book."
    set_language("ko")
    assert what_happened(stop).startswith("1번째 에폭이 끝났는데도 학습이 되지 않습니다. 훈련 정확도 11.0 %는 우연 "
                                          "수준입니다(가장 흔한 클래스로만 답해도 11.8 %).")
    assert what_happened(stop).endswith("Adam에는 학습률 1e9가 너무 큽니다.")
    assert what_to_try(stop) == "학습률을 책의 기본값인 0.001로 낮춰 보세요."


@pytest.mark.parametrize("lam, factor, ending", [
    (20.0, "−1", "flipping their sign."),                      # not learning: the weights flip, never grow
    (200.0, "−19", "flipping their sign and enlarging them.")])  # non-finite: |1 − lr·λ| > 1, they grow
def test_weight_decay_too_strong_quotes_its_factor_and_limit(lam, factor, ending):
    stop = decayed(lam)
    happened = what_happened(stop)
    assert f"each step multiplies the weights by 1 − lr·λ = {factor}, {ending}" in happened
    assert what_to_try(stop) == "Lower weight_decay below 1/lr = 10 (the book tries 0.1)."
    if stop.reason == "not-learning":          # by epoch 2, its loss flat: decay this strong is no slow learning
        assert stop.figures["epoch"] == 2 and not stop.figures["rose"]
        assert "The loss averaged 2.36 (it started at 2.3). Weight decay's penalty ½λΣW² (12,300 now, λ = 20) is " \
               "left out of it." in happened
    set_language("ko")
    assert f"1 − lr·λ = {factor}{'을' if factor == '−1' else '를'} 곱해" in what_happened(stop)
    assert what_to_try(stop) == "weight_decay를 1/lr = 10보다 낮추세요(책은 0.1을 시도)."


def test_weight_decay_that_wipes_the_weights_out_stops_a_flat_run_at_chance():
    """lr·λ = 1 (0.1 and 10, the pane's largest λ): each SGD step sets the weights to −lr·∇, so the loss
    stays at 2.3 and the accuracy at chance; a flat loss was taken for slow learning and the run "finished"."""
    stop = decayed(10.0)
    assert stop.reason == "not-learning" and stop.code == "decay-too-strong" and stop.figures["factor"] == 0
    assert "The loss averaged 2.3 (it started at 2.3). Weight decay is far" in what_happened(stop)   # penalty ≈ 0
    assert what_happened(stop).endswith("each step multiplies the weights by 1 − lr·λ = 0, wiping them out.")
    set_language("ko")
    assert "손실은 처음 2.3, 평균 2.3입니다." in what_happened(stop)
    assert what_happened(stop).endswith("1 − lr·λ = 0을 곱해 가중치가 사라집니다.")


@pytest.mark.parametrize("make", [diverged, huge_weights, penalty_overflows, wild_adam])
def test_no_english_sentence_of_the_library_reaches_the_korean_reader(make):
    stop = make()
    set_language("ko")
    said = in_a_line(stop)
    assert stop.what_happened not in said and not korean_only(said), said


def test_a_stop_sent_from_another_process_is_worded_the_same():
    stop = diverged()
    sent = StopEvent(**json.loads(json.dumps(asdict(stop))))
    assert what_happened(sent) == what_happened(stop) and what_to_try(sent) == what_to_try(stop)


def test_a_stop_without_a_known_code_falls_back_to_the_trainers_words():
    stop = StopEvent("non-finite", "the loss became inf. Lower it", 3, 1, "the loss became inf", "lower it")
    assert what_happened(stop) == "the loss became inf" and what_to_try(stop) == "lower it"
    assert what_happened(StopEvent("non-finite", "broke", 3, 1, code="a-cause-of-tomorrow")) == "broke"


@pytest.mark.parametrize("value, shown", [(2.302585, "2.3"), (14.6, "14.6"), (-19.0, "−19"), (12431.7, "12,400"),
                                          (5.91e20, "5.91e20"), (1.01e39, "1.01e39"), (0.000123, "0.000123")])
def test_losses_weights_and_factors_are_written_to_three_figures(value, shown):
    assert three_figures(value) == shown
