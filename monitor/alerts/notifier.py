"""The Slack notifier: a Sink that writes to the outbox at once, and the worker that delivers it.

Grouping: one parent message per incident, kept current with chat.update (queued updates of one
incident collapse into the newest), and a thread reply per material change (update, escalation,
a person's action, resolution). Unacknowledged incidents get reminders every ``repeat_minutes``
and, after the rotation's ``ack_timeout_minutes``, a mention of the backup.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import random
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import httpx

from monitor.alerts.blocks import CLOSED, Message, render_nudge, render_parent, render_reply, with_draft
from monitor.alerts.drafting import Drafter, draft_input
from monitor.alerts.outbox import Item, Outbox, Thread
from monitor.alerts.routing import OncallRouter, Route
from monitor.alerts.slack import DeliveryError, Transport, WebApiTransport, WebhookTransport
from monitor.config import Config, Member, SlackConfig
from monitor.errors import ConfigError
from monitor.models import IncidentEvent
from monitor.storage import connect

log = logging.getLogger(__name__)
ACKED = frozenset({"acknowledged", "snoozed"})
# Slack refused the blocks themselves: the plain-text fallback still gets the alert through.
BLOCK_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long"})


class Clock(Protocol):
    """Wall time for delivery, retries and escalation (a test seam: tests compress it)."""

    def now(self) -> float: ...

    async def wait(self, event: asyncio.Event, timeout: float) -> None: ...


class WallClock:
    def now(self) -> float:
        return time.time()

    async def wait(self, event: asyncio.Event, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=max(0.0, timeout))
        event.clear()


def event_key(event: IncidentEvent) -> str:
    """A stable id of one incident event: the same event emitted twice queues nothing new."""
    raw = json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _route_dict(route: Route) -> dict[str, Any]:
    def member(m: Member | None) -> dict[str, str] | None:
        return {"name": m.name, "slack_user": m.slack_user} if m else None

    return {
        "primary": member(route.primary),
        "backup": member(route.backup),
        "ack_timeout_minutes": route.ack_timeout_minutes,
        "source": route.source,
    }


def _route(data: Mapping[str, Any]) -> Route:
    def member(d: Mapping[str, str] | None) -> Member | None:
        return Member(name=d["name"], slack_user=d["slack_user"]) if d else None

    return Route(
        member(data.get("primary")),
        member(data.get("backup")),
        int(data.get("ack_timeout_minutes", 15)),
        str(data.get("source", "none")),
    )


class SlackNotifier:
    """Sink: queue the Slack calls for each incident event; never waits on Slack."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        config: SlackConfig,
        brand_channels: Mapping[str, str],
        brand_names: Mapping[str, str],
        router: OncallRouter | None = None,
        timezone: str = "Asia/Tokyo",
        interactive: bool = True,
        evidence_posts: int = 3,
        clock: Clock | None = None,
        threaded: bool = True,
        source_urls: Mapping[str, str] | None = None,
        drafting: bool = False,
    ) -> None:
        self.outbox = outbox
        self.config = config
        self.brand_channels = dict(brand_channels)
        self.brand_names = dict(brand_names)
        self.router = router
        self.timezone = timezone
        self.interactive = interactive
        self.evidence_posts = evidence_posts
        self.clock = clock or WallClock()
        self.threaded = threaded
        self.source_urls = dict(source_urls or {})  # claim id or brand id -> official URL
        self.drafting = drafting
        self.wakeup = asyncio.Event()
        self.queued = 0

    def channel_for(self, brand: str) -> str:
        """The brand's channel (build_slack checked that web_api mode has one for every brand)."""
        return self.brand_channels.get(brand) or self.config.default_channel or "webhook"

    def emit(self, event: IncidentEvent) -> None:
        inc = event.incident
        iid = str(inc["id"])
        key = event_key(event)
        if self.outbox.seen(f"{key}:post") or self.outbox.seen(f"{key}:update"):
            return  # the same event again (a replay after a restart): already queued or delivered
        now = self.clock.now()
        brand = str(inc["brand"])
        name = self.brand_names.get(brand, brand)
        with self.outbox.transaction():
            thread = self.outbox.thread(iid)
            first = thread is None
            if thread is None:
                route = self.router.route(brand, event.at) if self.router else Route(None, None)
                thread = Thread(
                    incident_id=iid,
                    brand=brand,
                    channel=self.channel_for(brand),
                    channel_id=None,
                    ts=None,
                    posted_at=None,
                    acked=False,
                    closed=False,
                    escalated=False,
                    nudges=0,
                    last_nudge=None,
                    timeline_len=0,
                    route=_route_dict(route),
                    history=[],
                )
            route = _route(thread.route)
            posts = inc.get("metrics", {}).get("posts")
            if isinstance(posts, int | float) and str(event.event) != "resolved":
                thread.history = [*thread.history, float(posts)][-self.config.sparkline_points :]
            parent = render_parent(
                inc,
                brand_name=name,
                route=route,
                history=thread.history,
                timezone=self.timezone,
                interactive=self.interactive,
                evidence_posts=self.evidence_posts,
                sparkline_points=self.config.sparkline_points,
            )
            timeline = inc.get("timeline") or []
            status = str(inc.get("status"))
            if first and self.drafting:
                url = self.source_urls.get(str(inc.get("claim_id") or ""), self.source_urls.get(brand, ""))
                parent = Message(
                    parent.text, parent.blocks, draft_input(inc, brand_name=name, source_url=url)
                )
            self._add(
                f"{key}:{'post' if first else 'update'}",
                iid,
                "post" if first else "update",
                thread,
                parent,
                now,
            )
            if not first:
                kind = "action" if len(timeline) > thread.timeline_len else str(event.event)
                reply = render_reply(kind, inc, brand_name=name, route=route, timezone=self.timezone)
                if not self.threaded:  # a webhook message stands alone: the change, then the card
                    reply = Message(reply.text, reply.blocks + parent.blocks)
                self._add(f"{key}:reply", iid, "reply", thread, reply, now)
            thread.timeline_len = len(timeline)
            thread.acked = thread.acked or status in ACKED
            thread.closed = status in CLOSED
            self.outbox.save_thread(thread)
        self.wakeup.set()

    def _add(self, dedup: str, iid: str, op: str, thread: Thread, msg: Message, now: float) -> None:
        if self.outbox.add(
            dedup=dedup, incident_id=iid, op=op, channel=thread.channel, body=msg.to_dict(), now=now
        ):
            self.queued += 1

    def check_timers(self) -> float | None:
        """Queue reminders and escalations that are due; returns when the next one falls due."""
        now = self.clock.now()
        soonest: float | None = None
        for thread in self.outbox.waiting_threads():
            route = _route(thread.route)
            assert thread.posted_at is not None
            due: list[float] = []
            if route.backup and not thread.escalated:
                at = thread.posted_at + route.ack_timeout_minutes * 60
                if now >= at:
                    msg = render_nudge(route=route, backup=True, minutes=route.ack_timeout_minutes)
                    self._add(f"{thread.incident_id}:escalate", thread.incident_id, "reply", thread, msg, now)
                    thread.escalated = True
                    self.outbox.save_thread(thread)
                else:
                    due.append(at)
            if self.config.repeat_minutes and route.primary:
                since = thread.last_nudge or thread.posted_at
                at = since + self.config.repeat_minutes * 60
                if now >= at:
                    minutes = round((now - thread.posted_at) / 60)
                    msg = render_nudge(route=route, backup=False, minutes=minutes)
                    thread.nudges += 1
                    thread.last_nudge = now
                    self._add(
                        f"{thread.incident_id}:repeat:{thread.nudges}",
                        thread.incident_id,
                        "reply",
                        thread,
                        msg,
                        now,
                    )
                    self.outbox.save_thread(thread)
                    at = now + self.config.repeat_minutes * 60
                due.append(at)
            if due:
                soonest = min([*due, soonest] if soonest is not None else due)
        return soonest

    def close(self) -> None:
        """Nothing to flush: every event is already committed to the outbox."""


class DeliveryWorker:
    """Drain the outbox: in order per incident, paced per channel, retried with backoff."""

    def __init__(
        self,
        *,
        notifier: SlackNotifier,
        transport: Transport,
        config: SlackConfig,
        rng: random.Random | None = None,
        drafter: Drafter | None = None,
    ) -> None:
        self.notifier = notifier
        self.outbox = notifier.outbox
        self.transport = transport
        self.config = config
        self.clock = notifier.clock
        self.rng = rng or random.Random()
        self.drafter = drafter
        self._channel_free: dict[str, float] = {}
        self._blocked_until = 0.0  # a 429's Retry-After holds every call, not just that channel's
        self.sent = 0
        self.failed = 0

    def backoff(self, attempts: int) -> float:
        """Exponential backoff with full jitter between half and all of the step."""
        step = min(self.config.retry_max_seconds, self.config.retry_base_seconds * 2 ** max(0, attempts - 1))
        return float(step * (0.5 + 0.5 * self.rng.random()))

    async def run(self, *, until_drained: bool = False, stop: asyncio.Event | None = None) -> None:
        """Deliver until stopped (or, with ``until_drained``, until the outbox is empty)."""
        while stop is None or not stop.is_set():
            timer = None if until_drained else self.notifier.check_timers()
            now = self.clock.now()
            heads = self.outbox.heads()
            ready = [h for h in heads if h.next_at <= now and self._free_at(h.channel) <= now]
            if ready:
                for item in ready:
                    if self._free_at(item.channel) <= self.clock.now():  # else: other channels first
                        await self._deliver(item)
                continue
            if until_drained and not heads:
                return
            wake = [max(h.next_at, self._free_at(h.channel)) for h in heads]
            if timer is not None:
                wake.append(timer)
            delay = min(wake) - now if wake else 60.0
            await self.clock.wait(self.notifier.wakeup, max(0.0, min(delay, 60.0)))

    def _free_at(self, channel: str) -> float:
        return max(self._channel_free.get(channel, 0.0), self._blocked_until)

    async def _pace(self, channel: str) -> None:
        free = self._free_at(channel)
        now = self.clock.now()
        if free > now:
            await self.clock.wait(asyncio.Event(), free - now)

    async def _deliver(self, item: Item) -> None:
        item = self.outbox.get(item.seq)
        if item.state not in ("pending", "inflight"):
            return
        thread = self.outbox.thread(item.incident_id)
        if thread is None:
            self.outbox.mark(item.seq, "dead", "no thread")
            return
        if item.op == "update" and (
            self.outbox.has_later_update(item) or not self.transport.supports_threads
        ):
            self.outbox.mark(item.seq, "superseded")
            return
        threaded = self.transport.supports_threads and item.op != "post"
        if threaded and (thread.ts is None or thread.channel_id is None):
            self.outbox.mark(item.seq, "dead", "parent message was never posted")
            return
        thread_ts = thread.ts if item.op == "reply" and threaded else None
        body = await self._with_draft(item, thread)
        await self._pace(item.channel)
        try:
            if item.needs_check:
                found = await self.transport.find(
                    thread.channel_id or item.channel,
                    item.dedup,
                    thread_ts=thread_ts,
                    oldest=item.created - 60,
                )
                if found is not None:
                    log.info(
                        "slack: %s %s was already delivered (ts %s)", item.op, item.incident_id, found.ts
                    )
                    self._done(item, thread, found.channel_id, found.ts)
                    return
            self.outbox.mark_inflight(item.seq)
            channel_id, ts = thread.channel_id, None
            if item.op == "update":
                assert thread.channel_id and thread.ts
                await self.transport.update(thread.channel_id, thread.ts, body)
            else:
                target = thread.channel_id if threaded else item.channel
                posted = await self.transport.post(
                    target or item.channel, body, key=item.dedup, thread_ts=thread_ts
                )
                channel_id, ts = posted.channel_id or channel_id, posted.ts
            self._done(item, thread, channel_id, ts)
        except DeliveryError as err:
            self._failed(item, err)

    async def _with_draft(self, item: Item, thread: Thread) -> dict[str, Any]:
        """The body to send: with the incident's accepted draft in place of the template, if any."""
        if self.drafter is not None and thread.draft is None and "draft" in item.body:
            thread.draft = await self.drafter.draft(item.body["draft"]) or ""
            self.outbox.save_thread(thread)  # drafted once, even across retries and restarts
        body: dict[str, Any] = {"text": item.body["text"]}
        blocks = item.body.get("blocks")
        if blocks:
            body["blocks"] = with_draft(blocks, thread.draft) if thread.draft else blocks
        return body

    def _done(self, item: Item, thread: Thread, channel_id: str | None, ts: str | None) -> None:
        now = self.clock.now()
        self._channel_free[item.channel] = now + self.config.channel_interval_seconds
        with self.outbox.transaction():
            self.outbox.mark_sent(item.seq, ts)
            if item.op == "post":
                thread.channel_id, thread.ts, thread.posted_at = channel_id, ts, now
                self.outbox.save_thread(thread)
        self.sent += 1

    def _failed(self, item: Item, err: DeliveryError) -> None:
        now = self.clock.now()
        if not err.retryable and err.reason in BLOCK_ERRORS and item.body.get("blocks"):
            log.warning(
                "slack: %s for %s rejected (%s); sending it as plain text", item.op, item.incident_id, err
            )
            self.outbox.replace_body(item.seq, {"text": item.body["text"]}, at=now)
            return
        if not err.retryable:
            self.failed += 1
            log.error("slack: giving up on %s for %s: %s", item.op, item.incident_id, err)
            if item.op == "post":
                self.outbox.kill_incident(item.incident_id, str(err))
            else:
                self.outbox.mark(item.seq, "dead", str(err))
            return
        attempts = item.attempts + 1
        if err.retry_after is not None:
            delay = err.retry_after
            self._blocked_until = max(self._blocked_until, now + delay)
        else:
            delay = self.backoff(attempts)
        log.warning(
            "slack: %s for %s failed (%s), retry %d in %.1fs", item.op, item.incident_id, err, attempts, delay
        )
        self.outbox.retry_later(item.seq, at=now + delay, error=str(err), ambiguous=err.ambiguous)


def secret(config_dir: str, key: str, env_name: str, environ: Mapping[str, str]) -> str:
    """The value of the environment variable a config key names; ConfigError when it is unset."""
    value = environ.get(env_name, "").strip()
    if not value:
        raise ConfigError(
            str(Path(config_dir) / "monitor.toml"),
            key,
            f"environment variable {env_name} is not set (it must hold the Slack credential)",
        )
    return value


def build_slack(
    config: Config,
    *,
    environ: Mapping[str, str],
    clock: Clock | None = None,
    conn: sqlite3.Connection | None = None,
    drafting_transport: httpx.AsyncBaseTransport | None = None,
) -> tuple[SlackNotifier, DeliveryWorker]:
    """The notifier (a Sink) and its delivery worker, from ``[slack]`` and ``[storage]``."""
    sc = config.settings.slack
    if sc.mode == "web_api" and not sc.default_channel:
        missing = [b.id for b in config.brands if not b.slack_channel]
        if missing:
            raise ConfigError(
                str(Path(config.directory) / "monitor.toml"),
                "slack.default_channel",
                f"empty, and brands {', '.join(missing)} have no slack_channel in brands.toml",
            )
    transport: Transport
    if sc.mode == "webhook":
        url = secret(config.directory, "slack.webhook_url_env", sc.webhook_url_env, environ)
        transport = WebhookTransport(url=url, timeout=sc.request_timeout_seconds)
    else:
        token = secret(config.directory, "slack.bot_token_env", sc.bot_token_env, environ)
        transport = WebApiTransport(token=token, base_url=sc.api_base_url, timeout=sc.request_timeout_seconds)
    outbox = Outbox(conn or connect(config.resolve(config.settings.storage.path)))
    notifier = SlackNotifier(
        outbox=outbox,
        config=sc,
        brand_channels={b.id: b.slack_channel for b in config.brands if b.slack_channel},
        brand_names={b.id: b.name for b in config.brands},
        router=OncallRouter(config.oncall),
        timezone=config.settings.monitor.timezone,
        interactive=sc.interactive and sc.mode == "web_api",
        evidence_posts=min(3, config.settings.alerts.evidence_posts),
        clock=clock,
        threaded=transport.supports_threads,
        source_urls={
            **{b.id: b.official_url for b in config.brands if b.official_url},
            **{c.id: c.source_url for c in config.claims if c.source_url},
        },
        drafting=config.settings.drafting.enabled,
    )
    drafter = None
    dc = config.settings.drafting
    if dc.enabled:
        drafter = Drafter(dc, api_key=environ.get(dc.api_key_env) or None, transport=drafting_transport)
    return notifier, DeliveryWorker(notifier=notifier, transport=transport, config=sc, drafter=drafter)
