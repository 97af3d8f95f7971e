"""The baseline for the start-up benchmark: a bare Textual app with one Static and a Footer."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static


class Bare(App[None]):
    BINDINGS = [Binding("q", "quit", "Quit")]  # noqa: RUF012 - Textual's own idiom

    def compose(self) -> ComposeResult:
        yield Static("bare app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
