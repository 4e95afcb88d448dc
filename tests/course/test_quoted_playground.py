"""Numbers the playground's and the expression's lesson steps quote, computed by their panes with each
step's settings (2.2 XOR learned, 4.4 the loop on points, 5.1 your own graph), in English and Korean."""
import pytest

from quoted import assert_quoted, computed, step

from workbench.models.catalog import pane
from workbench.models.graph import compute as compute_graph
from workbench.models.playground import train_to


def trained(lesson, step_id):
    plan = computed(lesson, step_id)
    return plan, train_to(plan, plan.settings.epochs)


@pytest.mark.slow
def test_xor_learned():
    plan, training = trained("xor", "learned")
    assert_quoted("xor", "learned", "4", plan.sizes[1])
    assert_quoted("xor", "learned", "200", plan.settings.points)
    assert_quoted("xor", "learned", "150", training.epoch)
    assert_quoted("xor", "learned", "100", 100 * training.latest.train_acc)
    assert plan.settings.activation == "sigmoid", "the text names chapter 3's sigmoid"
    around_30 = training.record_at(30)
    assert around_30.train_acc >= 0.9, "the text says the quadrants have turned by about 30 epochs"
    assert training.record_at(10).train_acc < 0.75, "…and that the network is unsure at first"


@pytest.mark.slow
def test_the_loop_on_points():
    plan, training = trained("training-loop", "points")
    assert_quoted("training-loop", "points", "200", plan.settings.points)
    assert_quoted("training-loop", "points", "10", plan.settings.batch_size)
    assert_quoted("training-loop", "points", "20", plan.iter_per_epoch)
    assert_quoted("training-loop", "points", "4", plan.sizes[1])
    assert_quoted("training-loop", "points", "0.1", plan.settings.lr)
    assert_quoted("training-loop", "points", "100", training.epoch)
    assert_quoted("training-loop", "points", "100", 100 * training.latest.test_acc)
    assert_quoted("training-loop", "points", "40", 40)
    early, late = training.record_at(40), training.record_at(60)
    assert early.loss > 2 * late.loss and early.test_acc < 0.95 <= late.test_acc, \
        "the text says the loss drops and the accuracy jumps after about 40 epochs"


@pytest.mark.slow
def test_a_harder_shape_needs_more_units():
    plan, training = trained("training-loop", "spirals")
    assert plan.settings.dataset == "spirals" and plan.settings.activation == "tanh"
    assert_quoted("training-loop", "spirals", "16", plan.sizes[1])
    assert_quoted("training-loop", "spirals", "16", plan.sizes[2])
    assert_quoted("training-loop", "spirals", "300", training.epoch)
    first = next(r.epoch for r in training.history if r.test_acc >= 0.95)
    assert_quoted("training-loop", "spirals", "95", 95)
    assert_quoted("training-loop", "spirals", "200", 200)
    assert 150 <= first <= 250, f"the text says about 200 epochs to pass 95 %, not {first}"
    assert training.latest.test_acc >= 0.95
    early = [training.record_at(e).test_acc for e in range(10, 101)]
    assert 0.6 <= sum(early) / len(early) <= 0.8, "the text says it wanders around 70 % for 100 epochs"
    assert_quoted("training-loop", "spirals", "70", 70)
    points = computed("training-loop", "points").settings
    small = trained_with(plan, hidden=points.hidden)
    assert_quoted("training-loop", "spirals", "4", points.hidden[0])
    assert_quoted("training-loop", "spirals", "80", 80)
    assert small.latest.test_acc < 0.8 and small.latest.train_acc < 0.8, \
        "the text says the last step's network stays below 80 % on the spirals"


def trained_with(plan, **changes):
    from dataclasses import replace

    from workbench.models.playground import compute

    settings = replace(plan.settings, **changes)
    return train_to(compute(settings), settings.epochs)


def test_your_own_graph():
    view = computed("computational-graph", "your-own")
    s = view.settings
    assert_quoted("computational-graph", "your-own", "2", dict(s.inputs)["w"])
    assert_quoted("computational-graph", "your-own", "0.5", dict(s.inputs)["b"])
    end = compute_graph(pane("graph").parse(["step=6"], base=s)).graph
    assert_quoted("computational-graph", "your-own", "−1.5", end.edges["t2"].value)
    assert_quoted("computational-graph", "your-own", "0.1824", end.edges["f"].value)
    assert_quoted("computational-graph", "your-own", "0.1491", end.edges["b"].grad)
    # The sigmoid's 0.1491 reaches b and the × node through the + node, unchanged: the text says so
    assert end.edges["t1"].grad == end.edges["b"].grad == end.edges["t2"].grad
    said = {lang: " ".join(step("computational-graph", "your-own", lang).text.split()) for lang in ("en", "ko")}
    assert "to the + node, which passes it unchanged to b and to the × node" in said["en"]
    assert "+ 노드로 보내고, + 노드는 이 값을 그대로 b와 × 노드로 보냅니다" in said["ko"]
    assert_quoted("computational-graph", "your-own", "−0.1491", end.edges["w"].grad)
    assert_quoted("computational-graph", "your-own", "0.2983", end.edges["x"].grad)
    written_out = pane("graph").parse(["expression=1 / (1 + exp(-(w*x + b)))", "step=12"], base=s)
    assert_quoted("computational-graph", "your-own", "0.1824", compute_graph(written_out).graph.edges["f"].value)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_expressions_a_step_suggests_are_valid(lang):
    """Every expression the step tells the learner to type parses and builds with its values."""
    import re

    from workbench.models.graph import GraphSettings, with_expression

    text = step("computational-graph", "your-own", lang).text
    typed = [m for m in re.findall(r"`([^`]+)`", text) if "(" in m or "*" in m]
    assert len(typed) >= 3
    for expression in typed:
        if "=" in expression:
            with_expression(GraphSettings(), expression)
        else:
            with_expression(GraphSettings(), expression + ", " + ", ".join(f"{n}=1" for n in "xyz" if n in expression))
