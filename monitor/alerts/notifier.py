"""The Slack notifier: a Sink that turns incident events into queued Slack calls at once.

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
import time
from collections.abc import Mapping
from typing import Any, Protocol

from monitor.alerts.blocks import CLOSED, Message, render_nudge, render_parent, render_reply
from monitor.alerts.drafting import draft_input
from monitor.alerts.outbox import Outbox, Thread
from monitor.alerts.routing import OncallRouter, Route
from monitor.config import Member, SlackConfig
from monitor.models import IncidentEvent

log = logging.getLogger(__name__)
ACKED = frozenset({"acknowledged", "snoozed"})


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
