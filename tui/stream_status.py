"""The top bar: stream time (event time), post counts and the health of every source."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from monitor.state import Snapshot, active_count
from tui.format import clock, safe_text

_SOURCE_STYLE = {
    "connected": "green",
    "finished": "cyan",
    "starting": "yellow",
    "connecting": "yellow",
    "reconnecting": "yellow",
    "failed": "bold red",
}


class StreamStatus(Static):
    """One line of where the stream is; the clock is the stream's, not the wall's."""

    def show(self, snap: Snapshot) -> None:
        line = Text.assemble(
            ("⏱ ", "bold"),
            (clock(snap.stream_time), "bold"),
            f"   {snap.posts:,} posts ({snap.matched:,} about a brand)   ",
            (_plural(active_count(snap.incidents), "active incident"), "bold"),
            "   sources: ",
        )
        for i, src in enumerate(snap.sources):
            if i:
                line.append(", ")
            line.append_text(safe_text(src.name, 30))
            line.append(f" {src.status}", style=_SOURCE_STYLE.get(src.status, ""))
            if src.rate_per_min and src.status == "connected":
                line.append(f" {src.rate_per_min:,.0f}/min", style="dim")
            if src.rejected:
                line.append(f" ({src.rejected} rejected)", style="yellow")
            if src.last_error:
                line.append(" ")
                line.append_text(safe_text(src.last_error, 60, style="red"))
        if not snap.sources:
            line.append("none (attached)", style="dim")
        self.update(line)


def _plural(n: int, noun: str) -> str:
    """
    >>> _plural(1, "active incident"), _plural(2, "active incident")
    ('1 active incident', '2 active incidents')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
