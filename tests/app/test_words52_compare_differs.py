"""The free comparison's plan names what differs between its runs, after each run's typed name, as the
dialog names settings and their values: 초기 가중치 = He, 활성화 함수 = ReLU in Korean (it said he and
relu beside the labelled settings); English keeps the --set words as its lists do."""
import pytest

from workbench.app.app import make_app
from workbench.models.catalog import pane
from screen_text import screen_text, until

RUNS = "runs=activation=relu weight_init=he; activation=sigmoid weight_init=xavier optimizer=adam"


@pytest.mark.parametrize("lang, words, raw", [
    ("ko", ["초기 가중치 = He", "활성화 함수 = ReLU", "초기 가중치 = Xavier", "활성화 함수 = 시그모이드", "최적화 기법 = Adam"],
     ["= he", "= relu", "= xavier", "= sigmoid"]),
    ("en", ["weight_init = he", "activation = relu", "weight_init = xavier", "activation = sigmoid", "optimizer = Adam"],
     []),
])
async def test_what_differs_is_named_as_the_dialog_names_it(lang, words, raw):
    app = make_app(pane=("compare", pane("compare").parse([RUNS])), lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        def shown() -> str:
            return " ".join(line.strip() for line in screen_text(app).replace("\u00a0", " ").splitlines())
        await until(pilot, lambda: words[0] in shown(), 20)
        for word in words:
            assert word in shown(), shown()
        for word in raw:
            assert word not in shown(), shown()
