"""What the plain objects the App owns (the session flow, the next-morning flow, the places)
need of it: its screens, notices and timers (Textual's), and the state it keeps. A Protocol,
so that they never import the App."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol

from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

if TYPE_CHECKING:
    from coretimer.index.sync import Summaries
    from coretimer.model.record import SessionRecord
    from coretimer.routine.cards import Cards
    from coretimer.routine.files import Catalogue
    from coretimer.session.audio import Announcer
    from coretimer.settings import Settings
    from coretimer.ui.page import Page
    from coretimer.ui.state import AppState


class Host(Protocol):
    state: AppState
    page: Page
    flash_seconds: float
    tick_seconds: float
    settings: Settings
    history: Summaries | None
    cards: Cards | None
    catalogue: Catalogue | None
    theme: str

    @property
    def running(self) -> bool:
        """A session runs (its summary not shown yet)."""

    @property
    def under_way(self) -> bool:
        """A session runs, or its summary (or the pain stop) is still up."""

    @property
    def announcer(self) -> Announcer: ...

    @property
    def is_web(self) -> bool: ...

    @property
    def available_themes(self) -> dict[str, Theme]: ...

    @property
    def screen(self) -> Screen[object]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    def push_screen(self, screen: Screen[Any],
                    callback: Callable[[Any], None] | None = None) -> Any: ...

    def switch_screen(self, screen: Screen[Any]) -> Any: ...

    def pop_screen(self) -> Any: ...

    def exit(self, result: None = None, return_code: int = 0,
             message: str | None = None) -> None: ...

    def deliver_text(self, path_or_file: Any, *, save_filename: str | None = None,
                     open_method: Literal["browser", "download"] = "download",
                     mime_type: str | None = None) -> str | None: ...

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def set_timer(self, delay: float, callback: Callable[[], None]) -> Timer: ...

    def call_after_refresh(self, callback: Callable[[], None]) -> bool: ...

    def add_finished(self, record: SessionRecord, saved: bool) -> None:
        """A session just saved (or kept in memory): into the history shown."""

    def load(self) -> None:
        """Read routines and history again, in a thread, and show them (with any notices
        they bring)."""

    def routines(self) -> Catalogue | None:
        """The routines in full (read now if they have not been yet)."""

    def cover_session(self, screen: Screen[Any]) -> None:
        """Show a screen over the running session with its clock stopped (or just show it)."""

    def update_settings(self, **changes: object) -> None: ...

    def bind_screen(self, screen: Screen[Any], **names: str) -> None:
        """Bind the screen's reactives (the keys) to the App's (the values): each takes the
        App's value at once, before the screen's first frame, then follows it until the
        screen closes."""
