"""Every string a person reads, in English and Korean: `t("area.key", name=value)`.

The strings live in TOML files, one per area and language (`en/app.toml`, `ko/app.toml`, …); every
key in `<area>.toml` starts with `<area>.`, so areas never collide. Placeholders are named
(`{title}`, `{loss:.3f}`), so a translation may put them in any order. A Korean particle after a
placeholder is named after a bar, `{value|은}`, `{name:>3|이}`, and written in the form that fits
what is printed (`particles.attach`): never glue a fixed 은/는 to a placeholder. A key missing from the
current language falls back to English, and a key missing from English shows as itself: the
interface never crashes on a string. Tests check that both languages have the same keys and the same
placeholders.

The language is process-wide: `set_language("ko")`. `choose_language` picks it from the command
line, then the remembered choice, then the locale ($LC_ALL, $LC_MESSAGES, $LANG).
"""
from __future__ import annotations

import os
import re
import string
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from workbench.i18n.particles import attach

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

LANGUAGES = ("en", "ko")
BASE = "en"
FOLDER = Path(__file__).resolve().parent
_current = BASE


def language() -> str:
    """The language strings are shown in now."""
    return _current


def set_language(lang: str) -> None:
    """Show every string from now on in `lang` ("en" or "ko"); ValueError for any other."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    _current = lang


def choose_language(asked: str | None = None, remembered: str | None = None,
                    environ: Mapping[str, str] | None = None) -> str:
    """`asked` (--lang), else `remembered` (the saved choice), else the locale, else English."""
    for lang in (asked, remembered):
        if lang in LANGUAGES:
            return lang
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGUAGES else BASE
    return BASE


_TABLES: dict[str, dict[str, str]] = {}
"""The whole catalog of each language that `strings` has read; `t` then reads from it."""


def strings(lang: str) -> Mapping[str, str]:
    """Every key → text of one language, read from its folder (once: checks and tests want them all;
    `t` alone reads only the areas it is asked for)."""
    if lang not in _TABLES:
        table: dict[str, str] = {}
        for path in sorted((FOLDER / lang).glob("*.toml")):
            if not _AREA.fullmatch(path.stem):
                raise ValueError(f"{path}: an area's name is letters, digits, - and _ (it is the keys' first part)")
            table.update(_area(lang, path.stem))
        _TABLES[lang] = table
    return _TABLES[lang]


_AREA = re.compile(r"[A-Za-z0-9_-]+")


@cache
def _area(lang: str, area: str) -> Mapping[str, str]:
    """The keys → texts of one area of one language (`<lang>/<area>.toml`), empty when there is none.

    Areas are read when first asked for, so a command reads the few it shows, and English never
    reads Korean."""
    path = FOLDER / lang / f"{area}.toml"
    try:
        read = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    for key, text in read.items():
        if not key.startswith(area + ".") or not isinstance(text, str):
            raise ValueError(f"{path}: key {key!r} must start with '{area}.' and hold a string")
    return read


def _text(lang: str, key: str) -> str | None:
    """The text of `key` in `lang`, from its area (the part before the first dot), else None."""
    if lang in _TABLES:
        return _TABLES[lang].get(key)
    area, dot, _ = key.partition(".")
    return _area(lang, area).get(key) if dot and _AREA.fullmatch(area) else None


def has(key: str) -> bool:
    """Whether the catalog has `key` (in English, the base language)."""
    return _text(BASE, key) is not None


def t(key: str, /, **values: object) -> str:
    """The text of `key` in the current language, its placeholders filled from `values`."""
    text = _text(_current, key)
    if text is None:
        text = _text(BASE, key)
        if text is None:
            return key
    if not values:
        return text
    try:
        return _with_particles(text, values).format_map(values)
    except (KeyError, IndexError, ValueError, AttributeError):
        return text


_PARTICLE_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(![rsa])?(:[^{}|]*)?\|([^{}|]+)\}")


def _with_particles(text: str, values: Mapping[str, object]) -> str:
    """`text` with every `{name|particle}` filled in and its particle chosen (braces escaped)."""
    if "|" not in text:
        return text

    def fill(match: re.Match) -> str:
        name, conversion, spec, particle = match.groups()
        value = values[name]
        if conversion:
            value = {"!r": repr, "!s": str, "!a": ascii}[conversion](value)
        shown = format(value, (spec or ":")[1:])
        return attach(shown, particle).replace("{", "{{").replace("}", "}}")

    return _PARTICLE_FIELD.sub(fill, text)


def placeholders(text: str) -> set[str]:
    """The names of the `{placeholders}` in a catalog text (a `|particle` after a name is not part of it)."""
    plain = _PARTICLE_FIELD.sub(lambda match: "{" + match.group(1) + "}", text)
    return {name for _, name, _, _ in string.Formatter().parse(plain) if name}


def cell_len(text: str) -> int:
    """Width of `text` in terminal cells: a Hangul syllable or a CJK character takes two."""
    from workbench.i18n.cells import cell_len as measure

    return measure(text)
