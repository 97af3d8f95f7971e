"""Text that is safe to write to a terminal. No imports: the CLI's fastest paths use it."""

from __future__ import annotations

#: C0 and C1 control characters and DEL: none of them ever reaches a terminal raw.
_CONTROLS = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS_KEEP_LINES = {k: v for k, v in _CONTROLS.items() if k not in (0x0A, 0x09)}


def clean(text: str, *, lines: bool = False) -> str:
    """User text made safe for a terminal: every control character (ESC, BEL, ...) becomes
    "�", and a byte of a file name that is not valid UTF-8 is shown as "\\xe9" (see
    `visible_bytes`). With `lines`, newlines and tabs are kept."""
    text = text.translate(_CONTROLS_KEEP_LINES if lines else _CONTROLS)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # surrogates: no terminal can be sent them
            return visible_bytes(text)
    return text


def visible_bytes(text: str) -> str:
    """A path's undecodable bytes (which Python keeps as surrogate escapes, U+DC80-U+DCFF)
    written as \\xNN, as Python writes bytes; any other lone surrogate as \\uNNNN."""
    out = []
    for c in text:
        n = ord(c)
        if 0xDC80 <= n <= 0xDCFF:
            out.append(f"\\x{n - 0xDC00:02x}")
        elif 0xD800 <= n <= 0xDFFF:
            out.append(f"\\u{n:04x}")
        else:
            out.append(c)
    return "".join(out)
