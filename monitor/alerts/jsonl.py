"""JSONL notifier: one incident event per line, byte-stable for the same input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO

from monitor.models import IncidentEvent


def event_line(event: IncidentEvent) -> str:
    """The JSON line of one incident event (UTF-8, no ASCII escaping, keys in contract order)."""
    return json.dumps(event.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"


class JsonlSink:
    """Append incident events to a file, flushed after each event."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[str] = self.path.open("w", encoding="utf-8", newline="\n")

    def emit(self, event: IncidentEvent) -> None:
        self._fh.write(event_line(event))
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()
