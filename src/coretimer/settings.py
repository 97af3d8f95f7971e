"""User settings, kept as a small JSON file in the config folder.

A plain dataclass (no pydantic): settings are read before the first frame, and start-up must
not wait for pydantic. Unlike history, settings can fall back to defaults, one value at a
time: a value that cannot be used costs only itself, and is said. Reading never changes the
file; saving over a file that held something that could not be used first keeps a copy of it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coretimer.coaching.plan import Plan, PlanError
from coretimer.durable import atomic_write, create_once
from coretimer.model.ids import is_exercise_key

FILE_NAME = "settings.json"
#: What the "not for me" list took before ids kept combining marks: still taken.
_EXERCISE_KEY = re.compile(r"[^\W_](?:[^\W_]|-){0,99}")

_BOUNDS = {"spike_level": (1, 10), "rise_over_baseline": (1, 10), "weekly_target": (1, 7),
           "schema_version": (1, 1_000)}
#: The pain rule may be made stricter, never looser: a rating of 5 always stops a session, and
#: so does a rise of 2 points over the check-in. Higher values in a hand-edited file are
#: brought down to these.
PAIN_RULE_MAX = {"spike_level": 5, "rise_over_baseline": 2}


@dataclass(frozen=True)
class Settings:
    schema_version: int = 1
    sound: bool = True
    """Tones at phase changes, rep steps and 3-2-1 before the end of work (the terminal bell
    when no sound player is installed)."""
    voice: bool = True
    """Spoken cues, when a speech engine is installed."""
    safety_notice_acknowledged: bool = False
    spike_level: int = 5
    rise_over_baseline: int = 2
    weekly_target: int | None = None
    """Sessions a week the streaks count; None (null in the file): the plan's number of days,
    else 3 (`week_target`)."""
    endurance_reference: bool = False
    """Show the published reference values (men and women) beside endurance test results."""
    not_for_me: tuple[str, ...] = ()
    """Ids of exercises marked "not for me": skipped in every routine until unmarked."""
    theme: str = "textual-dark"
    """The colour theme (the app falls back to the default for a name it does not know)."""
    plan: Plan | None = None
    """The days (and time, and routine) to train on (`coretimer plan`); None: no plan."""

    @property
    def week_target(self) -> int:
        """The weekly target in force: as set on its own, else the plan's number of days,
        else 3."""
        if self.weekly_target is not None:
            return self.weekly_target
        return len(self.plan.days) if self.plan is not None else 3

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Validate a parsed settings file; unknown keys are ignored, wrong values raise."""
        return cls.parse(data)[0]

    @classmethod
    def parse(cls, data: Any) -> tuple[Settings, list[str]]:
        """Like `from_dict`, and also bring a pain rule looser than the safe maximum down to
        it; the list says what was changed."""
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        found = _read_fields(data)
        if found.bad:
            first = found.bad[0]
            raise ValueError(f"{first.name} {first.rule}")
        return found.settings, found.clamped

    def to_doc(self) -> dict[str, Any]:
        """As the file holds it (a plan as `Plan.to_dict` writes it)."""
        doc = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        doc["not_for_me"] = list(self.not_for_me)
        doc["plan"] = None if self.plan is None else self.plan.to_dict()
        return doc

    def to_json(self) -> bytes:
        return (json.dumps(self.to_doc(), indent=2) + "\n").encode()

    def replace(self, **changes: Any) -> Settings:
        return self.from_dict({**self.to_doc(), **changes})


@dataclass(frozen=True)
class BadValue:
    """A value in the file that cannot be used; the default (or, in a list, the other
    entries) is used instead."""

    name: str
    value: Any
    rule: str
    """What the field takes, in words that follow its name ("must be true or false")."""
    in_list: bool = False
    """`value` is one entry of the field's list; the other entries are kept."""

    def text(self) -> str:
        if self.in_list:
            return (f'"{self.name}" holds {shown(self.value)}, which is not an exercise id '
                    '(like "leg-drops"), so that entry is left out and the others are used')
        default = _DEFAULT_WORDS.get(self.name) or shown(getattr(Settings(), self.name))
        return (f'"{self.name}" is {shown(self.value)}, but it {self.rule}, so the default '
                f"({default}) is used")


#: The defaults that are not a value a person would write.
_DEFAULT_WORDS = {"weekly_target": "the plan's number of days, else 3", "plan": "no plan"}


@dataclass
class SettingsFile:
    """What a settings file gives: every value that can be used, and what cannot be."""

    settings: Settings = dataclasses.field(default_factory=Settings)
    bad: list[BadValue] = dataclasses.field(default_factory=list)
    clamped: list[str] = dataclasses.field(default_factory=list)
    unknown: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Fields this coretimer does not know (a typo, or a newer coretimer's): not used, and
    kept in the file when the settings are saved."""
    unusable: str | None = None
    """Why nothing in the file can be used (not JSON, not an object, empty)."""

    @property
    def loses_on_save(self) -> bool:
        """Saving over the file would lose something the person wrote."""
        return self.unusable is not None or bool(self.bad)

    def problems(self) -> list[str]:
        """What cannot be used, one clause each (the unknown fields last)."""
        out = [bad.text() for bad in self.bad]
        known = [f.name for f in dataclasses.fields(Settings)]
        for key in self.unknown:
            # (only when a setting needs it: reading the settings stays light)
            import difflib

            close = difflib.get_close_matches(key, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            out.append(f"{shown(key)} is not a setting coretimer knows{hint}, so it is not "
                       "used")
        return out


def shown(value: Any) -> str:
    """A value from the file as JSON writes it, cut short: quoted, escaped, one line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _rules() -> dict[str, str]:
    # The real field types (not annotation strings, which depend on how the module was
    # written): a bool field takes true or false, an int field a whole number in bounds.
    types = typing.get_type_hints(Settings)
    rules = {}
    for f in dataclasses.fields(Settings):
        kind = types[f.name]
        if kind is bool:
            rules[f.name] = "must be true or false"
        elif f.name == "plan":
            rules[f.name] = ('must be a plan like {"days": ["mon", "wed", "fri"], '
                             '"time": "18:00"}, or null')
        elif f.name == "weekly_target":
            low, high = _BOUNDS[f.name]
            rules[f.name] = (f"must be a whole number from {low} to {high}, or null (to "
                             "follow the plan)")
        elif f.name == "not_for_me":
            rules[f.name] = 'must be a list of exercise ids, like ["leg-drops"]'
        elif kind is str:
            rules[f.name] = 'must be a name, like "textual-dark"'
        elif kind is int:
            low, high = _BOUNDS[f.name]
            rules[f.name] = f"must be a whole number from {low} to {high}"
    return rules


def _fits(name: str, kind: Any, value: Any) -> bool:
    if name == "weekly_target":  # (null: follow the plan)
        if value is None:
            return True
        kind = int
    if kind is bool:
        return isinstance(value, bool)
    if kind is str:
        return isinstance(value, str) and 0 < len(value) <= 64 and value.isprintable()
    if kind is int:
        low, high = _BOUNDS[name]
        return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high
    return False


def _is_key(value: Any) -> bool:
    """An exercise's id: an explicit id, or the slug of its name (any letter of any script,
    with its combining marks: "0\u1712" is one)."""
    return isinstance(value, str) and (_EXERCISE_KEY.fullmatch(value) is not None
                                       or is_exercise_key(value))


def _read_fields(data: dict[str, Any]) -> SettingsFile:
    """Every field of `data` that can be used, field by field: a bad value costs only itself
    (and a bad entry of the not-for-me list only that entry)."""
    found = SettingsFile()
    data = dict(data)
    for name, most in PAIN_RULE_MAX.items():
        value = data.get(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > most:
            data[name] = most
            found.clamped.append(f"{name} was {value}; the most allowed is {most}")
    types = typing.get_type_hints(Settings)
    rules = _rules()
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Settings):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "plan":
            try:
                values[f.name] = (value if value is None or isinstance(value, Plan)
                                  else Plan.from_dict(value))
            except PlanError as exc:
                found.bad.append(BadValue(f.name, value, f"{rules[f.name]} ({exc})"))
        elif f.name == "not_for_me":
            if isinstance(value, list | tuple):
                values[f.name] = tuple(dict.fromkeys(v for v in value if _is_key(v)))
                found.bad += [BadValue(f.name, v, rules[f.name], in_list=True)
                              for v in value if not _is_key(v)]
            else:
                found.bad.append(BadValue(f.name, value, rules[f.name]))
        elif _fits(f.name, types[f.name], value):
            values[f.name] = value
        else:
            found.bad.append(BadValue(f.name, value, rules[f.name]))
    known = {f.name for f in dataclasses.fields(Settings)}
    found.unknown = {k: v for k, v in data.items() if k not in known}
    found.settings = Settings(**values)
    return found


_KINDS = {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true or false",
          type(None): "null"}


def read_settings(data: bytes) -> SettingsFile:
    """A settings file's bytes, read as far as they can be: never raises."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        return SettingsFile(unusable="is empty")
    try:
        doc = json.loads(data)  # (bytes: a byte order mark is allowed)
    except json.JSONDecodeError as exc:
        return SettingsFile(unusable=f"is not valid JSON (line {exc.lineno}, column "
                            f"{exc.colno}: {exc.msg})")
    except UnicodeDecodeError:
        return SettingsFile(unusable="is not UTF-8 text")
    except (ValueError, RecursionError):
        return SettingsFile(unusable="is nested too deeply to be read")
    if not isinstance(doc, dict):
        kind = _KINDS.get(type(doc), "something else")
        return SettingsFile(unusable=f"holds {kind}, not the settings object "
                            '({"sound": true, ...})')
    return _read_fields(doc)


def settings_path(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def load_settings(config_dir: Path, *, fix: bool = False) -> tuple[Settings, str | None]:
    """The settings and, when something in the file could not be used, a message saying what
    (each line names the file). Never renames or rewrites the file, except with `fix` (the
    app): a pain rule looser than allowed is then written back as the most allowed, so that
    it is said once."""
    path = settings_path(config_dir)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as exc:
        # (only when a setting needs it: reading the settings stays light)
        from coretimer.paths import CONFIG_LOOP_FIX, link_loop, loop_text

        blamed = link_loop(path)
        why = (f"{path}: cannot be read ({exc.strerror or exc})" if blamed is None else
               loop_text(config_dir if blamed != path else path, blamed, CONFIG_LOOP_FIX))
        return Settings(), f"{why}. The default settings are used."
    found = read_settings(data)
    lines = []
    if found.unusable is not None:
        lines.append(f"{path} {found.unusable}, so the default settings are used. The file "
                     "is left as it is: correct it, or delete it to start afresh.")
    elif problems := found.problems():
        lines.append(f"{path}: {'; '.join(problems)}. Every other setting in the file is "
                     "used. Correct the file, or choose again in the app's settings (o).")
    if found.clamped:
        clamp = (f"{path}: {'; '.join(found.clamped)}. A looser pain rule is not allowed, so "
                 "the most allowed is used.")
        if fix:
            try:  # said once: the file now holds the safe values
                note = save_settings(config_dir, found.settings)
            except OSError as exc:
                clamp += f" (The file could not be updated: {exc.strerror or exc}.)"
            else:
                clamp = clamp.replace("the most allowed is used", "it was set to that")
                clamp += f" {note}" if note else ""
        lines.append(clamp)
    return found.settings, "\n".join(lines) or None


def save_settings(config_dir: Path, settings: Settings) -> str | None:
    """Write the settings. Fields this coretimer does not know are kept in the file; a file
    that held something that could not be used is first copied aside (never over an earlier
    copy), and the sentence returned says where."""
    config_dir.mkdir(parents=True, exist_ok=True)
    path = settings_path(config_dir)
    doc: dict[str, Any] = settings.to_doc()
    note = None
    try:
        old: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old = None  # (any other error: what cannot be read is never written over)
    if old is not None:
        found = read_settings(old)
        doc.update(found.unknown)
        if found.loses_on_save:
            kind = "unreadable" if found.unusable is not None else "before"
            aside = _keep_aside(path, old, kind)
            note = (f"Your earlier settings file is kept as {aside} (it held something that "
                    "could not be used).")
    atomic_write(path, (json.dumps(doc, indent=2) + "\n").encode())
    return note


def _keep_aside(path: Path, data: bytes, kind: str) -> Path:
    """A copy of `data` beside `path`, under a name no earlier copy has (two in one second
    are both kept)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while True:
        aside = path.with_name(f"{FILE_NAME}.{kind}-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            create_once(aside, data)
        except FileExistsError:
            n += 1
            continue
        return aside
