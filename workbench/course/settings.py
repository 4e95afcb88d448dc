"""Pane settings: frozen dataclasses whose fields carry their own ranges, built from lesson data.

A pane declares its settings with `setting(...)`; a lesson step, the palette and a test then build
them through `build_settings`, which names the bad key and the allowed values when something is off.
"""
from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from typing import Any


class SettingError(ValueError):
    """A setting a lesson asked for that its pane cannot take; `key` is None for a whole-set problem."""

    def __init__(self, key: str | None, message: str):
        super().__init__(message)
        self.key = key


def setting(default: Any, *, min: float | None = None, max: float | None = None,
            choices: tuple[str, ...] | None = None, help: str = "") -> Any:
    """A settings field with a default (every setting has one) and the values it accepts.

    `min`/`max` bound numbers; `choices` lists the allowed strings, or the allowed items of a tuple.
    """
    if isinstance(default, list):
        raise TypeError("use a tuple, not a list, as a setting's default (settings are frozen)")
    meta = {"min": min, "max": max, "choices": choices, "help": help}
    return dataclasses.field(default=default, metadata=meta)


def fields(cls: type) -> dict[str, dataclasses.Field]:
    """The settings fields of a settings class, by name."""
    return {f.name: f for f in dataclasses.fields(cls)}


def describe(cls: type) -> list[str]:
    """One line per setting: name, kind, allowed values, default and help, for `workbench panes`."""
    lines = []
    for name, f in fields(cls).items():
        meta, default = f.metadata, f.default
        if meta.get("choices") is not None:
            allowed = ", ".join(meta["choices"])
            kind = f"any of {allowed}" if isinstance(default, tuple) else f"one of {allowed}"
        elif isinstance(default, bool):
            kind = "true or false"
        else:
            kind = _kind(default) + _bounds(meta)
        shown = list(default) if isinstance(default, tuple) else default
        text = f"{name}: {kind}; default {_toml(shown)}"
        lines.append(text + (f" — {meta['help']}" if meta.get("help") else ""))
    return lines


def build_settings(cls: type, raw: Mapping[str, Any]) -> Any:
    """An instance of `cls` from lesson data: unknown keys, wrong kinds and out-of-range values raise."""
    known = fields(cls)
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise SettingError(key, f"unknown setting {key!r}{_did_you_mean(key, known)}; "
                                    f"known: {', '.join(known)}")
        values[key] = _checked(key, value, known[key])
    try:
        return cls(**values)
    except (ValueError, TypeError) as exc:
        raise SettingError(None, str(exc)) from None


def _checked(key: str, value: Any, f: dataclasses.Field) -> Any:
    default, meta = f.default, f.metadata
    choices = meta.get("choices")
    if isinstance(default, tuple):
        if not isinstance(value, (list, tuple)):
            raise SettingError(key, f"{key} must be a list, got {_toml(value)}")
        for item in value:
            if choices is not None and item not in choices:
                raise SettingError(key, f"{key} may hold only {', '.join(map(repr, choices))}; "
                                        f"got {item!r}")
        if len(set(value)) != len(value):
            raise SettingError(key, f"{key} lists an item twice: {_toml(list(value))}")
        return tuple(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise SettingError(key, f"{key} must be true or false, got {_toml(value)}")
        return value
    if isinstance(default, (int, float)):
        number_ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number_ok or (isinstance(default, int) and not isinstance(value, int)):
            raise SettingError(key, f"{key} must be {_kind(default)}, got {_toml(value)}")
        low, high = meta.get("min"), meta.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise SettingError(key, f"{key} = {_toml(value)} is out of range{_bounds(meta)}")
        return float(value) if isinstance(default, float) else value
    if isinstance(default, str):
        if not isinstance(value, str):
            raise SettingError(key, f"{key} must be a string, got {_toml(value)}")
        if choices is not None and value not in choices:
            raise SettingError(key, f"{key} must be one of {', '.join(map(repr, choices))}; "
                                    f"got {value!r}")
        return value
    raise TypeError(f"setting {key} has a default of unsupported type {type(default).__name__}")


def _kind(default: Any) -> str:
    return "a whole number" if isinstance(default, int) else "a number"


def _bounds(meta: Mapping[str, Any]) -> str:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f" {_toml(low)} to {_toml(high)}"
    if low is not None:
        return f" of at least {_toml(low)}"
    if high is not None:
        return f" of at most {_toml(high)}"
    return ""


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _did_you_mean(word: str, candidates) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
