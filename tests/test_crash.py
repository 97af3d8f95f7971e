"""crash.py, headless: it formats the exception it is given, whatever is being handled."""

from __future__ import annotations

from pathlib import Path

from coretimer.crash import format_error, write_crash_log


def _raise(message: str) -> Exception:
    try:
        raise ValueError(message)
    except ValueError as exc:
        return exc


def test_the_exception_given_is_formatted_not_the_one_being_handled(tmp_path: Path) -> None:
    given = _raise("the one that crashed")
    try:
        raise KeyError("something handled nearby")
    except KeyError:
        text = format_error(given)
    assert "ValueError: the one that crashed" in text and "in _raise" in text
    assert "KeyError" not in text
    path = write_crash_log(tmp_path, given)
    assert path is not None and path.parent == tmp_path / "logs"
    assert path.read_text() == text
    second = write_crash_log(tmp_path, given)
    assert second is not None and second != path  # never overwrites an earlier log


def test_no_crash_log_where_none_can_be_written(tmp_path: Path) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert write_crash_log(tmp_path, _raise("x")) is None
