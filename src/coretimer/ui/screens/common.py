"""What several screens share: the pain key as their footers list it."""

from __future__ import annotations

from textual.binding import Binding

#: `p` on every screen that can be shown while a session runs, so that its footer lists it.
#: The App's own priority binding does the work; this one is hidden when no session runs.
PAIN_BINDING = Binding("p", "app.report_pain", "Report pain", id="pain")
