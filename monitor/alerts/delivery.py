"""The delivery worker: drains the Slack outbox in order per incident, paced, retried, checked.

A 429 holds every call for its Retry-After; 5xx, timeouts and connection errors back off with
jitter; a call that may have reached Slack (in flight at a crash, or an ambiguous failure) is
looked up by its outbox key before it is sent again. Non-retryable errors become dead letters.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import Any

from monitor.alerts.blocks import with_draft
from monitor.alerts.drafting import Drafter
from monitor.alerts.notifier import SlackNotifier
from monitor.alerts.outbox import Item, Thread
from monitor.alerts.slack import DeliveryError, Transport
from monitor.config import SlackConfig

log = logging.getLogger(__name__)
KEEP_DAYS = 14  # finished outbox rows are kept this long (a replay older than that may re-alert)
# Slack refused the blocks themselves: the plain-text fallback still gets the alert through.
BLOCK_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long"})


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
        self.outbox.prune(self.clock.now() - KEEP_DAYS * 86400)
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
