"""The Korean of ex53's hints, read in the pane at 80×24: each says what to write in a sentence of its
own (a formula left dangling after the sentence, "…더하세요. np.log(y + delta)."), with the book's
word for the update (갱신, not 업데이트), the particle the word's sound takes (x.shape를), and a long
sentence in two."""
import pytest

from workbench.i18n import set_language, t


@pytest.fixture(autouse=True)
def korean():
    set_language("ko")
    yield
    set_language("en")


@pytest.mark.parametrize("key, values, said, not_said", [
    ("cee_delta_nan", {}, "책처럼 delta = 1e-7을 log 안에 더해 np.log(y + delta)로 쓰세요.", "더하세요. np.log"),
    ("gradient_half", {}, "보관해 둔 값에서 바꾸어 x[idx] = tmp_val - h로 쓰세요(", "바꾸세요. x[idx]"),
    ("copy_input", {"what": "x"}, "책의 Relu처럼 out = x.copy()로 복사본을 만들어 그것을 바꾸세요.", "바꾸세요. out ="),
    ("crash_one_number", {"file": "functions.py", "line": 11}, "수 하나만 받는 함수(math.exp", "받는 것("),
    ("crash_truth", {"file": "functions.py", "line": 28}, "x > 0처럼 배열째로 원소마다 비교하거나 np.where를 쓰세요.",
     "배열 그대로"),
    ("opt_first_key", {}, "키 하나만 갱신하고 멈춘 것으로", "업데이트"),
    ("window_stride", {}, "윈도우는 stride만큼씩 떨어져 시작합니다. 책처럼 y_max", "책처럼 윈도우는"),
    ("sum_db", {}, "dout을 배치 축을 따라 더한", "배치 축으로 더한"),
    ("affine_dx_shape", {}, "x.shape를 self.original_x_shape에 보관하고", "x.shape을"),
    ("channels_last", {}, "transpose(0, 3, 1, 2)를 써서 (N, C, out_h, out_w)로", "transpose(0, 3, 1, 2)로 ("),
    ("slow_or_endless", {"name": "Relu", "file": "layers.py", "line": 34},
     "줄을 실행하고 있었습니다. 그곳의 루프가 끝나지 않거나 순전파가 너무 느린 것입니다.", "있었으니"),
])
def test_a_hint_reads_as_natural_korean(key, values, said, not_said):
    text = t(f"exercises.hint.{key}", **values)
    assert said in text and not_said not in text, text
