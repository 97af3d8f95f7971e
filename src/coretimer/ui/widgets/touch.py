"""Buttons for a finger or a mouse that never take the keyboard focus, so the keys of the
screen they sit on (Enter, space, digits) keep working after a tap."""

from __future__ import annotations

from typing import Literal

from textual.widgets import Button


def touch_button(label: str, button_id: str, *,
                 variant: Literal["default", "error"] = "default") -> Button:
    button = Button(label, id=button_id, variant=variant, compact=True)
    button.can_focus = False
    return button
