"""Reading the routines and the history for the App, and handing what was read to its
reactive state. The App runs `read` in its one load worker (a thread) and `take` back on
its own thread; home's first frame is filled from the caches (`fill_from_caches`)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from coretimer.ui.host import Host
from coretimer.ui.state import Loaded

if TYPE_CHECKING:
    from textual.worker import Worker

    from coretimer.coaching.streaks import HomeFacts
    from coretimer.index.sync import Summaries


class Loader:
    """Owned by the App (`app.loader`)."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.early_facts: HomeFacts | None = None
        """Home's facts as the index kept them, shown before the history itself is read."""
        self.loaded_once = False
        # A cancelled load's thread runs on to its end: loads run one at a time.
        self._lock = threading.Lock()

    def fill_from_caches(self) -> None:
        """Home before the first frame, when the routine cards are cached and the index is
        up to date (every start after the first)."""
        found = self.host.state.from_caches()
        if found is not None:
            self.early_facts = found[1]
            self.host.cards = found[0]

    def read(self, since: Summaries | None, worker: Worker[None]
             ) -> tuple[Loaded | Summaries, int] | None:
        """In the load worker's thread: the routines and the history (recovering crashed
        sessions), or with `since` only what changed in the history since it; with the
        count of sessions finished here when it began. None when the load was cancelled (a
        newer one runs)."""
        with self._lock:
            if worker.is_cancelled:
                return None
            state = self.host.state
            began = state.finishes
            return (state.load() if since is None else state.load_history(since)), began

    def take(self, loaded: Loaded | Summaries, since: Summaries | None, began: int) -> bool:
        """Show what a load read (on the App's thread). True the first time."""
        host = self.host
        if isinstance(loaded, Loaded):
            # A session finished while the history was read stays shown.
            host.history = host.state.keep_shown(loaded.history, host.history, began)
            if loaded.catalogue is not None:
                host.catalogue = loaded.catalogue
            host.cards = loaded.cards
        elif loaded is not since and _differs(loaded, since):
            host.history = host.state.keep_shown(loaded, host.history, began)
        first, self.loaded_once = not self.loaded_once, True
        return first

    def history_may_have_changed(self) -> bool:
        """Whether sessions may have arrived (by sync), left or changed since the last read:
        not when the folder's own time is what it was then."""
        # (after the first frame: it loads pydantic, the history or the routines)
        from coretimer.index.sync import folder_time

        before = self.host.history
        return before is not None and not (
            before.trusted and before.folder_ns is not None
            and folder_time(self.host.state.store) == before.folder_ns)

    def home_facts(self) -> HomeFacts | None:
        history = self.host.history
        return self.early_facts if history is None else self.host.state.home_facts(history)


def _differs(loaded: Summaries, shown: Summaries | None) -> bool:
    """Whether a load read a history other than the one shown (which is then replaced)."""
    if shown is None or shown.changed or (loaded.kept is None) != (shown.kept is None):
        return True
    if loaded.kept is not None:  # (the index grows a generation at every change)
        return loaded.generation != shown.generation
    return set(loaded.sessions) != set(shown.sessions)
