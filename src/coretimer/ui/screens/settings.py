"""Settings: sound on or off, the weekly target; the pain rule is shown so the person knows
what stops a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Label, Static, Switch

from coretimer.present import plural
from coretimer.settings import Settings
from coretimer.ui import messages


class SettingsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "toggle_sound", "Sound on/off", id="toggle-sound"),
        Binding("plus,equals_sign", "target(1)", "Weekly target +", id="target-up"),
        Binding("minus", "target(-1)", "Weekly target −", id="target-down"),
        Binding("escape,q,o", "back", "Back", id="back"),
    ]

    #: The settings in force, set by the App after every change.
    settings: var[Settings] = var(Settings, init=False)

    def __init__(self, settings: Settings, *, quiet: bool = False) -> None:
        super().__init__()
        self.set_reactive(SettingsScreen.settings, settings)
        self.quiet = quiet

    def compose(self) -> ComposeResult:
        with Vertical(id="settings"):
            yield Static("[b]Settings[/b]")
            with Horizontal(classes="setting"):
                yield Switch(value=self.settings.sound, id="sound")
                yield Label("Bell at each phase change and 3-2-1 before the end of work")
            yield Static(self._target_text(), id="weekly-target")
            yield Static(self._pain_rule_text(), id="pain-rule")
            if self.quiet:
                yield Static("Started with --quiet: no bell this time, whatever the setting.")
        yield Footer()

    def watch_settings(self) -> None:
        if self.is_mounted:
            self.query_one("#weekly-target", Static).update(self._target_text())
            self.query_one("#sound", Switch).value = self.settings.sound

    def _target_text(self) -> str:
        n = self.settings.weekly_target
        return (f"Weekly target: [b]{n}[/b] {plural(n, 'session').split()[1]} a week (+ / −). "
                "Weeks that meet it keep the weekly streak going, and their rest days keep the "
                "day streak going.")

    def action_target(self, step: int) -> None:
        target = min(7, max(1, self.settings.weekly_target + step))
        self.post_message(messages.ChangeSettings(weekly_target=target))

    def _pain_rule_text(self) -> str:
        s = self.settings
        return (f"A pain report stops the session when you rate it {s.spike_level} or more, "
                f"or {s.rise_over_baseline} or more points above how your back felt before "
                "you started, or give no rating.")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        if event.value != self.settings.sound:
            self.post_message(messages.ChangeSettings(sound=event.value))

    def action_toggle_sound(self) -> None:
        switch = self.query_one("#sound", Switch)
        switch.value = not switch.value

    def action_back(self) -> None:
        self.dismiss()
