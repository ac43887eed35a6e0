"""Preview the Slack alert of an incident without Slack: its Block Kit JSON and a text rendering."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from monitor.alerts.blocks import Message, render_parent
from monitor.alerts.routing import OncallRouter
from monitor.config import Config
from monitor.models import IncidentEvent
from monitor.pipeline import Pipeline
from monitor.streams.replay import ReplaySource


def first_events(config: Config, stream: Path) -> list[IncidentEvent]:
    """Every incident event a replay of ``stream`` gives (no sinks)."""
    pipeline = Pipeline(config, [])
    events: list[IncidentEvent] = []
    for post in ReplaySource(stream):
        events.extend(pipeline.process(post))
    events.extend(pipeline.flush())
    return events


def card(config: Config, event: IncidentEvent, history: list[float] | None = None) -> Message:
    inc = event.incident
    brand = str(inc["brand"])
    names = {b.id: b.name for b in config.brands}
    route = OncallRouter(config.oncall).route(brand, event.at)
    return render_parent(
        inc,
        brand_name=names.get(brand, brand),
        route=route,
        history=history or [],
        timezone=config.settings.monitor.timezone,
        interactive=config.settings.slack.mode == "web_api" and config.settings.slack.interactive,
        sparkline_points=config.settings.slack.sparkline_points,
    )


def as_text(blocks: list[dict[str, Any]]) -> str:
    """Roughly how Slack shows the blocks, as plain lines (mrkdwn entities left as sent)."""
    lines: list[str] = []
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            lines += [block["text"]["text"], "=" * 40]
        elif kind == "section":
            if "text" in block:
                lines.append(block["text"]["text"])
            for f in block.get("fields", []):
                lines.append(f["text"].replace("\n", ": ", 1))
        elif kind == "context":
            lines.append("  " + " | ".join(e.get("text", "") for e in block["elements"]))
        elif kind == "actions":
            lines.append(" ".join(f"[{e['text']['text']}]" for e in block["elements"]))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def preview(config: Config, stream: Path, index: int = 0, fmt: str = "text") -> str:
    """The card of the ``index``-th incident opened in the stream, as ``text`` or ``json``."""
    events = first_events(config, stream)
    opened = [e for e in events if e.event == "opened"]
    if not opened:
        return "no incident in this stream\n"
    chosen = opened[min(index, len(opened) - 1)]
    iid = chosen.incident["id"]
    mine = [e for e in events if e.incident["id"] == iid and e.event != "resolved"]
    history = [float(e.incident["metrics"].get("posts", 0)) for e in mine]
    latest = mine[-1]
    msg = card(config, latest, history)
    if fmt == "json":
        return json.dumps(msg.to_dict(), ensure_ascii=False, indent=2) + "\n"
    return as_text(msg.blocks)
