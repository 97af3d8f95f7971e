"""Buttons for a finger or a mouse that never take the keyboard focus, so the keys of the
screen they sit on (Enter, space, digits) keep working after a tap."""

from __future__ import annotations

from typing import Literal

from textual.widgets import Button

#: The least a finger should have to hit (WCAG 2.5.5 asks 44×44 CSS px): in `coretimer serve` a
#: cell is 0.6×f px wide and about 1.32×f px tall with a font of f = 12 to 20 px, so 6 columns by
#: 3 rows is 43–72 px wide and 48–79 px tall.
MIN_COLUMNS = 6
MIN_ROWS = 3


def touch_button(label: str, button_id: str, *,
                 variant: Literal["default", "error"] = "default") -> Button:
    button = Button(label, id=button_id, variant=variant, compact=True)
    button.can_focus = False
    return button
