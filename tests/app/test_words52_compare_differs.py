"""The free comparison's plan names what differs between its runs, after each run's typed name, as the
dialog names settings and their values: 초기 가중치 = He, 활성화 함수 = ReLU in Korean (it said he and
relu beside the labelled settings); English keeps the --set words as its lists do. What a run's name
says is not said again after it ("activation=relu weight_init=he" is not followed by 초기 가중치 = He)."""
import pytest

from workbench.app.app import make_app
from workbench.models.catalog import pane
from screen_text import screen_text, until

RUNS = ["runs=activation=relu weight_init=he; optimizer=adam", "activation=sigmoid", "weight_init=xavier"]
"""The second run keeps the comparison's sigmoid and Xavier, which its name does not say."""


@pytest.mark.parametrize("lang, words, raw", [
    ("ko", ["초기 가중치 = Xavier", "활성화 함수 = 시그모이드", "최적화 기법 = SGD"],
     ["= he", "= relu", "= xavier", "= sigmoid", "= He", "= ReLU", "= Adam"]),
    ("en", ["weight_init = xavier", "activation = sigmoid", "optimizer = SGD"],
     ["= he", "= relu", "= Adam"]),
])
async def test_what_differs_is_named_as_the_dialog_names_it(lang, words, raw):
    app = make_app(pane=("compare", pane("compare").parse(RUNS)), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        def shown() -> str:
            return " ".join(line.strip() for line in screen_text(app).replace("\u00a0", " ").splitlines())
        await until(pilot, lambda: words[0] in shown(), 20)
        for word in words:
            assert word in shown(), shown()
        for word in raw:
            assert word not in shown(), shown()
