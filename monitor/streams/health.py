"""Per-source health figures (rate, lag, errors, reconnects) for the dashboard and the logs.

Plain dataclasses only, so any reader (logs, the Textual dashboard, a status endpoint) can use
them. Health is operational and uses the wall clock; detection never reads it.

>>> clock = iter([100.0, 110.0, 130.0]).__next__
>>> reg = HealthRegistry(clock=clock, wall=lambda: 1_800_000_000.0)
>>> h = reg.add("bus", "mqtt")
>>> from datetime import datetime, timezone
>>> h.record_post(datetime.fromtimestamp(1_799_999_990.0, timezone.utc))
>>> h.record_post(datetime.fromtimestamp(1_799_999_995.0, timezone.utc))
>>> snap = reg.snapshot()[0]
>>> (snap.name, snap.posts, snap.rate_per_min, snap.lag_seconds)
('bus', 2, 2.0, 5.0)
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import InitVar, dataclass
from datetime import datetime
from enum import StrEnum

log = logging.getLogger(__name__)

RATE_WINDOW_SECONDS = 60.0
MAX_ERROR_TEXT = 300


class SourceState(StrEnum):
    """Where a source is: the dashboard colours these."""

    STARTING = "starting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    FAILED = "failed"
    FINISHED = "finished"


@dataclass
class SourceHealth:
    """Live figures for one source; ``snapshot()`` gives a consistent copy to show.

    Only the figures are dataclass fields (``dataclasses.asdict`` gives just them); the clocks
    are init-only and default to ``time.monotonic`` (rate) and ``time.time`` (lag).
    """

    name: str
    kind: str
    state: SourceState = SourceState.STARTING
    posts: int = 0
    rejected: int = 0
    duplicates: int = 0
    rate_per_min: float = 0.0
    lag_seconds: float | None = None
    errors: int = 0
    reconnects: int = 0
    last_error: str = ""
    last_post_at: datetime | None = None
    clock: InitVar[Callable[[], float] | None] = None
    wall: InitVar[Callable[[], float] | None] = None

    def __post_init__(self, clock: Callable[[], float] | None, wall: Callable[[], float] | None) -> None:
        self._clock = clock or time.monotonic
        self._wall = wall or time.time
        self._arrivals: deque[float] = deque()

    def record_post(self, created_at: datetime) -> None:
        """One post delivered: counts it, its lag behind the wall clock and the arrival rate."""
        self.posts += 1
        self.last_post_at = created_at
        self.lag_seconds = max(0.0, self._wall() - created_at.timestamp())
        now = self._clock()
        self._arrivals.append(now)
        self._trim(now)
        if self.state is SourceState.STARTING or self.state is SourceState.RECONNECTING:
            self.state = SourceState.CONNECTED

    def record_rejected(self) -> None:
        self.rejected += 1

    def record_duplicate(self) -> None:
        self.duplicates += 1

    def record_error(self, message: str, *, state: SourceState | None = None) -> None:
        """An error the source survived (or not, with ``state=FAILED``); secrets never go here."""
        self.errors += 1
        self.last_error = "".join(c if c.isprintable() else " " for c in message[:MAX_ERROR_TEXT])
        if state is not None:
            self.state = state

    def record_reconnect(self) -> None:
        self.reconnects += 1
        self.state = SourceState.RECONNECTING

    def set_state(self, state: SourceState) -> None:
        self.state = state

    def _trim(self, now: float) -> None:
        while self._arrivals and now - self._arrivals[0] > RATE_WINDOW_SECONDS:
            self._arrivals.popleft()
        self.rate_per_min = float(len(self._arrivals)) * 60.0 / RATE_WINDOW_SECONDS

    def snapshot(self) -> SourceHealth:
        """A copy with the rate brought up to now (posts in the last minute)."""
        self._trim(self._clock())
        return dataclasses.replace(self)

    def describe(self) -> str:
        """One log line."""
        lag = "-" if self.lag_seconds is None else f"{self.lag_seconds:.1f}s"
        text = (
            f"{self.name} ({self.kind}): {self.state}, {self.posts} posts, {self.rate_per_min:.1f}/min, "
            f"lag {lag}, {self.rejected} rejected, {self.duplicates} duplicates, "
            f"{self.errors} errors, {self.reconnects} reconnects"
        )
        return text + (f"; last error: {self.last_error}" if self.last_error else "")


class HealthRegistry:
    """Every source's health, by name; the runner owns it and the dashboard reads it."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time
    ) -> None:
        self._clock = clock
        self._wall = wall
        self._items: dict[str, SourceHealth] = {}

    def add(self, name: str, kind: str) -> SourceHealth:
        """Create (or return) the health record of a source."""
        if name not in self._items:
            self._items[name] = SourceHealth(name=name, kind=kind, clock=self._clock, wall=self._wall)
        return self._items[name]

    def register(self, health: SourceHealth) -> SourceHealth:
        """Adopt a record a source already made."""
        self._items[health.name] = health
        return health

    def get(self, name: str) -> SourceHealth:
        return self._items[name]

    def snapshot(self) -> list[SourceHealth]:
        """Consistent copies, in registration order."""
        return [h.snapshot() for h in self._items.values()]

    def __iter__(self) -> Iterator[SourceHealth]:
        return iter(list(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def log_all(self, level: int = logging.INFO) -> None:
        for h in self.snapshot():
            log.log(level, "source %s", h.describe())
