"""Deleting a session without losing it: its file (and its next-morning answer) moves to
`trash/` in the data folder, and `restore` moves it back. Nothing is ever unlinked. No Textual.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from coretimer.durable import fsync_dir
from coretimer.store.history import Store
from coretimer.store.sessionfiles import ANSWER_NAMES

TRASH = "trash"
_ID = re.compile(r"[A-Za-z0-9_.-]{1,80}")


class TrashError(ValueError):
    """No such session (or one is in the way); the message says which and what to do."""


@dataclass(frozen=True)
class Moved:
    session_id: str
    paths: list[Path]
    """Where the files are now."""


def trash_dir(store: Store) -> Path:
    return store.root / TRASH


def _files(folder: Path, session_id: str) -> list[Path]:
    return [p for p in (folder / f"{session_id}.json",
                        *(folder / f"{session_id}{suffix}" for suffix in ANSWER_NAMES))
            if p.exists()]


def _check_id(session_id: str) -> None:
    if not _ID.fullmatch(session_id) or session_id.startswith("."):
        raise TrashError(f"{session_id!r} is not a session id (`coretimer history` lists "
                         "them)")


def _move(paths: list[Path], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    moved = []
    for path in paths:
        target = folder / path.name
        os.replace(path, target)
        moved.append(target)
    fsync_dir(folder)
    if paths:
        fsync_dir(paths[0].parent)
    return moved


def delete(store: Store, session_id: str) -> Moved:
    """Move a session to the trash. A session already in the trash under this id is kept
    there too: the older copy is renamed aside, never replaced."""
    _check_id(session_id)
    with store.write_lock():
        found = _files(store.sessions_dir, session_id)
        if not any(p.suffix == ".json" for p in found):
            raise TrashError(f"no session {session_id!r} (`coretimer history` lists them)")
        trash = trash_dir(store)
        for old in _files(trash, session_id):  # trashed before: keep that copy as well
            n = 1
            while (aside := old.with_name(f"{old.name}.{n}")).exists():
                n += 1
            os.replace(old, aside)
        return Moved(session_id, _move(found, trash))


def restore(store: Store, session_id: str) -> Moved:
    """Move a session back from the trash, unless a session with its id is there already."""
    _check_id(session_id)
    with store.write_lock():
        found = _files(trash_dir(store), session_id)
        if not any(p.suffix == ".json" for p in found):
            raise TrashError(f"no session {session_id!r} in the trash ({trash_dir(store)})")
        in_the_way = [p for p in _files(store.sessions_dir, session_id)]
        if in_the_way:
            raise TrashError(f"{in_the_way[0]} is in the history already; nothing was moved "
                             "(move it aside first to restore this one)")
        return Moved(session_id, _move(found, store.sessions_dir))


def trashed(store: Store) -> list[str]:
    """The ids of the sessions in the trash."""
    try:
        return sorted(p.stem for p in trash_dir(store).iterdir() if p.suffix == ".json")
    except FileNotFoundError:
        return []
