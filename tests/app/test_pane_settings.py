"""Settings built from lesson data: every wrong value is refused with a message naming it."""
from dataclasses import dataclass

import pytest

from workbench.course.settings import SettingError, build_settings, describe, setting


@dataclass(frozen=True)
class Demo:
    count: int = setting(3, min=1, max=10, help="how many")
    rate: float = setting(0.5, min=0.0, max=1.0)
    mode: str = setting("fast", choices=("fast", "slow"))
    shown: tuple[str, ...] = setting(("a",), choices=("a", "b", "c"))
    grid: bool = setting(False)


def test_missing_settings_take_their_defaults_and_lists_become_tuples():
    built = build_settings(Demo, {"count": 4, "rate": 1, "shown": ["b", "c"]})
    assert built == Demo(count=4, rate=1.0, shown=("b", "c"))
    assert isinstance(built.rate, float)


@pytest.mark.parametrize("raw, key, message", [
    ({"cuont": 1}, "cuont", "unknown setting 'cuont' (did you mean 'count'?)"),
    ({"count": 11}, "count", "count = 11 is out of range 1 to 10"),
    ({"count": 2.5}, "count", "count must be a whole number, got 2.5"),
    ({"count": True}, "count", "count must be a whole number, got true"),
    ({"rate": "high"}, "rate", 'rate must be a number, got "high"'),
    ({"mode": "medium"}, "mode", "mode must be one of 'fast', 'slow'; got 'medium'"),
    ({"shown": "a"}, "shown", 'shown must be a list, got "a"'),
    ({"shown": ["a", "d"]}, "shown", "shown may hold only 'a', 'b', 'c'; got 'd'"),
    ({"shown": ["a", "a"]}, "shown", 'shown lists an item twice: ["a", "a"]'),
    ({"grid": 1}, "grid", "grid must be true or false, got 1"),
])
def test_bad_values_name_the_setting_and_what_it_accepts(raw, key, message):
    with pytest.raises(SettingError) as caught:
        build_settings(Demo, raw)
    assert caught.value.key == key
    assert str(caught.value).startswith(message)


def test_a_check_across_settings_is_a_setting_error_without_a_key():
    @dataclass(frozen=True)
    class Range:
        low: float = setting(0.0)
        high: float = setting(1.0)

        def __post_init__(self):
            if self.low >= self.high:
                raise ValueError("low must be below high")

    with pytest.raises(SettingError, match="low must be below high") as caught:
        build_settings(Range, {"low": 2.0})
    assert caught.value.key is None


def test_describe_lists_ranges_choices_and_defaults():
    lines = describe(Demo)
    assert lines[0] == "count: a whole number 1 to 10; default 3 — how many"
    assert lines[2] == 'mode: one of fast, slow; default "fast"'
    assert lines[3] == 'shown: any of a, b, c; default ["a"]'
    assert lines[4] == "grid: true or false; default false"
