"""The common source interface: an async iterator of Posts with its stats and health.

Every source (replay, MQTT, X, Mastodon, RSS) has a ``name``, a ``kind``, a ``stats`` object
(records read, decoded, rejected with reasons) and a ``stream()`` async generator of Posts.
Live sources also carry a :class:`~monitor.streams.health.SourceHealth` and retry on their own:
they only raise for failures that retrying cannot fix (a missing token, a 401), as a
non-retryable :class:`~monitor.errors.SourceError`.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from typing import Protocol, runtime_checkable

from monitor.errors import SourceError
from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.health import SourceHealth, SourceState
from monitor.streams.replay import StreamStats

log = logging.getLogger(__name__)


@runtime_checkable
class Source(Protocol):
    """What the runner needs from a source."""

    kind: str
    stats: StreamStats

    def stream(self) -> AsyncIterator[Post]: ...


class LiveSource:
    """Shared state of the network sources: name, stats, health and reconnect bookkeeping."""

    kind = "live"

    def __init__(self, *, name: str, health: SourceHealth | None = None) -> None:
        if not name:
            raise ValueError("a source needs a name")
        self.name = name
        self.stats = StreamStats(name=name)
        self.health = health or SourceHealth(name=name, kind=self.kind)
        self._received = 0

    def reject(self, reason: str) -> None:
        """A record that is not a valid post: counted, kept with its ordinal, never fatal."""
        self.stats.reject(self.stats.read, reason)
        self.health.record_rejected()

    def accept(self) -> None:
        self.stats.decoded += 1

    def fail(self, message: str) -> SourceError:
        """Mark the source failed for good and return the error to raise (the runner logs it)."""
        self.health.record_error(message, state=SourceState.FAILED)
        return SourceError(self.name, message, retryable=False)

    async def retry_after(self, message: str, backoff: Backoff, delay: float | None = None) -> None:
        """Count a retryable error, log it and wait (the jittered backoff, or ``delay``)."""
        wait = backoff.next() if delay is None else delay
        self.health.record_error(message)
        self.health.record_reconnect()
        log.warning("source %s (%s): %s; retrying in %.1fs", self.name, self.kind, message, wait)
        await asyncio.sleep(wait)

    def secret(self, env: str, what: str) -> str:
        """Read a secret from the environment variable named in the config (never logged)."""
        value = os.environ.get(env, "") if env else ""
        if not value:
            raise self.fail(f"environment variable {env or '(unset)'} with the {what} is not set or empty")
        return value


class FailedSource(LiveSource):
    """Stands in for a source that could not even be built (say, its token is missing).

    Its stream raises the build error at once, so the runner marks it failed, says why, and
    keeps the other sources running.
    """

    def __init__(self, *, name: str, kind: str, error: SourceError) -> None:
        self.kind = kind
        super().__init__(name=name)
        self.error = error

    async def stream(self) -> AsyncIterator[Post]:
        raise self.error
        yield  # pragma: no cover  (makes this an async generator)
