"""Input fields for a pane's settings, made from their kinds: inline in a pane, or all of them in a dialog.

A field applies its value on Enter or when it loses focus; a value the settings refuse is marked in
the field with the message under it, and the pane keeps its last good settings. In the dialog, Enter
also closes it once every value is good (a learner who typed a value and pressed Enter is done, and
was left looking at the dialog); a refused value keeps it open, its error in place. A field the settings
leave unused as they are (`unused()`: the training pane's dropout while net = simple) is dimmed, its
line saying why, and follows the setting that decides it as that changes.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from workbench.app.key_bar import KeyBar
from workbench.app.click_outside import ClickOutsideCloses
from workbench.app.help_screen import DIALOG_HELP
from workbench.app.localize import Localized
from workbench.app.no_break import NO_BREAK, glue_formulas, install
from workbench.app.too_small import Guarded
from workbench.app.widgets.choice_list import ChoiceList
from workbench.app.widgets.field import Field
from workbench.i18n import t
from workbench.i18n.numbers import grouped
from workbench.models.settings import (Bool, Choice, Int, SettingError, as_text, kinds, labelled, named_value,
                                       unused_keys)


class SettingField(Vertical):
    """One setting: its name, an input (or a list of choices) and a line of help or of error.

    A compact field (in a pane) shows the line only for a refused value, or, with ``focus_help``,
    also while it has focus (the training pane's "train_size 0" then says that 0 means all).
    """

    def __init__(self, key: str, value_text: str, kind, help_text: str, *, compact: bool = False,
                 label: str | None = None, focus_help: bool = False, whole_formulas: bool = False,
                 choice_labels: dict[str, str] | None = None):
        super().__init__(classes="setting-field")
        self.key = key
        self.label = label or key
        """What the field is called on screen (a Korean word in Korean); `key` is what --set and lessons write."""
        self.kind = kind
        self.value_text = value_text
        self.help_text = help_text
        self.compact = compact
        self.focus_help = compact and focus_help
        self.whole_formulas = whole_formulas
        """An error's short formulas ("C = 3", "(6 + 2·1 − 3)/2 + 1 = 3.5") kept on one row."""
        self.error: str | None = None
        self.unused: str | None = None
        """Why the settings leave this one unused ("not used with net = simple"), else None."""
        self.choice_labels = choice_labels or {}
        """Value → how the list shows it (무작위 for random); a value without one shows as itself."""
        self.focused = False
        self._hint_shown: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="setting-row"):
            yield Label(self.label, classes="setting-name")
            if isinstance(self.kind, (Choice, Bool)):      # chosen, never mistyped
                yield ChoiceList([(self.choice_labels.get(c, c), c) for c in self.choices()], value=self.value_text, allow_blank=False,
                                 compact=True, id=f"field-{self.key}")
            else:
                placeholder = self.kind.describe() if self.compact else ""    # else the hint under it says it
                yield Field(self.value_text, placeholder=placeholder, compact=True,
                            select_on_focus=True, id=f"field-{self.key}", tooltip=self.kind.describe())
        self._hint_shown = self.hint()
        yield Static(self._hint_shown, classes="setting-hint", markup=False)   # "pool SIZE [stride S]" is no markup

    def choices(self) -> tuple[str, ...]:
        """The values a list offers: a choice's, or true and false (as typed after --set)."""
        if isinstance(self.kind, Choice):
            return self.kind.choices
        return self.kind.to_text(True), self.kind.to_text(False)

    def hint(self) -> str:
        if self.compact and not self.focused:
            return ""
        parts = [self.key] if self.label != self.key and not self.compact else []
        if self.unused:             # why, in place of what it would do: "dropout · 신경망 = simple 설정에서는 …"
            return " · ".join(parts + [self.unused])
        parts += [self.help_text] if self.help_text else []
        return " · ".join(parts + [self.allowed()])

    def allowed(self) -> str:
        """What the field takes; a list's values as it shows them, each with the word --set takes where
        that differs ("무작위(random)", "켬(true) 또는 끔(false)"), so the line under the list reads as
        the list does."""
        if not isinstance(self.kind, (Choice, Bool)) or not self.choice_labels:
            return self.kind.describe()
        shown = [label if value.lower() in label.lower().split() else f"{label}({value})"     # 표준편차 std: once
                 for value, label in ((c, self.choice_labels.get(c, c)) for c in self.choices())]
        if isinstance(self.kind, Bool):
            return self.kind.describe(*shown)
        return t("settings.kind.choice", allowed=", ".join(shown))

    def show_unused(self, reason: str | None) -> None:
        """Dim the field with `reason` as its line (None: in use again, its help back)."""
        if reason == self.unused:
            return
        self.unused = reason
        self.set_class(reason is not None, "-unused")
        if self.is_mounted:
            self._show_hint()

    def show_error(self, message: str | None) -> None:
        self.error = message
        self.set_class(message is not None, "-invalid")
        self._show_hint()
        if message is not None and self.has_focus_within:      # the field just entered: its message in
            self.call_after_refresh(self.scroll_visible, animate=False)   # sight (the last one's was below the box)

    def _show_hint(self) -> None:
        hints = self.query(".setting-hint")
        if not hints:           # being removed: a focus that left as its dialog went arrives after its line
            return
        hint = hints.first(Static)
        text = f"⚠ {self._error_text()}" if self.error else self.hint()
        if text != self._hint_shown:        # an update lays the whole dialog out again
            self._hint_shown = text
            hint.update(text)
        shown = bool(self.error) or not self.compact or self.focused
        if hint.display != shown:
            hint.display = shown

    def _error_text(self) -> str:
        if not self.whole_formulas:
            return self.error
        install()
        return glue_formulas(self.error, NO_BREAK[0])

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.unused and not self.compact:        # the line that says why in sight, not only the input
            self.call_after_refresh(self.scroll_visible, animate=False)
        if self.focus_help and not self.focused:
            self.focused = True
            self._show_hint()

    def on_click(self, event: events.Click) -> None:
        """A click on the field's name or on its line focuses its input, as a form's label does (it did
        nothing: a learner who clicked "iterations" typed into the field focused before). A click on the
        input or the list itself is theirs (the list's overlay keeps its focus)."""
        control = next(iter(self.query(f"#field-{self.key}")), None)
        clicked = event.widget
        if control is None or clicked is None or clicked is control or control in clicked.ancestors:
            return
        if not control.has_focus and control.focusable:
            control.focus()                 # an input's value selected, to type over, as Tab leaves it

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self.focus_help and self.focused:
            self.focused = False
            self._show_hint()

    def set_value(self, text: str, *, force: bool = False) -> None:
        """Show `text`, unless the learner is typing in this field (`force`: even then). A field not
        composed yet (`s` as the dialog made ahead was still being made) is made with `text`."""
        controls = self.query(f"#field-{self.key}")
        if not controls:
            self.value_text = text
            return
        control = controls.first()
        if isinstance(control, Input) and (force or not control.has_focus) and control.value != text:
            control.value = text
        elif isinstance(control, Select) and control.value != text:
            with control.prevent(Select.Changed):
                control.value = text


class SettingsForm(Vertical):
    """Fields for `keys` of a pane's settings (all of them by default)."""

    @dataclass
    class Edited(Message):
        """The learner entered `text` for setting `key`."""

        form: SettingsForm
        key: str
        text: str

    @dataclass
    class Entered(Message):
        """Enter in one of the form's fields, after its value (if new) was sent as `Edited`."""

        form: SettingsForm

    def __init__(self, entry, settings: Any, keys: Sequence[str] | None = None, *, compact: bool = False,
                 focus_help: bool = False, whole_formulas: bool = False, **kwargs: Any):
        """``focus_help``: a compact field shows its help while it has focus; ``whole_formulas``: an
        error's short formulas never wrap inside (``SettingField``)."""
        super().__init__(**kwargs)
        self.entry = entry
        self.settings = settings
        self.keys = list(keys) if keys is not None else list(kinds(entry.settings))
        self.compact = compact
        self.focus_help = focus_help
        self.whole_formulas = whole_formulas

    def compose(self) -> ComposeResult:
        found = kinds(self.entry.settings)
        unused = self.unused_reasons()
        for key in self.keys:
            field = SettingField(key, field_text(self.settings, key), found[key], self.entry.setting_help(key),
                                 compact=self.compact, label=self.entry.setting_label(key),
                                 focus_help=self.focus_help, whole_formulas=self.whole_formulas,
                                 choice_labels=self.choice_labels(key, found[key]))
            field.show_unused(unused.get(key))      # dimmed as it is made: no line updated as it mounts
            yield field

    def on_mount(self) -> None:
        for field in self.query(SettingField):
            field.show_error(None)

    def choice_labels(self, key: str, kind) -> dict[str, str]:
        """Value → how a list shows it, for a setting that is a choice or on/off (`PaneEntry.choice_label`:
        켬 for true in Korean)."""
        if isinstance(kind, Choice):
            return {value: self.entry.choice_label(key, value) for value in kind.choices}
        if isinstance(kind, Bool):
            return {value: self.entry.choice_label(key, value) for value in (kind.to_text(True), kind.to_text(False))}
        return {}

    def unused_reasons(self) -> dict[str, str]:
        """Key → why the settings leave it unused, naming the deciding setting as its field is labelled."""
        return {key: t("settings_form.unused", by=self.entry.setting_label(by), value=self.shown_value(by))
                for key, by in unused_keys(self.settings).items()}

    def shown_value(self, key: str) -> str:
        """Setting `key`'s value as its field shows it (a choice's label, 켬 for true)."""
        with labelled(self.entry.setting_label, self.entry.choice_label):
            return named_value(self.settings, key)

    def show_unused(self) -> None:
        """Dim the fields the settings leave unused as they are now; bring back the others."""
        unused = self.unused_reasons()
        for field in self.query(SettingField):
            field.show_unused(unused.get(field.key))

    def typed(self, control: Input) -> str | None:
        """The setting whose field `control` is, when it holds text other than that setting's value."""
        key = (control.id or "").removeprefix("field-")
        return key if key in self.keys and control.value != field_text(self.settings, key) else None

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _entered(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        key = self.typed(event.input)
        if key is None and isinstance(event, Input.Submitted) and self.screen.query(".setting-field.-invalid"):
            key = self.key_of(event.input)      # Enter on the value in use: the refused one is given up
        if key is not None:
            self.post_message(self.Edited(self, key, event.value))
        if isinstance(event, Input.Submitted):
            self.post_message(self.Entered(self))

    def key_of(self, control: Input) -> str | None:
        key = (control.id or "").removeprefix("field-")
        return key if key in self.keys else None

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        """A choice other than the setting's. A list of choices announces its value as it mounts: taken
        as an edit, that was the pane's settings set again and every field marked anew, once a list."""
        event.stop()
        key = (event.select.id or "").removeprefix("field-")
        if key in self.keys and isinstance(event.value, str) and event.value != as_text(self.settings, key):
            self.post_message(self.Edited(self, key, event.value))

    def update_settings(self, settings: Any, *, force: bool = False, keep: str | None = None) -> None:
        """Show `settings` in the fields (after a change from anywhere); `force`: the focused one too;
        `keep`: not in that field (it holds a value just refused, left there to be corrected)."""
        self.settings = settings
        for field in self.query(SettingField):
            if field.key != keep:
                field.set_value(field_text(settings, field.key), force=force)
        self.show_unused()

    def mark(self, error: SettingError | None, edited: str | None = None) -> None:
        """Show `error` in the field it names, and in field `edited` (the one whose new value it refused:
        a y with fewer classes than t is refused in t's words); clear the others."""
        for field in self.query(SettingField):
            shown = error is not None and field.key in (error.key, edited)
            field.show_error(str(error) if shown else None)


OFF_SCREEN_LAYOUTS = 4
"""At most this many layouts of a dialog made ahead (Textual's first showing of one makes three)..."""
OFF_SCREEN_WAITS = 20
"""...and this many waits for the requests of one to arrive, in case something keeps asking."""


class SettingsScreen(ClickOutsideCloses, Localized, Guarded, ModalScreen):
    """Every setting of one pane, each with its help; values apply as they are entered."""

    BINDINGS = [Binding("escape", "close", id="settings.close"), DIALOG_HELP]
    HORIZONTAL_BREAKPOINTS = VERTICAL_BREAKPOINTS = []
    """None of the app's: no style of the dialog depends on the terminal's width, and the class the
    app's breakpoints add as the dialog is first laid out restyled and laid it out again (60 ms)."""
    FIRST_FIELD = "#settings-form Input, #settings-form Select"

    @property
    def HELP(self) -> str:  # noqa: N802 - Textual's name
        return t("help.settings")

    @property
    def AUTO_FOCUS(self) -> str:  # noqa: N802 (Textual's name)
        """Focus goes straight to the first field: by way of the scrolling box, every widget of the
        dialog would be restyled twice more as the box took focus and gave it up. None while the dialog
        is made ahead, off screen: Textual focuses as a screen composes, and a field's Focus handled as
        the app quit asked for a screen there was no more (ScreenStackError, a traceback at exit)."""
        return self.FIRST_FIELD if self.is_current else ""

    def __init__(self, pane):
        super().__init__()
        self.pane = pane
        self._styled_for: tuple | None = None
        self._marked = False
        """Whether `show_pane` has just marked the fields for the opening under way: resumed, the dialog
        does not mark them all again (every field's line worked out twice an opening)."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every widget of a screen each time it comes back (23 ms of the UI thread
        for this dialog, a third of an opening). The dialog is kept between openings and its styles
        change only with the app's CSS or theme; whatever changed inside it (values, marks, focus)
        has restyled its own widgets already. So it is restyled again only when those changed."""
        styled_for = (self.app._css_update_count, self.app.theme)
        if styled_for == self._styled_for:
            event.refresh_styles = False
        self._styled_for = styled_for
        marked, self._marked = self._marked, False
        forms = self.query("#settings-form")
        if forms and not marked:            # a first opening too (made ahead, not shown since): its marks
            form = forms.first(SettingsForm)
            form.mark(self.error_of_what_is_shown(form))

    def on_resize(self, event: events.Resize) -> None:
        """A resize to the size the dialog was just laid out at is its own first layout announced:
        Textual would lay the dialog out again, and the pane beneath it too (80 ms of a first opening).
        A real resize of the terminal (another size) goes on to Textual's handling."""
        if event.size == self.outer_size:
            event.prevent_default()

    def on_mount(self) -> None:
        if not self.is_current:          # made ahead of its first opening
            self.call_later(self.lay_out_off_screen)      # once mounted: Textual lays out mounted widgets only

    def lay_out_off_screen(self, layouts: int = 0, waits: int = 0) -> None:
        """Lay the dialog out at the app's size while it is not shown, as often as Textual would once it
        is, so that its first opening only draws it. Textual lays a screen out only while it is shown, and
        the first layout of a new one asks for more: every widget given its first size asks for one (the
        sizes they scroll), the scrollbar maybe another. Each is made once the requests of the one before
        have arrived (the screen idle, no widget's request still on its way), until none comes: two
        layouts made at once left that second one to the first opening (a layout of the dialog's hundred
        widgets there, 30 ms of 85 for the training pane's). The one private part: no public method lays
        out a screen that is not shown, nor says that it needs it."""
        if self.is_current or not self.is_attached or layouts >= OFF_SCREEN_LAYOUTS or waits >= OFF_SCREEN_WAITS:
            return
        if layouts and not self._layout_required:
            if self._message_queue.qsize() or any(widget._layout_required for widget in self.walk_children()):
                self.call_after_refresh(self.lay_out_off_screen, layouts, waits + 1)    # still on their way
            return
        self._refresh_layout(self.app.size)
        self._layout_required = False           # as Textual's own layout leaves it
        self.call_after_refresh(self.lay_out_off_screen, layouts + 1, waits)

    def styled_now(self) -> None:
        """Its widgets are being styled as they mount (it was mounted before its first opening): that
        opening need not restyle them again."""
        self._styled_for = (self.app._css_update_count, self.app.theme)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings-box", can_focus=False) as box:     # Tab goes from field to field
            box.border_title = t("settings_form.title", title=self.pane.entry.title)
            yield SettingsForm(self.pane.entry, self.pane.settings, id="settings-form")
        yield KeyBar()

    def show_pane(self) -> None:
        """Show the pane's current settings and error again (the dialog is kept between openings).
        Not composed yet (made ahead a moment ago), it will be made with them, and marked as it comes up
        (`on_screen_resume`); so too a form still making its fields: marked now, it had none to mark,
        and its own mount then cleared every mark (`s` a second after the pane showed, on a
        busy machine: the refused W1 shown as the good one, without its error)."""
        forms = self.query("#settings-form")
        if not forms:
            return
        form = forms.first(SettingsForm)
        form.update_settings(self.pane.settings, force=True)   # nothing is being typed: the dialog was closed
        if not form.is_mounted:
            return
        form.mark(self.error_of_what_is_shown(form))
        self._marked = True
        first = self.query(self.FIRST_FIELD)
        if first:
            field = first.first()
            self.set_focus(field, scroll_visible=False)
            if isinstance(field, Input) and field.select_on_focus:   # focused still from the last opening:
                field.select_all()          # no Focus selects it, and the cursor stayed where typing left it
            self.query_one("#settings-box").scroll_home(animate=False)

    def error_of_what_is_shown(self, form: SettingsForm) -> SettingError | None:
        """The pane's error, where it belongs to a value the dialog shows. A value the pane refused from
        one of its own fields (forward's W1 with a row of 4) is still typed there: the dialog shows it
        too, with its error; a refused change no field holds (a key's) leaves the settings in use,
        which are good, unmarked. The dialog showed the good W1 marked "행마다 수가 3개 있어야 합니다"."""
        error, pane = self.pane.error, self.pane
        if error is None or error.key is None or pane.settings is not pane._good:
            return error                                # the settings in use are at fault, or all of them
        typed = refused_text(pane, error.key)
        if typed is None:
            return None
        for field in form.query(SettingField):
            if field.key == error.key:
                field.set_value(typed, force=True)
                return error
        return None

    @on(SettingsForm.Edited)
    def _edited(self, event: SettingsForm.Edited) -> None:
        taken = self.pane.edit(event.key, event.text)
        event.form.mark(self.pane.error, edited=None if taken else event.key)
        event.form.update_settings(self.pane.settings, keep=None if taken else event.key)

    @on(SettingsForm.Entered)
    def _entered(self, event: SettingsForm.Entered) -> None:
        """Enter in a field, its value applied (`Edited` came first): done when every value is good."""
        if self.pane.error is None and self.is_current:
            self.action_close()

    def action_close(self) -> None:
        """Close. The value being typed applies, as on leaving its field; a value the pane refuses
        is dropped with its error, and the fields go back to the settings in use (so the field's
        blur as the dialog goes has nothing left to apply)."""
        form = self.query_one("#settings-form", SettingsForm)
        focused = self.focused
        key = form.typed(focused) if isinstance(focused, Input) and form in focused.ancestors else None
        if key is not None:
            self.pane.edit(key, focused.value)
        refused = self.pane.error
        self.pane.drop_refused()
        if refused is not None and self.pane.error is None:     # dropped: the pane's own fields let it go too
            for own in self.pane.query(SettingsForm):
                own.update_settings(self.pane.settings, force=True)
        form.update_settings(self.pane.settings, force=True)
        form.mark(self.pane.error)
        self.dismiss()


def field_text(settings: Any, key: str) -> str:
    """A setting's value as its field shows it: `as_text`, with a whole number of 1,000 or more grouped
    as every pane writes a count (test_size 1,000 beside "시험 이미지 1,000장"); typed either way, it is read."""
    text = as_text(settings, key)
    if isinstance(kinds(type(settings))[key], Int) and text.lstrip("-").isdigit() and len(text.lstrip("-")) > 3:
        return grouped(int(text))
    return text


def refused_text(pane, key: str) -> str | None:
    """The text one of `pane`'s own fields for `key` holds other than the setting in use: a value refused
    there and left to be corrected; None when no such field holds one."""
    for form in pane.query(SettingsForm):
        for control in form.query(f"#field-{key}"):
            if isinstance(control, Input) and control.value != field_text(pane.settings, key):
                return control.value
    return None
