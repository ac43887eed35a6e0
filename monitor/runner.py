"""Run the monitor: build sources and sinks from the config and drive the pipeline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import click

from monitor.alerts.console import ConsoleSink
from monitor.alerts.jsonl import JsonlSink
from monitor.config import Config
from monitor.models import Post
from monitor.pipeline import Pipeline, PipelineStats, Sink
from monitor.streams.replay import ReplaySource

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000


def report(stats: PipelineStats, sources: Sequence[ReplaySource]) -> None:
    """Print what was read, what was rejected (with line numbers) and the events, on stderr."""
    events = ", ".join(f"{k} {v}" for k, v in sorted(stats.events.items())) or "none"
    for src in sources:
        st = src.stats
        click.echo(f"{st.name}: {st.read} lines read, {st.decoded} posts, {st.rejected} rejected", err=True)
        for line, reason in st.errors[:20]:
            click.echo(f"  line {line}: {reason}", err=True)
        if st.rejected > 20:
            click.echo(f"  ... and {st.rejected - 20} more rejected lines", err=True)
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


def build_sources(config: Config, *, demo: Path, speed: float | None) -> list[ReplaySource]:
    """The configured sources, or the bundled demo replay when none is configured."""
    sources: list[ReplaySource] = []
    for i, src in enumerate(config.settings.sources):
        pace = src.speed if speed is None else speed
        sources.append(ReplaySource(config.resolve(src.path), speed=pace, name=src.name or f"source[{i}]"))
    if not sources:
        sources.append(ReplaySource(demo, speed=speed or 0.0, name="demo"))
    return sources


async def _pump(source: ReplaySource, queue: asyncio.Queue[Post | None]) -> None:
    try:
        async for post in source.stream():
            await queue.put(post)  # bounded: a slow pipeline slows the sources, never drops
    finally:
        await queue.put(None)


async def _consume(pipeline: Pipeline, queue: asyncio.Queue[Post | None], producers: int) -> None:
    done = 0
    while done < producers:
        post = await queue.get()
        if post is None:
            done += 1
            continue
        pipeline.process(post)
    pipeline.flush()


async def run_async(pipeline: Pipeline, sources: list[ReplaySource]) -> PipelineStats:
    queue: asyncio.Queue[Post | None] = asyncio.Queue(maxsize=QUEUE_SIZE)
    async with asyncio.TaskGroup() as tg:
        for i, source in enumerate(sources):
            tg.create_task(_pump(source, queue), name=f"source:{source.stats.name}:{i}")
        tg.create_task(_consume(pipeline, queue, len(sources)), name="pipeline")
    return pipeline.stats


def run_monitor(config: Config, *, demo: Path, speed: float | None = None) -> PipelineStats:
    """Run until every source ends (replays end; live sources run until interrupted)."""
    sources = build_sources(config, demo=demo, speed=speed)
    pipeline = Pipeline(config, build_sinks(config))
    try:
        if len(sources) == 1 and sources[0].speed == 0:
            stats = pipeline.run(sources[0])
        else:
            stats = asyncio.run(run_async(pipeline, sources))
    finally:
        pipeline.close()
        if pipeline.analyzer.save_model():  # the learned sentiment state survives restarts
            log.info("sentiment model saved to %s", pipeline.analyzer.model_path)
    report(stats, sources)
    return stats
