"""Keep a number and its unit on one line: "96 %" never wraps between 96 and %.

Korean writes a space before % ("정확도 96 %"), and a line that breaks there leaves a lone "%" at the
start of the next row. The typographer's cure is a no-break space (U+00A0), but two things undo it on
the way to the screen: Textual's Markdown turns every run of whitespace in a paragraph into one plain
space, and Rich, which wraps Textual's text, breaks at any Unicode space. So the lesson text carries
a word joiner (U+2060, not whitespace) where the space goes, the paragraph blocks turn it into U+00A0
after Textual's clean-up (same length, so styles keep their places), and `install()` teaches Rich's
word splitter that U+00A0 joins the words on either side. Textual is pinned in pyproject.toml; the
tests wrap a line at the bad spot and fail if an upgrade undoes this.

Code (`dcol[0, 3]`) must paste into Python, so its spaces become U+202F, which the lesson text turns
back into plain spaces as it draws a row (`lesson_markdown`); a code span wider than its row breaks
at its spaces, as before (`divide_line`). A key in bold stays with the word after it (`glue_keys`), and
so does a key a pane's hint names as a lone character (`keys_kept`); a word and a number alone in
parentheses, "(클래스 0)", stay together (`glue_asides`). A hint of items between " · " breaks between
items, each kept whole (`items` for a text Rich wraps, `item_lines` for rows of a given width).
"""
from __future__ import annotations

import re

from workbench.i18n.cells import cell_len, implicit_product, wrap

NO_BREAK = "\u00a0\u202f"
JOINER = "\u2060"
"""What stands for the no-break space until the paragraph is built (whitespace would be collapsed)."""
CODE_JOINER = NO_BREAK[1]
"""What joins the words of a code span (`dcol[0, 3]`): no-break to the wrap, a plain space on screen and in
a copy (the lesson text shows it as one, see `spaced`), so that the code still pastes into Python."""
_WORD = re.compile(rf"[^\S{NO_BREAK}]*(?:\S|[{NO_BREAK}])+[^\S{NO_BREAK}]*")
_UNIT = re.compile(r"(\d|(?<=[\d십백천수])[십백천만억]) ((?:%p?|[KMG]?B)(?![A-Za-z0-9_])|배(?!열)|[장개번])")
"""A number and its unit: a percentage or percentage points, a size in bytes ("5.5 MB"), or a Korean
counter written apart as the Korean edition does ("70만 배", "100만 장", "수천 개", "수만 번"), not 배열
("float16 배열"); another word that begins with one ("3 번째") stays with its number too, which reads as well."""
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)


def install() -> None:
    """Make Rich's (and so Textual's) word wrapping keep no-break spaces inside words, and Textual's
    break a code span wider than its row at its spaces (`divide_line`). Idempotent."""
    from rich import _wrap
    from textual import content

    _wrap.re_word = _WORD
    content.divide_line = divide_line


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Rich's `divide_line` (where to break `text` in rows of `width` cells), except that a word wider than
    the row that holds code breaks at the code's spaces, as it would without CODE_JOINER, not anywhere."""
    from rich._wrap import divide_line as rich_divide_line

    if CODE_JOINER in text:                       # the same length: the offsets hold for `text`
        text = _WORD.sub(lambda word: _loosened(word.group(), width), text)
    return rich_divide_line(text, width, fold)


def _loosened(word: str, width: int) -> str:
    """`word` with its code's joiners made spaces again if it is wider than `width` cells."""
    return word.replace(CODE_JOINER, " ") if cell_len(word.strip()) > width else word


def spaced(text: str) -> str:
    """`text` as it is shown and copied: CODE_JOINER a plain space."""
    return text.replace(CODE_JOINER, " ")


def together(text: str) -> str:
    """`text` with its spaces made no-break, so that a label and its value ("시그모이드 0.731",
    "w₁ = −0.5") wrap as one word between the items of a readout, never inside one (installs the
    word splitter that honours it)."""
    install()
    return text.replace(" ", "\u00a0")


def items(text: str) -> str:
    """`text`'s items (" · " between them) each kept on one line, the dot at the end of a row: a narrow
    pane breaks "batch of N = 2 · 10 classes · t as label · row 1" between items, never as "t as" over
    "label"."""
    return "\u00a0· ".join(together(part) for part in text.split(" · "))


def item_lines(text: str, width: int) -> list[str]:
    """`text`'s items (" · " between them, a hint such as "g times again · e the other engine · + - the
    batch") in rows of at most `width` cells broken between items, the dot at the end of a row: never
    "e the other" over "engine", nor "배치" over "크기". An item wider than a row starts one of its own and
    breaks at its words (`cells.wrap`). Line breaks in `text` are kept. For a text Rich wraps, `items`."""
    rows: list[str] = []
    for line in text.split("\n"):
        parts = line.split(" · ")
        row = ""
        for index, part in enumerate(parts):
            dot = " ·" if index < len(parts) - 1 else ""
            if row and cell_len(f"{row} {part}{dot}") <= width:
                row = f"{row} {part}{dot}"
                continue
            if row:
                rows.append(row)
            pieces = wrap(part, width) if cell_len(part + dot) > width else [part]
            if cell_len(pieces[-1] + dot) > width:       # the dot on the item's last row, within the width
                pieces[-1:] = wrap(pieces[-1], max(1, width - len(dot)))
            *whole, row = pieces
            rows += whole
            row += dot
        rows.append(row)
    return rows


_PLAIN_KEY = re.compile(r"(?:(?<=\S)( )|^|(?<=[\s(]))(\S) (?=(키)|[^\W\d_])")
"""A character standing alone as a word (after a word and a space, a "(" or at the start) before a
word: Korean's "키" after any key; else a letter or a punctuation key before a word (an operator or a
digit there is more likely a formula's or a count's: "A1 = X · W1 + B1", "press 1 or 2" may break as
before)."""
_FORMULA_SIGNS = frozenset("=+-−×·/<>≈^*")


def keys_kept(text: str) -> str:
    """`text` (a hint in a pane, not Markdown) with each key it names as a lone character joined to the
    words on either side of it: ". 키로", "e 키는", "(, steps back" never leave the key at the end of one
    row and its particle or verb on the next, nor "Press . to run" "Press" at the end of one and a lone
    "." to start the next, which reads as stray punctuation (installs the word splitter that honours it)."""
    from workbench.course.keys import is_key

    install()
    def kept(key: re.Match) -> str:
        space, char = key[1], key[2]
        named = key[3] is not None or not (char.isdigit() or char in _FORMULA_SIGNS)
        return f"{NO_BREAK[0] if space else ''}{char}{NO_BREAK[0]}" if named and is_key(char) else key[0]
    return _PLAIN_KEY.sub(kept, text)


_LABELLED = re.compile(r"(?<=[^\W\d_]) (?=[−-]?\d[\d.,]*\u00a0%)")
"""The space between a word and the percentage after it ("정확도 95.5 %", "accuracy 95.5 %")."""


def figures(text: str) -> str:
    """`text` (a status line, not Markdown) with each percentage kept with its % and with the word before
    it: "시험 정확도 95.5 %" never breaks as "정확도" over "95.5 %", nor as "95.5" over "%" (installs the
    word splitter that honours it)."""
    install()
    return _LABELLED.sub("\u00a0", _UNIT.sub("\\1\u00a0\\2", text))


def glued(text: str) -> str:
    """`text` (one line of a pane, not Markdown) with its short formulas, tuples and pairs made no-break
    ("mean_squared_error(y, t)", "650 × 1.1"), for a wrap that breaks at plain spaces only."""
    install()
    return glue_formulas(text, "\u00a0")


SHORT_FORMULA = 30
"""Cells up to which a formula keeps all of its spaces (the lesson column is 38 wide): a longer one may
break, before an operator only."""
_OPERATORS = frozenset("=+-−×·/<>≤≥≈≠→←⇒^")
"""Cells' formula operators, less `*`: a lone * beside a joiner could start Markdown emphasis."""
_RELATIONS = frozenset({"=", "≈"})
SHORT_NAME = 3
"""Cells up to which the name before a formula's first = stays with it ("x = (−2.99999994, 3.99999992)"
breaks before the name, never as "x" above "= (…)")."""
_MATH = frozenset("−×·≤≥≈≠→←⇒ᵀ")
"""Characters that make inline code mathematics rather than code."""
_MARKER = re.compile(r"^(\s*(?:[-*+>]|\d+[.)])\s+)?(.*)$")


def _operator(word: str) -> bool:
    return 0 < len(word) <= 2 and all(char in _OPERATORS for char in word) and word != "·"


def glue_formulas(text: str, joiner: str = JOINER, column: int | None = None) -> str:
    """`text` with the spaces inside each formula of its prose ("a = b + w₁x₁ + w₂x₂", "(23 − 2)/2 + 1 =
    11.5") replaced by `joiner`, so a narrow column moves the formula whole to the next row. A formula
    wider than SHORT_FORMULA keeps the spaces before its operators, where it may break ("(1000 + 2·0 − 5)/1
    / + 1 = 996"). Code (fenced, inline or indented by four spaces), headings and list or quote markers
    are left as they are. A formula is what `cells.wrap` keeps together: words joined by operators, and
    by implicit products ("½ Σₖ (yₖ − tₖ)²", "−tₖ log(yₖ + 1e−7)": `cells.implicit_product`). In a
    `column` of that many cells, a formula wider than the column, particle and all, may break too: kept
    whole, it would be cut inside a word ("(1e−7" over "은" in F1's keys panel)."""
    parts = _CODE.split(text)
    glued = "".join((_glue_code(part, joiner) if index % 2 else
                     "\n".join(_glue_line(line, joiner) for line in part.split("\n")))
                    for index, part in enumerate(parts))
    return glued if column is None else _fit_runs(glued, joiner, column)


def _fit_runs(text: str, joiner: str, column: int) -> str:
    """`text` with each glued run (what lies between breakable spaces) at most `column` cells wide: a
    wider one may break before the keys glued into it first (`_keys_loosened`: "9 + 9 = 18개입니다. . 키와"
    breaks before its key, not inside its formula), then before its operators again, else at every
    joiner, so it is never cut inside a word. Code, a particle or a word written against the formula
    count in the run's width."""
    def shown(run: str) -> int:                          # a joiner shows as a space
        return cell_len(run.replace(joiner, " ").replace(KEY_SPACE, " "))

    def fit(run: str) -> str:
        if joiner not in run and KEY_SPACE not in run or shown(run) <= column:
            return run
        if (keyless := _keys_loosened(run, joiner, lambda piece: shown(piece) <= column)) != run:
            return " ".join(fit(piece) for piece in keyless.split(" "))
        words = run.split(joiner)
        loose = words[0] + "".join((" " if _operator(word) else joiner) + word for word in words[1:])
        return loose if all(shown(piece) <= column for piece in loose.split(" ")) else run.replace(joiner, " ")
    return "\n".join(" ".join(fit(run) for run in line.split(" ")) for line in text.split("\n"))


def _keys_loosened(run: str, joiner: str, fits) -> str:
    """`run` with as few of the KEY_SPACEs `glue_keys` put before its keys made plain spaces again as make
    each of its pieces `fits` (the first ones kept while they fit): "18개입니다. . 키와" breaks before its
    key, which keeps the word after it."""
    before = re.compile(rf"{KEY_SPACE}(?=\*\*({JOINER}?`[^`\n]{{1,12}}`|[^*\s`{JOINER}]{{1,6}})|(`[^`\n]{{1,12}}`))")
    pieces, start = [], 0
    for match in before.finditer(run):
        if lone_key((match[1] or match[2]).strip("`" + JOINER)):
            pieces.append(run[start:match.start()])
            start = match.end()
    if not pieces:
        return run
    pieces.append(run[start:])
    text = row = pieces[0]
    for piece in pieces[1:]:
        joined = fits(row + KEY_SPACE + piece)
        row = row + KEY_SPACE + piece if joined else piece
        text += (KEY_SPACE if joined else " ") + piece
    return text


def _glue_code(code: str, joiner: str) -> str:
    """Inline code that is mathematics (it has −, ×, ·, ᵀ…, so it is not Python to copy: a no-break
    space would not paste into Python) glued as a formula; any other code left as it is (the lesson
    text keeps it whole with `glue_code`, whose joiner shows and copies as a space)."""
    if code.startswith("```") or not is_maths(code) or "\n" in code:
        return code
    return "`" + _glue_line(code[1:-1], joiner, whole=True) + "`"


def _glue_line(line: str, joiner: str, whole: bool = False) -> str:
    """One line of prose with its formulas glued; `whole`: the line is one formula (inline code)."""
    if not whole and (line.startswith("    ") or line.lstrip().startswith("#")):
        return line
    marker, body = (None, line) if whole else _MARKER.match(line).groups()
    words = body.split(" ")
    dots = _product_dots(words)
    chunks: list[list[str]] = []
    for index, word in enumerate(words):
        if chunks and word and not _names_a_node(words, index) and (
                whole or _operator(word) or _operator(words[index - 1]) or {index, index - 1} & dots
                                or _next_in_tuple(chunks[-1], word) or _inside_derivative(chunks[-1])
                                or implicit_product(chunks[-1], word)):
            chunks[-1].append(word)
        else:
            chunks.append([word])
    glued = []
    for chunk in chunks:
        if len(chunk) == 1 or _formula_len(chunk) <= SHORT_FORMULA:
            glued.append(joiner.join(chunk))
        else:                                             # break only before an operator
            text = chunk[0]
            for index, word in enumerate(chunk[1:], 1):
                named = index == 1 and word in _RELATIONS and cell_len(chunk[0]) <= SHORT_NAME
                text += (" " if _operator(word) and not named else joiner) + word
            glued.append(text)
    return (marker or "") + " ".join(glued)


_NODE = re.compile(r"(?:nodes?|노드)(?![A-Za-z])")


def _names_a_node(words: list[str], index: int) -> bool:
    """Whether `words[index]` is an operator that names a node ("the × node", "+ 노드가"): a noun of the
    sentence, which goes with its node but not with the word before it ("그러면" above "× 노드가" may
    break; "× 노드와 + 노드가" is two names, not a formula)."""
    return _operator(words[index]) and index + 1 < len(words) and bool(_NODE.match(words[index + 1]))


def _product_dots(words: list[str]) -> set[int]:
    """Where in `words` a lone · multiplies two terms ("30 · 12 · 12", "X · W1", "2t · 1"): a · that
    is not between two numbers or symbols separates items ("move x · `-`") and is left to break."""
    def term(word: str) -> bool:
        return bool(_TERM.fullmatch(word)) and _mathy(word)
    return {index for index, word in enumerate(words)
            if word == "·" and 0 < index < len(words) - 1 and term(words[index - 1]) and term(words[index + 1])}


_ENDING = re.compile(r"[가-힣]+[.,;:!?]*$")
"""A Korean particle or ending after a formula ("= 1.41입니다."), not counted in its length."""


def _formula_len(chunk: list[str]) -> int:
    """Cells of a formula, less the Korean ending on its last word: "(0.51 + 2.30) / 2 = 1.41입니다."
    is as short as its English "… = 1.41." and stays whole as that does."""
    ending = _ENDING.search(chunk[-1])
    return cell_len(" ".join(chunk)) - (cell_len(ending.group()) if ending and ending.start() else 0)


_TERM = re.compile(r"[−+-]?(?:[\w.′]|∂[\w′]+/∂){1,12}(?:[−+-]\d{1,3})?[)\]]*[,.;:]?\w{0,3}[,.;:]?")
"""A short term of a tuple, an argument list or an array ("x₁)", "0.9)에", "2)", "8.1e−10)입니다.",
"−2.99999994,", "∂f/∂x₁)")."""


def _next_in_tuple(chunk: list[str], word: str) -> bool:
    """Whether `word` goes on a tuple, argument list or array still open in `chunk` ("(2," then "2)",
    "f(x₀," then "x₁)", "[1.5" then "−0.5"): the words before it end in a comma (or are inside a
    square bracket, where NumPy prints no commas), inside a bracket not yet closed, and both are short
    terms with a digit, a sub- or superscript, or a single letter (not prose)."""
    before = chunk[-1]
    text = " ".join(chunk)
    in_array = text.count("[") > text.count("]") and before.rfind("[") >= before.rfind("(")
    if not (before.endswith(",") or in_array) or text.count("(") + text.count("[") <= text.count(")") + text.count("]"):
        return False
    last = re.split(r"[(\[]", before)[-1]             # "f(x₀," → "x₀,"
    return all((_TERM.fullmatch(term) and (_mathy(term) or in_array and _BOOLEAN.match(term)))
               or _ELLIPSIS.fullmatch(term) for term in (last, word))


_BOOLEAN = re.compile(r"(?:True|False)(?![A-Za-z])")
"""An element of a boolean array as NumPy prints it ("[False True False]", ReLU's mask)."""


_ELLIPSIS = re.compile(r"…[)\]]*[,.;:]?\w{0,3}[,.;:]?")
"""A tuple's last term that says it goes on ("(2.30, 1.90, 1.61, …)")."""


def _inside_derivative(chunk: list[str]) -> bool:
    """Whether `chunk` ends inside the parentheses of a derivative's ∂(…) not yet closed ("∂(지불" of
    "∂(지불 금액)/∂(사과)"): the name in them is one symbol, however many words it takes."""
    return re.search(r"∂\([^()]*$", " ".join(chunk)) is not None


def _mathy(term: str) -> bool:
    """A number, a symbol with a sub- or superscript, a single letter, an index of two (fy, fx), the
    book's capitals (FN, OH) or a partial derivative (∂f/∂x₀)."""
    core = re.match(r"[−+-]?((?:[\w.′]|∂[\w′]+/∂)*)", term).group(1)
    return (any(char.isdigit() or char in "₀₁₂₃₄₅₆₇₈₉²³ᵀ′" for char in core) or (len(core) == 1 and core.isalpha())
            or (len(core) == 2 and core.isascii() and core.isalpha() and core.islower())
            or (len(core) <= 3 and core.isascii() and core.isalpha() and core.isupper()))


def glue_markdown(markdown: str, column: int | None = None) -> str:
    """Markdown as the lesson text, the help screen and F1's panel show it: each paragraph on one line
    (`paragraph_lines`), then its code spans, formulas, keys and percentages glued, so a formula the
    source wraps over two lines ("(0.49 − 1)/2 =" above "−0.25") is as whole on screen as one written on
    a line. In a `column` that narrow, a glued run wider than it may break again (`glue_formulas`)."""
    glued = glue_asides(glue_keys(glue_formulas(glue_code(paragraph_lines(markdown)))))
    return glue_units(glued if column is None else _fit_runs(glued, JOINER, column))


_INLINE_CODE = re.compile(r"(`[^`\n]*`)")


def _each_prose_line(markdown: str, change) -> str:
    """`markdown` with `change` applied to each line outside fenced and indented code."""
    lines, fenced = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and not line.startswith("    "):
            line = change(line)
        lines.append(line)
    return "\n".join(lines)


def glue_code(markdown: str) -> str:
    """`markdown` with the spaces inside each inline code span that is not mathematics made CODE_JOINER,
    so that `dcol[0, 3]` never breaks as "dcol[0," above "3]" (but for one wider than its row, see
    `divide_line`). Fenced and indented code are left as they are, maths to `glue_formulas`."""
    return _each_prose_line(markdown, lambda line: _INLINE_CODE.sub(_code_glued, line))


def _code_glued(span: re.Match) -> str:
    code = span.group()
    return code if is_maths(code) else re.sub(r"(?<=[^\s`]) (?=[^\s`])", CODE_JOINER, code)


def is_maths(code: str) -> bool:
    """Whether inline `code` is mathematics (−, ×, ·, ᵀ…), glued as a formula, not as code."""
    return bool(set(code) & _MATH)


_BOLD_KEY = re.compile(r"(?:(?<=[^\s|]) )?(?<![*\w])\*\*([^*\s]{1,6})\*\*([,:;]?)(?: (?=[^\s`*|]))?")
"""A key in bold ("**s**", "**Enter**"), with the space before it after a word (not a table's "|"), the
punctuation after it, and the space before the next word."""
KEY_SPACE = CODE_JOINER
"""What joins a key to the word before it: whitespace to Markdown (so that "**" beside it opens and
ends emphasis as beside a space), no-break to the wrap, a plain space on screen and in a copy, as
between a code span's words (`lesson_markdown`)."""


_AFTER_CODE_KEY = re.compile(r"^(\*\*)?([,:;]?) (?=[^\s`*|])")
"""What follows a key in code (`]`) up to the next word: the end of a bold, punctuation, a space."""
_BEFORE_KEY = re.compile(r"(?:(?<=[^\s|])|^) (\*\*)?$")
"""The space between a word (or the code before: "`+` `-`") and the key in code after it, perhaps where a
bold opens ("**`]` 키를 눌러**"); not a table's "|" and its cell."""
_CHORD = re.compile(r"(?:Ctrl|Alt|Shift)\+\S", re.IGNORECASE)


def lone_key(text: str) -> bool:
    """Whether `text`, in code or in bold, is a key standing alone: a character (`.`), a named key
    (`Esc`, `F1`) or a chord (`Ctrl+P`)."""
    from workbench.course.keys import is_key

    return is_key(text) or bool(_CHORD.fullmatch(text))


def glue_keys(markdown: str) -> str:
    """`markdown` with each key in bold or in code (`lone_key`) joined to the words on either side of it:
    "Press **.** to step" never leaves "Press" at the end of a row and a lone "." to start the next,
    which reads as stray punctuation (7.3), nor "(**s**, dataset = fashion-mnist)" "(s," at the end of
    one and what to do with it on the next, nor "`]` 키를" a lone "]" above its particle; in Korean the
    key goes with the sentence before it too ("씁니다. **.** 키로" never starts a row with ". 키로"). The
    space before a key becomes KEY_SPACE; the joiner after one in bold without punctuation goes inside
    the bold ("**.⁠**키로"): after "**." it would end no emphasis. A list's or a quote's marker keeps its
    space."""
    def joined(bold: str, stop: str, after: bool) -> str:
        return f"{bold}{stop}{JOINER}" if stop and after or not bold else (f"{JOINER}{bold}" if after else bold + stop)

    def glued(match: re.Match) -> str:
        key, stop = match.groups()
        if not lone_key(key):
            return match.group()
        return f"{KEY_SPACE if match.group().startswith(' ') else ''}**{key}{joined('**', stop, match.group().endswith(' '))}"

    def line_glued(line: str) -> str:
        marker = _MARKER.match(line).group(1) or ""
        parts = _INLINE_CODE.split(line[len(marker):])
        for index in range(0, len(parts), 2):
            if index and lone_key(parts[index - 1][1:-1]):
                parts[index] = _AFTER_CODE_KEY.sub(lambda after: joined(after[1] or "", after[2], True),
                                                   parts[index], count=1)
            if index + 1 < len(parts) and lone_key(parts[index + 1][1:-1]) and (index or parts[index] != " "):
                parts[index] = _BEFORE_KEY.sub(lambda space: KEY_SPACE + (space[1] or ""), parts[index])
            parts[index] = _BOLD_KEY.sub(glued, parts[index])
        return marker + "".join(parts)
    return _each_prose_line(markdown, line_glued)


_SHORT_ASIDE = re.compile(r"(?<=\()([^\s(),`*]{1,8}) (?=[−-]?\d[\d.,]*\))")
"""A word and the number after it, alone in parentheses: "(클래스 0)", "(class 1)", "(출력 0)"."""


def glue_asides(markdown: str) -> str:
    """`markdown` with a short aside in parentheses, a word and a number ("▲(클래스 0)입니다"), kept on
    one row: 2.2 broke it as "▲(클래스" above "0)입니다", the number cut off from its word. Code is left
    as it is; a tuple, "(0, 0)", is `glue_formulas`'s."""
    def line_glued(line: str) -> str:
        parts = _INLINE_CODE.split(line)
        return "".join(part if index % 2 else _SHORT_ASIDE.sub(f"\\1{JOINER}", part) for index, part in enumerate(parts))
    return _each_prose_line(markdown, line_glued)


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_BLOCK_START = re.compile(r"^\s*(?:[-+>|#<]|\*(?!\*?[^\s*])|1[.)](?:\s|$)|=+\s*$)")
"""A line that starts a block of its own, or may (a list item, a quote, a table row, a heading, HTML, a
setext underline): never joined to the line above. Some of these ("-x" opening a line) would be a
paragraph's line, but a line left unjoined only keeps the line-by-line gluing; a line opening with
emphasis ("**3**, and", "*x*") is a paragraph's, and joined, so that a key there keeps the word before it."""
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?:\s|$)")
_NUMBERED = re.compile(r"^\s*\d+[.)](?:\s|$)")
"""Only "1." starts a list inside a paragraph ("(1.5, 2," above "3) now." is one); in a list, any number."""
_NO_TEXT_AFTER = re.compile(r"^\s*(?:[#|<]|=+\s*$|-{3,}\s*$)|(?: {2,}|\\)$")
"""A line no other goes on: a heading, a table row, HTML, a rule or underline, or one ending in a hard
break (two spaces or a backslash)."""


def paragraph_lines(markdown: str) -> str:
    """`markdown` with the lines of each paragraph (and of each list item) joined by a space, as
    Markdown reads a soft line break, so that gluing sees a formula or tuple that runs over a source
    line break. Code (fenced or indented), headings, tables, quotes, HTML, blank lines and hard breaks
    keep their lines."""
    out: list[str] = []
    fenced = code = joinable = False     # joinable: the last line out is a paragraph's, the next may go on it
    for line in markdown.split("\n"):
        if fenced or _FENCE.match(line):
            fenced = fenced != bool(_FENCE.match(line))
            code = joinable = False
        elif not line.strip():
            joinable = False
        elif line.startswith("    ") and (code or not joinable):
            code = True                                   # indented code, or a line kept as it is
        elif joinable and not _BLOCK_START.match(line) and not (_NUMBERED.match(line) and _LIST_ITEM.match(out[-1])):
            out[-1] = out[-1].rstrip() + " " + line.strip()
            joinable = not _NO_TEXT_AFTER.search(line)
            continue
        else:
            code, joinable = False, not _NO_TEXT_AFTER.search(line)
        out.append(line)
    return "\n".join(out)


def glue_units(text: str, joiner: str = JOINER) -> str:
    """`text` with the space between a number and the % (or the byte unit: KB, MB) after it replaced by
    `joiner`; code is left as it is (`10 % 3` stays Python)."""
    parts = _CODE.split(text)
    return "".join(part if index % 2 else _UNIT.sub(f"\\1{joiner}\\2", part) for index, part in enumerate(parts))


def unjoin(text: str) -> str:
    """The joiners glue_units put in, as no-break spaces (the same length)."""
    return text.replace(JOINER, "\u00a0")
