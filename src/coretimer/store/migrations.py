"""Migrations of saved session documents: one small step per schema version.

`STEPS[n]` turns a version-n document into a version-(n+1) one. Documents are migrated when
they are read and never rewritten in bulk (nothing ever rewrites the whole history); a session
file is only rewritten when that session itself changes. Every version has a fixture file in
tests/fixtures/sessions/ that must keep loading.

Version 1 is the first. Version 2 added `next_morning`. Version 3 added how sets ended
(`skipped`, `ended_by`) and pain reports' `phase` and `counts_against`. Version 4 added
the level of a set and the next morning's 0-10 rating. Version 5 added the sets left out
after a low pain rating (`not_done`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from coretimer.model.record import SESSION_SCHEMA_VERSION

Doc = dict[str, Any]
Step = Callable[[Doc], Doc]

def _v1_to_v2(doc: Doc) -> Doc:
    """Version 2 records how the back felt the next morning; older sessions were not asked."""
    doc.setdefault("next_morning", None)
    return doc


def _v2_to_v3(doc: Doc) -> Doc:
    """Version 3 says how each set ended (`ended_by`, `skipped`, and `achieved` may be null) and
    in which phase each pain report was made, and what it counts against. Older sessions did
    not record these: the new fields take their defaults (unknown), nothing is guessed."""
    return doc


def _v3_to_v4(doc: Doc) -> Doc:
    """Version 4 records the level a set was done at (`level`, `level_name`) and the next
    morning's 0-10 rating (`next_morning_pain`). Older sessions had no levels and were not
    asked for a number: the fields take their defaults."""
    return doc


def _v4_to_v5(doc: Doc) -> Doc:
    """Version 5 records the planned sets an exercise left out after a pain report rated
    below the spike rule (`not_done`). Older sessions did not record them: the list is empty,
    nothing is guessed."""
    return doc


STEPS: dict[int, Step] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


class MigrationError(ValueError):
    pass


def migrate(doc: Doc, *, steps: Mapping[int, Step] = STEPS,
            target: int = SESSION_SCHEMA_VERSION) -> Doc:
    """Bring a document up to `target`, one step at a time."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise MigrationError(f"has no usable schema_version ({version!r})")
    if version > target:
        raise MigrationError(f"schema version {version} is newer than {target}")
    while version < target:
        step = steps.get(version)
        if step is None:
            raise MigrationError(f"no migration from schema version {version}")
        doc = step(dict(doc))
        version += 1
        doc["schema_version"] = version
    return doc
