"""The one rule for "did you mean": cases it must name and cases it must leave alone (workbench/suggest.py)."""
from __future__ import annotations

import pytest

from workbench.suggest import keys_typed, suggest

BREAKS = ["none", "affine-dw-no-transpose", "relu-mask-inverted", "softmax-no-batch-divide", "softmax-1d",
          "pool-wrong-element", "conv-db-wrong-axis", "batchnorm-dvar-missing", "forward-difference"]
NETS = ["simple", "deep", "two-layer", "deep-fc"]
OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"]
COMMANDS = ["lesson", "lessons", "panes", "open", "data", "train", "search", "compare", "gradcheck", "graph"]
PARTS = ["step_function", "sigmoid", "relu", "softmax", "Affine", "SoftmaxWithLoss", "Convolution", "Pooling"]
LESSONS = ["1.1", "2.1", "2.2", "4.4", "6.4", "7.1", "7.4", "7.5", "8.1", "perceptron", "simple-convnet"]
DATASETS = ["mnist", "fashion-mnist"]

CASES = [
    # typos: a letter swapped, missed, added, or a neighbouring key
    ("trian", COMMANDS, "train"),
    ("mnsit", DATASETS, "mnist"),
    ("adma", OPTIMIZERS, "adam"),
    ("non", BREAKS, "none"),
    ("perceptrn", LESSONS, "perceptron"),
    ("compaer", COMMANDS, "compare"),
    ("gradchek", COMMANDS, "gradcheck"),
    ("momentun", OPTIMIZERS, "momentum"),       # n beside m on the keyboard
    ("Afine", PARTS, "Affine"),
    ("Convoluton", PARTS, "Convolution"),
    ("sigmoed", PARTS, "sigmoid"),
    # wrong case, other separators
    ("ADAM", OPTIMIZERS, "adam"),
    ("affine", PARTS, "Affine"),
    ("fashion_mnist", DATASETS, "fashion-mnist"),
    ("two layer", NETS, "two-layer"),
    ("step-function", PARTS, "step_function"),
    # Korean typed with the Korean keyboard on (두벌식): the keys were right
    ("ㅅㄱ먀ㅜ", COMMANDS, "train"),
    ("ㅁㅇ므", OPTIMIZERS, "adam"),
    ("ㅡㅜㅑㄴㅅ", DATASETS, "mnist"),
    ("ㄴㄷㅁㄱ초", COMMANDS, "search"),
    # the start of one name, and of no other
    ("fashion", DATASETS, "fashion-mnist"),
    ("grad", COMMANDS, "gradcheck"),
    ("sigm", PARTS, "sigmoid"),
    ("nest", OPTIMIZERS, "nesterov"),
    # a lesson's number written otherwise
    ("7,4", LESSONS, "7.4"),
    ("74", LESSONS, "7.4"),
    ("7.04", LESSONS, "7.4"),
    ("7-4", LESSONS, "7.4"),
    ("07.4", LESSONS, "7.4"),
    # nothing: a real word one letter from a short name, unlike words, the start of several names
    ("nope", BREAKS, None),
    ("nome", BREAKS, "none"),                  # m is beside n: a slip, where p is not
    ("xyz", BREAKS, None),
    ("xyz", COMMANDS, None),
    ("stop", ["step", "sigmoid"], None),
    ("mine", PARTS, None),
    ("softmax-", BREAKS, None),
    ("deep", NETS, "deep"),
    ("dee", NETS, None),                       # the start of deep and of deep-fc
    ("lesso", COMMANDS, None),                 # the start of lesson and of lessons
    ("ex", ["exp", "ext"], None),              # two letters, and two names with one letter more
    ("xr", [*LESSONS, "xor"], "xor"),
    ("x", [*LESSONS, "xor"], None),
    ("ad", OPTIMIZERS, None),
    ("", COMMANDS, None),
    ("   ", COMMANDS, None),
    ("7.6", LESSONS, None),                    # a lesson there is not: no neighbour's number
    ("76", LESSONS, None),
    ("3", LESSONS, None),
    ("퍼셉트론", LESSONS, None),                # a Korean word, not English typed in Korean
    ("ㅌㅌ", COMMANDS, None),
    ("stpe_functoin", PARTS, "step_function"),  # two swaps in a long name
    ("relu-mask", BREAKS, "relu-mask-inverted"),
    ("sgdd", OPTIMIZERS, "sgd"),
    ("sgf", OPTIMIZERS, "sgd"),                # f is beside d
    ("sgb", OPTIMIZERS, None),                 # b is not
]


@pytest.mark.parametrize("word, choices, meant", CASES, ids=[f"{w!r}->{m}" for w, _, m in CASES])
def test_a_name_is_suggested_only_where_the_word_looks_like_a_typo_of_it(word, choices, meant):
    assert suggest(word, choices) == meant


def test_an_alias_names_its_choice():
    assert suggest("퍼셉트론", LESSONS, aliases={"퍼셉트론": "perceptron"}) == "perceptron"
    assert suggest("ConvNet", ["simple", "deep"], aliases={"SimpleConvNet": "simple", "DeepConvNet": "deep"}) is None


def test_two_names_equally_near_are_neither_named():
    assert suggest("sdg", ["sgd", "dsg"]) is None
    assert suggest("sdg", ["sgd", "dsgx"]) == "sgd"


def test_korean_keys_are_read_back_as_the_latin_keys_typed():
    assert keys_typed("ㅅㄱ먀ㅜ") == "train"
    assert keys_typed("뭏") == "ang"
    assert keys_typed("ㅁ단") == "aeks"
    assert keys_typed("abc") == "abc"
