"""The themes coretimer offers in its settings: Textual's dark and light, and a high-contrast
theme (white on black, yellow accents) for a screen read from across a room or by weaker eyes.
NO_COLOR is Textual's to honour (it turns every theme monochrome); the phases are always named
in words on the session screen, so colour is never the only sign."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="coretimer-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    success="#00FF66",
    warning="#FFD000",
    error="#FF5050",
    boost="#FFFFFF",
    dark=True,
)

#: In the order the settings screen steps through them.
THEMES: tuple[str, ...] = ("textual-dark", "textual-light", HIGH_CONTRAST.name)
DEFAULT_THEME = THEMES[0]
#: What settings and the palette call them (settings.json keeps the names above).
THEME_LABELS: dict[str, str] = {"textual-dark": "Dark", "textual-light": "Light",
                                HIGH_CONTRAST.name: "High contrast"}


def theme_label(name: str) -> str:
    """A theme in words: "Dark", "Light", "High contrast"; another of Textual's own (picked
    in its palette) by its name written out ("tokyo-night": "Tokyo night")."""
    return THEME_LABELS.get(name) or name.replace("-", " ").replace("_", " ").capitalize()


def next_theme(current: str) -> str:
    return THEMES[(THEMES.index(current) + 1) % len(THEMES)] if current in THEMES else THEMES[0]
