"""The monitor run in-process for the dashboard: a paced replay feeding the pipeline in a thread.

``LiveMonitor.run()`` blocks (start it in a worker thread); the pipeline runs there and feeds a
``MonitorState`` through the pipeline's observer hook, so it never waits for the screen. People's
actions (``act``) come from another thread and share one lock with the pipeline, which is held for
one post at a time. Sources are merged by event time; pacing follows event time (``speed`` 60 plays
one stream-minute per second, 0 as fast as possible).
"""

from __future__ import annotations

import heapq
import logging
import threading
import time
from collections.abc import Iterator, Sequence

from monitor.config import Config
from monitor.errors import SourceError
from monitor.models import Action, IncidentEvent, Post
from monitor.pipeline import Pipeline, PipelineStats, Sink
from monitor.state import MonitorState, probe_of
from monitor.streams.replay import ReplaySource

log = logging.getLogger(__name__)


def state_for(config: Config, **kwargs: int) -> MonitorState:
    """A dashboard state with the config's brands and timezone."""
    from zoneinfo import ZoneInfo

    names = {b.id: b.name for b in config.brands}
    return MonitorState(names, tz=ZoneInfo(config.settings.monitor.timezone), **kwargs)


class LiveMonitor:
    """Own a pipeline and its dashboard state; replay sources into it, paced, until stopped."""

    def __init__(
        self,
        config: Config,
        *,
        sources: Sequence[ReplaySource],
        sinks: Sequence[Sink] = (),
        state: MonitorState | None = None,
        speed: float = 60.0,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self.config = config
        self.sources = list(sources)
        self.speed = speed
        self.state = state or state_for(config)
        self.pipeline = Pipeline(config, sinks)
        self.pipeline.observers.append(self.state)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.finished = threading.Event()
        for src in self.sources:
            self.state.set_source(src.stats.name, status="waiting", probe=probe_of(src.stats))

    def _merged(self) -> Iterator[tuple[str, Post]]:
        def tagged(src: ReplaySource) -> Iterator[tuple[str, Post]]:
            name = src.stats.name
            self.state.set_source(name, status="running")
            try:
                for post in src:
                    yield name, post
            except SourceError as exc:
                self.state.set_source(name, status="error", error=str(exc))
                log.error("%s", exc)
                return
            self.state.set_source(name, status="ended")

        yield from heapq.merge(*(tagged(s) for s in self.sources), key=lambda item: item[1].created_at)

    def run(self) -> PipelineStats:
        """Replay every source (blocking) and flush; returns early when ``stop()`` is called."""
        started = time.monotonic()
        first: float | None = None
        try:
            for _name, post in self._merged():
                if self.stopping.is_set():
                    break
                if self.speed > 0:
                    ts = post.created_at.timestamp()
                    if first is None:
                        first = ts
                    delay = started + (ts - first) / self.speed - time.monotonic()
                    if delay > 0 and self.stopping.wait(delay):
                        break
                with self.lock:
                    self.pipeline.process(post)
            if not self.stopping.is_set():
                with self.lock:
                    self.pipeline.flush()
        finally:
            self.finished.set()
        return self.pipeline.stats

    def stop(self) -> None:
        self.stopping.set()

    def act(self, incident_id: str, action: Action, *, user: str, snooze_minutes: int = 60) -> IncidentEvent:
        """Apply a person's action at the stream time; the event goes to the sinks and the state."""
        with self.lock:
            return self.pipeline.act(incident_id, action, user=user, snooze_minutes=snooze_minutes)

    def close(self) -> None:
        self.stop()
        with self.lock:
            self.pipeline.close()
