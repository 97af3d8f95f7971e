"""Settings: sound on or off; the pain rule is shown so the user knows what stops a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, Static, Switch

from coretimer.ui.screens.common import coretimer_app


class SettingsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "toggle_sound", "Sound on/off", id="toggle-sound"),
        Binding("plus,equals_sign", "target(1)", "Weekly target +", id="target-up"),
        Binding("minus", "target(-1)", "Weekly target −", id="target-down"),
        Binding("escape,q,o", "back", "Back", id="back"),
    ]

    def compose(self) -> ComposeResult:
        app = coretimer_app(self)
        with Vertical(id="settings"):
            yield Static("[b]Settings[/b]")
            with Horizontal(classes="setting"):
                yield Switch(value=app.settings.sound, id="sound")
                yield Label("Bell at each phase change and 3-2-1 before the end of work")
            yield Static(self._target_text(), id="weekly-target")
            yield Static(self._pain_rule_text(), id="pain-rule")
            if app.quiet:
                yield Static("Started with --quiet: no bell this time, whatever the setting.")
        yield Footer()

    def _target_text(self) -> str:
        n = coretimer_app(self).settings.weekly_target
        return (f"Weekly target: [b]{n}[/b] session{'s' if n != 1 else ''} a week (+ / −). "
                "Weeks that meet it keep the weekly streak going, and their rest days keep the "
                "day streak going.")

    def action_target(self, step: int) -> None:
        app = coretimer_app(self)
        app.update_settings(weekly_target=min(7, max(1, app.settings.weekly_target + step)))
        self.query_one("#weekly-target", Static).update(self._target_text())

    def _pain_rule_text(self) -> str:
        s = coretimer_app(self).settings
        return (f"A pain report stops the session when you rate it {s.spike_level} or more, "
                f"or {s.rise_over_baseline} or more points above how your back felt before "
                "you started, or give no rating.")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        coretimer_app(self).update_settings(sound=event.value)

    def action_toggle_sound(self) -> None:
        switch = self.query_one("#sound", Switch)
        switch.value = not switch.value

    def action_back(self) -> None:
        self.dismiss()
