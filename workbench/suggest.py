"""The one rule for "did you mean": the name a mistyped word was meant to be, or None.

Every suggestion the console and the app make comes from `suggest` (a command, an option, a choice of a
setting, a data set, a lesson, a pane, a comparison, an exercise part, a function in an expression), so a
word is named alike wherever it is typed. Two rules before it disagreed: difflib's ratio 0.6 answered
`--break nope` with "did you mean none?", a real word one letter from a short name, while the settings'
own rule did not.

A name is suggested when the word is it written otherwise (case, `_` or a space for `-`), when it is the
start of that name and of no other, when it is a lesson's number written otherwise (7,4 · 74 · 7.04), when
Korean letters are what the same keys type with the Korean keyboard on (ㅅㄱ먀ㅜ: train), or when it is a
few typing slips from it: a letter missed, added, two swapped, or a key beside the right one each count 1,
any other letter 1.5; a name of up to 4 letters allows 1, up to 9 allows 1.5, a longer one 2 (a word of
two letters only a name of three with one letter more: xr for xor). Two names as
near as each other are neither named: the list of names that follows says which there are. Standard
library only: settings and the console import it before anything else.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

KEYBOARD = ("1234567890-", "qwertyuiop", "asdfghjkl;", "zxcvbnm,./")
"""The rows of a QWERTY keyboard, for the keys beside a key (a slip onto them is a typo)."""


ROW_OFFSETS = (0, 0.5, 0.75, 1.25)
"""How far right each row of KEYBOARD starts, in keys: the rows are staggered."""


def _neighbours() -> dict[str, set[str]]:
    """Each key → the keys beside it: left and right, and the two touching it above and below."""
    where = {key: (row, ROW_OFFSETS[row] + column) for row, keys in enumerate(KEYBOARD) for column, key in enumerate(keys)}
    return {key: {other for other, (r, x) in where.items() if other != key
                  and ((r == row and abs(x - at) == 1) or (abs(r - row) == 1 and abs(x - at) <= 0.75))}
            for key, (row, at) in where.items()}


def _beside(a: str, b: str) -> bool:
    return b in NEIGHBOURS.get(a, ()) or a in NEIGHBOURS.get(b, ())


INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ["", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"]
KEYS = dict(zip("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡㅃㅉㄸㄲㅆㅒㅖ",
                ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p", "a", "s", "d", "f", "g", "h", "j", "k", "l",
                 "z", "x", "c", "v", "b", "n", "m", "Q", "W", "E", "R", "T", "O", "P"]))
KEYS.update({"ㅘ": "hk", "ㅙ": "ho", "ㅚ": "hl", "ㅝ": "nj", "ㅞ": "np", "ㅟ": "nl", "ㅢ": "ml", "ㄳ": "rt",
             "ㄵ": "sw", "ㄶ": "sg", "ㄺ": "fr", "ㄻ": "fa", "ㄼ": "fq", "ㄽ": "ft", "ㄾ": "fx", "ㄿ": "fv",
             "ㅀ": "fg", "ㅄ": "qt"})
"""Each Korean letter → the key(s) of the Korean (두벌식) keyboard that type it."""

HANGUL = re.compile("[\u3131-\u318e\uac00-\ud7a3]")
NUMBERED = re.compile(r"^\d+(?:\.\d+)+$")
NUMBER_LIKE = re.compile(r"^[\d\s.,·/_\-]*\d[\d\s.,·/_\-]*$")


def keys_typed(text: str) -> str:
    """The Latin keys that type `text` on the Korean keyboard ("ㅅㄱ먀ㅜ" → "train"), lower case;
    other characters as they are."""
    out = []
    for char in text:
        code = ord(char) - 0xAC00
        if 0 <= code < 11172:
            letters = INITIALS[code // 588] + VOWELS[code % 588 // 28] + FINALS[code % 28]
        else:
            letters = char
        out.extend(KEYS.get(letter, letter) for letter in letters)
    return "".join(out).lower()


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def _budget(length: int) -> float:
    return 1 if length <= 4 else 1.5 if length <= 9 else 2


def slips(word: str, name: str) -> float:
    """How many typing slips turn `word` into `name`: a letter missed, added, two swapped or a key
    beside the right one 1 each, any other letter 1.5 (the optimal string alignment distance)."""
    rows = [[float(j) for j in range(len(name) + 1)]]
    for i in range(1, len(word) + 1):
        row = [float(i)] + [0.0] * len(name)
        for j in range(1, len(name) + 1):
            a, b = word[i - 1], name[j - 1]
            change = 0 if a == b else 1 if _beside(a, b) else 1.5
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + change)
            if i > 1 and j > 1 and a == name[j - 2] and word[i - 2] == b:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _numbers(word: str, arity: int) -> set[tuple[int, ...]]:
    """The numbers `word` may be, `arity` of them: 7,4 · 7-4 · 7.04 → (7, 4); 74 → (7, 4)."""
    parts = [part for part in re.split(r"\D+", word) if part]
    if len(parts) == arity:
        return {tuple(int(part) for part in parts)}
    if len(parts) == 1 and arity == 2 and len(parts[0]) >= 2:
        digits = parts[0]
        return {(int(digits[:i]), int(digits[i:])) for i in range(1, len(digits))}
    return set()


def suggest(word: str, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The choice `word` was meant to be, or None (the rule: this module's docstring). `aliases` are
    other names of a choice (a lesson's title → its id), matched written otherwise only."""
    choices = list(choices)
    typed = _key(word)
    if not typed:
        return None
    named = {_key(choice): choice for choice in choices}
    if typed in named:
        return named[typed]
    found = {named[_key(alias)] if _key(alias) in named else choice
             for alias, choice in (aliases or {}).items() if _key(alias) == typed}
    if len(found) == 1:
        return found.pop()
    if NUMBER_LIKE.match(typed):
        numbered = {tuple(int(part) for part in key.split(".")): choice for key, choice in named.items()
                    if NUMBERED.match(key)}
        meant = {numbered[n] for arity in {len(n) for n in numbered} for n in _numbers(typed, arity) if n in numbered}
        return meant.pop() if len(meant) == 1 else None
    if HANGUL.search(typed):
        latin = keys_typed(typed)
        return None if HANGUL.search(latin) else suggest(latin, choices)
    if len(typed) < 3:             # two letters say little: only a name of three that has them in order
        added = {choice for key, choice in named.items() if len(key) == 3 and typed in (key[:2], key[1:], key[::2])}
        return added.pop() if len(added) == 1 else None
    starting = [choice for key, choice in named.items() if key.startswith(typed)]
    if starting:
        return starting[0] if len(starting) == 1 else None
    near = sorted((slips(typed, key), choice) for key, choice in named.items())
    near = [(cost, choice) for cost, choice in near if cost <= _budget(len(_key(choice)))]
    if not near or (len(near) > 1 and near[1][0] == near[0][0]):
        return None
    return near[0][1]


NEIGHBOURS = _neighbours()
