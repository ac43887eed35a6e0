"""Slack inside ``monitor run``: the notifier sink, its delivery task and the Socket Mode task.

Tokens are read from the environment variables that ``[slack]`` names; they are never logged.
When the sources end (a replay), the outbox gets ``drain_timeout_seconds`` to empty; whatever
is left stays in SQLite and goes out on the next start.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx

from monitor.alerts.delivery import DeliveryWorker
from monitor.alerts.drafting import Drafter
from monitor.alerts.incidents import IncidentManager
from monitor.alerts.notifier import Clock, SlackNotifier
from monitor.alerts.outbox import Outbox
from monitor.alerts.routing import OncallRouter
from monitor.alerts.slack import Transport, WebApiTransport, WebhookTransport
from monitor.alerts.socket_mode import SlackActions
from monitor.config import Config
from monitor.errors import ConfigError
from monitor.models import IncidentEvent
from monitor.storage import connect

log = logging.getLogger(__name__)


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
