"""Every pane lists + before − (`+` bigger, `-` smaller), in its footer, in ? help and in its texts: the
derivative and gradient panes listed `-` first, where every other pane lists + then −."""
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import workbench.app.panes as panes
from workbench.i18n import strings

ROOT = Path(__file__).resolve().parents[2]


def classes_with_bindings():
    """(module:class, its own bindings' keys) of every class of the panes' modules that binds + and −."""
    found = []
    for info in pkgutil.iter_modules(panes.__path__):
        module = importlib.import_module(f"{panes.__name__}.{info.name}")
        for name, value in vars(module).items():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            keys = [binding.key.split(",")[0] for binding in vars(value).get("BINDINGS", ()) if hasattr(binding, "key")]
            if "plus" in keys and "minus" in keys:
                found.append((f"{info.name}:{name}", keys))
    return found


def test_every_pane_binds_plus_before_minus():
    found = classes_with_bindings()
    assert {"derivative:DerivativePane", "gradient_field:GradientPane"} <= {name for name, _ in found}
    assert [name for name, keys in found if keys.index("minus") < keys.index("plus")] == []


MINUS_FIRST = re.compile(r"`[-−]`(?: and |와 |, | )`\+`")
"""A text that names - before + ("`-` and `+`", "`-`와 `+`", "`-` `+`")."""


def test_no_help_or_lesson_names_minus_before_plus():
    texts = [(f"{lang}:{key}", text) for lang in ("en", "ko") for key, text in strings(lang).items()]
    texts += [(str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
              for path in [*ROOT.glob("lessons/*/*.md"), ROOT / "README.md"]]    # README's derivative keys: "`-` `+`"
    assert [where for where, text in texts if MINUS_FIRST.search(text)] == []


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("step, area", [(4, "derivative"), (6, "gradient")])
async def test_the_h_keys_are_listed_plus_then_minus_in_the_footer_and_in_help(step, area, lang):
    """4.2's footer lists + before - in their one item, "+ - h ×÷10" (the gradient field's are in ? only),
    and ? help lists "+ Multiply h by 10" before "- Divide h by 10"."""
    from screen_text import screen_lines
    from workbench.app.app import make_app

    app = make_app(lesson_id="numerical-gradient", step=step, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = str(app.screen.query_one("KeyBar").render())
        if area == "derivative":
            assert "+ - h ×÷10" in line, line
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(screen_lines(app)).replace("\u00a0", " ")
        bigger, smaller = (strings(lang)[f"{area}.key.{name}.tip"] for name in ("bigger_h", "smaller_h"))
        assert -1 < text.index(f"+ {bigger}") < text.index(f"- {smaller}"), text
