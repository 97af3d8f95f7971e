"""Settings: sound and voice on or off (naming the player and the speech engine found), the
weekly target; the pain rule is shown so the person knows what stops a session."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Label, Static, Switch

from coretimer.settings import Settings
from coretimer.text.present import plural
from coretimer.ui import messages
from coretimer.ui.screens.common import esc


class SettingsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Back first: on a phone's narrow screen the bar is cut on the right, and Back must
        # always be there to tap.
        Binding("escape,q,o", "back", "Back", id="back"),
        Binding("b", "switch('sound')", "Sound", id="toggle-sound"),
        Binding("v", "switch('voice')", "Voice", id="toggle-voice"),
        Binding("r", "switch('endurance_reference')", "Reference values",
                id="toggle-reference"),
        Binding("c", "theme", "Theme", id="theme"),
        Binding("plus,equals_sign", "target(1)", "Target +", id="target-up"),
        Binding("minus", "target(-1)", "Target −", id="target-down"),
    ]

    #: The settings in force (bound to the App's own).
    settings: var[Settings] = var(Settings, init=False)

    def __init__(self, settings: Settings, *, quiet: bool = False, voice_override: bool | None
                 = None, speech_engine: str | None = None, player: str | None = None) -> None:
        super().__init__()
        self.set_reactive(SettingsScreen.settings, settings)
        self.quiet = quiet
        self.voice_override = voice_override
        self.speech_engine = speech_engine
        self.player = player

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings"):
            yield Static("[b]Settings[/b]")
            with Horizontal(classes="setting"):
                yield Switch(value=self.settings.sound, id="sound")
                yield Label("Sound (b): a tone when work starts, another for rests, ticks for "
                            "3-2-1 and each step of a paced rep")
            yield Static(self._player_text(), classes="setting-note", markup=False)
            with Horizontal(classes="setting"):
                yield Switch(value=self.settings.voice, id="voice")
                yield Label("Voice (v): the exercise, go, rest, switch sides, halfway, 3-2-1")
            yield Static(self._voice_text(), classes="setting-note", markup=False)
            with Horizontal(classes="setting"):
                yield Switch(value=self.settings.endurance_reference, id="endurance_reference")
                yield Label("Reference values (r): beside your endurance test, the published "
                            "times of healthy young men and women (McGill and colleagues, 1999)")
            yield Static(self._theme_text(), id="theme-setting")
            yield Static(self._not_for_me_text(), id="not-for-me", markup=False)
            yield Static(self._target_text(), id="weekly-target")
            yield Static(self._pain_rule_text(), id="pain-rule")
            if self.quiet:
                yield Static("Started with --quiet: no sound and no voice this time, whatever "
                             "the settings.")
        yield Footer()

    def _player_text(self) -> str:
        if self.player:
            return f"Tones play through {self.player}."
        return ("No sound player found (paplay, aplay or afplay): the terminal bell rings "
                "instead, if your terminal lets it.")

    def _voice_text(self) -> str:
        if not self.speech_engine:
            return ("No speech engine installed, so nothing is spoken. Install espeak-ng "
                    "(Linux) to hear the cues; macOS has `say` built in.")
        text = f"Speaking through {self.speech_engine}."
        if self.voice_override is not None and not self.quiet:
            text += (f" Started with --{'voice' if self.voice_override else 'no-voice'}: voice "
                     f"{'on' if self.voice_override else 'off'} this time, whatever the setting.")
        return text

    def watch_settings(self) -> None:
        if self.is_mounted:
            self.query_one("#weekly-target", Static).update(self._target_text())
            self.query_one("#sound", Switch).value = self.settings.sound
            self.query_one("#voice", Switch).value = self.settings.voice
            self.query_one("#endurance_reference", Switch).value = (
                self.settings.endurance_reference)
            self.query_one("#not-for-me", Static).update(self._not_for_me_text())
            self.query_one("#theme-setting", Static).update(self._theme_text())

    def _theme_text(self) -> str:
        # (the themes only when settings change one)
        from coretimer.ui.themes import theme_label

        return (f"Theme (c): [b]{esc(theme_label(self.settings.theme))}[/b]. High contrast is "
                "white on black with yellow, for reading from the mat. NO_COLOR in the "
                "environment turns every theme to plain black and white; the phases are always "
                "named in words.")

    def action_theme(self) -> None:
        # (the themes only when settings change one)
        from coretimer.ui.themes import next_theme

        self.post_message(messages.ChangeSettings(theme=next_theme(self.settings.theme)))

    def _not_for_me_text(self) -> str:
        marks = self.settings.not_for_me
        if not marks:
            return ("Not for me: nothing marked. Mark an exercise with n in a routine's preview "
                    "or after a session, and it is left out of every routine.")
        return (f"Not for me (left out of every routine): {', '.join(marks)}. Take a mark back "
                "with n in a preview that lists the exercise.")

    def _target_text(self) -> str:
        n = self.settings.week_target
        follows = (" (your plan's days)" if self.settings.plan is not None
                   and self.settings.weekly_target is None else "")
        return (f"Weekly target: [b]{n}[/b] {plural(n, 'session').split()[1]} a week{follows} "
                "(+ / −). Weeks that meet it keep the weekly streak going, and their rest days "
                "keep the day streak going.")

    def action_target(self, step: int) -> None:
        target = min(7, max(1, self.settings.week_target + step))
        self.post_message(messages.ChangeSettings(weekly_target=target))

    def _pain_rule_text(self) -> str:
        s = self.settings
        return (f"A pain report stops the session when you rate it {s.spike_level} or more, "
                f"or {s.rise_over_baseline} or more points above how your back felt before "
                "you started, or give no rating.")

    def on_switch_changed(self, event: Switch.Changed) -> None:
        name = event.switch.id
        if name in ("sound", "voice", "endurance_reference") and event.value != getattr(
                self.settings, name):
            self.post_message(messages.ChangeSettings(**{name: event.value}))

    def action_switch(self, name: str) -> None:
        switch = self.query_one(f"#{name}", Switch)
        switch.value = not switch.value

    def action_back(self) -> None:
        self.dismiss()
