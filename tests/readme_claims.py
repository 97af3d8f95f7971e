"""The README's claims, for the tests that check them (issue 25: every number and key the
README states is checked by a test or a snapshot).

A claim is a phrase of the README (whitespace-insensitive) and how it is checked: a `check`
that asserts it against the code, or `by`, the test (``tests/file.py::name``) that already
checks it. `uncovered_numbers` finds the numbers of a section that no claim covers, so a number
added to the README without a check fails its section's test."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def flat(text: str) -> str:
    """Text with every run of whitespace as one space: a phrase may cross a line break."""
    return " ".join(text.split())


def readme() -> str:
    return flat(README.read_text(encoding="utf-8"))


def section(title: str) -> str:
    """The README's `## title` section, up to the next `## ` heading, flattened."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match is not None, f"README has no section '## {title}'"
    return flat(match.group(1))


def intro() -> str:
    """The README's text before its first `## ` section, flattened."""
    text = README.read_text(encoding="utf-8")
    first = re.search(r"^## ", text, re.M)
    assert first is not None, "README has no `## ` section"
    return flat(text[:first.start()])


@dataclass(frozen=True)
class Claim:
    phrase: str
    """Words of the README, as they read there (line breaks do not matter)."""
    check: Callable[[], None] | None = None
    """Asserts the claim against the code."""
    by: str | None = None
    """Or the test that checks it: tests/file.py::test_name."""
    why_not_checked: str | None = None
    """Or why the number is not a claim about the app (a citation's year, a study's size)."""


#: Numbers: digits, with a decimal part; the parts of 80×24, 10-12, 0–10 are numbers each.
NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Digits inside these are not claims: fenced code blocks (the routine format's examples, the
#: development commands; checked where they are), pictures' file names, links.
NOT_PROSE = re.compile(r"```.*?```|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|https?://\S+")


def test_exists(reference: str) -> bool:
    """Whether tests/file.py::name names a test function of that module."""
    path, _, name = reference.partition("::")
    name = name.split("[", 1)[0]
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return callable(getattr(module, name, None))


test_exists.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def uncovered_numbers(text: str, claims: Sequence[Claim]) -> list[str]:
    """Each number of `text` (outside code, links and file names) that no claim's phrase
    covers, shown with the words around it. Every claim's phrase must be in `text`."""
    covered = [False] * len(text)
    for claim in claims:
        phrase = flat(claim.phrase)
        start = text.find(phrase)
        assert start >= 0, f"the README no longer says: {phrase!r}"
        while start >= 0:
            for i in range(start, start + len(phrase)):
                covered[i] = True
            start = text.find(phrase, start + 1)
    for match in NOT_PROSE.finditer(text):
        for i in range(match.start(), match.end()):
            covered[i] = True
    return [f"{m.group()} in …{text[max(0, m.start() - 40):m.end() + 40]}…"
            for m in NUMBER.finditer(text) if not all(covered[m.start():m.end()])]


def run_claims(claims: Sequence[Claim]) -> None:
    """Every claim is checked one way: its check passes, or its test exists, or it says why
    it is not a claim about the app."""
    for claim in claims:
        ways = [claim.check is not None, claim.by is not None, claim.why_not_checked is not None]
        assert sum(ways) == 1, f"one way to check {claim.phrase!r}"
        if claim.check is not None:
            claim.check()
        elif claim.by is not None:
            assert test_exists(claim.by), f"{claim.by} (for {claim.phrase!r}) is not a test"
