"""The monitor run in-process for the dashboard: the source runner in a thread of its own.

``LiveMonitor.run()`` blocks (start it in a worker thread): it runs ``SourceRunner`` (every
configured source, paced replays included, with health, dedup and companions such as Slack
delivery) on an event loop in that thread. The pipeline feeds a ``MonitorState`` through its
observer hook, so it never waits for the screen. People's actions (``act``) come from the screen's
thread and are applied on the runner's loop, between two posts, so the pipeline is never used by
two threads at once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Callable, Coroutine, Sequence
from zoneinfo import ZoneInfo

from monitor.alerts.console import ConsoleSink
from monitor.config import Config
from monitor.models import Action, IncidentEvent
from monitor.pipeline import Pipeline, PipelineStats, Sink
from monitor.publish import build_publisher
from monitor.runner import SourceRunner, build_sinks
from monitor.state import MonitorState
from monitor.streams.base import Source

Companion = Callable[[asyncio.Event], Coroutine[object, object, None]]
ACT_TIMEOUT = 5.0


def state_for(config: Config, **kwargs: int) -> MonitorState:
    """A dashboard state with the config's brands and timezone."""
    names = {b.id: b.name for b in config.brands}
    return MonitorState(names, tz=ZoneInfo(config.settings.monitor.timezone), **kwargs)


class LiveMonitor:
    """Own a pipeline, its dashboard state and a source runner; run until the sources end or stop."""

    def __init__(
        self,
        config: Config,
        *,
        sources: Sequence[Source],
        sinks: Sequence[Sink] = (),
        state: MonitorState | None = None,
        pipeline: Pipeline | None = None,
        companions: Sequence[Companion] = (),
    ) -> None:
        self.config = config
        self.state = state or state_for(config)
        self.pipeline = pipeline or Pipeline(config, sinks)
        self.pipeline.observers.append(self.state)
        ingest = config.settings.ingest
        self.runner = SourceRunner(
            self.pipeline,
            sources,
            queue_size=ingest.queue_size,
            dedup_capacity=ingest.dedup_capacity,
            companions=companions,
        )
        self.state.watch(self.runner.registry)
        self.finished = threading.Event()
        self._stop_requested = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None

    @classmethod
    def from_config(cls, config: Config, sources: Sequence[Source]) -> LiveMonitor:
        """As ``monitor run`` builds it (sinks, Slack delivery, dashboard publishing), minus the
        console notifier: the screen is the console."""
        sinks = [s for s in build_sinks(config) if not isinstance(s, ConsoleSink)]
        pipeline = Pipeline(config, sinks)
        companions: list[Companion] = []
        if config.settings.slack.enabled:
            from monitor.alerts.slack_runtime import SlackRuntime

            slack = SlackRuntime(
                config, manager=pipeline.incidents, publish=pipeline.publish, environ=os.environ
            )
            pipeline.sinks.append(slack.notifier)
            companions.append(slack.run)
        publisher = build_publisher(config, pipeline)
        if publisher is not None:
            companions.append(publisher.serve)
        live = cls(config, sources=sources, pipeline=pipeline, companions=companions)
        if publisher is not None:
            publisher.state.watch(live.runner.registry)
        return live

    def run(self) -> PipelineStats:
        """Run every source to its end (or until ``stop()``), then flush; blocking."""
        try:
            return asyncio.run(self._main())
        finally:
            self._loop = None
            self.finished.set()

    async def _main(self) -> PipelineStats:
        self._stop = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        if self._stop_requested.is_set():
            self._stop.set()
        return await self.runner.run(self._stop)

    def stop(self) -> None:
        """Stop the sources (the posts already queued are still processed); any thread."""
        self._stop_requested.set()
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)

    def act(
        self, incident_id: str, action: Action, *, user: str, snooze_minutes: int | None = None
    ) -> IncidentEvent:
        """Apply a person's action at the stream time; the event goes to the sinks and the state.

        Snooze lasts ``[slack] snooze_minutes`` unless given, as for the Slack button. Raises
        ``UnknownIncident`` when the incident is not open.
        """
        minutes = self.config.settings.slack.snooze_minutes if snooze_minutes is None else snooze_minutes

        def apply() -> IncidentEvent:
            return self.pipeline.act(incident_id, action, user=user, snooze_minutes=minutes)

        loop = self._loop
        if loop is None or not loop.is_running():
            return apply()  # nothing else is using the pipeline
        done: concurrent.futures.Future[IncidentEvent] = concurrent.futures.Future()

        def on_loop() -> None:
            try:
                done.set_result(apply())
            except Exception as exc:
                done.set_exception(exc)

        try:
            loop.call_soon_threadsafe(on_loop)
        except RuntimeError:  # the loop closed meanwhile: the runner is done with the pipeline
            return apply()
        return done.result(timeout=ACT_TIMEOUT)

    def close(self) -> None:
        self.stop()
        self.pipeline.close()
