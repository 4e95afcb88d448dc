"""Keys that reach a field together act in the order they were typed: a quick "⌫1", or keys queued while the
interface was busy, deleted the 1 just typed (Textual ran ⌫ only once the key had bubbled up to the app,
after the 1 was inserted; Textualize/textual#6605). Each test sends its keys at once, as a terminal's one
read does, and waits only after the last (Pilot's `press` waits after each key, which hides the race)."""
from textual import events
from textual.app import App
from textual.widgets import Input

from workbench.app.app import make_app
from workbench.app.widgets import keys_in_order
from screen_text import until

CHARACTERS = {"backspace": "\x7f", "delete": None, "end": None, "home": None, "left": None, "right": None}


async def sent_at_once(pilot, *keys: str) -> None:
    """`keys` queued together (a character stands for itself), then the app left to handle them."""
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key))
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


class OneField(App[None]):
    def compose(self):
        yield Input(value="0.001", select_on_focus=False)


async def test_editing_keys_sent_together_with_characters_act_in_their_order():
    keys_in_order.install()
    app = OneField()
    async with app.run_test() as pilot:
        field = app.query_one(Input)
        await sent_at_once(pilot, "end", "backspace", "2")
        assert field.value == "0.002"
        await sent_at_once(pilot, "backspace", "backspace", "9", "home", "delete", "1", "left", "right", "x")
        assert field.value == "1x.09"


async def test_a_training_setting_corrected_in_a_hurry_is_what_was_typed():
    app = make_app(pane=("train", None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#field-lr", Input)
        field.focus()
        await until(pilot, lambda: field.has_focus)
        await sent_at_once(pilot, "end", "backspace", "backspace", "5")
        assert field.value == "0.05"
