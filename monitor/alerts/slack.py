"""Slack transports (Web API and incoming webhook) and the delivery error that says if a retry helps.

The SDK's own retry handlers are switched off: the outbox owns retries, so that a call the
process may have completed is looked up (by message metadata) before it is ever sent again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from monitor.errors import MonitorError

METADATA_EVENT = "crisis_monitor_alert"
# ok:false errors that are Slack's own trouble, worth another try.
RETRYABLE_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "timeout"}
)


class DeliveryError(MonitorError):
    """A Slack call failed; ``retryable`` says whether to try again, ``retry_after`` how soon.

    ``ambiguous`` means Slack may have acted anyway (timeout, 5xx), so look before resending.

    >>> str(DeliveryError("chat.postMessage", "channel_not_found", retryable=False))
    'chat.postMessage: channel_not_found'
    """

    def __init__(
        self,
        method: str,
        reason: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        ambiguous: bool = False,
        status: int | None = None,
    ) -> None:
        self.method = method
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        self.ambiguous = ambiguous
        self.status = status
        super().__init__(f"{method}: {reason}")


def classify(method: str, exc: BaseException) -> DeliveryError:
    """Turn whatever the SDK or the network raised into a DeliveryError."""
    if isinstance(exc, DeliveryError):
        return exc
    if isinstance(exc, SlackApiError):
        resp = exc.response
        status = getattr(resp, "status_code", None) or getattr(resp, "status", None)
        data = getattr(resp, "data", None)
        error = str(data.get("error", "")) if isinstance(data, dict) else ""
        if status == 429 or error == "ratelimited":
            headers = getattr(resp, "headers", {}) or {}
            retry_after = _seconds(headers.get("Retry-After") or headers.get("retry-after"))
            return DeliveryError(method, "ratelimited", retryable=True, retry_after=retry_after, status=429)
        if isinstance(status, int) and status >= 500:
            return DeliveryError(
                method, error or f"HTTP {status}", retryable=True, ambiguous=True, status=status
            )
        if error in RETRYABLE_ERRORS:
            return DeliveryError(method, error, retryable=True, ambiguous=True, status=status)
        return DeliveryError(method, error or f"HTTP {status}", retryable=False, status=status)
    if isinstance(exc, aiohttp.ClientError | asyncio.TimeoutError | OSError):
        return DeliveryError(method, type(exc).__name__, retryable=True, ambiguous=True)
    if isinstance(exc, SlackClientError):
        return DeliveryError(method, str(exc)[:200], retryable=False)
    return DeliveryError(method, f"{type(exc).__name__}: {exc}"[:200], retryable=False)


def _seconds(value: object) -> float | None:
    try:
        return max(0.0, float(str(value)))
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Posted:
    """Where a message landed."""

    channel_id: str | None
    ts: str | None


class Transport(Protocol):
    """What the delivery worker needs from Slack."""

    supports_threads: bool

    async def post(
        self, channel: str, body: dict[str, Any], *, key: str, thread_ts: str | None = None
    ) -> Posted: ...

    async def update(self, channel_id: str, ts: str, body: dict[str, Any]) -> None: ...

    async def find(
        self, channel: str, key: str, *, thread_ts: str | None, oldest: float
    ) -> Posted | None: ...


class WebApiTransport:
    """chat.postMessage / chat.update through ``AsyncWebClient``; messages carry their outbox key."""

    supports_threads = True

    def __init__(self, *, token: str, base_url: str, timeout: float = 10.0) -> None:
        self.client = AsyncWebClient(
            token=token, base_url=base_url, timeout=int(max(1, timeout)), retry_handlers=[]
        )
        self._channel_ids: dict[str, str] = {}

    async def post(
        self, channel: str, body: dict[str, Any], *, key: str, thread_ts: str | None = None
    ) -> Posted:
        try:
            resp = await self.client.chat_postMessage(
                channel=channel,
                text=body["text"],
                blocks=body.get("blocks"),
                thread_ts=thread_ts,
                unfurl_links=False,
                unfurl_media=False,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"outbox_key": key}},
            )
        except Exception as exc:
            raise classify("chat.postMessage", exc) from None
        cid = resp.get("channel")
        if cid and channel.startswith("#"):
            self._channel_ids[channel] = str(cid)
        return Posted(str(cid) if cid else None, str(resp.get("ts")) if resp.get("ts") else None)

    async def update(self, channel_id: str, ts: str, body: dict[str, Any]) -> None:
        try:
            await self.client.chat_update(
                channel=channel_id, ts=ts, text=body["text"], blocks=body.get("blocks")
            )
        except Exception as exc:
            raise classify("chat.update", exc) from None

    async def channel_id(self, channel: str) -> str:
        """A channel id for ``#name`` (conversations.list), or the id itself."""
        if not channel.startswith("#"):
            return channel
        if channel in self._channel_ids:
            return self._channel_ids[channel]
        cursor: str | None = None
        try:
            for _ in range(50):
                resp = await self.client.conversations_list(
                    types="public_channel,private_channel", limit=200, cursor=cursor, exclude_archived=True
                )
                channels: list[dict[str, Any]] = resp.get("channels", [])
                for ch in channels:
                    if f"#{ch.get('name')}" == channel:
                        self._channel_ids[channel] = str(ch["id"])
                        return str(ch["id"])
                cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
        except Exception as exc:
            raise classify("conversations.list", exc) from None
        raise DeliveryError("conversations.list", f"channel {channel} not found", retryable=False)

    async def find(self, channel: str, key: str, *, thread_ts: str | None, oldest: float) -> Posted | None:
        """The message this outbox key already produced, if Slack has it."""
        try:
            cid = await self.channel_id(channel)
        except DeliveryError as err:
            if err.retryable:
                raise
            return None  # no such channel: nothing can have been posted there
        method = "conversations.replies" if thread_ts else "conversations.history"
        cursor: str | None = None
        try:
            for _ in range(20):
                if thread_ts:
                    resp = await self.client.conversations_replies(
                        channel=cid, ts=thread_ts, include_all_metadata=True, limit=200, cursor=cursor
                    )
                else:
                    resp = await self.client.conversations_history(
                        channel=cid,
                        oldest=f"{oldest:.6f}",
                        include_all_metadata=True,
                        limit=200,
                        cursor=cursor,
                    )
                messages: list[dict[str, Any]] = resp.get("messages", [])
                for msg in messages:
                    meta = msg.get("metadata") or {}
                    if (meta.get("event_payload") or {}).get("outbox_key") == key:
                        return Posted(cid, str(msg.get("ts")))
                cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    return None
        except Exception as exc:
            raise classify(method, exc) from None
        return None


class WebhookTransport:
    """Incoming webhook: one channel, no threads, no updates, no buttons (at-least-once)."""

    supports_threads = False

    def __init__(self, *, url: str, timeout: float = 10.0) -> None:
        self.client = AsyncWebhookClient(url, timeout=int(max(1, timeout)), retry_handlers=[])

    async def post(
        self, channel: str, body: dict[str, Any], *, key: str, thread_ts: str | None = None
    ) -> Posted:
        try:
            resp = await self.client.send(text=body["text"], blocks=body.get("blocks"), unfurl_links=False)
        except Exception as exc:
            raise classify("webhook", exc) from None
        if resp.status_code == 200:
            return Posted(None, None)
        retry_after = _seconds(
            (resp.headers or {}).get("Retry-After") or (resp.headers or {}).get("retry-after")
        )
        if resp.status_code == 429:
            raise DeliveryError("webhook", "ratelimited", retryable=True, retry_after=retry_after, status=429)
        retryable = resp.status_code >= 500
        raise DeliveryError(
            "webhook",
            str(resp.body)[:100] or f"HTTP {resp.status_code}",
            retryable=retryable,
            status=resp.status_code,
        )

    async def update(self, channel_id: str, ts: str, body: dict[str, Any]) -> None:
        return None

    async def find(self, channel: str, key: str, *, thread_ts: str | None, oldest: float) -> Posted | None:
        return None
