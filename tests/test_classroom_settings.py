"""A presenter's pane settings reach a follower whole: what `settings_text` sends, the pane's own
`parse` reads back to the same settings, for every pane's defaults, every lesson step's pane and
settings that leave keys unused (the training pane with net = two-layer has no `conv`)."""
import pytest

from workbench.classroom.position import Position, settings_text
from workbench.course.files import load_course
from workbench.models.catalog import ENTRIES, pane


def read_back(name, settings):
    position = Position.from_json(Position(None, 0, name, settings_text(settings)).to_json())
    return pane(name).parse(position.assignments())


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_every_panes_default_settings_read_back_the_same(entry):
    settings = entry.parse([])
    assert read_back(entry.name, settings) == settings


@pytest.mark.parametrize("assignments", [["net=two-layer", "epochs=300"], ["net=simple", "epochs=3"],
                                         ["net=multi-layer-extend", "dropout=0.2"]])
def test_the_training_panes_settings_read_back_with_the_keys_its_network_leaves_unused(assignments):
    settings = pane("train").parse(assignments)
    assert read_back("train", settings) == settings


def test_every_lesson_steps_pane_settings_read_back_the_same():
    course = load_course()
    steps = [(lesson.id, step) for lesson in course.lessons for step in lesson.steps if step.pane]
    assert len(steps) > 50
    for lesson, step in steps:
        assert step.pane_settings is not None, (lesson, step.problem)
        assert read_back(step.pane, step.pane_settings) == step.pane_settings, (lesson, step.pane)
