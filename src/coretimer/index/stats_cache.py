"""The statistics' summary kept for the history it was worked out from, so that
`coretimer stats` does not go over every session again while nothing changed.

    CACHE_DIR/index/<the data folder's name>/stats.json

`stats.StatsFacts` is a function of the sessions' summaries and the time zone alone, and the
index's digest (`Summaries.digest`) names exactly which summaries those were. So the facts
are kept with the digest and the time zone, and used only when both match: any change to the
history gives the index another digest, and the facts are worked out again. Derived data,
like the index: safe to delete, rebuilt when missing or damaged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coretimer.coaching.pain_weeks import WeekPain
from coretimer.coaching.stats import ExerciseLine, StatsFacts
from coretimer.durable import atomic_write
from coretimer.index.load import (
    DAMAGE,
    FORMAT,
    Summaries,
    checked_doc,
    index_dir,
    summary_json,
    summary_of_json,
    tz_key,
    up_to_date,
    with_checksum,
)
from coretimer.model.versions import SESSION_SCHEMA_VERSION

if TYPE_CHECKING:
    from coretimer.store.history import Store

STATS_NAME = "stats.json"
#: The rules the saved facts were worked out by: facts saved by other rules are worked out
#: again (2: an exercise is its id and its kind, and names that two exercises share say
#: which; 3: sessions with pain reported but not stopped are counted apart, and a stop for
#: pain is never also counted without pain).
RULES = 3


def stats_path(root: Path, cache: Path | None = None) -> Path:
    """Where the statistics of the data folder `root` are kept (`index_dir`)."""
    return index_dir(root, cache) / STATS_NAME


def stats_saved_or_worked_out(root: Path, loaded: Summaries,
                              cache: Path | None = None) -> StatsFacts:
    """The facts of `loaded` (the history of the data folder `root`, in the local time
    zone): as kept, when they were kept for these very summaries; else worked out, and kept
    for next time."""
    digest = loaded.digest
    if digest is not None:
        kept = read_facts(root, digest, cache)
        if kept is not None:
            return kept
    facts = StatsFacts.of(loaded.sessions)
    if digest is not None:
        write_facts(root, digest, facts, cache)
    return facts


def saved_stats(store: Store) -> StatsFacts | None:
    """The facts kept for the history as it is now, found without loading it: when the
    index is up to date with the folder (`index.up_to_date`) and facts are kept for it.
    None otherwise (then load the history and use `stats_saved_or_worked_out`)."""
    digest = up_to_date(store)
    return None if digest is None else read_facts(store.root, digest, store.cache_dir)


def _num(value: object) -> float | None:
    if value is None:
        return None
    if type(value) not in (int, float):
        raise TypeError("not a number")
    return float(value)  # type: ignore[arg-type]


def read_facts(root: Path, digest: str, cache: Path | None = None) -> StatsFacts | None:
    """The facts kept for the summaries of `digest` in this time zone (None: none, or
    damaged, or of another version or history)."""
    try:
        doc = checked_doc(stats_path(root, cache).read_bytes())
        if (doc is None or doc["format"] != FORMAT or doc["schema"] != SESSION_SCHEMA_VERSION
                or doc.get("rules") != RULES or doc["tz"] != tz_key()
                or doc["digest"] != digest):
            return None
        lines = []
        for key, name, kind, best, latest, sessions, change in doc["exercises"]:
            if kind not in ("hold", "reps") or type(sessions) is not int:
                return None
            amount = _num(best)
            if amount is None:
                return None
            lines.append(ExerciseLine(str(key), str(name), kind, amount, _num(latest),
                                      sessions, _num(change)))
        return StatsFacts(
            int(doc["sessions"]), int(doc["pain_free"]), int(doc["stopped_for_pain"]),
            int(doc["pain_reported_not_stopped"]),
            {date.fromisoformat(d): int(n) for d, n in doc["per_day"]}, tuple(lines),
            summary_of_json(doc["latest_test"]),
            tuple(WeekPain(date.fromisoformat(w), _num(c), _num(m))
                  for w, c, m in doc["weeks"]),
            tuple(s for row in doc["earlier_tests"] if (s := summary_of_json(row)) is not None))
    except DAMAGE:
        return None


def write_facts(root: Path, digest: str, facts: StatsFacts,
                cache: Path | None = None) -> None:
    """Keep `facts` for the summaries of `digest`. A failure is ignored: only a shortcut."""

    doc: dict[str, Any] = {
        "format": FORMAT, "schema": SESSION_SCHEMA_VERSION, "rules": RULES, "tz": tz_key(),
        "digest": digest,
        "sessions": facts.sessions, "pain_free": facts.pain_free,
        "stopped_for_pain": facts.stopped_for_pain,
        "pain_reported_not_stopped": facts.pain_reported_not_stopped,
        "per_day": [[d.isoformat(), n] for d, n in sorted(facts.per_day.items())],
        "exercises": [list(line) for line in facts.exercises],
        "latest_test": summary_json(facts.latest_test),
        "earlier_tests": [summary_json(s) for s in facts.earlier_tests],
        "weeks": [[w.week.isoformat(), w.checkin, w.morning] for w in facts.weeks]}
    try:
        path = stats_path(root, cache)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, with_checksum(doc))
    except OSError:
        pass
