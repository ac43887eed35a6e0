"""A brand tile: volume sparkline (one bar a minute), negative share and the brand's open incidents."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Click
from textual.widgets import Label, Sparkline, Static

from monitor.state import BrandView, IncidentView
from tui.format import safe_text, severity_badge
from tui.labels import kind_label, status_label
from tui.messages import BrandSelected

_SEVERITY_CLASSES = ("-critical", "-warning", "-info")


class BrandTile(Vertical):
    """One brand's tile in the overview; click it to filter the post feed to the brand."""

    def __init__(self, brand_id: str, name: str) -> None:
        super().__init__(id=f"tile-{brand_id}", classes="brand-tile")
        self.brand_id = brand_id
        self.brand_name = name
        self.border_title = safe_text(f"{name} · {brand_id}", 60)

    def compose(self) -> ComposeResult:
        yield Sparkline([0], summary_function=max, classes="tile-spark")
        yield Label("", classes="tile-stats")
        yield Static("", classes="tile-incidents")

    def show(self, view: BrandView, incidents: Mapping[str, IncidentView]) -> None:
        self.query_one(Sparkline).data = list(view.volume) or [0]
        peak = max(view.volume, default=0)
        stats = Text.assemble(
            (f"{view.window_posts:>4}", "bold"),
            " 件/10分  ",
            (f"{view.negative_share:4.0%}", "bold red" if view.negative_share >= 0.4 else "bold"),
            " ネガ  ",
            (f"最大 {peak}件/分", "dim"),
        )
        self.query_one(".tile-stats", Label).update(stats)
        lines = Text()
        worst = ""
        for iid in view.incidents[:3]:
            inc = incidents.get(iid)
            if inc is None:
                continue
            worst = worst or inc.severity
            if lines:
                lines.append("\n")
            lines.append_text(severity_badge(inc.severity))
            lines.append(f" {kind_label(str(inc.data.get('kind')))} ")
            lines.append(status_label(inc.status), style="dim")
        if len(view.incidents) > 3:
            lines.append(f"\nほか {len(view.incidents) - 3}件", style="dim")
        none = Text("対応中のインシデントなし", style="dim")
        self.query_one(".tile-incidents", Static).update(lines or none)
        self.remove_class(*_SEVERITY_CLASSES)
        if worst:
            self.add_class(f"-{worst}")

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(BrandSelected(self.brand_id))
