"""The top bar: stream time (event time), post counts and the health of every source."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from monitor.state import Snapshot, active_count
from tui.format import clock, safe_text
from tui.labels import source_label

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
            f"   投稿 {snap.posts:,}件 (ブランド言及 {snap.matched:,}件)   ",
            (f"対応中インシデント {active_count(snap.incidents)}件", "bold"),
            "   取得元: ",
        )
        for i, src in enumerate(snap.sources):
            if i:
                line.append(", ")
            line.append_text(safe_text(src.name, 30))
            line.append(f" {source_label(src.status)}", style=_SOURCE_STYLE.get(src.status, ""))
            if src.rate_per_min and src.status == "connected":
                line.append(f" {src.rate_per_min:,.0f}件/分", style="dim")
            if src.rejected:
                line.append(f" (不正な投稿 {src.rejected}件)", style="yellow")
            if src.last_error:
                line.append(" ")
                line.append_text(safe_text(src.last_error, 60, style="red"))
        if not snap.sources:
            line.append("なし (接続モード)", style="dim")
        self.update(line)
