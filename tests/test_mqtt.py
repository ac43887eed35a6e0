"""MQTT against a real mosquitto: persistent sessions, shared subscriptions, broker restarts."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import aiomqtt
import pytest

from monitor.alerts.jsonl import JsonlSink
from monitor.config import Config
from monitor.models import Post
from monitor.pipeline import Pipeline
from monitor.runner import SourceRunner
from monitor.streams.backoff import Backoff
from monitor.streams.mqtt import BrokerAddress, MqttSource
from monitor.streams.publish import publish_file
from monitor.streams.replay import ReplaySource
from tests.conftest import T0
from tests.mosquitto import MOSQUITTO, Mosquitto, requires_mosquitto

pytestmark = requires_mosquitto


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Mosquitto]:
    assert MOSQUITTO is not None
    b = Mosquitto(MOSQUITTO, tmp_path, persistence=True)
    b.start()
    yield b
    b.stop()


def fast() -> Backoff:
    return Backoff(initial=0.05, maximum=0.3, rng=random.Random(7))


def source(broker: Mosquitto, name: str = "bus", **kw: object) -> MqttSource:
    return MqttSource(
        name=name,
        broker=BrokerAddress.parse(broker.url),
        backoff=fast(),
        **kw,  # type: ignore[arg-type]
    )


def post_json(i: int, **extra: object) -> bytes:
    body = {"id": f"x:{i}", "created_at": (T0 + timedelta(seconds=i)).isoformat(), "text": f"投稿{i}"}
    return json.dumps({**body, **extra}, ensure_ascii=False).encode()


async def publish(broker: Mosquitto, items: list[tuple[str, bytes]]) -> None:
    async with aiomqtt.Client("127.0.0.1", broker.port, protocol=aiomqtt.ProtocolVersion.V5) as c:
        for topic, payload in items:
            await c.publish(topic, payload, qos=1)


async def take(it: AsyncIterator[Post], n: int, timeout: float = 10.0) -> list[Post]:
    out: list[Post] = []

    async def run() -> None:
        async for post in it:
            out.append(post)
            if len(out) == n:
                return

    await asyncio.wait_for(run(), timeout)
    return out


async def subscribed(src: MqttSource, timeout: float = 5.0) -> None:
    """Wait until the source has connected and subscribed."""
    async with asyncio.timeout(timeout):
        while src.health.state.value != "connected":
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("protocol", ["5", "3.1.1"])
async def test_posts_published_while_away_arrive_on_return(broker: Mosquitto, protocol: str) -> None:
    src = source(broker, client_id="monitor-test-away", protocol=protocol)
    stream = src.stream()
    first = asyncio.ensure_future(take(stream, 1))
    await subscribed(src)
    await publish(broker, [("posts/x", post_json(1))])
    assert [p.id for p in await first] == ["x:1"]
    await stream.aclose()  # the monitor goes away; its session stays on the broker

    await publish(broker, [("posts/x", post_json(i)) for i in (2, 3)] + [("posts/news", post_json(4))])

    back = source(broker, client_id="monitor-test-away", protocol=protocol)  # same id: same session
    posts = await take(back.stream(), 3)
    assert [p.id for p in posts] == ["x:2", "x:3", "x:4"]
    assert posts[2].platform == "news", "the topic's last level names the platform"


async def test_bad_payloads_are_counted_not_fatal(broker: Mosquitto) -> None:
    src = source(broker)
    stream = src.stream()
    got = asyncio.ensure_future(take(stream, 2))
    await subscribed(src)
    await publish(
        broker,
        [
            ("posts/x", post_json(1, platform="x")),
            ("posts/x", b"{not json"),
            ("posts/x", json.dumps({"id": "x:9", "text": "時刻なし"}).encode()),
            ("posts/x", post_json(2)),
        ],
    )
    assert [p.id for p in await got] == ["x:1", "x:2"]
    await stream.aclose()
    assert src.stats.read == 4 and src.stats.decoded == 2 and src.stats.rejected == 2
    assert src.health.rejected == 2
    assert "not valid JSON" in src.stats.errors[0][1] and "created_at" in src.stats.errors[1][1]


async def test_shared_subscription_splits_the_stream(broker: Mosquitto) -> None:
    a = source(broker, name="worker-a", group="detectors")
    b = source(broker, name="worker-b", group="detectors")
    assert a.subscriptions == ["$share/detectors/posts/#"]
    seen: dict[str, list[str]] = {"a": [], "b": []}

    async def collect(src: MqttSource, key: str) -> None:
        async for post in src.stream():
            seen[key].append(post.id)

    tasks = [asyncio.ensure_future(collect(a, "a")), asyncio.ensure_future(collect(b, "b"))]
    await subscribed(a)
    await subscribed(b)
    await publish(broker, [("posts/x", post_json(i)) for i in range(20)])
    async with asyncio.timeout(10):
        while len(seen["a"]) + len(seen["b"]) < 20:
            await asyncio.sleep(0.01)
    for t in tasks:
        t.cancel()
    assert sorted(seen["a"] + seen["b"]) == sorted(f"x:{i}" for i in range(20)), "each post exactly once"
    assert seen["a"] and seen["b"], "both workers got a share"


async def test_unreachable_broker_is_retried_and_counted(tmp_path: Path) -> None:
    assert MOSQUITTO is not None
    b = Mosquitto(MOSQUITTO, tmp_path)  # configured, not started yet
    src = source(b)
    stream = src.stream()
    got = asyncio.ensure_future(take(stream, 1))
    async with asyncio.timeout(5):
        while src.health.reconnects < 2:
            await asyncio.sleep(0.01)
    assert src.health.state.value == "reconnecting" and "Connection refused" in src.health.last_error
    await asyncio.to_thread(b.start)
    try:
        await subscribed(src)
        await publish(b, [("posts/x", post_json(1))])
        assert [p.id for p in await got] == ["x:1"]
    finally:
        await stream.aclose()
        b.stop()


def surge_stream(path: Path) -> Path:
    """A quiet two hours about one brand, then a complaint storm: enough to open an incident."""
    lines = []
    n = 0
    for minute in range(150):
        per_minute = 1 if minute < 110 else 12
        for j in range(per_minute):
            n += 1
            at = T0 + timedelta(minutes=minute, seconds=j * 4)
            calm = minute < 110 or j % 4 == 0
            text = "こはるモバイルの新プラン気になる" if calm else "こはるモバイル つながらない 最悪 圏外"
            post = {"id": f"x:{n}", "platform": "x", "created_at": at.isoformat(), "text": text}
            lines.append(json.dumps(post, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_broker_restart_mid_stream_loses_nothing_and_counts_nothing_twice(
    broker: Mosquitto, tmp_path: Path, config: Config
) -> None:
    stream_file = surge_stream(tmp_path / "posts.jsonl")
    expected = tmp_path / "expected.jsonl"
    direct = Pipeline(config, [JsonlSink(expected)])
    direct.run(ReplaySource(stream_file))
    direct.close()
    total = direct.stats.posts
    assert direct.stats.events["opened"] >= 1, "the stream must open an incident to compare against"

    got = tmp_path / "got.jsonl"
    pipeline = Pipeline(config, [JsonlSink(got)])
    src = source(broker, client_id="monitor-restart-test")
    runner = SourceRunner(pipeline, [src], queue_size=64)
    stop = asyncio.Event()
    run = asyncio.ensure_future(runner.run(stop))
    await subscribed(src)

    addr = BrokerAddress.parse(broker.url)
    pub = asyncio.ensure_future(
        publish_file(stream_file, broker=addr, rate=400, ack_timeout=1.0, backoff=fast())
    )
    async with asyncio.timeout(10):
        while pipeline.stats.posts < total // 3:
            await asyncio.sleep(0.005)
    await asyncio.to_thread(broker.stop)  # the broker goes down mid-stream ...
    await asyncio.sleep(0.3)
    await asyncio.to_thread(broker.start)  # ... and comes back with its persisted sessions
    stats = await asyncio.wait_for(pub, 30)
    async with asyncio.timeout(20):
        while pipeline.stats.posts < total:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)  # any late redelivery would be counted now
    stop.set()
    await asyncio.wait_for(run, 10)
    pipeline.close()

    assert stats.published == total and stats.rejected == 0
    assert src.health.reconnects >= 1, "the consumer saw the broker go away"
    assert pipeline.stats.posts == total, "every post once: none lost, none twice"
    assert src.health.posts == total + runner.dedup.duplicates == total + src.health.duplicates
    assert got.read_text() == expected.read_text(), "same incidents as an uninterrupted replay"


async def test_publish_routes_by_platform_and_reports_broken_lines(broker: Mosquitto, tmp_path: Path) -> None:
    lines = [
        post_json(1, platform="x").decode(),
        "{broken",
        post_json(2, platform="youtube").decode(),
        "",
        json.dumps({"id": "x:3", "text": "時刻なし"}),
        post_json(4).decode(),
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    src = source(broker, topics=("feed/#",))
    stream = src.stream()
    got = asyncio.ensure_future(take(stream, 3))
    await subscribed(src)
    stats = await publish_file(path, broker=BrokerAddress.parse(broker.url), prefix="feed")
    posts = await got
    await stream.aclose()
    assert (stats.read, stats.published, stats.rejected) == (5, 3, 2)
    assert [line for line, _ in stats.errors] == [2, 5]
    assert [(p.id, p.platform) for p in posts] == [("x:1", "x"), ("x:2", "youtube"), ("x:4", "unknown")]
