"""Which sessions' next mornings this machine has asked about: a small file in the data
folder (`asked.json`, beside sessions/; per machine, not synced). The question itself and
when it is due are `mornings`."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from coretimer.durable import atomic_write

REMEMBER = timedelta(days=30)
"""How long a machine remembers having asked (longer than anything is asked about)."""

ASKED_FILE = "asked.json"


@dataclass
class Asked:
    """The sessions whose next morning this machine has asked about (`asked.json` in the data
    folder, beside sessions/: per machine, not synced). Losing it costs no history: a
    question may come once more."""

    path: Path

    def read(self) -> dict[str, str]:
        """Session id -> when it was asked (ISO 8601). An unreadable file is read as "asked
        about nothing" (it holds no history)."""
        try:
            doc = json.loads(self.path.read_bytes()[:1_000_000])
        except (OSError, ValueError, RecursionError):
            return {}
        found = doc.get("next_morning") if isinstance(doc, dict) else None
        if not isinstance(found, dict):
            return {}
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}

    def ids(self) -> frozenset[str]:
        return frozenset(self.read())

    def add(self, session_ids: Sequence[str], now: datetime) -> None:
        """Remember these as asked (under the caller's write lock), forgetting what was asked
        more than 30 days ago."""

        if not session_ids:
            return
        kept = {}
        for key, when in self.read().items():
            try:
                if now - datetime.fromisoformat(when) <= REMEMBER:
                    kept[key] = when
            except (ValueError, TypeError):
                continue
        for key in session_ids:
            kept.setdefault(key, now.isoformat())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, (json.dumps({"next_morning": kept}, indent=1) + "\n").encode())


def asked_file(data_root: Path) -> Asked:
    return Asked(Path(os.fspath(data_root)) / ASKED_FILE)
