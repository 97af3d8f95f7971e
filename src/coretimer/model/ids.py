"""Exercise ids: the slug of a name, and what counts as an id. Standard library only, so
the settings can check an id without loading the models (and pydantic)."""

from __future__ import annotations

import functools
import re
import unicodedata

#: An explicit exercise id, as a routine file may give it (models.ExerciseId is built on it).
EXPLICIT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@functools.lru_cache(maxsize=4096)  # called for every set by stats and progression
def slug(name: str) -> str:
    """An exercise's default id: its name in lower case, words joined by "-"
    ("Side plank (knees)" -> "side-plank-knees").

    The rule, the same in every script:
    1. The name is put in Unicode's composed form (NFC), so that a name typed two ways ("é"
       as one character, or as "e" and a combining accent, as macOS writes file names) is
       one id; then lower-cased (`str.lower`, not `casefold`: "ß" stays "ß", as it always
       did) and composed again.
    2. A combining dot above right after "i" or "j" is dropped: it is what lower-casing the
       Turkish "İ" leaves, and an i has its dot already ("İstanbul" -> "istanbul").
    3. A word is a run of letters and digits, with the combining marks that follow them
       (Devanagari vowel signs, Thai vowels and tone marks, accents: parts of their
       letters). Anything else (spaces, punctuation, symbols, invisible characters) parts
       words; the words are joined by "-". No word at all gives "exercise".
    Names in letters without combining marks (every shipped routine's) keep the ids they
    always had; `legacy_slug` is the rule before this one.
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).lower())
    words: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch.isalnum():
            word.append(ch)
        elif word and unicodedata.category(ch).startswith("M"):
            if not (ch == "\u0307" and word[-1] in "ij"):
                word.append(ch)
        elif word:
            words.append("".join(word))
            word = []
    if word:
        words.append("".join(word))
    return "-".join(words) or "exercise"


@functools.lru_cache(maxsize=1024)
def legacy_slug(name: str) -> str:
    """The default id before issue 24: a combining mark parted words and names were not
    composed first ("Cafe\u0301 plank" -> "cafe-plank", "İstanbul" -> "i-stanbul"). History,
    pain and "not for me" marks saved under it still count (`Exercise.keys`)."""
    out = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    return "-".join(part for part in out.split("-") if part) or "exercise"


def is_exercise_key(text: str) -> bool:
    """Whether `text` can be an exercise's id: an explicit id (`EXPLICIT_ID`: lower-case
    ASCII letters, digits and "-"), or what `slug` or `legacy_slug` makes of a name (letters
    of any script with their combining marks and digits, in words joined by single "-"), at
    most 100 characters. The settings' "not for me" list takes
    these."""
    if not text or len(text) > 100:
        return False
    return (EXPLICIT_ID.fullmatch(text) is not None or slug(text) == text
            or legacy_slug(text) == text)
