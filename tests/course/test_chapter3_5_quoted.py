"""The numbers lessons 3.1 (activation functions), 5.1 (computational graphs), 5.2 (add and multiply
layers), 5.3 (ReLU, Sigmoid and Affine layers) and 5.4 (Softmax-with-Loss) quote are what their panes
compute at that step, in English and Korean: the probe's readings, the shopping graphs forward and
backward, (x + y)²'s two paths, the ReLU mask's dx, the sigmoid graph node by node and the first
sample's gradient at the scores."""
import re

import numpy as np
import pytest

from quoted import assert_quoted, computed, step
from workbench.models.catalog import pane

LANGS = ("en", "ko")


def assert_says(lesson_id: str, step_id: str, text: str) -> None:
    """The step's text says `text` (an array as the pane writes it) in every language."""
    for lang in LANGS:
        said = " ".join(step(lesson_id, step_id, lang).text.split())
        assert text in said, f"{lesson_id}/{step_id} ({lang}) does not say {text}"


def computed_after(lesson_id: str, step_id: str, *assignments: str):
    """What the step's pane computes after the learner's keys, given as the settings they set."""
    found = step(lesson_id, step_id)
    return pane(found.pane).compute(pane(found.pane).parse(list(assignments), base=found.pane_settings))


def edges(lesson_id: str, step_id: str):
    return computed(lesson_id, step_id).graph.edges


def array_text(values) -> str:
    """[1.5 −0.5 2], as the lesson writes a short array (true minus, no trailing zeros)."""
    return "[" + " ".join(f"{v:g}".replace("-", "\u2212") for v in values) + "]"


# -- 3.1 Activation functions -----------------------------------------------------------------------

@pytest.mark.parametrize("step_id, function, quote", [("step-function", "step", "0"),
                                                      ("sigmoid", "sigmoid", "0.731"),
                                                      ("relu", "relu", "2")])
def test_the_probe_reads_what_the_text_says(step_id, function, quote):
    assert_quoted("activation-functions", step_id, quote, computed("activation-functions", step_id).at_probe[function])


def test_the_sigmoid_at_0_is_exactly_a_half():
    """Step 2 says so; step 3's probe sits at 0 and reads it."""
    assert step("activation-functions", "non-linear").pane_settings.probe == 0
    assert_quoted("activation-functions", "sigmoid", "0.5", computed("activation-functions", "non-linear").at_probe["sigmoid"])


# -- 5.1 Computational graphs and the chain rule -----------------------------------------------------

def test_the_apple_and_orange_graph_forward():
    e = edges("computational-graph", "local")
    for name, quote in (("apple_price", "200"), ("orange_price", "450"), ("all_price", "650"), ("price", "715")):
        assert_quoted("computational-graph", "local", quote, e[name].value)


def test_the_tax_node_backward_and_the_apple_node_after_one_more_step():
    e = edges("computational-graph", "backward")
    assert_quoted("computational-graph", "backward", "1.1", e["apple_price"].grad)
    assert_quoted("computational-graph", "backward", "200", e["tax"].grad)
    after = computed_after("computational-graph", "backward", "step=4").graph.edges     # `.` once more
    assert_quoted("computational-graph", "backward", "2.2", after["apple"].grad)
    assert_quoted("computational-graph", "backward", "110", after["apple_num"].grad)


def test_t_used_twice_gets_the_sum_and_the_add_node_passes_it_on():
    e = edges("computational-graph", "chain-rule")
    assert_quoted("computational-graph", "chain-rule", "9", e["z"].value)
    assert_quoted("computational-graph", "chain-rule", "6", e["t"].grad)
    e = edges("computational-graph", "two-paths")
    assert_quoted("computational-graph", "two-paths", "6", e["x"].grad)
    assert e["x"].grad == e["y"].grad == e["t"].grad


# -- 5.2 Add and multiply layers --------------------------------------------------------------------

def test_the_add_node_sends_what_arrives_to_both_inputs():
    e = edges("layer-nodes", "add-node")
    assert e["all_price"].grad == e["apple_price"].grad == e["orange_price"].grad
    assert_quoted("layer-nodes", "add-node", "1.1", e["apple_price"].grad)


def test_the_apple_node_swaps_its_inputs():
    e = edges("layer-nodes", "mul-node")
    assert_quoted("layer-nodes", "mul-node", "2.2", e["apple"].grad)
    assert_quoted("layer-nodes", "mul-node", "110", e["apple_num"].grad)
    assert_quoted("layer-nodes", "mul-node", "100", e["apple"].value)


@pytest.mark.parametrize("edge, quote", [("all_price", "1.1"), ("tax", "650"), ("apple_price", "1.1"),
                                         ("orange_price", "1.1"), ("orange", "3.3"), ("orange_num", "165"),
                                         ("apple", "2.2"), ("apple_num", "110")])
def test_the_whole_apple_and_orange_backward_pass(edge, quote):
    assert_quoted("layer-nodes", "apples-oranges", quote, edges("layer-nodes", "apples-oranges")[edge].grad)


# -- 5.3 ReLU, Sigmoid and Affine layers ------------------------------------------------------------

def test_the_relu_layer_forward():
    e = edges("activation-layers", "relu-layer")
    assert_says("activation-layers", "relu-layer", array_text(e["x"].value))
    assert_says("activation-layers", "relu-layer", array_text(e["h"].value))
    mask = "[" + " ".join(str(bool(masked)) for masked in e["x"].value <= 0) + "]"     # [False True False]
    assert_says("activation-layers", "relu-layer", mask)


def test_the_mask_stops_the_gradient():
    e = edges("activation-layers", "relu-mask")
    assert_says("activation-layers", "relu-mask", array_text(e["h"].grad))
    assert_says("activation-layers", "relu-mask", array_text(e["x"].grad))
    assert e["x"].grad[1] == 0 and e["h"].grad[1] == 3


def test_the_sigmoid_graph_forward():
    e = edges("activation-layers", "sigmoid-graph")
    for name, quote in (("a", "−1"), ("b", "0.3679"), ("c", "1.368"), ("y", "0.7311")):
        assert_quoted("activation-layers", "sigmoid-graph", quote, e[name].value)


def test_the_sigmoids_backward_node_by_node_and_as_y_times_1_minus_y():
    e = edges("activation-layers", "sigmoid-backward")
    y = e["y"].value
    for quote, value in (("0.7311", y), ("−0.5344", e["c"].grad), ("−0.5344", e["b"].grad),
                         ("0.3679", e["b"].value), ("−0.1966", e["a"].grad), ("0.1966", e["x"].grad),
                         ("0.2689", 1 - y), ("0.1966", y * (1 - y))):
        assert_quoted("activation-layers", "sigmoid-backward", quote, value)


# -- 5.4 Softmax-with-Loss ---------------------------------------------------------------------------

def test_the_loss_of_the_batch():
    e = edges("softmax-with-loss", "last-layer")
    assert_quoted("softmax-with-loss", "last-layer", "1.24", e["L"].value)
    assert [int(np.argmax(row)) for row in e["t"].value] == [0, 2], "the text names classes 0 and 2"


def test_the_first_samples_correct_class_gets_y_minus_1_over_2():
    e = edges("softmax-with-loss", "clean-gradient")
    n = len(e["t"].value)
    y_correct = e["a"].grad[0, 0] * n + 1
    assert_quoted("softmax-with-loss", "clean-gradient", "0.4948", y_correct)
    assert_quoted("softmax-with-loss", "clean-gradient", "−0.2526", e["a"].grad[0, 0])
    assert_quoted("softmax-with-loss", "clean-gradient", "2", n)


# -- numbers as the graph pane writes them ------------------------------------------------------------

GRAPH_LESSONS = ("computational-graph", "layer-nodes", "activation-layers", "softmax-with-loss", "gradient-check")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", GRAPH_LESSONS)
def test_chapter_5_writes_a_number_of_1000_or_more_grouped_as_the_graph_pane_does(lesson_id, lang):
    """The graph pane writes 1,300 and 65,000; a lesson beside it that wrote 1300 (outside code,
    where `1300` is what a learner may type) would not read as the pane does."""
    from workbench.course.files import load_course

    lesson = load_course(lang=lang).lesson(lesson_id)
    for found in lesson.steps:
        prose = re.sub(r"```.*?```|`[^`]*`", " ", found.text, flags=re.S)
        ungrouped = re.findall(r"(?<![\w.,])\d{4,}(?![\d\w])", prose)
        assert not ungrouped, f"{lesson_id}/{found.id} ({lang}) writes {ungrouped[0]} ungrouped"
