"""Text that is safe to write to a terminal. No imports: the CLI's fastest paths use it."""

from __future__ import annotations

#: C0 and C1 control characters and DEL: none of them ever reaches a terminal raw.
_CONTROLS = {c: "\N{REPLACEMENT CHARACTER}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
#: A file name's bytes that are not UTF-8 arrive as lone surrogates (U+DC80-U+DCFF, Python's
#: "surrogateescape"): shown as the byte they stand for ("q\xe9.toml"), since they cannot be
#: written as text at all. Any other lone surrogate is shown by its number.
_SURROGATES = {c: (f"\\x{c - 0xDC00:02x}" if 0xDC80 <= c <= 0xDCFF else f"<U+{c:04X}>")
               for c in range(0xD800, 0xE000)}
#: Characters that reorder a line or cannot be seen, shown by their number ("<U+202E>"):
#: the bidi controls (U+061C, U+200E-F, U+202A-E, U+2066-9), zero-width characters (U+200B-D,
#: U+2060, U+FEFF), the line and paragraph separators (U+2028-9), the invisible operators
#: (U+2061-4), the deprecated format controls (U+206A-F) and the interlinear annotation
#: marks (U+FFF9-B). A zero-width joiner inside an emoji sequence is part of one picture
#: and is kept (see `_joiners`).
_INVISIBLE = {c: f"<U+{c:04X}>" for c in [
    0x061C, *range(0x200B, 0x2010), 0x2028, 0x2029, *range(0x202A, 0x202F),
    *range(0x2060, 0x2065), *range(0x2066, 0x2070), 0xFEFF, *range(0xFFF9, 0xFFFC)]
    if c != 0x200D}
_TABLE = {**_CONTROLS, **_SURROGATES, **_INVISIBLE}
_TABLE_KEEP_LINES = {k: v for k, v in _TABLE.items() if k not in (0x0A, 0x09)}
_ZWJ = "\u200d"


def clean(text: str, *, lines: bool = False) -> str:
    """User text made safe for a terminal: every control character (ESC, BEL, ...) becomes
    "\N{REPLACEMENT CHARACTER}", a byte of a file name that is not UTF-8 shows as "\\xe9", and
    a character that would reorder the line (U+202E) or hide in it (a zero-width space) shows
    by its number, "<U+202E>". With `lines`, newlines and tabs are kept.

    Emoji are drawn at the width every terminal agrees on (see `_one_width`)."""
    shown = text.translate(_TABLE_KEEP_LINES if lines else _TABLE)
    return shown if shown.isascii() else _one_width(shown)


def _pictographic(ch: str) -> bool:
    """An emoji (by block: no imports)."""
    c = ord(ch)
    return 0x1F000 <= c <= 0x1FAFF or 0x2300 <= c <= 0x27BF or 0x2B00 <= c <= 0x2BFF


#: Skin tones (U+1F3FB-F) and the emoji variation selector (U+FE0F).
_DROPPED = frozenset([*map(chr, range(0x1F3FB, 0x1F400)), "\ufe0f"])


def _one_width(text: str) -> str:
    """Emoji made into pictures every terminal draws at one width, the width the screen's
    layout measures. Terminals disagree on sequences: tmux draws a thumbs-up with a skin tone
    as two pictures (4 columns) where others draw one (2), and a picture joined to another
    ("woman" + zero-width joiner + "microscope") as one or as two. A layout measured one way
    and drawn the other pushes the rest of a line off the screen, or onto the next row. So a
    skin tone and the emoji variation selector are dropped, and a joiner between two
    pictures too (they stand side by side, as every terminal draws them); any other joiner is
    shown by its number."""
    if _ZWJ not in text and not any(ch in _DROPPED for ch in text):
        return text
    out: list[str] = []
    kept = [ch for ch in text if ch not in _DROPPED]
    last = len(kept) - 1
    for i, ch in enumerate(kept):
        if ch != _ZWJ:
            out.append(ch)
        elif not (0 < i < last and _pictographic(kept[i - 1]) and _pictographic(kept[i + 1])):
            out.append("<U+200D>")
    return "".join(out)
