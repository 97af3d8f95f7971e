"""The settings in force, as the App keeps them: a change is saved at once and the theme it
names is applied; a theme picked in Textual's own palette is kept in the settings too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretimer.ui.host import Host
from coretimer.ui.themes import DEFAULT_THEME

if TYPE_CHECKING:
    from textual.theme import Theme


class Preferences:
    """Changes the App's settings (the screens ask with `messages.ChangeSettings`). Owned by
    the App (`app.preferences`)."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def update(self, **changes: object) -> None:
        host = self.host
        host.settings = host.settings.replace(**changes)
        self.apply_theme()
        host.state.save_settings(host.settings)
        host.page.show(host.state.messages)

    def apply_theme(self) -> None:
        """The theme of the settings (the default one for a name Textual does not know)."""
        host = self.host
        wanted = host.settings.theme
        theme = wanted if wanted in host.available_themes else DEFAULT_THEME
        if host.theme != theme:
            host.theme = theme

    def theme_changed(self, theme: Theme) -> None:
        """Textual's own theme picker changed it: keep the choice in the settings."""
        if theme.name != self.host.settings.theme and theme.name in self.host.available_themes:
            self.update(theme=theme.name)
