"""The shape tracer's model: SimpleConvNet and DeepConvNet trace as the library builds and runs them, a
learner's layers trace as the library's layers run them (and stop where the library would fail), and
layer lists read and write back."""
import numpy as np
import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from workbench.models import shapes as model
from workbench.models.settings import SettingError, build_settings, with_text
from workbench.nn.layers import Affine, Convolution, Dropout, Pooling, Relu
from workbench.nn.networks import DeepConvNet, SimpleConvNet


def run_shapes(layers, x):
    """The output shape after each layer of a forward pass."""
    shapes = []
    for layer in layers:
        x = layer.forward(x, train_flg=False) if isinstance(layer, Dropout) else layer.forward(x)
        shapes.append(x.shape)
    return shapes


@pytest.mark.parametrize("network, cls", [("simple", SimpleConvNet), ("deep", DeepConvNet)])
def test_the_books_networks_trace_as_the_library_runs_them(network, cls):
    trace = model.compute(model.ShapesSettings(network=network, batch=2))
    net = cls(input_dim=(1, 28, 28), rng=0, conv="book")
    assert [row.name for row in trace.rows[1:]] == list(net.layers)
    shapes = run_shapes(net.layers.values(), np.zeros((2, 1, 28, 28), dtype=np.float32))
    assert [row.output for row in trace.rows[1:]] == shapes
    assert trace.params == sum(p.size for p in net.params.values())
    weights = [shape for row in trace.rows for shape in row.weights]
    assert weights == [p.shape for p in net.params.values()]


@st.composite
def layer_lists(draw):
    """A few conv, pool, relu and affine layers in any order, some of which do not fit."""
    specs = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(("conv", "pool", "relu", "affine")))
        if kind == "conv":
            size = draw(st.integers(1, 4))
            specs.append(model.LayerSpec("conv", draw(st.integers(1, 3)), (size, size), draw(st.integers(1, 2)),
                                         draw(st.integers(0, 1))))
        elif kind == "pool":
            size = draw(st.integers(1, 3))
            specs.append(model.LayerSpec("pool", window=(size, size), stride=draw(st.integers(1, 3))))
        elif kind == "affine":
            specs.append(model.LayerSpec("affine", units=draw(st.integers(1, 5)),
                                         inputs=draw(st.one_of(st.none(), st.integers(1, 40)))))
        else:
            specs.append(model.LayerSpec("relu"))
    return specs


def library_layer(spec, shape, rng):
    if spec.kind == "conv":
        W = rng.standard_normal((spec.filters, shape[1], *spec.window)).astype(np.float32)
        return Convolution(W, np.zeros(spec.filters, np.float32), spec.stride, spec.pad)
    if spec.kind == "pool":
        return Pooling(*spec.window, spec.stride, spec.pad)
    if spec.kind == "affine":
        inputs = spec.inputs or int(np.prod(shape[1:]))
        return Affine(np.zeros((inputs, spec.units), np.float32), np.zeros(spec.units, np.float32))
    return Relu()


@hyp_settings(max_examples=80, deadline=None)
@given(layer_lists(), st.integers(1, 3), st.integers(3, 9), st.integers(3, 9))
def test_a_learners_layers_trace_as_the_library_runs_them(specs, channels, height, width):
    trace = model.trace(specs, (channels, height, width), batch=2)
    x = np.random.default_rng(0).standard_normal((2, channels, height, width)).astype(np.float32)
    rng = np.random.default_rng(1)
    for row in trace.rows[1:]:
        if row.error:
            with pytest.raises(ValueError):
                library_layer(row.spec, x.shape, rng).forward(x)
            break
        layer = library_layer(row.spec, x.shape, rng)
        x = layer.forward(x)
        assert row.output == x.shape
        assert row.params == sum(getattr(layer, name).size for name in ("W", "b") if hasattr(layer, name))
        if row.spec.kind == "conv":
            assert row.col == layer.col.shape
    else:
        assert trace.failed is None


def test_the_first_layer_that_does_not_fit_is_named_with_its_reason():
    trace = model.compute(model.ShapesSettings(network="simple", input=(1, 27, 27)))
    failed = trace.failed
    assert failed.name == "Pool1" and failed.error == (
        "(23 − 2)/2 + 1 = 11.5 is not a whole number: windows of 2 with stride 2 do not tile a height of 23; "
        "make it 22 or 24 by changing the input or the layers before.")      # said once: no "pad 0", one "tile"
    assert [row.output for row in trace.rows[trace.rows.index(failed):]] == [None] * 4


@pytest.mark.parametrize("layers, image, advice", [
    ("conv 30 5, pool 5, affine 10", (1, 28, 28), "try pooling windows of 4"),
    ("pool 2", (1, 23, 23), "make it 22 or 24 by changing the input or the layers before"),
    ("pool 3 stride 2", (1, 28, 28), "try pooling windows of 2"),
    ("pool 50", (1, 28, 28), "a pooling window of 50 does not fit the height of 28; use a window of 28 or less"),
])
def test_a_pool_layer_that_does_not_fit_is_advised_a_window_or_an_input_never_a_pad(layers, image, advice):
    """A network's pool layer is written `pool SIZE [stride S]`: the advice must be one it can take."""
    specs = with_text(model.ShapesSettings(network="custom"), "layers", layers).layers
    failed = model.trace(specs, image, 100).failed
    assert failed.name == "Pool1" and advice in failed.error and "pad" not in failed.error


def test_a_pool_layer_that_does_not_fit_is_advised_in_korean_too():
    from workbench.i18n import set_language

    set_language("ko")
    specs = with_text(model.ShapesSettings(network="custom"), "layers", "conv 30 5, pool 5").layers
    assert model.trace(specs, (1, 28, 28), 1).failed.error.endswith("풀링 윈도우를 4로 해 보세요.")
    specs = with_text(model.ShapesSettings(network="custom"), "layers", "pool 50").layers
    assert "크기 50의 풀링 윈도우가 높이 28에 맞지 않습니다" in model.trace(specs, (1, 28, 28), 1).failed.error
    specs = with_text(model.ShapesSettings(network="custom"), "layers", "pool 2").layers
    assert model.trace(specs, (1, 23, 23), 1).failed.error == (
        "(23 − 2)/2 + 1 = 11.5: 정수가 아니므로 크기 2, 스트라이드 2의 윈도우로는 높이 23을 꼭 맞게 덮지 못합니다. "
        "입력이나 앞 계층을 바꿔 이 크기를 22나 24로 맞추세요.")


def test_large_counts_and_sizes_take_a_unit_only_when_compact():
    assert [model.count_text(n) for n in (0, 780, 432_100)] == ["", "780", "432,100"]
    assert [model.count_text(n, compact=True) for n in (9_999, 432_100, 7_600_000, 10_000_100_000,
                                                         2_480_040_000_100_000)] == ["9,999", "432k", "7.60M",
                                                                                     "10.0G", "2.48P"]
    assert model.dims_text((100_000, 3, 1000, 1000), compact=True) == "(100k,3,1000,1000)"


@pytest.mark.parametrize("width, total", [(39, "2.48P"), (60, "2,480,050,008,800,010"), (78, "2.48P")])
def test_a_table_of_100000_wide_layers_fits_the_pane(width, total):
    specs = with_text(model.ShapesSettings(network="custom"), "layers",
                      "conv 100000 5, pool 2, affine 100000, relu, affine 100000, affine 10").layers
    trace = model.trace(specs, (3, 1000, 1000), 100_000)
    cells, wide = model.fitting_cells(trace, width, wide=width >= 70)
    assert model.table_width(cells) <= width and wide == (width >= 70)
    assert cells[-1][-2 if wide else -1] == total              # in full while that fits
    book = model.fitting_cells(model.compute(model.ShapesSettings()), width, wide=width >= 70)[0]
    assert book[-1][-2 if width >= 70 else -1] == "433,890"          # the book's numbers stay in full


def test_an_affine_layer_that_expects_other_inputs_says_so_instead_of_shapes_not_aligned():
    specs = with_text(model.ShapesSettings(network="custom"), "layers", "conv 30 5, pool 2, affine 4000 100").layers
    failed = model.trace(specs, (1, 28, 28), 100).failed
    assert failed.name == "Affine1"
    assert "30 × 12 × 12 = 4,320" in failed.error and "affine 4320 100" in failed.error


def test_a_convolution_after_an_affine_layer_needs_images():
    specs = with_text(model.ShapesSettings(network="custom"), "layers", "affine 10, conv 3 3").layers
    assert "needs images" in model.trace(specs, (1, 8, 8), 1).failed.error


def test_formulas_and_col_for_simpleconvnet():
    trace = model.compute(model.ShapesSettings(batch=100))
    conv = trace.rows[1]
    assert conv.formulas == ("OH = OW = (28 + 2·0 − 5)/1 + 1 = 24",)
    assert conv.col == (57600, 25) and conv.params == 780
    assert trace.rows[4].formulas == ("30·12·12 = 4,320 → 100",)


@pytest.mark.parametrize("text", ["conv 30 5, relu, pool 2, affine 100, relu, affine 10",
                                  "conv 16 3 pad 1, conv 8 3x2 stride 2, pool 3 stride 2, dropout, affine 4320 100"])
def test_layer_lists_read_back_as_written(text):
    kind = model.LayerList()
    specs = kind.from_text("layers", text)
    assert kind.from_text("layers", kind.to_text(specs)) == specs
    assert kind.to_text(specs) == text


@pytest.mark.parametrize("text, words", [
    ("conv 30", "write conv FILTERS SIZE"),
    ("pool", "write pool SIZE"),
    ("dense 10", "start with one of conv, pool"),
    ("relu 3", "relu takes no numbers"),
    ("affine", "write affine OUTPUTS"),
    ("conv 0 3", "\"0\" must be a whole number from 1"),
    ("conv 3 3 stride", "write conv FILTERS SIZE"),
])
def test_a_layer_written_wrong_is_explained(text, words):
    with pytest.raises(SettingError) as caught:
        with_text(model.ShapesSettings(), "layers", text)
    assert caught.value.key == "layers" and words in str(caught.value)


@pytest.mark.parametrize("text", ["pool 2 pad 1", "pool 2 p1", "pool 3 stride 2 pad 0", "conv 30 5, pool 2 pad"])
@pytest.mark.parametrize("lang, words", [("en", "a pooling layer here takes no pad"),
                                         ("ko", "풀링 계층은 패딩(pad)을 받지 않습니다")])
def test_a_pool_with_a_pad_is_refused_as_the_help_writes_pool(text, lang, words):
    """The help writes `pool size [stride S]` and a pool's advice never offers a pad: a pad is refused
    in place, naming what a pool takes, not traced as a pooling the book's networks never use."""
    from workbench.i18n import set_language

    set_language(lang)
    with pytest.raises(SettingError) as caught:
        with_text(model.ShapesSettings(network="custom"), "layers", text)
    assert caught.value.key == "layers" and words in str(caught.value) and "pool 3 stride 2" in str(caught.value)


def test_layers_come_from_lesson_data_as_a_list_of_strings():
    s = build_settings(model.ShapesSettings, {"network": "custom", "layers": ["conv 10 3", "pool 2", "affine 10"]})
    assert [spec.kind for spec in s.layers] == ["conv", "pool", "affine"]
    assert model.as_custom(model.ShapesSettings(network="deep")).layers == model.DEEP
