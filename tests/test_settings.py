"""Settings validation works from the real field types, not from annotation strings."""

from __future__ import annotations

import dataclasses

import pytest

from coretimer.coaching.plan import Plan
from coretimer.settings import Settings


@pytest.mark.parametrize("resolved", [False, True])
@pytest.mark.parametrize(("data", "words"), [
    ({"sound": "yes"}, "sound must be true or false"),
    ({"weekly_target": "3"}, "weekly_target must be a whole number"),
    ({"weekly_target": True}, "weekly_target must be a whole number"),
    ({"weekly_target": 9}, "weekly_target must be a whole number from 1 to 7"),
    ({"spike_level": 0}, "spike_level must be a whole number from 1 to 10"),
])
def test_wrong_values_are_refused(monkeypatch: pytest.MonkeyPatch, resolved: bool,
                                  data: dict[str, object], words: str) -> None:
    """`resolved`: the field types as they are without `from __future__ import annotations`
    (classes, not strings). Validation compared strings, and so silently stopped working."""
    if resolved:
        for f in dataclasses.fields(Settings):
            monkeypatch.setattr(f, "type", {"bool": bool, "int": int, "str": str,
                                            "int | None": int | None,
                                            "Plan | None": Plan | None,
                                            "tuple[str, ...]":
                                            tuple[str, ...]}[str(f.type)])
    with pytest.raises(ValueError, match=words):
        Settings.from_dict(data)
