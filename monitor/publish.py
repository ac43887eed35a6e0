"""Share a running monitor with dashboards in other processes over MQTT (aiomqtt).

Topics under a prefix (``[dashboard] topic_prefix``, default ``monitor``):

- ``<prefix>/events``: every incident event, as in the incident event contract (QoS 1);
- ``<prefix>/state``: the dashboard state (``MonitorState.export()``: per-brand per-minute counts,
  incidents with their metrics history, recent posts, source health) as JSON, retained so that a
  dashboard attaching late sees everything at once; at most every ``interval`` seconds, and only
  when something changed;
- ``<prefix>/actions``: dashboards to the monitor, ``{"incident_id", "action", "user"}`` (QoS 1),
  applied like a Slack button (recorded in the timeline, sent to every sink as an event).

The publisher never blocks the pipeline: events wait in a bounded buffer (the oldest are dropped
and counted when the broker is away for long), and both sides reconnect with jittered backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import random
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

import aiomqtt

from monitor.config import Config
from monitor.models import Action, Analysis, EventType, IncidentEvent
from monitor.pipeline import Pipeline
from monitor.state import MonitorState

log = logging.getLogger(__name__)

ActFn = Callable[..., object]
BACKOFF_MIN, BACKOFF_MAX = 0.5, 30.0


def backoff(attempt: int, *, low: float = BACKOFF_MIN, high: float = BACKOFF_MAX) -> float:
    """Exponential backoff with full jitter.

    >>> all(0 <= backoff(n) <= BACKOFF_MAX for n in range(20))
    True
    """
    return random.uniform(0, min(high, low * 2**attempt))


def topics(prefix: str) -> dict[str, str]:
    """
    >>> topics("monitor")["state"]
    'monitor/state'
    """
    return {name: f"{prefix}/{name}" for name in ("events", "state", "actions")}


def parse_action(payload: bytes) -> tuple[str, Action, str]:
    """Decode an action message; ``ValueError`` names what is wrong.

    >>> parse_action(b'{"incident_id": "i1", "action": "acknowledge", "user": "tanaka"}')
    ('i1', <Action.ACKNOWLEDGE: 'acknowledge'>, 'tanaka')
    """
    try:
        data = json.loads(payload)
        incident_id, action, user = data["incident_id"], Action(data["action"]), data["user"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"bad action message: {exc!r}") from None
    if not isinstance(incident_id, str) or not isinstance(user, str) or not user.strip():
        raise ValueError("bad action message: incident_id and user must be non-empty strings")
    return incident_id, action, user.strip()[:80]


def parse_event(payload: bytes) -> IncidentEvent:
    """Decode an incident event line (the JSONL contract); ``ValueError`` when it is not one."""
    try:
        data = json.loads(payload)
        event = IncidentEvent(
            EventType(data["event"]), datetime.fromisoformat(data["at"]), dict(data["incident"])
        )
        str(event.incident["id"])
        datetime.fromisoformat(str(event.incident["opened_at"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"bad incident event: {exc!r}") from None
    return event


class StatePublisher:
    """A pipeline observer that publishes incident events and the dashboard state to MQTT."""

    def __init__(
        self,
        *,
        state: MonitorState,
        host: str,
        port: int,
        prefix: str = "monitor",
        interval: float = 1.0,
        act: ActFn | None = None,
        backlog: int = 10_000,
    ) -> None:
        if interval <= 0 or backlog < 1:
            raise ValueError("interval must be > 0 and backlog >= 1")
        self.state = state
        self.host, self.port = host, port
        self.topics = topics(prefix)
        self.interval = interval
        self.act = act
        self._events: deque[IncidentEvent] = deque()
        self._backlog = backlog
        self.dropped = 0
        self.published_events = 0
        self.published_states = 0
        self.rejected_actions = 0
        self.connected = False
        self._stopping = asyncio.Event()

    # pipeline observer: cheap, never waits
    def observe_analysis(self, analysis: Analysis) -> None:
        pass

    def observe_event(self, event: IncidentEvent) -> None:
        if len(self._events) >= self._backlog:
            self._events.popleft()
            self.dropped += 1
        self._events.append(event)

    def stop(self) -> None:
        """Publish what is left (if connected) and end ``run()``; call from the publisher's loop."""
        self._stopping.set()

    async def serve(self, finished: asyncio.Event) -> None:
        """Run beside the pipeline (a ``SourceRunner`` companion) until every post is processed."""
        async with asyncio.TaskGroup() as tg:
            tg.create_task(self.run(), name="dashboard-publisher")
            await finished.wait()
            self.stop()

    async def run(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            failed = False
            try:
                async with aiomqtt.Client(self.host, self.port, identifier=None) as client:
                    self.connected, attempt = True, 0
                    log.info("dashboard publisher connected to %s:%d", self.host, self.port)
                    if self.act is not None:
                        await client.subscribe(self.topics["actions"], qos=1)
                    async with asyncio.TaskGroup() as tg:
                        listener = tg.create_task(self._listen(client), name="dashboard-actions")
                        await tg.create_task(self._push(client), name="dashboard-push")
                        listener.cancel()
            except* aiomqtt.MqttError as group:
                failed = True
                log.warning("dashboard publisher: %s; retrying", group.exceptions[0])
            self.connected = False
            if failed and not self._stopping.is_set():
                attempt += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), backoff(attempt))

    async def _push(self, client: aiomqtt.Client) -> None:
        seen = -1
        while True:
            while self._events:
                event = self._events[0]
                await client.publish(
                    self.topics["events"], json.dumps(event.to_dict(), ensure_ascii=False), qos=1
                )
                self._events.popleft()
                self.published_events += 1
            version = self.state.version
            if version != seen:
                payload = json.dumps(self.state.export(), ensure_ascii=False)
                await client.publish(self.topics["state"], payload, qos=1, retain=True)
                seen = version
                self.published_states += 1
            if self._stopping.is_set():
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)

    async def _listen(self, client: aiomqtt.Client) -> None:
        async for message in client.messages:
            if self.act is None or not message.topic.matches(self.topics["actions"]):
                continue
            try:
                incident_id, action, user = parse_action(_payload(message.payload))
                self.act(incident_id, action, user=user)
            except Exception as exc:  # a bad or stale action must not stop the publisher
                self.rejected_actions += 1
                log.warning("dashboard action rejected: %s", exc)


def build_publisher(config: Config, pipeline: Pipeline) -> StatePublisher | None:
    """The publisher the config asks for (``[dashboard] publish``), observing ``pipeline``."""
    from monitor.live import state_for

    dash = config.settings.dashboard
    if not dash.publish:
        return None
    state = state_for(config)
    publisher = StatePublisher(
        state=state,
        host=dash.mqtt_host,
        port=dash.mqtt_port,
        prefix=dash.topic_prefix,
        interval=dash.interval_seconds,
        act=functools.partial(pipeline.act, snooze_minutes=config.settings.slack.snooze_minutes)
        if dash.accept_actions
        else None,
    )
    pipeline.observers.extend([state, publisher])
    return publisher


class StateSubscriber:
    """Feed a local ``MonitorState`` from a publishing monitor and send actions back.

    ``run()`` blocks (start it in a worker thread: it runs its own event loop); ``act()`` and
    ``stop()`` may be called from any other thread.
    """

    def __init__(
        self, *, state: MonitorState, host: str, port: int, prefix: str = "monitor", timeout: float = 5.0
    ) -> None:
        self.state = state
        self.host, self.port = host, port
        self.topics = topics(prefix)
        self.timeout = timeout
        self.source = f"mqtt://{host}:{port}/{prefix}"
        self.rejected = 0
        self.received_states = 0
        self.finished = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: aiomqtt.Client | None = None
        self._stop: asyncio.Event | None = None
        self._stop_requested = threading.Event()
        self.state.set_source(self.source, status="connecting")

    def run(self) -> None:
        try:
            asyncio.run(self.run_async())
        finally:
            self.finished.set()

    async def run_async(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        if self._stop_requested.is_set():
            return
        attempt = 0
        while not self._stop.is_set():
            try:
                async with asyncio.TaskGroup() as tg:
                    session = tg.create_task(self._session(), name="attach-session")
                    stopper = tg.create_task(self._stop.wait(), name="attach-stop")
                    await asyncio.wait({session, stopper}, return_when=asyncio.FIRST_COMPLETED)
                    session.cancel()
                    stopper.cancel()
                    attempt = 0
            except* aiomqtt.MqttError as group:
                attempt += 1
                self.state.set_source(self.source, status="reconnecting", error=str(group.exceptions[0]))
            self._client = None
            if not self._stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), backoff(attempt))

    async def _session(self) -> None:
        async with aiomqtt.Client(self.host, self.port, timeout=self.timeout) as client:
            await client.subscribe(self.topics["state"], qos=1)
            await client.subscribe(self.topics["events"], qos=1)
            self._client = client
            self.state.set_source(self.source, status="connected")
            async for message in client.messages:
                self._apply(message.topic.value, _payload(message.payload))

    def _apply(self, topic: str, payload: bytes) -> None:
        try:
            if topic == self.topics["state"]:
                self.state.load(json.loads(payload), keep_sources=(self.source,))
                self.received_states += 1
            elif topic == self.topics["events"]:
                self.state.observe_event(parse_event(payload))
        except ValueError as exc:  # includes JSON errors: counted, logged, skipped
            self.rejected += 1
            log.warning("attach: skipped a message on %s: %s", topic, exc)

    def act(self, incident_id: str, action: Action, *, user: str) -> None:
        """Send an action to the monitor; it comes back as an incident event. ``ValueError`` if offline."""
        loop, client = self._loop, self._client
        if loop is None or client is None:
            raise ValueError("not connected to the monitor: the action was not sent")
        payload: dict[str, Any] = {"incident_id": incident_id, "action": str(action), "user": user}
        future = asyncio.run_coroutine_threadsafe(
            client.publish(self.topics["actions"], json.dumps(payload, ensure_ascii=False), qos=1), loop
        )
        try:
            future.result(timeout=self.timeout)
        except Exception as exc:
            raise ValueError(f"the action was not sent: {exc}") from None

    def stop(self) -> None:
        self._stop_requested.set()
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None:
            loop.call_soon_threadsafe(stop.set)


def _payload(raw: object) -> bytes:
    """aiomqtt hands payloads as bytes, str, numbers or None."""
    if isinstance(raw, bytes | bytearray):
        return bytes(raw)
    return b"" if raw is None else str(raw).encode()
