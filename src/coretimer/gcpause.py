"""Pause the garbage collector around bulk work over a whole history.

Loading or summarising thousands of sessions creates many objects and no reference cycles;
the collector's generation-2 passes over them cost 2-3x the work itself.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
