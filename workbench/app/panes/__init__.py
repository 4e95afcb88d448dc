"""Pane widgets: one module per pane, each rendering the result of its model in `workbench.models`.

A new pane is three things:
1. a settings module, `workbench/models/<name>_settings.py`: a frozen settings dataclass whose fields
   are made with the kinds of `workbench.models.settings` (`integer`, `number`, `choice`, `shape`, …),
   importing neither NumPy nor the library (a check that needs them imports them in `__post_init__`),
   so that listing panes stays instant; and a model module, `workbench/models/<name>.py`: a
   `compute(settings) -> result` function (NumPy and `workbench.nn` only). Either raises
   `SettingError(key, message)` for a combination it refuses, naming the setting at fault;
2. a widget module here: a subclass of `base.Pane` with `PANE = "<name>"`, `compose_pane()` for
   its children and `show(result)` to render (no computing in `show`). Keys change settings through
   `self.apply(...)`/`self.edit(...)`, which keep the last good state when a value is refused;
   inline fields come from `settings_form.SettingsForm(self.entry, self.settings, keys=[...])`; long
   work runs through `self.start_job(name, work)` and comes back as `job_progress`/`job_done`;
   plots use `workbench.app.plotting.Plot`;
3. an entry in `workbench/models/catalog.py`, and the pane's strings in `workbench/i18n/en/<name>.toml`
   and `ko/<name>.toml`: `<name>.title`, `<name>.help`, `<name>.setting.<field>`, and for each key
   binding (id `<name>.<action>`) its footer label `<name>.key.<action>` and help line `.tip`.

Keys: a pane's bindings use digits, letters other than n, p, t and s, and + - [ ] . , (in a pane
that steps, `.` goes one step further and `,` one back); the lesson screen keeps the arrows, n p t,
Escape, ? and F1, and every pane has s (its settings).
"""
