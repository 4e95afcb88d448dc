"""The graph pane's model without Textual: settings with the graph's inputs as one mapping, the walk
to a step, the rule lines with their numbers, and how predicted gradients are read and judged."""
import re
from dataclasses import replace

import numpy as np
import pytest

from workbench.models.catalog import pane
from workbench.models.graph import GraphSettings, InputError, compute, with_input
from workbench.models.graph_rules import (Ask, answers, asks, closing_lines, fmt, is_right, ports_line,
                                          read_answer, rule_lines)
from workbench.models.settings import SettingError

ENTRY = pane("graph")


def test_inputs_read_from_lesson_data_and_from_the_command_line_alike():
    from_toml = ENTRY.build({"graph": "apple-orange", "inputs": {"apple": 150, "tax": 1.08}, "step": 8})
    from_text = ENTRY.parse(["graph=apple-orange", "inputs=apple=150, tax=1.08", "step=8"])
    assert from_toml == from_text
    assert from_toml.inputs == (("apple", 150.0), ("tax", 1.08))
    assert compute(from_toml).graph.edges["price"].value == pytest.approx((300 + 450) * 1.08)


def test_the_books_values_are_dropped_so_equal_graphs_have_equal_settings():
    assert ENTRY.build({"inputs": {"apple": 100, "tax": 1.1}}) == GraphSettings()


def test_array_inputs_take_rows_or_a_flat_list():
    rows = ENTRY.build({"graph": "softmax-with-loss", "inputs": {"x": [[1, 2], [3, 4]]}})
    flat = ENTRY.parse(["graph=softmax-with-loss", "inputs=x=[1 2; 3 4]"])
    assert rows == flat and rows.inputs == (("x", ((1.0, 2.0), (3.0, 4.0))),)


@pytest.mark.parametrize("raw, key, words", [
    ({"graph": "apple", "inputs": {"orange": 1}}, "inputs", "the apple graph has no input orange"),
    ({"graph": "apple", "step": 5}, "step", "step 5 is past the end: the apple graph has 4 steps"),
    ({"graph": "softmax-with-loss", "inputs": {"t": [0, 5]}}, "inputs", "whole numbers from 0 to 2"),
    ({"graph": "softmax-with-loss", "inputs": {"W": [1, 2]}}, "inputs", "W needs 6 numbers (2 × 3), got 2"),
    ({"graph": "apple", "inputs": {"tax": "a lot"}}, "inputs", "tax: 'a lot' is not a number"),
    ({"graph": "apple", "inputs": {"tax": [1, 2]}}, "inputs", "tax is one number, got 2"),
])
def test_bad_settings_name_the_setting_and_the_way_out(raw, key, words):
    with pytest.raises(SettingError) as caught:
        ENTRY.build(raw)
    assert caught.value.key == key and words in str(caught.value)


@pytest.mark.parametrize("raw, words", [
    ({"graph": "apple-orange", "step": 99999}, "step 99,999: 끝을 지났습니다. 사과와 귤 그래프의 단계 수: 8"),
    ({"graph": "apple", "inputs": {"orange": 1}}, "사과 그래프에는 입력 orange가 없습니다"),
])
def test_in_korean_a_bad_setting_names_the_graph_as_its_status_line_does(raw, words):
    """"apple 그래프의 단계 수: 4" under a status line that says 사과: the message named the graph by its key."""
    from workbench.i18n import set_language

    set_language("ko")
    try:
        with pytest.raises(SettingError) as caught:
            ENTRY.build(raw)
    finally:
        set_language("en")
    assert words in str(caught.value)


@pytest.mark.parametrize("text, words", [("", "apple: enter a number"), ("abc", "apple: abc is not a number"),
                                         ("inf", "apple must be finite, got inf"),
                                         ("1e999", "apple: 1e999 is past float64's largest number (about 1.8e308)")])
def test_a_bad_field_entry_is_an_input_error_naming_the_input(text, words):
    with pytest.raises(InputError) as caught:
        with_input(GraphSettings(), "apple", text)
    assert caught.value.input == "apple" and words in str(caught.value)


FLOAT64_MAX = "past float64's largest number (about 1.8e308)"


@pytest.mark.parametrize("raw, node, field", [
    ({"graph": "apple", "inputs": {"apple": 1e200, "apple_num": 1e200}},
     "the × node mul_apple_layer overflows: apple_price would be ∞", "apple"),
    ({"graph": "apple-orange", "inputs": {"orange_num": 1e200, "orange": 1e200}},
     "the × node mul_orange_layer overflows: orange_price would be ∞", "orange"),
    ({"graph": "apple", "inputs": {"tax": 1e307, "apple": 1000}},
     "the × node mul_tax_layer overflows: price would be ∞", "apple"),
    ({"graph": "sigmoid", "inputs": {"x": -1000}}, "the exp node exp_node overflows: b would be ∞", "x"),
])
def test_a_book_graph_refuses_inputs_that_overflow_naming_the_node(raw, node, field):
    """The same rule as an expression's exp(1000): a value that would be ∞ is named where it happens."""
    with pytest.raises(InputError) as caught:
        ENTRY.build(raw)
    assert node in str(caught.value) and FLOAT64_MAX in str(caught.value)
    assert caught.value.input == field


def test_a_book_graph_refuses_a_gradient_that_overflows():
    with pytest.raises(InputError, match="the × node mul_apple_layer overflows going back: the gradient of apple"):
        ENTRY.build({"graph": "apple", "inputs": {"apple": 1e-300, "apple_num": 1e300, "tax": 1e10}})


def test_the_books_graphs_with_large_finite_inputs_still_run():
    s = ENTRY.build({"graph": "apple-orange", "inputs": {"apple": 1e100, "orange": 1e100}})
    assert compute(s).graph.forward_value() == pytest.approx(5e100 * 1.1)
    assert compute(ENTRY.build({"graph": "apple-orange"})).graph.forward_value() == pytest.approx(715)


def test_a_field_entry_changes_one_input():
    s = with_input(GraphSettings(graph="apple"), "apple", "−150")
    assert s.inputs == (("apple", -150.0),)
    assert compute(s).graph.forward_value() == pytest.approx(-330)


def test_compute_walks_to_the_step_with_the_real_layers():
    view = compute(GraphSettings(graph="apple-orange", step=6))
    assert view.graph.position == 6 and not view.at_end
    assert view.graph.steps[-1].node.name == "add_apple_orange_layer"


def test_rule_lines_substitute_the_numbers():
    view = compute(GraphSettings(graph="apple", step=4))
    last = view.graph.steps[-1]
    assert ports_line(last.node) == "x ← apple · y ← apple_num"
    assert rule_lines(last) == ["dx = dout × self.y = 1.1 × 2 = 2.2", "dy = dout × self.x = 1.1 × 100 = 110"]
    assert rule_lines(view.graph.steps[0]) == ["apple_price = apple × apple_num = 100 × 2 = 200"]
    add = compute(GraphSettings(graph="apple-orange", step=6)).graph.steps[-1]
    assert rule_lines(add)[:2] == ["dx = dout × 1 = 1.1", "dy = dout × 1 = 1.1"]
    assert "unchanged" in rule_lines(add)[2]


def test_the_rule_names_the_layers_own_values_apart_from_the_graphs():
    """5.1 step 4: the × node of z = t · t is MulLayer.forward(x, y) with x and y both t, while the graph
    has its own x = 1 and y = 2; the rule reads self.y (= t = 3), never a bare y the reader takes for 2."""
    last = compute(GraphSettings(graph="chain", step=3)).graph.steps[-1]
    assert ports_line(last.node) == "x ← t · y ← t"
    assert rule_lines(last) == ["dx = dout × self.y = 1 × 3 = 3", "dy = dout × self.x = 1 × 3 = 3"]
    sigmoid = compute(GraphSettings(graph="sigmoid", step=7)).graph.steps[-1]      # exp, whose x is a
    assert ports_line(sigmoid.node) == "x ← a" and rule_lines(sigmoid)[0].startswith("dx = dout × self.out = ")
    relu = compute(GraphSettings(graph="relu", step=4)).graph.steps[-1]           # 5.3: no "x ← x"
    assert relu.node.kind == "relu" and ports_line(relu.node) == ""


def test_the_closing_check_compares_with_the_closed_form():
    assert "2 × (1 + 2) = 6; the graph found 6" in closing_lines(compute(GraphSettings(graph="chain", step=4)))[0]
    line = closing_lines(compute(GraphSettings(graph="sigmoid", step=8)))[0]
    assert "y(1 − y) = 0.1966; the graph found 0.1966" in line


def test_fmt_shows_four_significant_digits_and_a_true_minus():
    assert [fmt(220.00000000000003), fmt(-0.19661193), fmt(2.2000000000000002), fmt(-0.0)] == \
        ["220", "−0.1966", "2.2", "0"]
    assert fmt(np.array([0.5, 0.0, -1.0])) == "[0.5 0 −1]"


def test_a_mask_reads_as_numpy_writes_x_le_0_true_or_false():
    """A ReLU's mask as the book's `mask = (x <= 0)` gives it: "[T]" for one number told a learner nothing."""
    assert [fmt(np.array([True, False])), fmt(np.float64(-1) <= 0), fmt(np.array(2.0) <= 0)] == \
        ["[True False]", "True", "False"]


def test_a_single_relu_says_whether_its_mask_stops_the_gradient():
    """relu(x) of one number: the forward pass names the mask True or False, and the backward rule says
    what that does to the gradient, with the value it sends back."""
    from workbench.models.graph_rules import rule_lines

    def relu_lines(x: float) -> tuple[list[str], list[str]]:
        steps = compute(GraphSettings(expression="relu(x) * 3", inputs=(("x", x),), step=4)).graph.steps
        forward, backward = (rule_lines(step) for step in steps if step.node.kind == "relu")
        return forward, backward

    forward, backward = relu_lines(-1.0)
    assert forward[1] == "mask = (x ≤ 0) = True"
    assert backward == ["mask = True (x ≤ 0): the gradient stops here", "dx = 0"]
    forward, backward = relu_lines(2.0)
    assert forward[1] == "mask = (x ≤ 0) = False"
    assert backward == ["mask = False (x > 0): dout passes on unchanged", "dx = dout = 3"]
    array = compute(GraphSettings(graph="relu", step=4)).graph.steps[-1]
    assert rule_lines(array) == ["mask = [False True False]: dx is 0 where True, dout where False",
                                 "dx = [0.5 0 −1]"]


def test_fmt_writes_whole_numbers_grouped_below_a_million_as_the_other_panes_write_counts():
    assert [fmt(1300.0), fmt(65000.0), fmt(-97500.0), fmt(999999.4)] == ["1,300", "65,000", "−97,500", "999,999"]
    assert [fmt(1234.56), fmt(9999.6), fmt(999.4), fmt(999.96)] == ["1,235", "10,000", "999.4", "1,000"]
    assert [fmt(1234567.0), fmt(2e-5)] == ["1.2346e6", "2e−5"]
    assert fmt(np.array([1300.0, -2.0])) == "[1,300 −2]"


def test_a_numerical_derivative_is_grouped_as_the_backprop_value_beside_it():
    from workbench.models.graph_rules import _digits

    assert [_digits(1300.0123), _digits(-12345.678), _digits(2.0000001)] == ["1,300.01", "−12,345.7", "2"]


@pytest.mark.parametrize("text", ["1,300", "1300", "1,300.0", "−1,300*-1", "1,200 + 100"])
def test_a_predicted_number_reads_as_the_pane_writes_it_or_plainly(text):
    assert read_answer(text, Ask("x", "apple", ())) == 1300


@pytest.mark.parametrize("text, words", [
    ("1,5", "1,5 reads two ways: a comma between digits only groups thousands (1,300); a decimal takes a point"),
    ("1,30", "1,30 reads two ways"), ("1,3000", "1,3000 reads two ways"), ("0.5,3", "0.5,3 reads two ways"),
    ("1 300", "1 300: one number is written without spaces, 1300 or 1,300"),
    ("-1 300.5", "written without spaces, −1300.5 or −1,300.5"),
])
def test_a_number_that_reads_two_ways_is_refused_never_read_as_15(text, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        read_answer(text, Ask("x", "apple", ()))


@pytest.mark.parametrize("text", ["1e999", "10**400", "−1e999"])
def test_a_predicted_number_too_large_for_a_float64_says_so_not_that_it_cannot_be_read(text):
    """"1e999: 숫자로 읽을 수 없습니다" ("cannot read 1e999 as a number"): it reads, as ∞; say that."""
    with pytest.raises(ValueError, match=re.escape(f"{text} is past float64's largest number (about 1.8e308)")):
        read_answer(text, Ask("x", "apple", ()))
    with pytest.raises(ValueError, match="cannot read 1/0 as a number"):
        read_answer("1/0", Ask("x", "apple", ()))


def test_an_array_answer_takes_a_python_list_or_grouped_entries_and_refuses_a_comma_that_reads_two_ways():
    """A list typed as Python writes it ("[1,2,3]") is read as one, when that gives the array's size."""
    ask = Ask("x", "x", (3,))
    assert read_answer("[1,300 2 −3]", ask).tolist() == [1300, 2, -3]
    assert read_answer("0.5, 0, -1", ask).tolist() == [0.5, 0, -1]
    assert read_answer("0.5,0,-1", ask).tolist() == [0.5, 0, -1]
    assert read_answer("[1,2,3]", ask).tolist() == [1, 2, 3]
    assert read_answer("[1,300,2]", ask).tolist() == [1, 300, 2]
    for text, piece in (("0.5,0", "0.5,0"), ("1,5 2 3", "1,5")):
        with pytest.raises(ValueError, match=re.escape(f"{piece} reads two ways") + ".*separated by spaces"):
            read_answer(text, ask)


def test_a_field_takes_a_grouped_number_and_refuses_one_that_reads_two_ways():
    assert with_input(GraphSettings(), "apple", "1,300").inputs == (("apple", 1300.0),)
    with pytest.raises(InputError, match=re.escape("apple: 1,5 reads two ways")):
        with_input(GraphSettings(), "apple", "1,5")
    relu = GraphSettings(graph="relu")
    assert with_input(relu, "x", "1,500 -0.5 2").inputs == (("x", (1500.0, -0.5, 2.0)),)
    with pytest.raises(InputError, match="x: 1,5 reads two ways.*separated by spaces"):
        with_input(relu, "x", "1,5 -0.5 2")


def test_the_comma_messages_in_korean():
    from workbench.i18n import set_language

    set_language("ko")
    try:
        with pytest.raises(ValueError, match=re.escape("1,5는 두 가지로 읽힙니다: 숫자 사이의 쉼표는 세 자리 구분(1,300)에만")):
            read_answer("1,5", Ask("x", "apple", ()))
        with pytest.raises(ValueError, match=re.escape("1 300: 숫자 하나는 띄어 쓰지 않습니다. 1300 또는 1,300으로 쓰세요")):
            read_answer("1 300", Ask("x", "apple", ()))
        with pytest.raises(InputError, match=re.escape("사과(apple): 1,3000은 두 가지로 읽힙니다")):
            with_input(GraphSettings(), "apple", "1,3000")
    finally:
        set_language("en")


def test_asks_are_the_gradients_the_next_backward_step_sends():
    s = GraphSettings(graph="apple-orange", step=4)
    assert [a.label for a in asks(compute(s).graph)] == ["dx → all_price", "dy → tax"]
    assert answers(s) == {"x": pytest.approx(1.1), "y": pytest.approx(650)}
    assert asks(compute(GraphSettings(graph="apple-orange", step=3)).graph) == []   # forward: nothing to ask
    labels = asks(compute(GraphSettings(graph="softmax-with-loss", step=2)).graph)
    assert [a.label for a in labels] == ["dx → a"]                                  # never the labels t


@pytest.mark.parametrize("text, right", [("2.2", True), ("1.1*2", True), ("1.1 × 2", True), ("2.21", True),
                                         ("2", False), ("−2.2", False)])
def test_answers_within_one_percent_are_right(text, right):
    assert is_right(read_answer(text, Ask("x", "apple", ())), 2.2) is right


def test_an_array_answer_lists_its_entries_and_a_bad_answer_says_why():
    ask = Ask("x", "x", (3,))
    assert is_right(read_answer("0.5 0 -1", ask), [0.5, 0.0, -1.0])
    with pytest.raises(ValueError, match="expected 3 numbers, got 2"):
        read_answer("0.5 0", ask)
    with pytest.raises(ValueError, match="cannot read import os as a number"):
        read_answer("import os", Ask("x", "a", ()))


def test_overflow_messages_in_korean_name_the_node_and_the_number():
    from workbench.i18n import set_language

    set_language("ko")
    with pytest.raises(InputError, match="× 노드 mul_apple_layer에서 오버플로가 일어납니다: 사과 가격이 ∞가 됩니다"):
        ENTRY.build({"graph": "apple", "inputs": {"apple": 1e200, "apple_num": 1e200}})
    with pytest.raises(InputError, match=r"사과\(apple\): 1e309는 float64의 최댓값\(약 1.8e308\)보다 커서 ∞가 됩니다"):
        with_input(GraphSettings(), "apple", "1e309")
    with pytest.raises(SettingError, match="1번째 글자: 이 값들에서 exp의 결과가 ∞로 오버플로합니다"):
        ENTRY.build({"expression": "exp(1000) * x", "inputs": {"x": 1}})


def test_a_negative_operand_in_a_rule_is_in_parentheses():
    """"0.1353 × −1", "1 / −6" and "−1 × −0.1667²" (which reads as −0.02778 squared the wrong way) are
    written "0.1353 × (−1)", "1 / (−6)" and "−1 × (−0.1667)²"."""
    s = GraphSettings(expression="1/(x*y) - exp(x)", inputs=(("x", -2.0), ("y", 3.0)))
    lines = [line for step in range(1, 11)
             for line in rule_lines(compute(replace(s, step=step)).graph.steps[-1])]
    assert "t2 = 1 / t1 = 1 / (−6) = −0.1667" in lines
    assert "t4 = t3 × (−1) = 0.1353 × (−1) = −0.1353" in lines
    assert "f = t2 + t4 = −0.1667 + (−0.1353) = −0.302" in lines
    assert "dx = −dout × self.out² = −1 × (−0.1667)² = −0.02778" in lines
    assert "dy = dout × self.x = −0.02778 × (−2) = 0.05556" in lines
    chain = GraphSettings(graph="chain", inputs=(("y", -2.0),), step=4)
    assert "2 × (1 + (−2)) = −2; the graph found −2" in closing_lines(compute(chain))[0]
