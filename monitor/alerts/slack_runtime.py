"""Slack inside ``monitor run``: the notifier sink, its delivery task and the Socket Mode task.

Tokens are read from the environment variables that ``[slack]`` names; they are never logged.
When the sources end (a replay), the outbox gets ``drain_timeout_seconds`` to empty; whatever
is left stays in SQLite and goes out on the next start.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping

from monitor.alerts.incidents import IncidentManager
from monitor.alerts.notifier import build_slack, secret
from monitor.alerts.socket_mode import SlackActions
from monitor.config import Config
from monitor.models import IncidentEvent

log = logging.getLogger(__name__)


class SlackRuntime:
    """Owns the Slack notifier, its delivery worker and (optionally) the Socket Mode listener."""

    def __init__(
        self,
        config: Config,
        *,
        manager: IncidentManager,
        publish: Callable[[IncidentEvent], None],
        environ: Mapping[str, str],
    ) -> None:
        sc = config.settings.slack
        self.config = sc
        self.notifier, self.worker = build_slack(config, environ=environ)
        self.actions: SlackActions | None = None
        if sc.mode == "web_api" and sc.interactive:
            self.actions = SlackActions(
                app_token=secret(config.directory, "slack.app_token_env", sc.app_token_env, environ),
                bot_token=secret(config.directory, "slack.bot_token_env", sc.bot_token_env, environ),
                base_url=sc.api_base_url,
                manager=manager,
                on_event=publish,
                snooze_minutes=sc.snooze_minutes,
                timezone=config.settings.monitor.timezone,
            )

    async def run(self, sources_done: asyncio.Event) -> None:
        """Deliver (and listen for buttons) until the sources end and the outbox drains."""
        stop = asyncio.Event()
        async with asyncio.TaskGroup() as tg:
            tg.create_task(self.worker.run(stop=stop), name="slack-delivery")
            if self.actions is not None:
                tg.create_task(self.actions.run(stop), name="slack-socket-mode")
            await sources_done.wait()
            deadline = time.monotonic() + self.config.drain_timeout_seconds
            while self.notifier.outbox.open_count() and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            left = self.notifier.outbox.open_count()
            if left:
                log.warning("slack: %d calls still queued; they will be sent on the next start", left)
            stop.set()
            self.notifier.wakeup.set()
