"""The numbers, shapes and formulas lessons 7.1–7.4 quote are what their panes compute at that step,
in English and Korean: the output-size formula as the pane writes it ("(7 + 2·0 − 3)/1 + 1 = 5", not
"(7 + 0 − 3)/1 + 1"), the book's shapes (col (9, 75) for one image, (90, 75) for ten), the sum under
the cursor, the tie in pooling's window 3, SimpleConvNet's parameters and where a 27-pixel input stops."""
import dataclasses

import pytest
from quoted import assert_quoted, computed, step

from workbench.models.catalog import pane
from workbench.models.im2col import formula, shape_text, size_formulas
from workbench.models.settings import SettingError

LANGS = ("en", "ko")


def assert_says(lesson_id: str, step_id: str, text: str) -> None:
    """The step's text says `text` (a shape or a formula the pane writes) in every language."""
    for lang in LANGS:
        assert text in step(lesson_id, step_id, lang).text, f"{lesson_id}/{step_id} ({lang}) does not say {text}"


def shape_of(result, key: str) -> str:
    return shape_text(next(stage for stage in result.stages if stage.key == key).shape)


def pane_formula(result) -> str:
    """The pane's output-size formula without its "OH = OW = "."""
    (line,) = size_formulas(result.sizes)
    return line.removeprefix("OH = OW = ")


def test_the_sliding_filter_quotes_the_sum_under_the_cursor():
    assert_quoted("convolution", "sliding-filter", "−2.494", computed("convolution", "sliding-filter").value)


@pytest.mark.parametrize("step_id", ["output-size", "padding-stride"])
def test_the_output_size_is_quoted_as_the_pane_writes_its_formula(step_id):
    assert_says("convolution", step_id, pane_formula(computed("convolution", step_id)))


def test_the_six_by_six_input_fails_with_the_formula_the_text_quotes():
    settings = step("convolution", "padding-stride").pane_settings
    z = computed("convolution", "padding-stride").sizes
    quoted = f"({6} + 2·{z.P} − {z.FH})/{z.S} + 1 = 3.5"
    assert_says("convolution", "padding-stride", quoted)
    with pytest.raises((SettingError, ValueError)) as refused:
        pane("im2col").compute(dataclasses.replace(settings, input=(1, 1, 6, 6)))
    assert quoted in str(refused.value)
    assert formula(z.H, z.FH, z.S, z.P, z.OH) == "(5 + 2·1 − 3)/2 + 1 = 3"


def test_channels_and_batches_quote_the_output_shape():
    assert_says("convolution", "channels-batches", shape_of(computed("convolution", "channels-batches"), "output"))


def test_the_books_im2col_shapes():
    """The book: x (10, 3, 7, 7), 5 × 5 filters, stride 1, pad 0 → col (90, 75); one image → (9, 75)."""
    result = computed("im2col", "shapes")
    for key in ("col", "col_w", "product", "output"):
        assert_says("im2col", "shapes", shape_of(result, key))
    assert shape_of(result, "col") == "(90, 75)"
    settings = step("im2col", "shapes").pane_settings
    one = pane("im2col").compute(dataclasses.replace(settings, input=(1, *settings.input[1:])))
    assert shape_of(one, "col") == "(9, 75)"
    assert_says("im2col", "shapes", "(9, 75)")


def test_what_im2col_costs():
    from workbench.models.im2col import human_bytes
    result = computed("im2col", "memory")
    x, col = result.stages[0], next(s for s in result.stages if s.key == "col")
    assert_says("im2col", "memory", shape_text(col.shape))
    assert_says("im2col", "memory", human_bytes(col.bytes))
    assert_says("im2col", "memory", human_bytes(x.bytes))
    assert_quoted("im2col", "memory", "18.37", result.growth)


def test_the_backward_pass_quotes_the_row_of_col_under_the_cursor():
    assert_quoted("im2col", "backward", "324", computed("im2col", "backward").row)


def test_pooling_shapes():
    result = computed("pooling", "pool-shapes")
    assert_says("pooling", "pool-shapes", shape_of(result, "col"))
    assert_says("pooling", "pool-shapes", shape_of(result, "pool_rows"))


def test_the_tied_window_holds_the_numbers_the_text_names():
    rows = computed("pooling", "ties").arrays.rows
    assert [int(v) for v in rows[3]] == [6, 9, 9, 7]
    assert_says("pooling", "ties", "6, 9, 9, 7")


# -- 7.4 SimpleConvNet ----------------------------------------------------------------------------------

def rows_of(step_id: str) -> dict:
    return {row.name: row for row in computed("simple-convnet", step_id).rows}


def test_the_architecture_quotes_the_shapes_it_traces():
    rows = rows_of("architecture")
    for name in ("input", "Conv1", "Pool1", "Affine2"):
        assert_says("simple-convnet", "architecture", shape_text(rows[name].output))
    assert rows["Conv1"].formulas == ("OH = OW = (28 + 2·0 − 5)/1 + 1 = 24",)
    assert_says("simple-convnet", "architecture", "(28 − 5)/1 + 1 = 24")
    flattened = rows["Pool1"].output[1:]
    assert_quoted("simple-convnet", "architecture", "4320", flattened[0] * flattened[1] * flattened[2])


def test_where_the_weights_are():
    from workbench.models.im2col import human_bytes
    rows = rows_of("parameters")
    total = sum(row.params for row in rows.values())
    assert_quoted("simple-convnet", "parameters", "780", rows["Conv1"].params)
    assert_quoted("simple-convnet", "parameters", "432,100", rows["Affine1"].params)
    assert_quoted("simple-convnet", "parameters", "433,890", total)
    assert rows["Affine1"].params / total > 0.99, "the text says more than 99 %"
    assert_says("simple-convnet", "parameters", human_bytes(rows["Conv1"].col_bytes))


def test_a_27_pixel_input_stops_at_the_first_pooling_layer():
    trace = computed("simple-convnet", "other-inputs")
    rows = {row.name: row for row in trace.rows}
    assert shape_text(rows["Conv1"].output) == "(100, 30, 23, 23)"
    assert_says("simple-convnet", "other-inputs", "(27 − 5)/1 + 1 = 23")
    assert trace.failed.name == "Pool1" and "11.5" in trace.failed.error
    assert_says("simple-convnet", "other-inputs", "(23 − 2)/2 + 1 = 11.5")


def test_your_own_network_feeds_2048_numbers_into_its_first_affine_layer():
    rows = rows_of("your-own")
    pooled = rows["Pool2"].output
    assert pooled[1:] == (32, 8, 8)
    assert_quoted("simple-convnet", "your-own", "2048", pooled[1] * pooled[2] * pooled[3])


def test_counting_numbers_pool_to_each_windows_bottom_right_pixel():
    rows = computed("pooling", "max-pooling").arrays.rows
    maxima = ", ".join(str(int(row.max())) for row in rows)
    assert maxima == "6, 8, 14, 16"
    assert_says("pooling", "max-pooling", maxima)
