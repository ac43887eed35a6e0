"""Text helpers shared by the widgets: ages, labels, styles; untrusted text only as plain Text.

Post and incident text goes into ``rich.text.Text`` objects (never parsed as markup) after
``terminal_safe`` has dropped control and bidi characters, so a post cannot restyle the screen.

>>> from datetime import datetime, timedelta, timezone
>>> t = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
>>> age(t, t + timedelta(minutes=75)), age(t, t + timedelta(seconds=30)), age(t, None)
('1h15m', '0m', '-')
>>> safe_text("[bold red]x[/] \\x1b[2J").plain
'[bold red]x[/] [2J'
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.binding import Binding

from monitor.alerts.console import terminal_safe
from tui.labels import ACTION_KEY, action_label, severity_label

SEVERITY_STYLE = {"critical": "bold white on red", "warning": "bold black on yellow", "info": "black on cyan"}
STATUS_STYLE = {
    "open": "bold",
    "acknowledged": "cyan",
    "snoozed": "magenta",
    "resolved": "green",
    "false_positive": "dim",
}
SENTIMENT_STYLE = {"neg": "red", "pos": "green", "neu": "dim"}


def safe_text(text: object, limit: int = 200, style: str = "") -> Text:
    """Untrusted text as an inert one-line Text."""
    return Text(terminal_safe(str(text), limit), style=style)


def age(since: datetime, now: datetime | None) -> str:
    if now is None:
        return "-"
    minutes = max(0, int((now - since).total_seconds() // 60))
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def severity_badge(severity: str) -> Text:
    return Text(f" {severity_label(severity)} ", style=SEVERITY_STYLE.get(severity, ""))


def action_bindings(*actions: str) -> list[Binding]:
    """The key bindings of incident actions, with the same keys and words on every screen."""
    return [Binding(ACTION_KEY[a], f"act('{a}')", action_label(a)) for a in actions]


def clock(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S %Z") if at else "投稿待ち"
