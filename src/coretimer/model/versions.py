"""The versions of what coretimer writes, in a module of their own so that anything can read
them without importing pydantic (the index checks its sessions' version at every start)."""

from __future__ import annotations

from typing import Final

#: The session document's version. Bumping it: change the Literal in SessionRecord too, and add
#: a migration step in migrations.py.
SESSION_SCHEMA_VERSION: Final = 5
