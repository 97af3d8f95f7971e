"""Text that is safe to write to a terminal. No imports: the CLI's fastest paths use it."""

from __future__ import annotations

#: C0 and C1 control characters and DEL: none of them ever reaches a terminal raw.
_CONTROLS = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
#: A file name's bytes that are not UTF-8 arrive as lone surrogates (U+DC80-U+DCFF, Python's
#: "surrogateescape"): shown as the byte they stand for ("q\xe9.toml"), since they cannot be
#: written as text at all. Any other lone surrogate is shown by its number.
_SURROGATES = {c: (f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"<U+{c:04X}>")
               for c in range(0xD800, 0xE000)}
_TABLE = {**_CONTROLS, **_SURROGATES}
_TABLE_KEEP_LINES = {k: v for k, v in _TABLE.items() if k not in (0x0A, 0x09)}


def clean(text: str, *, lines: bool = False) -> str:
    """User text made safe for a terminal: every control character (ESC, BEL, ...) becomes
    "\N{REPLACEMENT CHARACTER}", and a byte of a file name that is not UTF-8 shows as "\\xe9".
    With `lines`, newlines and tabs are kept."""
    return text.translate(_TABLE_KEEP_LINES if lines else _TABLE)
