"""Replay source: Post JSONL from a file, in file order, with optional real-time pacing."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from monitor.errors import PostDecodeError, SourceError
from monitor.models import Post
from monitor.streams.decode import decode_json

log = logging.getLogger(__name__)

MAX_KEPT_ERRORS = 100


@dataclass
class StreamStats:
    """What a source has read so far; rejected records keep their line number and reason."""

    name: str
    read: int = 0
    decoded: int = 0
    rejected: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def reject(self, line: int, reason: str) -> None:
        self.rejected += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append((line, reason))
        log.warning("%s:%d: skipped: %s", self.name, line, reason)


class ReplaySource:
    """Read posts from a JSONL file; broken lines are counted, reported and skipped.

    ``speed`` paces the replay in event time: 0 replays as fast as possible, 1 in real time,
    60 plays one stream-minute per second.
    """

    kind = "replay"

    def __init__(self, path: str | Path, *, speed: float = 0.0, name: str | None = None) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self.path = Path(path)
        self.speed = speed
        self.stats = StreamStats(name=name or str(self.path))

    def __iter__(self) -> Iterator[Post]:
        try:
            fh = self.path.open("rb")
        except OSError as exc:
            raise SourceError(str(self.path), f"cannot open: {exc.strerror}", retryable=False) from None
        with fh:
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                self.stats.read += 1
                try:
                    post = decode_json(raw)
                except PostDecodeError as exc:
                    self.stats.reject(number, exc.reason)
                    continue
                self.stats.decoded += 1
                yield post

    async def stream(self) -> AsyncIterator[Post]:
        """Yield posts, sleeping between them as ``speed`` asks (event time scaled to wall time)."""
        first_event: float | None = None
        started = time.monotonic()
        for post in self:
            if self.speed > 0:
                ts = post.created_at.timestamp()
                if first_event is None:
                    first_event = ts
                due = started + (ts - first_event) / self.speed
                delay = due - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
            else:
                await asyncio.sleep(0)
            yield post
