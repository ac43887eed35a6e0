"""MQTT source (aiomqtt 2.x): QoS 1 into a persistent session, shared subscriptions, reconnects.

Delivery is at least once. The session lives on the broker under a fixed client id
(MQTT 5: ``clean_start=False`` plus a ``SessionExpiryInterval``; 3.1.1: ``clean_session=False``),
so posts published while the monitor is away are delivered when it comes back, and a broker
restart with persistence loses nothing. Redeliveries are dropped by id in the runner's dedup.

Known window: paho acknowledges a QoS 1 message (PUBACK) as soon as aiomqtt has put it on its
in-memory queue, before this code handles it, and aiomqtt does not expose manual acks. A crash of
the monitor between the ack and the pipeline loses those messages; everything downstream is
idempotent by post id, so a publisher may safely resend. The in-memory queue is unbounded here
(a bounded one drops messages after acking them); backpressure comes from the runner's queue.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import ssl
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiomqtt
from aiomqtt.exceptions import MqttConnectError
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from monitor.config import MqttOptions, SourceConfig
from monitor.errors import PostDecodeError
from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.base import LiveSource
from monitor.streams.decode import decode_json
from monitor.streams.health import SourceHealth, SourceState

log = logging.getLogger(__name__)

# CONNACK codes that retrying cannot fix: bad credentials, not authorized (3.1.1 and 5).
_FATAL_CONNECT_CODES = frozenset({4, 5, 134, 135})


@dataclass(frozen=True, slots=True)
class BrokerAddress:
    """Where the broker is, from ``mqtt://HOST:PORT`` (or ``mqtts://`` for TLS).

    >>> BrokerAddress.parse("mqtt://127.0.0.1:1884")
    BrokerAddress(host='127.0.0.1', port=1884, tls=False)
    >>> BrokerAddress.parse("mqtts://bus.example").port
    8883
    """

    host: str
    port: int
    tls: bool = False

    @classmethod
    def parse(cls, url: str) -> BrokerAddress:
        parts = urlsplit(url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ValueError(f"broker must look like mqtt://HOST:PORT (got {url!r})")
        tls = parts.scheme == "mqtts"
        return cls(parts.hostname, parts.port or (8883 if tls else 1883), tls)

    def __str__(self) -> str:
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"


def platform_of(topic: str, platforms: Mapping[str, str]) -> str:
    """The platform a topic carries: an explicit mapping, else its last level.

    >>> platform_of("posts/x", {})
    'x'
    >>> platform_of("jp/tw", {"jp/tw": "x"})
    'x'
    """
    return platforms.get(topic) or topic.rsplit("/", 1)[-1] or "unknown"


def client_args(
    *,
    address: BrokerAddress,
    identifier: str | None,
    protocol: str,
    persistent: bool,
    session_expiry: int,
    keepalive: int,
    username: str | None,
    password: str | None,
) -> dict[str, Any]:
    """Keyword arguments for ``aiomqtt.Client`` (persistent session set up per protocol)."""
    args: dict[str, Any] = {
        "hostname": address.host,
        "port": address.port,
        "identifier": identifier,
        "keepalive": keepalive,
        "username": username,
        "password": password,
        "tls_context": ssl.create_default_context() if address.tls else None,
    }
    if protocol == "5":
        args["protocol"] = aiomqtt.ProtocolVersion.V5
        if persistent:
            props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
            props.SessionExpiryInterval = session_expiry
            args["properties"] = props
            args["clean_start"] = False
    else:
        args["protocol"] = aiomqtt.ProtocolVersion.V311
        args["clean_session"] = not persistent
    return args


class MqttSource(LiveSource):
    """Posts from MQTT topics (``posts/<platform>``), one JSON Post per message."""

    kind = "mqtt"

    def __init__(
        self,
        *,
        name: str,
        broker: BrokerAddress,
        topics: Sequence[str] = ("posts/#",),
        group: str = "",
        client_id: str = "",
        qos: int = 1,
        protocol: str = "5",
        session_expiry_seconds: int = 86_400,
        keepalive_seconds: int = 60,
        username: str | None = None,
        password: str | None = None,
        platforms: Mapping[str, str] | None = None,
        backoff: Backoff | None = None,
        health: SourceHealth | None = None,
    ) -> None:
        super().__init__(name=name, health=health)
        if not topics:
            raise ValueError("an MQTT source needs at least one topic")
        if qos not in (0, 1, 2):
            raise ValueError("qos must be 0, 1 or 2")
        if protocol not in ("5", "3.1.1"):
            raise ValueError("protocol must be '5' or '3.1.1'")
        if group and any(c in group for c in "/#+"):
            raise ValueError("a shared subscription group may not contain '/', '#' or '+'")
        self.broker = broker
        self.topics = tuple(topics)
        self.group = group
        self.client_id = client_id or f"monitor-{name}"
        self.qos = qos
        self.protocol = protocol
        self.session_expiry = session_expiry_seconds
        self.keepalive = keepalive_seconds
        self._username = username
        self._password = password
        self.platforms = dict(platforms or {})
        self.backoff = backoff or Backoff(initial=1.0, maximum=60.0)

    @classmethod
    def from_config(cls, cfg: SourceConfig, name: str, *, health: SourceHealth | None = None) -> MqttSource:
        opts = cfg.parsed_options()
        assert isinstance(opts, MqttOptions)
        src = cls(
            name=name,
            broker=BrokerAddress.parse(cfg.endpoint),
            topics=cfg.topics or ["posts/#"],
            group=opts.group,
            client_id=opts.client_id,
            qos=opts.qos,
            protocol=opts.protocol,
            session_expiry_seconds=opts.session_expiry_seconds,
            keepalive_seconds=opts.keepalive_seconds,
            platforms=opts.platforms,
            backoff=Backoff(initial=opts.backoff_initial_seconds, maximum=opts.backoff_max_seconds),
            health=health,
        )
        if opts.username_env:
            src._username = src.secret(opts.username_env, "MQTT user name")
            src._password = src.secret(opts.password_env, "MQTT password") if opts.password_env else None
        return src

    @property
    def subscriptions(self) -> list[str]:
        """The topic filters subscribed, with ``$share/<group>/`` when a group is set."""
        return [f"$share/{self.group}/{t}" if self.group else t for t in self.topics]

    def _client(self, inbox: list[asyncio.Queue[aiomqtt.Message]]) -> aiomqtt.Client:
        args = client_args(
            address=self.broker,
            identifier=self.client_id,
            protocol=self.protocol,
            persistent=True,
            session_expiry=self.session_expiry,
            keepalive=self.keepalive,
            username=self._username,
            password=self._password,
        )

        class Inbox(asyncio.Queue[aiomqtt.Message]):
            """aiomqtt's message queue, kept at hand so nothing acked is left in it on a disconnect."""

            def __init__(self, maxsize: int = 0) -> None:
                super().__init__(maxsize)
                inbox.append(self)

        return aiomqtt.Client(**args, queue_type=Inbox)

    def decode(self, topic: str, payload: bytes | str) -> Post | None:
        """One message to a Post; a bad payload is counted and reported, never fatal."""
        self.stats.read += 1
        try:
            post = decode_json(payload)
        except PostDecodeError as exc:
            self.reject(f"topic {topic}: {exc.reason}")
            return None
        if post.platform == "unknown":
            post = dataclasses.replace(post, platform=platform_of(topic, self.platforms))
        self.accept()
        return post

    def _post(self, msg: aiomqtt.Message) -> Post | None:
        payload = msg.payload
        if isinstance(payload, bytearray):
            payload = bytes(payload)
        if not isinstance(payload, bytes | str):
            self.stats.read += 1
            self.reject(f"topic {msg.topic}: payload is not text")
            return None
        return self.decode(str(msg.topic), payload)

    async def stream(self) -> AsyncIterator[Post]:
        """Yield posts forever, reconnecting with jittered backoff when the broker goes away."""
        while True:
            inbox: list[asyncio.Queue[aiomqtt.Message]] = []
            try:
                async with self._client(inbox) as client:
                    for flt in self.subscriptions:
                        granted = await client.subscribe(flt, qos=self.qos)
                        refused = [getattr(g, "value", g) for g in granted if getattr(g, "value", g) >= 128]
                        if refused:
                            raise self.fail(f"broker {self.broker} refused the subscription to {flt!r}")
                    self.health.set_state(SourceState.CONNECTED)
                    self.backoff.reset()
                    log.info("source %s: subscribed to %s on %s", self.name, self.subscriptions, self.broker)
                    async for msg in client.messages:
                        post = self._post(msg)
                        if post is not None:
                            yield post
            except aiomqtt.MqttCodeError as exc:
                code = getattr(exc.rc, "value", exc.rc)
                if isinstance(exc, MqttConnectError) and code in _FATAL_CONNECT_CODES:
                    raise self.fail(f"broker {self.broker} refused the connection: {exc}") from None
                error = f"broker {self.broker}: {exc}"
            except aiomqtt.MqttError as exc:
                error = f"broker {self.broker}: {exc}"
            # Messages received (and already acknowledged) before the connection dropped.
            for queue in inbox:
                while not queue.empty():
                    post = self._post(queue.get_nowait())
                    if post is not None:
                        yield post
            await self.retry_after(error, self.backoff)
