"""A training speed has one name a language: "images/s" ("images a second" in prose) in English, the
word of the book's "60,000 training images" and of the data lines beside it; "초당 N장" in Korean, the
counter 장 that counts those images. The train pane said "images/s", the console and the learner's-code
line "samples/s" (or a bare "/s"), and lesson 7.5 "samples a second"."""
import re
from pathlib import Path

import pytest

from workbench.i18n import strings

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
SPEEDS = ("train.progress.rate", "train.curves.epoch_rate", "train.cli.bar", "train.cli.progress", "train.cli.epoch",
          "train.cli.summary", "mine.train.limit", "mine.train.rate", "mine.train.rate_mine", "mine.train.rate_compact")
"""Every catalog text that shows a throughput."""
OTHER_NAMES = re.compile(r"samples?/s|samples? (a|per) second|images per second|\}/s\b")


@pytest.mark.parametrize("key", SPEEDS)
def test_every_speed_on_screen_is_named_images_a_second_in_english_and_jang_a_second_in_korean(key):
    english, korean = strings("en")[key], strings("ko")[key]
    assert re.search(r"\{(rate|mine|library)\} images/s", english), english
    assert re.search(r"초당 \{(rate|mine|library)\}장", korean), korean


def test_no_catalog_text_or_lesson_names_a_speed_another_way():
    said = {key: text for key, text in strings("en").items() if OTHER_NAMES.search(text)}
    said |= {str(path.relative_to(LESSONS)): path.read_text(encoding="utf-8")
             for path in LESSONS.glob("*/en.md") if OTHER_NAMES.search(path.read_text(encoding="utf-8"))}
    assert not said, sorted(said)


def test_the_short_speed_line_of_the_learners_code_still_fits_beside_a_lessons_text():
    """Named, the English short form ("library: 61,554/s (20× faster)") would have run past the 35
    cells the training pane has beside a lesson's text at 80 columns, and been cut with "…"."""
    from types import SimpleNamespace

    from rich.cells import cell_len

    from workbench.app.panes.train_status import TrainStatus
    from workbench.models.train_settings import TrainSettings

    status = SimpleNamespace(run_settings=None, settings=TrainSettings(impl="mine"))
    line = TrainStatus.rate_text(status, {"samples_per_sec": 3_077.0, "library_rate": 61_554.0}, 35)
    assert line == "library 61,554 images/s: 20× faster" and cell_len(line) <= 35, line
