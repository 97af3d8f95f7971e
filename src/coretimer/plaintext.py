"""Text that is safe to write to a terminal. No imports: the CLI's fastest paths use it."""

from __future__ import annotations

#: C0 and C1 control characters and DEL: none of them ever reaches a terminal raw.
_CONTROLS = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS_KEEP_LINES = {k: v for k, v in _CONTROLS.items() if k not in (0x0A, 0x09)}


def clean(text: str, *, lines: bool = False) -> str:
    """User text made safe for a terminal: every control character (ESC, BEL, ...) becomes
    "�". With `lines`, newlines and tabs are kept."""
    return text.translate(_CONTROLS_KEEP_LINES if lines else _CONTROLS)
