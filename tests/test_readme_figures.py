"""The README's "Figures: how each exercise looks" (issue 28): its words are checked by the
tests that assert them, and the pictures it shows are the library's."""

from __future__ import annotations

from pathlib import Path

from tests.readme_claims import section, uncovered_numbers

FIGURES_SECTION = "Figures: how each exercise looks"
ROOT = Path(__file__).resolve().parent.parent

def test_the_figures_section_states_no_number_unchecked() -> None:
    """It states none: what it says is shown by the tests of the figures and the pictures
    below (any number added later needs its claim here)."""
    assert uncovered_numbers(section(FIGURES_SECTION), []) == []


def test_the_pictures_shown_are_the_library_figures_as_coretimer_draws_them() -> None:
    import io
    import re
    from contextlib import redirect_stdout

    from coretimer import cli

    shown = re.findall(r"!\[[^\]]*\]\((screenshots/figures/[^)]+)\)", section(FIGURES_SECTION))
    assert len(shown) == 3
    for path in shown:
        out = io.StringIO()
        with redirect_stdout(out):
            assert cli.main(["figure", Path(path).stem, "--svg"]) == 0
        assert (ROOT / path).read_text() == out.getvalue(), path
