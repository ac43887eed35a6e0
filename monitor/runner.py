"""Run the monitor: build sources and sinks from the config and drive the pipeline.

Live runs pump every source into one bounded queue (a slow pipeline slows the sources down; it
never drops a post), drop repeats by post id, and feed the synchronous pipeline. A source that
fails is marked failed in the health registry with the reason, and the others keep running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from monitor.alerts.console import ConsoleSink
from monitor.alerts.jsonl import JsonlSink
from monitor.config import Config, SourceConfig, source_name
from monitor.errors import SourceError
from monitor.models import Post
from monitor.pipeline import Pipeline, PipelineStats, Sink
from monitor.publish import build_publisher
from monitor.streams.base import FailedSource, LiveSource, Source
from monitor.streams.dedup import Deduper
from monitor.streams.health import HealthRegistry, SourceHealth, SourceState
from monitor.streams.replay import ReplaySource

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000
YIELD_EVERY = 100  # posts processed between two chances for the sources to run

_Item = tuple[SourceHealth, Post] | None


def report(stats: PipelineStats, sources: Sequence[Source], registry: HealthRegistry | None = None) -> None:
    """Print what was read, what was rejected (with line numbers) and the events, on stderr."""
    events = ", ".join(f"{k} {v}" for k, v in sorted(stats.events.items())) or "none"
    for src in sources:
        st = src.stats
        click.echo(f"{st.name}: {st.read} lines read, {st.decoded} posts, {st.rejected} rejected", err=True)
        for line, reason in st.errors[:20]:
            click.echo(f"  line {line}: {reason}", err=True)
        if st.rejected > 20:
            click.echo(f"  ... and {st.rejected - 20} more rejected lines", err=True)
    if registry is not None:
        for h in registry.snapshot():
            if h.kind != "replay" or h.state is SourceState.FAILED or h.duplicates:
                click.echo(f"source {h.describe()}", err=True)
    click.echo(
        f"processed {stats.posts} posts ({stats.matched} about a brand); incident events: {events}",
        err=True,
    )


def build_sinks(config: Config) -> list[Sink]:
    alerts = config.settings.alerts
    sinks: list[Sink] = []
    if alerts.console:
        names = {b.id: b.name for b in config.brands}
        sinks.append(ConsoleSink(brand_names=names, timezone=config.settings.monitor.timezone))
    if alerts.jsonl:
        sinks.append(JsonlSink(config.resolve(alerts.jsonl)))
    return sinks


def build_source(config: Config, src: SourceConfig, name: str, *, speed: float | None = None) -> Source:
    """One configured source; a live one that cannot be built becomes a FailedSource saying why."""
    if src.type == "replay":
        return ReplaySource(config.resolve(src.path), speed=src.speed if speed is None else speed, name=name)
    try:
        if src.type == "mqtt":
            from monitor.streams.mqtt import MqttSource

            return MqttSource.from_config(src, name)
        if src.type == "x":
            from monitor.streams.x import XStreamSource

            return XStreamSource.from_config(src, name, brands=config.brands)
        if src.type == "mastodon":
            from monitor.streams.mastodon import MastodonSource

            return MastodonSource.from_config(src, name)
        from monitor.streams.rss import RssSource

        return RssSource.from_config(src, name)
    except SourceError as exc:
        return FailedSource(name=name, kind=src.type, error=exc)
    except ValueError as exc:  # settings the config schema could not check on its own
        return FailedSource(name=name, kind=src.type, error=SourceError(name, str(exc), retryable=False))


def build_sources(config: Config, *, demo: Path, speed: float | None) -> list[Source]:
    """The configured sources, or the bundled demo replay when none is configured."""
    sources = [
        build_source(config, src, source_name(src, i), speed=speed)
        for i, src in enumerate(config.settings.sources)
    ]
    if not sources:
        sources.append(ReplaySource(demo, speed=speed or 0.0, name="demo"))
    return sources


class SourceRunner:
    """Pumps sources into a bounded queue, drops repeats by id, and feeds the pipeline.

    ``registry`` holds every source's health (the dashboard reads ``registry.snapshot()``);
    ``dedup`` counts the repeats it dropped.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        sources: Sequence[Source],
        *,
        queue_size: int = QUEUE_SIZE,
        dedup_capacity: int = 200_000,
        registry: HealthRegistry | None = None,
        health_log_seconds: float = 0.0,
        companions: Sequence[Callable[[asyncio.Event], Coroutine[object, object, None]]] = (),
    ) -> None:
        if queue_size < 1:
            raise ValueError("queue_size must be >= 1")
        self.pipeline = pipeline
        self.sources = list(sources)
        self.queue_size = queue_size
        self.dedup = Deduper(capacity=dedup_capacity)
        self.registry = registry or HealthRegistry()
        self.health_log_seconds = health_log_seconds
        # Tasks that run beside the pipeline (Slack delivery) and finish after it: each is given
        # an event that is set once every post has been processed.
        self.companions = list(companions)
        self._health: list[SourceHealth] = []
        for src in self.sources:
            if isinstance(src, LiveSource):
                self._health.append(self.registry.register(src.health))
            else:
                self._health.append(self.registry.add(src.stats.name, src.kind))

    async def run(self, stop: asyncio.Event | None = None) -> PipelineStats:
        """Run until every source has ended or failed, or until ``stop`` is set; then flush.

        On stop the sources are cancelled and the posts already queued are still processed.
        """
        queue: asyncio.Queue[_Item] = asyncio.Queue(maxsize=self.queue_size)
        async with asyncio.TaskGroup() as tg:
            pumps = [
                tg.create_task(self._pump(src, health, queue), name=f"source:{health.name}")
                for src, health in zip(self.sources, self._health, strict=True)
            ]
            finished = asyncio.Event()
            consumer = tg.create_task(self._consume(queue, len(pumps), finished), name="pipeline")
            for i, companion in enumerate(self.companions):
                tg.create_task(companion(finished), name=f"companion:{i}")
            helpers: list[asyncio.Task[None]] = []
            if stop is not None:
                helpers.append(tg.create_task(_cancel_on(stop, pumps), name="stop"))
            if self.health_log_seconds > 0:
                helpers.append(tg.create_task(self._log_health(), name="health-log"))
            consumer.add_done_callback(lambda _: [t.cancel() for t in helpers])
        return self.pipeline.stats

    async def _pump(self, source: Source, health: SourceHealth, queue: asyncio.Queue[_Item]) -> None:
        try:
            async for post in source.stream():
                health.record_post(post.created_at)
                health.rejected = source.stats.rejected
                await queue.put((health, post))  # bounded: backpressure, never a drop
            health.rejected = source.stats.rejected
            health.set_state(SourceState.FINISHED)
        except asyncio.CancelledError:
            health.set_state(SourceState.FINISHED)
            raise
        except SourceError as exc:
            if health.state is not SourceState.FAILED:
                health.record_error(str(exc), state=SourceState.FAILED)
            log.error(
                "source %s (%s) failed: %s; the other sources keep running", health.name, health.kind, exc
            )
        except Exception as exc:  # a bug in one source must not stop the others
            health.record_error(f"{type(exc).__name__}: {exc}", state=SourceState.FAILED)
            log.exception("source %s (%s) crashed; the other sources keep running", health.name, health.kind)
        finally:
            with contextlib.suppress(asyncio.CancelledError):
                await queue.put(None)

    async def _consume(self, queue: asyncio.Queue[_Item], producers: int, finished: asyncio.Event) -> None:
        done = 0
        taken = 0
        try:
            while done < producers:
                taken += 1
                if taken % YIELD_EVERY == 0:
                    await asyncio.sleep(0)  # a full queue must not starve the sources' network I/O
                item = await queue.get()
                if item is None:
                    done += 1
                    continue
                health, post = item
                if self.dedup.seen(post.id):
                    health.record_duplicate()
                    continue
                self.pipeline.process(post)
            self.pipeline.flush()
        finally:
            finished.set()

    async def _log_health(self) -> None:
        while True:
            await asyncio.sleep(self.health_log_seconds)
            self.registry.log_all()


async def _cancel_on(stop: asyncio.Event, tasks: Sequence[asyncio.Task[None]]) -> None:
    await stop.wait()
    for task in tasks:
        task.cancel()


def _failed(registry: HealthRegistry) -> list[SourceHealth]:
    return [h for h in registry.snapshot() if h.state is SourceState.FAILED]


async def _run_live(runner: SourceRunner) -> PipelineStats:
    """Run until the sources end or a first Ctrl-C/SIGTERM (graceful); a second one interrupts."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)

    def restore() -> None:
        for sig in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(sig)

    def on_signal() -> None:
        log.warning("stopping: finishing the posts already queued (press Ctrl-C again to abort)")
        stop.set()
        restore()

    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, on_signal)
    try:
        return await runner.run(stop)
    finally:
        restore()


def run_monitor(
    config: Config, *, demo: Path, speed: float | None = None, registry: HealthRegistry | None = None
) -> PipelineStats:
    """Run until every source ends (replays end; live sources run until interrupted).

    Pass a ``registry`` to read the sources' health while it runs (the dashboard does).
    """
    sources = build_sources(config, demo=demo, speed=speed)
    pipeline = Pipeline(config, build_sinks(config))
    publisher = build_publisher(config, pipeline)  # None unless [dashboard] publish = true
    slack = None
    if config.settings.slack.enabled:
        from monitor.alerts.slack_runtime import SlackRuntime

        slack = SlackRuntime(config, manager=pipeline.incidents, publish=pipeline.publish, environ=os.environ)
        pipeline.sinks.append(slack.notifier)
    try:
        only = sources[0]
        if (
            slack is None
            and publisher is None
            and registry is None
            and len(sources) == 1
            and isinstance(only, ReplaySource)
            and only.speed == 0
        ):
            stats = pipeline.run(only)  # deterministic, as fast as possible
        else:
            ingest = config.settings.ingest
            runner = SourceRunner(
                pipeline,
                sources,
                queue_size=ingest.queue_size,
                dedup_capacity=ingest.dedup_capacity,
                health_log_seconds=ingest.health_log_seconds,
                registry=registry,
                companions=[slack.run] if slack is not None else [],
            )
            registry = runner.registry
            if publisher is not None:  # the dashboard publisher runs beside the pipeline too
                runner.companions.append(publisher.serve)
                publisher.state.watch(registry)
            stats = asyncio.run(_run_live(runner))
    finally:
        pipeline.close()
        if pipeline.analyzer.save_model():  # the learned sentiment state survives restarts
            log.info("sentiment model saved to %s", pipeline.analyzer.model_path)
    report(stats, sources, registry)
    if registry is not None and len(_failed(registry)) == len(sources):
        reasons = "; ".join(f"{h.name}: {h.last_error}" for h in _failed(registry))
        raise SourceError("all sources", f"every source failed ({reasons})", retryable=False)
    return stats
