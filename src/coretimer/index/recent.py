"""A few sessions of a long history (`coretimer history --limit N`) without building a summary
of every session.

When the index is up to date with the folder (every file as it knew it, long enough ago to
be sure; no crashed session waiting to be recovered; no two files of one session), which
sessions to show can be chosen from each row's id, start and routine alone, and only the
chosen rows are made into summaries. In every other case it gives up and the caller loads
the history as usual (`index.load_summaries`, which reads what changed and reports what is
wrong). Either way the result is the same: the tests compare the two.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from coretimer.gcpause import gc_paused
from coretimer.index.load import Index, index_path, listing_unless_recovering
from coretimer.model.summaries import SessionSummary
from coretimer.store.sessionfiles import Answer, keep_answer

if TYPE_CHECKING:
    from coretimer.model.record import NextMorning
    from coretimer.store.history import Store


class Head(NamedTuple):
    """What choosing needs of a session: its file, id, start and routine."""

    file: str
    id: str
    started_at: datetime
    routine: str


@gc_paused()  # (tens of thousands of objects made at once: collections would only walk them)
def chosen_summaries(store: Store, choose: Callable[[list[Head]], list[Head]]
                     ) -> list[SessionSummary] | None:
    """The summaries of the sessions `choose` picks among every session's head, in the order
    it gives; None when the index is not up to date with the folder (see the module)."""
    listed = listing_unless_recovering(store)
    if listed is None:
        return None
    on_disk, answer_files = listed
    index = Index.read(index_path(store.root, store.cache_dir))
    if (index.written_ns == 0 or len(index.sessions) != len(on_disk)
            or len(index.answers) != len(answer_files)):
        return None
    heads: list[Head] = []
    seen: set[str] = set()
    iso, fresh, table = datetime.fromisoformat, index.fresh, index.sessions
    new_head = tuple.__new__  # (Head's own __new__ costs a Python call per session)
    try:
        for name, stamp in on_disk.items():
            known = fresh(table, name, stamp)
            if known is None:
                return None
            row = known[2]
            id_, routine = row[0], row[1]
            if type(id_) is not str or type(routine) is not str or id_ in seen:
                return None
            started = iso(row[3])
            if started.tzinfo is None:
                return None
            seen.add(id_)
            heads.append(new_head(Head, (name, id_, started, routine)))
        chosen: dict[str, Answer] = {}
        for name, stamp in sorted(answer_files.items()):  # chosen as load_summaries does
            known = index.fresh(index.answers, name, stamp)
            if known is None:
                return None
            if known[2] is not None:
                session, answer, pain = known[2]
                keep_answer(chosen, (session, answer, pain))
        answers: dict[str, tuple[NextMorning, int | None]] = {
            session: (found[1], found[2]) for session, found in chosen.items()}
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):  # the full load reads it
        return None
    picked = choose(heads)
    out = []
    try:
        for head in picked:
            summary = SessionSummary.from_row(head.file, on_disk[head.file],
                                              index.sessions[head.file][2])
            answer_ = answers.get(summary.id)
            if answer_ is not None and answer_ != (summary.next_morning,
                                                   summary.next_morning_pain):
                summary = summary.with_answer(*answer_)
            out.append(summary)
    except (TypeError, ValueError, IndexError, KeyError, OverflowError):  # the full load reads it
        return None
    return out
