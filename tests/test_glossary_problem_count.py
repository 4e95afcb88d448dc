"""`workbench glossary` with a glossary file that has problems counts them as English counts: "1 problem in
the glossary file", never "1 problem(s)"."""
from __future__ import annotations

import pytest

from workbench import cli
from workbench.course import glossary as glossary_module
from workbench.course.glossary import Glossary, load_glossary
from workbench.i18n import set_language


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


@pytest.mark.parametrize("count", [1, 2])
def test_the_glossarys_problems_are_counted(monkeypatch, capsys, count):
    good = load_glossary()
    problems = tuple(problem for problem in load_glossary(glossary_module.Path("/nowhere")).problems) * count
    monkeypatch.setattr(glossary_module, "load_glossary", lambda root=None: Glossary(good.terms, problems))
    cli.main(["glossary", "gradient"])
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "(s)" not in err
    assert (f"{count} problems in the glossary file" in err) == (count > 1), err
    assert ("1 problem in the glossary file: " in err) == (count == 1), err
