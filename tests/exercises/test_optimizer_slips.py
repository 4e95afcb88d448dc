"""Chapter 6's optimizers written with the slips a reader of the chapter makes: each fails its path on
the valley with a hint that names the slip, in English and in Korean; the right forms the book's
readers also write (the Adam paper's bias-corrected m̂ and v̂, v = momentum·v + lr·grad subtracted, …)
pass with no message at all."""

import pytest

from workbench.exercises import optimizer_slips as slips
from workbench.exercises.grader import VALLEY_START, BOOK_LR, _path, valley_gradient
from workbench.exercises.report import message_text
from workbench.exercises.sandbox import check, passed
from workbench.i18n import set_language
from workbench.nn import optimizers as lib_opt

MOMENTUM_STEP = "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n            params[key] += self.v[key]"
ADAGRAD_STEP = ("            self.h[key] += grads[key] * grads[key]\n"
                "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)")
ADAM_MADE = ("        if self.m is None:\n            self.m = {key: np.zeros_like(val) for key, val in params.items()}\n"
             "            self.v = {key: np.zeros_like(val) for key, val in params.items()}")
ADAM_MV = ("            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])\n"
           "            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])")
ADAM_STEP = "            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)"
ADAM_T = ("        self.iter += 1\n"
          "        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)")


def mutate(folder, old, new):
    path = folder / "optimizers.py"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


SLIPS = [
    pytest.param("SGD", "params[key] -= self.lr * grads[key]", "params[key] += self.lr * grads[key]",
                 "The path climbs the valley: each step goes along the gradient instead of against it. "
                 "The book's step: params[key] -= self.lr * grads[key].",
                 "경로가 골짜기를 올라갑니다. 매번 기울기의 반대 방향이 아니라 기울기 방향으로 움직입니다. "
                 "책의 갱신은 params[key] -= self.lr * grads[key]입니다.", id="sgd-climbs"),
    pytest.param("Momentum", "params[key] += self.v[key]", "params[key] -= self.v[key]",
                 "The path climbs the valley", "경로가 골짜기를 올라갑니다", id="momentum-climbs"),
    pytest.param("Adam", ADAM_STEP, ADAM_STEP.replace("-=", "+="),
                 "The book's step: params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7).",
                 "책의 갱신은 params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)입니다.", id="adam-climbs"),
    pytest.param("Momentum", MOMENTUM_STEP,
                 "            v = np.zeros_like(params[key])\n            v = self.momentum * v - self.lr * grads[key]\n"
                 "            params[key] += v",
                 "Momentum forgets the updates before: what it keeps (self.v) does not carry over from one update "
                 "to the next. Make it once, at the first update (if self.v is None: …)",
                 "Momentum이 앞선 갱신을 잊습니다. 갱신 사이에 간직할 값(self.v)이 다음 갱신으로 이어지지 않습니다. "
                 "책처럼 첫 갱신에서(self.v가 None일 때) 한 번만 만들어 self에 두었다가", id="momentum-local-v"),
    pytest.param("AdaGrad", "self.h[key] += grads[key] * grads[key]", "self.h[key] = grads[key] * grads[key]",
                 "AdaGrad forgets the updates before: what it keeps (self.h)",
                 "AdaGrad가 앞선 갱신을 잊습니다. 갱신 사이에 간직할 값(self.h)이", id="adagrad-h-replaced"),
    pytest.param("Adam", ADAM_MADE, ADAM_MADE.replace("        if self.m is None:\n", "").replace("            ", "        "),
                 "Adam forgets the updates before: what it keeps (self.m, self.v) does not carry over",
                 "Adam이 앞선 갱신을 잊습니다. 갱신 사이에 간직할 값(self.m, self.v)이", id="adam-made-every-update"),
    pytest.param("Adam", ADAM_MADE, "        self.iter = 0\n" + ADAM_MADE.replace("        if self.m is None:\n", "")
                 .replace("            ", "        "),
                 "Adam forgets the updates before: what it keeps (self.m, self.v) does not carry over",
                 "Adam이 앞선 갱신을 잊습니다. 갱신 사이에 간직할 값(self.m, self.v)이", id="adam-all-local"),
    pytest.param("Momentum", MOMENTUM_STEP,
                 "            params[key] += self.v[key]\n"
                 "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]",
                 "Momentum steps the parameter with the self.v of the update before: update self.v with this "
                 "gradient first, then the parameter, as the book does.",
                 "Momentum이 이전 갱신의 self.v로 매개변수를 움직입니다. 책처럼 이번 기울기로 self.v를 먼저 "
                 "갱신하고 그다음에 매개변수를 갱신하세요.", id="momentum-param-first"),
    pytest.param("AdaGrad", ADAGRAD_STEP, "\n".join(ADAGRAD_STEP.split("\n")[::-1]),
                 "AdaGrad steps the parameter with the self.h of the update before",
                 "AdaGrad가 이전 갱신의 self.h로 매개변수를 움직입니다", id="adagrad-param-first"),
    pytest.param("Adam", ADAM_MV + "\n" + ADAM_STEP, ADAM_STEP + "\n" + ADAM_MV,
                 "Adam steps the parameter with the self.m, self.v of the update before",
                 "Adam이 이전 갱신의 self.m, self.v로 매개변수를 움직입니다", id="adam-param-first"),
    pytest.param("Adam", ADAM_T, "\n".join(ADAM_T.split("\n")[::-1]),
                 "lr_t is worked out with t = 0: 1 − β1⁰ is 0, so lr_t is 0 / 0, NaN. Count this update first "
                 "(self.iter += 1), then work out lr_t, so that the first update has t = 1.",
                 "lr_t를 t = 0으로 계산했습니다. 1 − β1⁰은 0이므로 lr_t는 0 / 0, 즉 NaN입니다.", id="adam-t-zero"),
    pytest.param("Adam", ADAM_MV, ADAM_MV.replace("beta1", "BETA").replace("beta2", "beta1").replace("BETA", "beta2"),
                 "m and v look to use each other's β: m += (1 − beta1) · (grad − m) with beta1 = 0.9",
                 "m과 v가 서로의 β를 쓰는 것 같습니다", id="adam-betas-swapped"),
    pytest.param("Adam", "lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)",
                 "lr_t = self.lr", "This is Adam without bias correction", "편향 보정이 빠진 Adam입니다", id="adam-no-lr-t"),
    pytest.param("SGD", "        for key in params.keys():\n            params[key] -= self.lr * grads[key]",
                 "        for param, grad in zip(params.values(), grads.values()):\n            param -= self.lr * grad",
                 "update left params as they were: on the valley x and y are plain numbers, so a loop variable "
                 "(for p in params.values(): p -= …) or a new dictionary (params = …) changes nothing the caller "
                 "sees. Write into the dictionary, params[key] -= …, as the book does.",
                 "update 뒤에도 params가 그대로입니다.", id="sgd-loop-variable"),
    pytest.param("Momentum", "            params[key] += self.v[key]", "            params = {k: p + self.v[k] for k, p in params.items()}",
                 "update left params as they were", "update 뒤에도 params가 그대로입니다.", id="momentum-new-dict"),
]


@pytest.mark.parametrize("name, old, new, en, ko", SLIPS)
def test_a_slip_of_chapter_6_fails_the_path_and_is_named_in_both_languages(folder, name, old, new, en, ko):
    mutate(folder, old, new)
    [result] = check(folder, [name])
    assert result["rows"]["forward"] == "fail", result
    assert result["message"]["key"] == "exercises.msg.path"
    assert en in message_text(result), message_text(result)
    set_language("ko")
    assert ko in message_text(result), message_text(result)


def test_adam_without_its_epsilon_is_told_to_add_it_not_that_its_path_is_off_in_the_sixth_digit(folder):
    mutate(folder, ADAM_STEP, ADAM_STEP.replace("(np.sqrt(self.v[key]) + 1e-7)", "np.sqrt(self.v[key])"))
    [result] = check(folder, ["Adam"])
    assert result["message"]["key"] == "exercises.msg.zero_gradient", message_text(result)
    assert message_text(result).endswith("Add 1e-7 to the square root you divide by, as the book does: it keeps 0 / 0 away.")
    set_language("ko")
    assert message_text(result).endswith("책처럼 나누는 제곱근에 1e-7을 더하세요. 그래야 0 / 0이 생기지 않습니다.")


RIGHT = [
    pytest.param("Momentum", MOMENTUM_STEP,
                 "            self.v[key] = self.momentum * self.v[key] + self.lr * grads[key]\n"
                 "            params[key] -= self.v[key]", id="momentum-v-subtracted"),
    pytest.param("AdaGrad", "/ (np.sqrt(self.h[key]) + 1e-7)", "/ np.sqrt(self.h[key] + 1e-7)", id="adagrad-eps-in-root"),
    pytest.param("Adam", ADAM_STEP,
                 "            m_hat = self.m[key] / (1 - self.beta1 ** self.iter)\n"
                 "            v_hat = self.v[key] / (1 - self.beta2 ** self.iter)\n"
                 "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-7)", id="adam-paper"),
    pytest.param("Adam", ADAM_STEP,
                 "            m_hat = self.m[key] / (1 - self.beta1 ** self.iter)\n"
                 "            v_hat = self.v[key] / (1 - self.beta2 ** self.iter)\n"
                 "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)", id="adam-paper-1e-8"),
    pytest.param("Adam", ADAM_MV,
                 "            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]\n"
                 "            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2", id="adam-ema"),
    pytest.param("Adam", ADAM_STEP, ADAM_STEP.replace("1e-7", "1e-8"), id="adam-book-1e-8"),
    pytest.param("SGD", "        for key in params.keys():\n            params[key] -= self.lr * grads[key]",
                 "        for key, grad in grads.items():\n            params[key] -= self.lr * grad", id="sgd-over-grads"),
]


@pytest.mark.parametrize("name, old, new", RIGHT)
def test_a_right_form_the_books_readers_write_passes_with_no_message(folder, name, old, new):
    mutate(folder, old, new)
    [result] = check(folder, [name])
    assert passed(result) and result["message"] is None, message_text(result)


@pytest.mark.parametrize("name", ["SGD", "Momentum", "AdaGrad", "Adam"])
def test_the_hand_written_book_updates_follow_the_library_and_no_two_slips_start_alike(name):
    """The slips are told apart by the references here: each must be the library's update when no slip
    is made, and any two slips' paths must part within the points the grader collects."""
    lr = BOOK_LR[name]
    library = _path(getattr(lib_opt, name)(lr=lr).update)
    assert slips.follows(slips.path(name, lr, VALLEY_START, valley_gradient, len(library)), library)
    made = [slip for slip, names in slips.SLIPS.items() if name in names]
    paths = {slip: slips.path(name, lr, VALLEY_START, valley_gradient, 2, slip) for slip in made}
    for a in made:
        assert not slips.follows(paths[a], library[:2]), a
        for b in made:
            if a < b and {a, b} != {"state_reset", "state_fresh"}:
                assert not slips.follows(paths[a], paths[b]), (a, b)


def test_a_path_that_follows_no_usual_slip_is_given_the_books_update_to_set_beside_it(folder):
    mutate(folder, "self.v[key] = self.momentum * self.v[key]", "self.v[key] = 0.5 * self.v[key]")
    [result] = check(folder, ["Momentum"])
    assert message_text(result).endswith("The path follows none of the usual slips: set your update beside the book's, "
                                         "line by line: v = momentum * v - lr * grad; param += v."), message_text(result)
    set_language("ko")
    assert message_text(result).endswith("여러분의 update를 책의 식과 한 줄씩 맞춰 보세요. "
                                         "v = momentum * v - lr * grad; param += v"), message_text(result)
