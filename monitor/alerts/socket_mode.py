"""Slack interactivity over Socket Mode: the alert buttons become ``IncidentManager.act()`` calls.

Each envelope is acknowledged first (Slack wants it within 3 s), deduplicated on its
``envelope_id`` (delivery is at least once), then applied. The resulting incident event goes to
``on_event`` (the pipeline's sinks), which updates the card and adds a thread reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from monitor.alerts.incidents import IncidentManager, UnknownIncident
from monitor.models import Action, IncidentEvent

log = logging.getLogger(__name__)
SEEN_ENVELOPES = 2048
RETRY_BASE_SECONDS = 1.0
RETRY_MAX_SECONDS = 120.0


class SlackActions:
    """Listen for button presses and apply them to the incidents, recording who and when."""

    def __init__(
        self,
        *,
        app_token: str,
        bot_token: str,
        base_url: str,
        manager: IncidentManager,
        on_event: Callable[[IncidentEvent], None],
        snooze_minutes: int = 60,
        timezone: str = "Asia/Tokyo",
        now: Callable[[], datetime] | None = None,
        ping_interval: float = 5.0,
    ) -> None:
        self.manager = manager
        self.on_event = on_event
        self.snooze_minutes = snooze_minutes
        tz = ZoneInfo(timezone)
        self.now = now or (lambda: datetime.now(tz))
        self.web = AsyncWebClient(token=bot_token, base_url=base_url)
        self._app_token = app_token
        self._base_url = base_url
        self._ping_interval = ping_interval  # also the SDK's pause between connection attempts
        self._seen: deque[str] = deque(maxlen=SEEN_ENVELOPES)
        self.applied = 0
        self.connected = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set; the SDK reconnects a dropped socket, this retries a failed start."""
        delay = RETRY_BASE_SECONDS
        while not stop.is_set():
            client = SocketModeClient(  # made here: its aiohttp session needs the running loop
                app_token=self._app_token,
                web_client=AsyncWebClient(base_url=self._base_url),
                auto_reconnect_enabled=True,
                ping_interval=self._ping_interval,
            )
            client.socket_mode_request_listeners.append(self._on_request)
            try:
                await client.connect()  # type: ignore[no-untyped-call]
                delay = RETRY_BASE_SECONDS
                self.connected.set()
                await stop.wait()
            except Exception as exc:  # a start that failed (Slack down, bad token): retry, don't crash
                reason = getattr(getattr(exc, "response", None), "data", None) or type(exc).__name__
                log.warning("slack: Socket Mode connection failed (%s); retrying in %.0fs", reason, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay * (0.5 + random.random() / 2))
                delay = min(delay * 2, RETRY_MAX_SECONDS)
            finally:
                self.connected.clear()
                await client.close()  # type: ignore[no-untyped-call]

    async def _on_request(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
        if req.envelope_id in self._seen:
            return  # a redelivery of an envelope already handled
        self._seen.append(req.envelope_id)
        if req.type != "interactive" or req.payload.get("type") != "block_actions":
            return
        try:
            await self.handle_actions(req.payload)
        except Exception:  # one bad payload must not stop the listener
            log.exception("slack: could not handle an interactive payload")

    async def handle_actions(self, payload: dict[str, Any]) -> None:
        user = str((payload.get("user") or {}).get("id", "unknown"))
        channel = str((payload.get("channel") or {}).get("id", ""))
        for act in payload.get("actions") or []:
            try:
                action = Action(str(act.get("action_id")))
            except ValueError:
                continue
            incident_id = str(act.get("value", ""))
            try:
                event = self.manager.act(
                    incident_id, action, user=user, at=self.now(), snooze_minutes=self.snooze_minutes
                )
            except UnknownIncident:
                log.info("slack: %s on closed or unknown incident %s by %s", action, incident_id, user)
                await self._tell(channel, user, "このインシデントはすでに閉じられています。")
                continue
            self.applied += 1
            log.info("slack: %s by %s on %s", action, user, incident_id)
            self.on_event(event)

    async def _tell(self, channel: str, user: str, text: str) -> None:
        if not channel:
            return
        try:
            await self.web.chat_postEphemeral(channel=channel, user=user, text=text)
        except Exception as exc:  # best effort: ephemeral delivery is not guaranteed anyway
            log.warning("slack: ephemeral reply failed: %s", type(exc).__name__)
