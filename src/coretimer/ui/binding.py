"""How a screen follows the App's state (`CoretimerApp.bind_screen`): data down, by Textual's
own watchers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import Screen


def bind(screen: Screen[Any], source: DOMNode, names: dict[str, str]) -> None:
    """Each of the screen's reactives (the keys of `names`) takes the value of the source's
    (the values) at once, before the screen is first drawn, and then every change of it until
    the screen is closed (Textual drops a closed node's watchers).

    Not Textual's `data_bind`: for a screen not mounted yet it sets the first value only
    once the screen runs, after its first drawing, and that drawing would be empty."""
    for mine, theirs in names.items():
        screen.watch(source, theirs, _follower(screen, getattr(type(screen), mine)), init=True)


def _follower(screen: Screen[Any], reactive: Reactive[Any]) -> Callable[[object], None]:
    def follow(value: object) -> None:
        # The screen's watchers run even for a value equal to the last (as with data_bind).
        screen.set_reactive(reactive, value)
        screen.mutate_reactive(reactive)

    return follow
