"""Wide characters are drawn at the width the layout measures (issue 24). Textual measures a
thumbs-up with a skin tone as one picture (2 columns); tmux draws it as two (4 columns). A
cue of such emoji was laid out for 52 columns and drawn over 90: the rest of each line went
off the screen ("brace" and "breathe" were never seen), and a terminal that wraps would have
drawn it over the next rows. `plaintext.clean` now turns emoji sequences into pictures that
every terminal draws at one width: a layout measured by grapheme (Textual) and a terminal that
draws code point by code point then agree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from coretimer.text.plaintext import clean
from tests.test_e2e_tmux import Terminal, launch

#: Emoji and their sequences (skin tones, joiners, variation selectors, keycaps), letters,
#: accents, Hangul and CJK, spaces.
PIECES = ["\U0001f44d", "\U0001f469", "\U0001f52c", "\U0001f308", "\U0001f3f3", "\u2642",
          "\u2764", "\u2714", "\u231a", *map(chr, range(0x1F3FB, 0x1F400)), "\u200d", "\ufe0f",
          "\u20e3", "1", "a", "Z", "\u00e9", "e\u0301", "\ud55c", "\u56fd", " ", "-"]


def drawn_by_code_point(text: str) -> int:
    """The columns a terminal that draws each code point on its own takes (tmux 3.3 for
    skin tones, many for joined pictures)."""
    return sum(max(0, wcwidth.wcwidth(ch)) for ch in text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_emoji_are_drawn_at_the_width_the_layout_measures(text: str) -> None:
    shown = clean(text)
    assert cell_len(shown) == drawn_by_code_point(shown), (text, shown)


@pytest.mark.parametrize(("text", "shown"), [
    ("\U0001f44d\U0001f3fd brace", "\U0001f44d brace"),  # a skin tone: one picture
    ("\U0001f469\u200d\U0001f52c", "\U0001f469\U0001f52c"),  # joined: side by side
    ("\u2764\ufe0f", "\u2764"),  # the emoji look: the text look, one column everywhere
    ("Caf\u00e9 \ud55c\uad6d\uc5b4", "Caf\u00e9 \ud55c\uad6d\uc5b4"),  # left as it is
])
def test_what_an_emoji_sequence_becomes(text: str, shown: str) -> None:
    assert clean(text) == shown


WIDE = '''\
name = "Wide"
get_ready = 1

[[exercises]]
name = "Plank"
id = "plank"
kind = "hold"
hold = 30
cues = ["{thumbs}{thumbs}{thumbs}{thumbs}{thumbs}{thumbs} brace {thumbs}{thumbs}{thumbs}{thumbs}\
{thumbs}{thumbs}{thumbs}{thumbs}{thumbs}{thumbs}{thumbs} and keep breathing {thumbs}{thumbs}\
{thumbs}{thumbs}{thumbs}{thumbs}{thumbs}{thumbs} slowly"]
'''.replace("{thumbs}", "\U0001f44d\U0001f3fd")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_cue_of_skin_tone_emoji_is_read_whole_in_a_real_terminal(
        tmp_path: Path, size: tuple[int, int]) -> None:
    import uuid

    routine = tmp_path / "wide.toml"
    routine.write_text(WIDE)
    term = Terminal(f"coretimer-wide-{uuid.uuid4().hex[:8]}")
    try:
        launch(term, tmp_path, routine, first_run=False, size=size)
        screen = term.wait_for("seconds left in the hold")
        for word in ("brace", "and keep breathing", "slowly", "Pain  p", "Plank"):
            assert word in screen, f"{word!r} is not on the screen:\n{screen}"
        term.keys("q")
        term.wait_for("End the session now?")
    finally:
        term.tmux("kill-server")
