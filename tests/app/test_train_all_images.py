"""The training pane's "training images 0" meant all of them, and only the field's line said so: the
field now shows "all (6,000)" / "전체(6,000장)", the count of the split a run reads (the synthetic
digits' when the data set chosen is not here), and takes 0, an empty field or that word as all."""
import pytest
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.panes.train import TrainPane
from workbench.i18n import set_language
from workbench.i18n.numbers import grouped
from workbench.models.catalog import pane
from workbench.models.settings import as_text, with_text
from workbench.models.train import compute, split_sizes
from workbench.models.train_settings import TrainSettings
from screen_text import screen_lines, until

ENTRY = pane("train")
WORD = {"en": "all ({})", "ko": "전체({}장)"}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("dataset", ["mnist", "synthetic-digits"])
def test_zero_is_shown_as_all_with_the_count_the_run_reads(lang, dataset):
    set_language(lang)
    try:
        s = TrainSettings(dataset=dataset, train_size=0, test_size=0)
        plan = compute(s)
        assert (plan.train_images, plan.test_images) == split_sizes(dataset)
        assert as_text(s, "train_size") == WORD[lang].format(grouped(plan.train_images))
        assert as_text(s, "test_size") == WORD[lang].format(grouped(plan.test_images))
        assert as_text(TrainSettings(train_size=500), "train_size") == "500"
    finally:
        set_language("en")


@pytest.mark.parametrize("typed", ["", "0", "all", "ALL", "전체", "all (60,000)", "전체(6,000장)", "전체 (6,000장)"])
def test_zero_an_empty_field_or_the_word_all_mean_all(typed):
    s = TrainSettings(train_size=300)
    assert with_text(s, "train_size", typed).train_size == 0
    assert with_text(s, "test_size", typed).test_size == 0
    assert with_text(s, "train_size", "250").train_size == 250


@pytest.mark.parametrize("typed", ["전체300", "전체 300", "all 300", "all300", "allx"])
def test_a_count_typed_after_the_word_all_is_refused_not_read_as_all(typed):
    """A learner who types 300 after the field's "전체" (End, then 300) trained on all 6,000 images,
    without a word: the field read anything that began with the word as all."""
    from workbench.models.settings import SettingError

    with pytest.raises(SettingError) as caught:
        with_text(TrainSettings(), "train_size", typed)
    assert caught.value.key == "train_size" and typed in str(caught.value)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_pane_field_shows_all_and_takes_an_empty_field(lang):
    app = make_app(pane=("train", ENTRY.parse(["dataset=synthetic-digits", "train_size=200", "batch_size=20"])),
                   lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p = app.screen.query_one(TrainPane)
        box = p.query_one("#field-train_size", Input)
        assert box.value == "200"
        box.focus()
        box.value = ""
        await pilot.press("enter")
        await until(pilot, lambda: p.settings.train_size == 0, seconds=20)
        p.focus()                        # the field shows the value in use once the learner leaves it
        await until(pilot, lambda: box.value == WORD[lang].format(grouped(split_sizes("synthetic-digits")[0])),
                    seconds=20)
        assert any(box.value in line for line in screen_lines(app))
