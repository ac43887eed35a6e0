"""``monitor publish``: feed a Post JSONL file into the MQTT bus, at least once.

Each valid line goes to ``<prefix>/<platform>`` with QoS 1 and is resent after a reconnect until
the broker acknowledges it, so a broker restart loses nothing (a resend may duplicate a post: the
consumers drop repeats by id). Broken lines are counted, reported with their number, and skipped.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiomqtt
import click

from monitor.errors import PostDecodeError, SourceError
from monitor.streams.backoff import Backoff
from monitor.streams.decode import decode_json
from monitor.streams.mqtt import BrokerAddress, client_args
from monitor.streams.replay import MAX_KEPT_ERRORS

log = logging.getLogger(__name__)


@dataclass
class PublishStats:
    """What ``publish_file`` did."""

    read: int = 0
    published: int = 0
    rejected: int = 0
    retries: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Progress:
    started: float
    next: int = 0


async def _watch(client: aiomqtt.Client) -> None:
    """Raise MqttError as soon as the connection drops (an unacked publish would wait its timeout)."""
    async for _ in client.messages:
        pass


async def _send(
    client: aiomqtt.Client,
    todo: list[tuple[int, str, bytes]],
    progress: _Progress,
    stats: PublishStats,
    *,
    prefix: str,
    qos: int,
    rate: float,
    timeout: float,
) -> None:
    while progress.next < len(todo):
        _, platform, payload = todo[progress.next]
        if rate > 0:
            delay = progress.started + stats.published / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        await client.publish(f"{prefix}/{platform}", payload, qos=qos, timeout=timeout)
        stats.published += 1
        progress.next += 1


def _lines(path: Path, stats: PublishStats) -> list[tuple[int, str, bytes]]:
    """(line number, topic suffix, payload) for each valid line; the rest are counted."""
    try:
        raw_lines = path.read_bytes().splitlines()
    except OSError as exc:
        raise SourceError(str(path), f"cannot open: {exc.strerror}", retryable=False) from None
    out: list[tuple[int, str, bytes]] = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        stats.read += 1
        try:
            post = decode_json(raw)
        except PostDecodeError as exc:
            stats.rejected += 1
            if len(stats.errors) < MAX_KEPT_ERRORS:
                stats.errors.append((number, exc.reason))
            continue
        out.append((number, post.platform, raw.strip()))
    return out


async def publish_file(
    path: str | Path,
    *,
    broker: BrokerAddress,
    prefix: str = "posts",
    qos: int = 1,
    rate: float = 0.0,
    ack_timeout: float = 10.0,
    max_retries: int = 30,  # consecutive failed connections before giving up
    username: str | None = None,
    password: str | None = None,
    backoff: Backoff | None = None,
) -> PublishStats:
    """Publish every valid post of ``path``; ``rate`` > 0 limits to that many posts per second."""
    if qos not in (0, 1, 2):
        raise ValueError("qos must be 0, 1 or 2")
    stats = PublishStats()
    todo = _lines(Path(path), stats)
    backoff = backoff or Backoff(initial=0.5, maximum=10.0)
    progress = _Progress(started=time.monotonic())
    while progress.next < len(todo):
        args = client_args(
            address=broker,
            identifier=None,
            protocol="5",
            persistent=False,
            session_expiry=0,
            keepalive=30,
            username=username,
            password=password,
        )
        error: BaseException | None = None
        try:
            async with aiomqtt.Client(**args) as client, asyncio.TaskGroup() as tg:
                backoff.reset()
                watch = tg.create_task(_watch(client), name="publish:watch-connection")
                await _send(
                    client, todo, progress, stats, prefix=prefix, qos=qos, rate=rate, timeout=ack_timeout
                )
                watch.cancel()
        except* aiomqtt.MqttError as group:
            error = group.exceptions[0]
        if error is not None:
            stats.retries += 1
            if backoff.attempts >= max_retries:
                raise SourceError(str(broker), f"gave up after {max_retries} failed tries: {error}") from None
            wait = backoff.next()
            line = todo[progress.next][0]
            log.warning("publish to %s: %s; resending from line %d in %.1fs", broker, error, line, wait)
            await asyncio.sleep(wait)
    return stats


def run_publish(
    path: Path,
    *,
    broker: str,
    prefix: str = "posts",
    qos: int = 1,
    rate: float = 0.0,
    username_env: str = "",
    password_env: str = "",
) -> PublishStats:
    """The ``monitor publish`` command: publish, then report counts and rejected lines on stderr."""
    address = BrokerAddress.parse(broker)
    if not prefix or any(c in prefix for c in "#+"):
        raise ValueError(f"bad topic prefix {prefix!r}")
    username = _env(username_env, "broker user name") if username_env else None
    password = _env(password_env, "broker password") if password_env else None
    stats = asyncio.run(
        publish_file(
            path, broker=address, prefix=prefix, qos=qos, rate=rate, username=username, password=password
        )
    )
    click.echo(
        f"{path}: {stats.read} lines read, {stats.published} published to {address}, "
        f"{stats.rejected} rejected, {stats.retries} reconnects",
        err=True,
    )
    for line, reason in stats.errors[:20]:
        click.echo(f"  line {line}: {reason}", err=True)
    if stats.rejected > 20:
        click.echo(f"  ... and {stats.rejected - 20} more rejected lines", err=True)
    return stats


def _env(name: str, what: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ValueError(f"environment variable {name} with the {what} is not set")
    return value
