"""Setting kinds: lesson data, typed text and input fields all give the same values and the same messages."""
from dataclasses import dataclass

import pytest

from workbench.i18n import set_language
from workbench.models.settings import (SettingError, as_text, build_settings, choice, defaults, flag, int_list,
                                       integer, kinds, number, parse_assignments, seed, shape, subset, with_text)


@dataclass(frozen=True)
class Demo:
    count: int = integer(3, min=1, max=10)
    rate: float = number(0.5, min=0.0, max=1.0)
    lr: float = number(0.01, min=1e-6, max=10.0, log=True)
    mode: str = choice("fast", ("fast", "slow"))
    shown: tuple[str, ...] = subset(("a",), ("a", "b", "c"))
    hidden: tuple[int, ...] = int_list((50, 50), min=1, max=1000, max_length=4)
    input_shape: tuple[int, ...] = shape((1, 1, 4, 4), names=("N", "C", "H", "W"), min=1, max=64)
    rng: int = seed(7)
    grid: bool = flag(False)


def spaced(text: str) -> str:
    """`text` with its no-break spaces as plain ones: a range holds them, so that no row ends inside it
    ("allowed: from −10 to" over "10"); these tests pin its words."""
    return text.replace("\u00a0", " ")


@pytest.fixture(autouse=True)
def errors_read_with_plain_spaces(monkeypatch):
    """A SettingError's text, as `match=` and `str()` read it here, with plain spaces (`spaced`)."""
    said = SettingError.__str__
    monkeypatch.setattr(SettingError, "__str__", lambda self: spaced(said(self)))


def test_missing_settings_take_their_defaults_and_lists_become_tuples():
    built = build_settings(Demo, {"count": 4, "rate": 1, "shown": ["b", "c"], "hidden": [100, 100, 100]})
    assert built == Demo(count=4, rate=1.0, shown=("b", "c"), hidden=(100, 100, 100))
    assert isinstance(built.rate, float)
    assert defaults(Demo)["hidden"] == (50, 50)


@pytest.mark.parametrize("raw, key, message", [
    ({"cuont": 1}, "cuont", "unknown setting cuont (did you mean count?)"),
    ({"count": 11}, "count", "count = 11 is out of range; allowed: from 1 to 10"),
    ({"count": 2.5}, "count", "count must be a whole number from 1 to 10, got 2.5"),
    ({"count": True}, "count", "count must be a whole number from 1 to 10, got true"),
    ({"rate": "high"}, "rate", 'rate must be a number from 0 to 1, got "high"'),
    ({"rate": float("nan")}, "rate", "rate must be a finite number from 0 to 1, got nan"),
    ({"lr": 1e9}, "lr", "lr = 1e9 is out of range; allowed: from 1e−6 to 10"),
    ({"mode": "medium"}, "mode", 'mode must be one of fast, slow; got "medium"'),
    ({"shown": "a"}, "shown", 'shown must be a list, got "a"'),
    ({"shown": ["a", "d"]}, "shown", 'shown may hold only a, b, c; got "d"'),
    ({"shown": ["a", "a"]}, "shown", 'shown lists an item twice: ["a", "a"]'),
    ({"hidden": [50, "x"]}, "hidden", 'hidden must be a whole number from 1 to 1,000, got "x"'),
    ({"hidden": []}, "hidden", "hidden must list 1 to 4 numbers, got []"),
    ({"hidden": [50, 0]}, "hidden", "hidden = 0 is out of range; allowed: from 1 to 1,000"),
    ({"input_shape": [1, 1, 4]}, "input_shape", "input_shape must be sizes (N, C, H, W) from 1 to 64, got [1, 1, 4]"),
    ({"input_shape": [1, 1, 4, 99]}, "input_shape", "input_shape.W = 99 is out of range; allowed: from 1 to 64"),
    ({"rng": -1}, "rng", "rng = −1 is out of range"),
    ({"grid": 1}, "grid", "grid must be true or false, got 1"),
])
def test_bad_values_name_the_setting_the_value_and_what_is_allowed(raw, key, message):
    with pytest.raises(SettingError) as caught:
        build_settings(Demo, raw)
    assert caught.value.key == key
    assert str(caught.value).startswith(message)


def test_a_list_of_ints_may_repeat_a_size():
    assert build_settings(Demo, {"hidden": [50, 50, 50]}).hidden == (50, 50, 50)


@pytest.mark.parametrize("text, expected", [
    ("count=7", {"count": 7}), ("rate=0.25", {"rate": 0.25}), ("lr=1e-3", {"lr": 0.001}),
    ("mode=slow", {"mode": "slow"}), ("mode=SLOW", {"mode": "slow"}), ("shown=b, c", {"shown": ("b", "c")}),
    ("hidden=100,100", {"hidden": (100, 100)}), ("hidden=[20, 30]", {"hidden": (20, 30)}),
    ("input_shape=2,3,7,7", {"input_shape": (2, 3, 7, 7)}), ("input_shape=(1, 3, 5, 5)", {"input_shape": (1, 3, 5, 5)}),
    ("input_shape=1x1x8x8", {"input_shape": (1, 1, 8, 8)}), ("rng=42", {"rng": 42}),
    ("grid=yes", {"grid": True}), ("grid=off", {"grid": False}), ("rate=−0", {"rate": 0.0}),
])
def test_typed_text_reads_as_the_kind_says(text, expected):
    built = parse_assignments(Demo, [text])
    for key, value in expected.items():
        assert getattr(built, key) == value


@pytest.mark.parametrize("text, key, message", [
    ("count=three", "count", 'count must be a whole number from 1 to 10, got "three"'),
    ("rate=", "rate", "rate: type a number from 0 to 1"),
    ("rate=inf", "rate", "rate must be a finite number from 0 to 1, got inf"),
    ("hidden=50,x", "hidden", 'hidden must be a whole number from 1 to 1,000, got "x"'),
    ("input_shape=1,2", "input_shape", "input_shape must be sizes (N, C, H, W)"),
    ("grid=maybe", "grid", 'grid must be true or false, got "maybe"'),
    ("nothing", None, "expected KEY=VALUE, got nothing"),
])
def test_bad_text_is_refused_with_the_same_kind_of_message(text, key, message):
    with pytest.raises(SettingError) as caught:
        parse_assignments(Demo, [text])
    assert caught.value.key == key and str(caught.value).startswith(message)


def test_every_value_reads_back_from_its_text():
    demo = Demo()
    for key in kinds(Demo):
        assert with_text(demo, key, as_text(demo, key)) == demo


def test_a_check_across_settings_names_its_setting():
    @dataclass(frozen=True)
    class Range:
        low: float = number(0.0)
        high: float = number(1.0)

        def __post_init__(self):
            if self.low >= self.high:
                raise SettingError("high", "high must be above low")

    with pytest.raises(SettingError, match="high must be above low") as caught:
        build_settings(Range, {"low": 2.0})
    assert caught.value.key == "high"


def test_describe_says_what_each_kind_allows():
    found = {key: spaced(kind.describe()) for key, kind in kinds(Demo).items()}
    assert found["count"] == "a whole number from 1 to 10"
    assert found["lr"] == "a number from 1e−6 to 10, read in powers of ten"
    assert found["mode"] == "one of fast, slow"
    assert found["hidden"] == "a list of 1 to 4 whole numbers from 1 to 1,000"
    assert found["input_shape"] == "sizes (N, C, H, W) from 1 to 64"
    assert found["grid"] == "true or false"


def test_messages_follow_the_interface_language():
    set_language("ko")
    try:
        with pytest.raises(SettingError, match="정수"):
            build_settings(Demo, {"count": 2.5})
    finally:
        set_language("en")


def test_a_list_default_is_refused():
    with pytest.raises(TypeError):
        integer([1])


def test_minus_zero_reads_as_zero():
    """NumPy refuses a scale of -0.0 ("scale < 0"): the playground's noise=-0 leaked that message."""
    import math

    from workbench.models.catalog import pane
    from workbench.models.settings import Float

    for value in (Float(0, 0.5).from_text("noise", "-0"), Float(0, 0.5).from_data("noise", -0.0),
                  Float(0, 0.5).from_text("noise", "−0.0")):
        assert value == 0 and math.copysign(1, value) == 1
    playground = pane("playground")
    assert playground.compute(playground.parse(["noise=-0"])) is not None


def test_a_list_of_names_reads_them_in_any_case_as_a_single_choice_does():
    from workbench.models.catalog import pane

    assert pane("optimizers").parse(["optimizers=sgd, ADAM"]).optimizers == ("SGD", "Adam")
    assert pane("compare-optimizers").parse(["optimizers=SGD,Adam"]).optimizers == ("sgd", "adam")
    with pytest.raises(SettingError, match="twice|more than once|at most once"):
        pane("optimizers").parse(["optimizers=sgd, SGD"])


def test_a_range_writes_its_minus_as_the_interface_does_and_typing_takes_either():
    """The settings dialog wrote "(-10부터 10까지)" / "from -10 to 10" where every pane writes −10; and
    a whole number typed with − ("−3", as the interface writes it) was "not a whole number"."""
    from workbench.models.settings import Float, Int, IntList, Shape

    assert spaced(Float(-10, 10).describe()) == "a number from −10 to 10"
    assert spaced(Int(-5).describe()) == "a whole number of at least −5"
    set_language("ko")
    try:
        assert spaced(Float(-10, 10).describe()) == "수(−10부터 10까지)"
    finally:
        set_language("en")
    with pytest.raises(SettingError, match="x = −20 is out of range; allowed: from −10 to 10"):
        Float(-10, 10).from_text("x", "-20")
    for typed in ("-3", "−3"):
        assert Int(-5, 5).from_text("n", typed) == -3 and Float(-5, 5).from_text("x", typed) == -3.0
        assert IntList(-5, 5).from_text("n", f"1, {typed}") == (1, -3)
    with pytest.raises(SettingError, match="out of range"):       # a size of −1: refused for its range, not its form
        Shape(("H", "W")).from_text("shape", "4, −1")


def test_a_value_out_of_a_range_open_at_one_end_says_what_is_allowed_in_words_that_read():
    """`workbench open graph --set step=-1` said "allowed: of at least 0": the range as a description
    ends with it ("a whole number of at least 0") was pasted after "allowed:"."""
    from workbench.models.settings import Float, Int

    assert spaced(Int(0).describe()) == "a whole number of at least 0"
    with pytest.raises(SettingError, match="^step = −1 is out of range; allowed: 0 or more$"):
        Int(0).from_text("step", "-1")
    with pytest.raises(SettingError, match="^x = 11 is out of range; allowed: 10 or less$"):
        Float(None, 10).from_text("x", "11")
    with pytest.raises(SettingError, match="^x = 1e999 is out of range; allowed: 10 or less$"):
        Float(None, 10).from_text("x", "1e999")
    set_language("ko")
    try:
        with pytest.raises(SettingError, match=r"^step = −1: 허용 범위를 벗어났습니다\(0 이상\)$"):
            Int(0).from_text("step", "-1")
    finally:
        set_language("en")


def refused(lang: str, name: str, typed: str) -> str:
    """What pane `name` says of the assignment `typed` (it must refuse it), in `lang`."""
    from workbench.models.catalog import pane

    set_language(lang)
    try:
        with pytest.raises(SettingError) as raised:
            pane(name).parse([typed])
    finally:
        set_language("en")
    return str(raised.value)


@pytest.mark.parametrize("lang, typed, said", [
    ("en", "cell=abc", 'cell must be whole numbers (row, column) from 0 to 99, got "abc"'),
    ("ko", "cell=abc", 'cell: 0부터 99까지의 정수 (행, 열)여야 합니다(받은 값: "abc")'),
    ("ko", "crop_at=a", 'crop_at: 0부터 20까지의 정수 (위, 왼쪽)여야 합니다(받은 값: "a")'),
    ("en", "shift=1", 'shift must be whole numbers (down, right) from −14 to 14, got "1"')])
def test_a_position_is_said_as_numbers_with_its_parts_in_the_readers_language(lang, typed, said):
    """A cell's (row, column), a shift's (down, right) and a crop's (top, left) were "sizes", and in
    Korean "크기 (row, column)": a position called a size, its parts in English."""
    from workbench.models.settings import labelled

    assert refused(lang, "conv" if typed.startswith("cell") else "augmentation", typed) == said
    with labelled(lambda key: {"cell": "출력 칸"}.get(key, key)):
        assert refused(lang, "conv", "cell=5,150").startswith("출력 칸 열 = 150: " if lang == "ko" else "출력 칸 column = 150 ")
    assert "(N, C, H, W)" in refused(lang, "im2col", "input=1,2")        # the book's symbols stay


@pytest.mark.parametrize("lang, typed, said", [
    ("en", "input=", "input: type sizes (N, C, H, W) from 1 to 4,096"),
    ("en", "cell= ", "cell: type whole numbers (row, column) from 0 to 99"),
    ("ko", "input=", "input: 1부터 4,096까지의 (N, C, H, W) 크기를 입력하세요"),
    ("ko", "cell=", "cell: 0부터 99까지의 (행, 열) 정수를 입력하세요")])
def test_an_empty_field_of_sizes_asks_for_them_as_a_numbers_field_does(lang, typed, said):
    """An emptied (N, C, H, W) field said `input must be sizes (N, C, H, W) from 1 to 4,096, got ""`,
    where an emptied number's field says "type a whole number …"."""
    assert refused(lang, "im2col" if typed.startswith("input") else "conv", typed) == said


def test_inside_labelled_a_message_names_the_setting_as_its_field_is_labelled():
    """A Korean learner read `scores: 수를 입력하세요` beside a field labelled 점수: the message named the
    key, which only `--set` and lesson files write. Outside `labelled` (the command line) it still does."""
    from workbench.models.catalog import pane
    from workbench.models.settings import labelled

    softmax, activation = pane("softmax"), pane("activation-plot")
    set_language("ko")
    try:
        with labelled(softmax.setting_label):
            with pytest.raises(SettingError, match="^점수: ") as caught:
                with_text(softmax.settings(), "scores", "")
            assert caught.value.key == "scores"
            with pytest.raises(SettingError, match="^온도 = 0: "):
                with_text(softmax.settings(), "temperature", "0")
        with labelled(activation.setting_label):          # a check across settings names both as labelled
            with pytest.raises(SettingError) as caught:
                with_text(activation.settings(), "x_max", "-7")
        assert str(caught.value) == "x 왼쪽 끝(−6)은 x 오른쪽 끝(−7)보다 작아야 합니다"
        with pytest.raises(SettingError, match="^scores: "):
            softmax.parse(["scores="])
    finally:
        set_language("en")


def test_a_labelled_size_of_a_shape_is_named_with_its_label():
    from workbench.models.catalog import pane
    from workbench.models.settings import labelled

    im2col = pane("im2col")
    set_language("ko")
    try:
        with labelled(im2col.setting_label), pytest.raises(SettingError, match="^입력 N = 0: "):
            with_text(im2col.settings(), "input", "0 1 4 4")
    finally:
        set_language("en")
    with pytest.raises(SettingError, match=r"^input\.N = 0 is out of range"):
        im2col.parse(["input=0,1,4,4"])


@pytest.mark.parametrize("text, message", [
    ("rate=", "rate: type a number from 0 to 1"),
    ("count=", "count: type a whole number from 1 to 10"),
    ("rate=0,5", "rate: 0,5 has a decimal comma; write it with a point, 0.5"),
    ("rate=1e999", "rate = 1e999 is out of range; allowed: from 0 to 1"),
    ("rate=-1e999", "rate = −1e999 is out of range; allowed: from 0 to 1"),
    ("lr=-0", "lr = 0 is out of range; allowed: from 1e−6 to 10"),
    ("hidden=", "hidden: type a list of 1 to 4 whole numbers from 1 to 1,000"),
    ("input_shape=abc", 'input_shape must be sizes (N, C, H, W) from 1 to 64, got "abc"'),
])
def test_a_slip_in_typing_a_number_is_named_for_what_it_is(text, message):
    """An empty field said 'must be a number, got ""'; 0,5 'must be a number'; 1e999 'must be a finite
    number, got inf' (the learner typed no inf); −0 'lr = −0 is out of range'. Each now says what was
    typed and what is allowed."""
    with pytest.raises(SettingError) as caught:
        parse_assignments(Demo, [text])
    assert str(caught.value) == message


def test_an_overflowing_number_among_several_is_quoted_as_typed():
    from workbench.models.settings import Numbers

    with pytest.raises(SettingError, match="^a = 1e999 is out of range; allowed: from −10 to 10$"):
        Numbers((1, 3), None, -10, 10).from_text("a", "1 1e999")


def test_the_loss_panes_checks_name_t_and_y_as_labelled_and_a_number_too_large_says_what_is_allowed():
    from workbench.models.catalog import pane
    from workbench.models.settings import labelled

    loss = pane("loss")
    set_language("ko")
    try:
        with labelled(loss.setting_label):
            with pytest.raises(SettingError, match=r"^정답 t는 출력 y\(1 × 10\)에 맞아야 합니다"):
                with_text(loss.settings(), "t", "0 5")
            with pytest.raises(SettingError, match="^정답 t: 정답 클래스 번호인 0부터 9까지의 정수여야 합니다.받은 값: −1."):
                with_text(loss.settings(), "t", "-1")
            with pytest.raises(SettingError, match="∞가 됩니다. 입력할 수 있는 값: 레이블 하나"):
                with_text(loss.settings(), "t", "1e999")
    finally:
        set_language("en")


def test_a_new_value_for_a_key_the_settings_leave_unused_is_refused_as_set_refuses_it():
    """A field's edit (`with_text`): the dialog's dropout typed while net = simple was silently ignored."""
    from workbench.models.settings import with_text
    from workbench.models.train_settings import TrainSettings

    with pytest.raises(SettingError) as refused:
        with_text(TrainSettings(net="simple"), "dropout", "0.5")
    assert refused.value.key == "dropout" and "not used when net = simple" in str(refused.value)
    assert with_text(TrainSettings(net="simple"), "dropout", "0").dropout == 0     # the value it has passes
    assert with_text(TrainSettings(net="multi-layer-extend"), "dropout", "0.5").dropout == 0.5
