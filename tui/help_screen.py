"""The help screen: every key and what the mouse does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("↑ ↓", "move in the incident list"),
    ("enter / click", "open the incident's details"),
    ("a", "acknowledge the selected incident"),
    ("s", "snooze it ([slack] snooze_minutes, 60 by default; no update alerts meanwhile)"),
    ("r", "resolve it"),
    ("f", "mark it a false positive (feeds back to the detectors)"),
    ("y", "approve the suggested response (in details)"),
    ("b / click a tile", "feed: next brand (all → each brand → all)"),
    ("p", "feed: next platform"),
    ("n", "feed: negative posts only"),
    ("c", "feed: posts with rumor cues (拡散希望, 本当？, デマ...) only"),
    ("0", "feed: clear the filter"),
    ("escape", "back"),
    ("?", "this help"),
    ("q", "quit"),
)


class HelpScreen(ModalScreen[None]):
    """Keys and mouse; actions are recorded with your user name at the stream time."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with Vertical(id="help"):
            yield Static("War room: keys and mouse", classes="h")
            yield Static(table)
            yield Static(
                "Actions are the same as the Slack buttons and are recorded the same way: "
                "in the incident's timeline, as an incident event to every sink.",
                classes="note",
            )
