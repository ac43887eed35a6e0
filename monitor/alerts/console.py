"""Console notifier: readable, colored incident events; untrusted post text is made inert."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import IO, Any
from zoneinfo import ZoneInfo

from monitor.models import IncidentEvent

# C0/C1 controls (ESC starts terminal escape sequences), bidi overrides and zero-width marks.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_WS = re.compile(r"\s+")


def terminal_safe(text: str, limit: int = 120) -> str:
    """Make untrusted text safe to print: no control or bidi characters, one line, bounded.

    >>> terminal_safe("悪意\\x1b[2J\\x1b]0;title\\x07あり\\nです")
    '悪意[2J]0;titleあり です'
    """
    s = _WS.sub(" ", _UNSAFE.sub("", text)).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


_COLORS = {
    "critical": "\x1b[1;31m",
    "warning": "\x1b[33m",
    "info": "\x1b[36m",
    "resolved": "\x1b[32m",
    "dim": "\x1b[2m",
    "bold": "\x1b[1m",
    "reset": "\x1b[0m",
}
_KIND_LABEL = {
    "negative_surge": "炎上 negative surge",
    "rumor": "デマ rumor",
    "positive_surge": "好評 positive surge",
}


class ConsoleSink:
    """Print each incident event as a short block for a person watching the terminal."""

    def __init__(
        self,
        *,
        stream: IO[str] | None = None,
        color: bool | None = None,
        brand_names: Mapping[str, str] | None = None,
        timezone: str = "Asia/Tokyo",
    ) -> None:
        self.stream = stream or sys.stdout
        if color is None:
            color = self.stream.isatty() and "NO_COLOR" not in os.environ
        self.color = color
        self.brand_names = dict(brand_names or {})
        self.tz = ZoneInfo(timezone)

    def _c(self, name: str, text: str) -> str:
        return f"{_COLORS[name]}{text}{_COLORS['reset']}" if self.color else text

    def emit(self, event: IncidentEvent) -> None:
        self.stream.write(self.render(event))
        self.stream.flush()

    def render(self, event: IncidentEvent) -> str:
        inc: dict[str, Any] = event.incident
        at = event.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M %Z")
        sev = str(inc["severity"])
        tag = "resolved" if event.event == "resolved" else sev
        brand = inc["brand"]
        name = self.brand_names.get(brand, "")
        head = (
            f"[{at}] {self._c(tag, str(event.event).upper().ljust(9))} "
            f"{self._c(tag, sev.upper().ljust(8))} {_KIND_LABEL.get(inc['kind'], inc['kind'])}"
            f"  {self._c('bold', brand)}" + (f" ({terminal_safe(name, 40)})" if name else "")
        )
        lines = [head, f"    {terminal_safe(inc.get('summary', ''), 160)}"]
        if inc.get("claim_id"):
            lines.append(f"    claim: {terminal_safe(inc['claim_id'], 60)}")
        if inc.get("keywords"):
            lines.append("    keywords: " + terminal_safe("、".join(inc["keywords"]), 100))
        if event.event != "resolved":
            for ev in inc.get("evidence", [])[:3]:
                lines.append(
                    self._c("dim", f"    > {terminal_safe(ev['text'], 90)}  [{terminal_safe(ev['id'], 40)}]")
                )
            resp = inc.get("suggested_response")
            if resp:
                target = f" reply to {terminal_safe(resp['reply_to'], 40)}" if resp.get("reply_to") else ""
                lines.append(f"    suggested response ({resp['platform']}{target}, needs approval):")
                lines.append(f"      {terminal_safe(resp['text'], 300)}")
        return "\n".join(lines) + "\n\n"

    def close(self) -> None:
        self.stream.flush()
