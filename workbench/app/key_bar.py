"""The footer: the keys that matter here on one line, as many as fit, never a garbled one.

Textual's Footer gives every binding a grid column, so at 80 columns and below labels overlap and
break. This bar lists, always in one order, the screen's keys (step, home), then the keys the app puts
first (the presenter's, in presenter mode: `footer_first`, hidden ones included), then the focused
pane's own, then those every pane has (settings), then the app's; "? Help" stays at the right end,
where every key is listed. Which of them show is a matter of priority, not of order: the keys the
text on screen tells the learner to press (the screen's `wanted_keys`, even those the footer does not
list otherwise) come first, then the others in order until the first that does not fit, so that a
key is never shown without the ones before it. A key the text names keeps its place in the order:
the footer of a pane reads the same at every step of a lesson, its keys never trading places. A key
is never shown without its label: two keys that go together (`,` `.`, `[` `]`, declared a pair by a
Textual group, `localize.Pair`) share one item and one label (", . Filter"), both shown wherever the bar
lists one (a `show=False` on the other hides it only where it would cost one of the pane's own keys or one
the text names: "+ - Batch", not "+ Batch"), and when the keys the text names do not fit even so, the
last it names leave the bar (? lists them). Before any of them leaves,
the bar gives up its leading space (6.1 step 5 in Korean is one
cell too wide for all its labels with it), and in presenter mode the presenter's keys the text does not
name leave the bar (`presenter.GIVE_WAY`, go-to first; ? lists them): on a projector a bare "i" says
nothing, where "i Pixel/col" tells the room what the presenter is about to do (7.2 step 1 at 80 columns);
so does a follower's F while exploring, which the classroom line above the bar says. While a student
follows, the app names the only keys listed (`footer_only`): those that keep them following, and E.
When the text names a range such as "1–6" (by its first key), the keys inside it that it also names
are not listed again; a key named alone (`5`, or `l` of "hjkl") keeps its own label, in the range's
place: a key is never listed twice. A click on a key presses it. While a dropdown's list is open its keys
are the ones that act, Textual's and unlabelled, shadowing the screen's Escape: the bar lists them under
labels of ours (`OPEN_LIST`), where it was blank.
"""
from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.binding import Binding
from textual.keys import Keys, format_key
from textual.widget import Widget
from textual.widgets import OptionList, Select
from rich.cells import cell_len
from rich.text import Text

from workbench.app.localize import Pair, is_ours, localized
from workbench.app.presenter import GIVE_WAY
from workbench.app.styles import pane_css

GAP = "  "
LEAD = " "
"""The bar's leading space, given up when a label the text needs would not fit with it."""
KEY_NAMES = frozenset(key.value for key in Keys)
"""Every key Textual names with a word ("space", "end"): a display such as these is one key."""
COMMON_PREFIX = "pane."
"""Ids of the keys every pane has (from the Pane base): shown after the pane's own."""
OPEN_LIST = {binding.action: binding for binding in (
    Binding("up", "cursor_up", id="app.list_up", group=Binding.Group("list_move")),
    Binding("down", "cursor_down", id="app.list_down", group=Binding.Group("list_move")),
    Binding("enter", "select", id="app.list_pick"),
    Binding("escape", "dismiss", id="app.list_close"))}
"""The keys of a dropdown's open list (Textual's OptionList in a Select) listed as ours, by their action:
"↑ ↓ Move  enter Choose  esc Close"; with the list open, the settings dialog's bar was blank."""


class KeyBar(Widget):
    """One line of `key label` items from the active bindings of ours that are shown."""

    DEFAULT_CSS = pane_css(__file__)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, int, str]] = []
        self._lead = LEAD
        self._parts: dict[str, list[tuple[str, bool]]] = {}
        """Each pair's keys as written and whether each does something now, by the pair's item id."""
        self._row_break: int | None = None
        """Where the second row starts in what `choose` gave, when the bar takes two rows (below)."""
        self._halves: frozenset[Pair] = frozenset()
        """The pairs listed by one key alone, their other key left out only where it has no room (`choose`)."""
        self._members: dict[str, list[str]] = {}
        """The ids of each pair's bindings, by the pair's item id."""
        self._common: set[str] = set()
        """The ids of the keys every pane has and of the app's, listed after the pane's own."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def groups(self, join: bool = True) -> dict[str, list[tuple[Binding, bool, str]]]:
        """(binding, enabled, key text) of each action of ours to list, by group, in the bar's order: the
        screen's, those the app puts first, the pane's own, those of every pane, the app's; each pair as
        one item (`joined`), unless not `join`."""
        screen, app = self.screen, self.app
        wanted = self.wanted()
        groups: dict[str, list[tuple[Binding, bool, str]]] = {
            "screen": [], "first": [], "widget": [], "pane": [], "app": []}
        seen: set[str] = set()
        first = getattr(app, "footer_first", frozenset())      # presenter mode: the presenter's keys
        only = getattr(app, "footer_only", None)               # a following student: the keys that keep them
        ranged = {char for active in screen.active_bindings.values() if is_ours(active.binding)
                  and format_key(active.binding.key.split(",")[0]) in wanted for char in range_keys(active.binding)}
        stood_for = groups_named_inside(screen, wanted)
        found = []                            # (active binding, listed on its own) of each of ours
        for active in screen.active_bindings.values():
            active = open_list(active)
            binding = active.binding
            keys = [format_key(key) for key in binding.key.split(",")]
            if not binding.show and all(key in ranged for key in keys):
                continue                      # the text names `1` to `6` and `3`: "1–6" lists them all
            if binding.id in stood_for:
                continue                      # the text names `l` alone: "l Probe →" in place of "hjkl Probe"
            if only is not None and binding.id not in only:
                continue
            if not is_ours(binding) or binding.id in seen:
                continue
            seen.add(binding.id)
            named = any(char in wanted for char in keys)
            found.append((active, binding.show or named or binding.id in first))
        listed = {active.binding.group for active, alone in found if alone and isinstance(active.binding.group, Pair)}
        for active, alone in found:
            binding = active.binding
            if not (alone or (binding.group in listed and binding.group not in self._halves)):
                continue                      # listed neither on its own nor as the other key of a listed pair
            group = ("screen" if active.node is screen else "first" if binding.id in first
                     else "app" if active.node is app
                     else "pane" if binding.id.startswith(COMMON_PREFIX) else "widget")
            groups[group].append((binding, active.enabled, app.get_key_display(binding)))
        if not join:
            return groups
        self._common = {binding.id for binding, _, _ in groups["pane"] + groups["app"]}
        self._parts, self._members = {}, {}
        return {name: joined(items, self._parts, self._members) for name, items in groups.items()}

    def wanted(self) -> dict[str, int]:
        """Each key the text on screen names, by the order it names them in."""
        return {key: i for i, key in enumerate(getattr(self.screen, "wanted_keys", ()))}

    def explained(self) -> dict[str, int] | None:
        """The keys whose use a text in view tells (the screen's `explained_keys`). None: every key the text
        names; not None (a lesson's text folded away by t), the bar takes a second row for the keys that
        do not fit on one."""
        keys = getattr(self.screen, "explained_keys", None)
        return None if keys is None else {key: i for i, key in enumerate(keys)}

    def items(self) -> list[tuple[Binding, bool, str]]:
        """Every action the bar may list, in its order, each key of a pair on its own."""
        return [item for group in self.groups(join=False).values() for item in group]

    def choose(self, width: int) -> list[tuple[Binding, bool, str, bool]]:
        """(binding, enabled, key text, with its label) of what is shown in `width` cells, in the bar's
        order, help last: the screen's and the first keys, the keys the text names, then the others as
        they fit. Without the leading space, and then without the presenter's keys that give way, when
        only that keeps every label of those keys.

        A pair the bar lists shows both its keys, its other key hidden (`show=False`) or not: 8.2's bar
        read "+ Batch" beside the pane's own "+ - the batch". The pair is one item of the bar's order, the
        keys after it listed as they fit; only where its other key would cost one of the pane's own keys or
        one the text names (or its label), the bar's leading space or its single row, that pair keeps its
        one key (". Step" beside 4.3's "< > ±10 steps"), the pairs earlier in the bar taking the room first."""
        self._halves = frozenset()
        chosen = self._choose_fitting(width)
        halves = self.completed()
        if not halves:
            return chosen
        whole = self._kept(chosen)
        self._halves = frozenset(halves)
        kept = self._kept(self._choose_fitting(width))
        if not kept <= whole:
            alone = set(halves)
            for pair in halves:                 # in the bar's order: the earliest take the room first
                self._halves = frozenset(alone - {pair})
                if kept <= self._kept(self._choose_fitting(width)):
                    alone.discard(pair)
            self._halves = frozenset(alone)
        else:
            self._halves = frozenset()
        return self._choose_fitting(width)

    def completed(self) -> list[Pair]:
        """The pairs of the bar, in its order, whose other key is listed only because the pair is (`groups`)."""
        first, wanted = getattr(self.app, "footer_first", frozenset()), self.wanted()
        pairs = []
        for binding, _, _ in self.items():
            alone = binding.show or binding.id in first or named_at(binding, wanted) is not None
            if not alone and isinstance(binding.group, Pair) and binding.group not in pairs:
                pairs.append(binding.group)
        return pairs

    def _kept(self, chosen: list[tuple[Binding, bool, str, bool]]) -> set:
        """What `chosen` keeps that a pair's other key may not take away: the screen's and the pane's own
        keys and each key the text names, each with its label or not (a pair's each key), the bar's
        leading space and its number of rows. The keys of every pane and the app's (s Settings) are
        listed after it as they fit, as after any item (? lists them)."""
        wanted, common = self.wanted(), self._common
        kept = {(member, labelled) for binding, _, _, labelled in chosen
                if binding.id not in common or named_at(binding, wanted) is not None
                for member in self._members.get(binding.id, [binding.id])}
        return kept | {("lead", self._lead == LEAD), ("rows", self.rows)}

    def _choose_fitting(self, width: int) -> list[tuple[Binding, bool, str, bool]]:
        """`choose` for the pairs as they are (`_halves`)."""
        spare = self.spare()
        self._row_break = None
        for given in range(len(spare) + 1):
            for lead in (LEAD, ""):
                chosen, whole = self._choose(width, cell_len(lead), spare[:given])
                if whole:
                    break
            if whole:
                break
        self._lead = lead
        if not whole and self.explained() is not None:
            chosen = self._two_rows(width)
        return chosen

    def _two_rows(self, width: int) -> list[tuple[Binding, bool, str, bool]]:
        """With no text in view to say what they do, keys that do not fit with their labels on one row
        get a second: the screen's (and the first) keys on the first, the others, help last, on the
        second, every one with its label (those named first; the rest as they fit)."""
        self._lead = LEAD
        groups = self.groups()
        items = [item for group in groups.values() for item in group]
        top = [(*item, True) for item in groups["screen"] + groups["first"] if item[0].id != "app.help"]
        help_ = [(*item, True) for item in items if item[0].id == "app.help"]
        rest = [item for item in groups["widget"] + groups["pane"] + groups["app"] if item[0].id != "app.help"]
        wanted = self.wanted()
        named = [item for item in rest if named_at(item[0], wanted) is not None]
        room = width + cell_len(GAP) - cell_len(LEAD) - sum(_cells(item) for item in help_)
        labelled = labels_that_fit([], named, wanted, room)
        fill(rest, labelled, sum(_cells((*item, True)) for item in named if item[0].id in labelled), room)
        self._row_break = len(top)
        return top + [(*item, True) for item in rest if item[0].id in labelled] + help_

    @property
    def rows(self) -> int:
        """How many rows the bar takes (two when `choose` last gave it a second)."""
        return 1 if self._row_break is None else 2

    def spare(self) -> list[str]:
        """Ids of the keys shown first that leave the bar, in this order, rather than let a key the text
        names lose its label: in presenter mode, the presenter's own that the text does not name."""
        first, wanted = getattr(self.app, "footer_first", frozenset()), self.wanted()
        shown = {item[0].id: item[0] for item in self.items()}
        return [key for key in GIVE_WAY if key in first and key in shown and named_at(shown[key], wanted) is None]

    def _choose(self, width: int, lead: int,
                given: list[str] = ()) -> tuple[list[tuple[Binding, bool, str, bool]], bool]:
        """What `choose` shows after `lead` cells without the keys `given` up, and whether every key
        always shown or named keeps its label."""
        width += cell_len(GAP)                 # the last item's gap, counted in its cells, is never drawn
        groups, wanted = self.groups(), self.wanted()
        help_ = [(*item, True) for group in groups.values() for item in group if item[0].id == "app.help"]
        listed = {name: [item for item in group if item[0].id != "app.help"] for name, group in groups.items()}
        room = width - lead - sum(_cells(item) for item in help_)
        fixed = [item for item in listed["screen"] + listed["first"] if item[0].id not in given]
        rest = listed["widget"] + listed["pane"] + listed["app"]
        named = [item for item in rest if named_at(item[0], wanted) is not None]
        labelled = labels_that_fit(fixed, named, wanted, room)
        whole = all(labelled.values()) and len(labelled) == len(fixed) + len(named)
        fill(rest, labelled, sum(_cells((*item, labelled[item[0].id])) for item in fixed + rest
                                 if item[0].id in labelled), room)
        return [(*item, labelled[item[0].id]) for item in fixed + rest if item[0].id in labelled] + help_, whole

    def render(self) -> Text:
        width = self.size.width
        styles = self.app.theme_variables
        key_style = f"bold {styles.get('footer-key-foreground', styles['accent'])}"
        chosen = self.choose(width)
        if self.styles.height is None or self.styles.height.value != self.rows:
            self.styles.height = self.rows
        text, self._spans = Text(self._lead), []
        row, x = 0, cell_len(self._lead)
        for index, (binding, enabled, key, labelled) in enumerate(chosen):
            if index == self._row_break:
                text.rstrip()
                text.append("\n" + self._lead)
                row, x = 1, cell_len(self._lead)
            shown = key + (" " + binding.description if labelled else "")
            for place, (part, on) in enumerate(self._parts.get(binding.id, [(key, enabled)])):
                text.append((" " if place else "") + part, style=key_style if on else "dim")
            if labelled:
                text.append(" " + binding.description, style="" if enabled else "dim")
            self._spans += spans(binding, key, row, x, x + cell_len(shown))
            text.append(GAP)
            x += cell_len(shown + GAP)
        if self._row_break is None:
            text.truncate(width)
        else:
            text.rstrip()
        return text

    def on_click(self, event: events.Click) -> None:
        for row, start, end, key in self._spans:
            if row == event.y and start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return


def open_list(active):
    """`active` (an active binding), or, one of an open dropdown's list (`OPEN_LIST`), as one of ours."""
    node, ours = active.node, OPEN_LIST.get(active.binding.action)
    if ours is None or is_ours(active.binding) or not (isinstance(node, OptionList) and isinstance(node.parent, Select)):
        return active
    return active._replace(binding=localized(ours))


def spans(binding: Binding, key: str, row: int, start: int, end: int) -> list[tuple[int, int, int, str]]:
    """Where a click presses which key of an item from `start` to `end`: a pair's each key where it is
    written (", ." — `,` and `.`), its label and any other item's whole width its first key."""
    keys, parts = binding.key.split(","), key.split(" ")
    if binding.group is None or len(parts) != len(keys) or len(keys) < 2:
        return [(row, start, end, keys[0])]
    found, x = [], start
    for part, pressed in zip(parts, keys):
        found.append((row, x, x + cell_len(part) + 1, pressed))
        x += cell_len(part) + 1
    return [*found, (row, x, end, keys[0])]


def joined(items: list[tuple[Binding, bool, str]], parts: dict[str, list[tuple[str, bool]]],
           members: dict[str, list[str]] | None = None) -> list[tuple[Binding, bool, str]]:
    """`items` with the keys of each pair listed (a group of bindings, `localize.Pair`) as one item in the
    place of its first, under the pair's label: ", . Filter" for ", Filter −" and ". Filter +", whose
    labels did not fit beside the lesson at 80 columns (7.4 step 7 showed "." "[" "]" bare). A pair of
    which one key alone is listed is that key's own item, with its own label, as in Textual's Footer.
    `parts` gets each pair's keys and whether each does something now: each is dim on its own (`.` at
    the last cell); `members`, if given, the ids of each pair's bindings."""
    pairs: dict[Pair, list[tuple[Binding, bool, str]]] = {}
    for item in items:
        if isinstance(item[0].group, Pair):                   # a group with its label in the catalog
            pairs.setdefault(item[0].group, []).append(item)
    merged = []
    for binding, enabled, key in items:
        pair = pairs.get(binding.group, ())
        if len(pair) < 2:
            merged.append((binding, enabled, key))
        elif pair[0][0] is binding:
            parts[binding.id] = [(text, on) for _, on, text in pair]
            if members is not None:
                members[binding.id] = [member.id for member, _, _ in pair]
            merged.append((replace(binding, key=",".join(member.key.split(",")[0] for member, _, _ in pair),
                                   key_display=" ".join(text for _, _, text in pair),
                                   description=binding.group.description),
                           any(on for _, on, _ in pair), " ".join(text for _, _, text in pair)))
    return merged


def fill(rest: list, labelled: dict[str, bool], used: int, room: int) -> None:
    """Add to `labelled` the items of `rest` not in it, with their labels, in order until the first that
    does not fit in `room` cells beside the `used` ones: a key is never shown without those before it."""
    for item in rest:
        if item[0].id in labelled:
            continue
        if used + _cells((*item, True)) > room:
            break
        labelled[item[0].id] = True
        used += _cells((*item, True))


def named_at(binding: Binding, wanted: dict[str, int]) -> int | None:
    """Where the text first names a key of `binding`, or None if it names none."""
    places = [wanted[key] for key in map(format_key, binding.key.split(",")) if key in wanted]
    return min(places) if places else None


def labels_that_fit(fixed: list, named: list, wanted: dict[str, int], room: int) -> dict[str, bool]:
    """Binding id → with its label, for the keys always shown and those the text names, in `room` cells.

    Every key shown has its label: a bare "." or "[" beside the lesson said nothing (7.4 step 7 read
    ". [ ]" once its pairs did not fit with their labels). When they do not fit, whole items leave the bar,
    the pane's the text names last first, then the screen's it names (? lists every key)."""
    labelled = {item[0].id: True for item in fixed + named}

    def by_place(items: list) -> list:
        return sorted((item for item in items if named_at(item[0], wanted) is not None),
                      key=lambda item: named_at(item[0], wanted))

    def too_wide() -> bool:
        return sum(_cells((*item, True)) for item in fixed + named if item[0].id in labelled) > room

    for binding, *_ in [*reversed(by_place(named)), *reversed(by_place(fixed))]:
        if not too_wide():
            break
        del labelled[binding.id]
    return labelled


def groups_named_inside(screen, wanted: dict[str, int]) -> set[str]:
    """Ids of the bindings shown for several keys ("hjkl", "1–6") whose first key the text does not name
    but some others it does, each of those listed on its own: the footer lists those keys in the
    group's place, so that no key is listed twice ("hjkl Probe  l Probe →" in 4.2 step 7)."""
    ours = [active.binding for active in screen.active_bindings.values() if is_ours(active.binding)]
    alone = {format_key(key) for binding in ours if not range_keys(binding) for key in binding.key.split(",")}
    groups = set()
    for binding in ours:
        inside = range_keys(binding)
        named = [key for key in inside if key in wanted]
        if named and format_key(binding.key.split(",")[0]) not in wanted and all(key in alone for key in named):
            groups.add(binding.id)
    return groups


def range_keys(binding: Binding) -> list[str]:
    """The keys a binding shown for several stands for: a range ("1–6": 1 to 6), keys between spaces
    ("+ -") or letters run together that name no key ("hjkl", not "space"); none for any other binding."""
    display = binding.key_display or ""
    if len(display) == 3 and display[1] == "–" and display[0] < display[2]:
        return [chr(code) for code in range(ord(display[0]), ord(display[2]) + 1)]
    if " " in display:
        return display.split(" ")
    if len(display) > 1 and display.isalpha() and display.islower() and display not in KEY_NAMES:
        return list(display)
    return []


def _cells(item: tuple) -> int:
    binding, _, key, labelled = item
    return cell_len(f"{key} {binding.description}{GAP}" if labelled else f"{key}{GAP}")
