"""Helpers for the Slack tests: a compressible clock and a storm of real incident events."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from monitor.alerts.incidents import IncidentManager
from monitor.alerts.responses import ResponseBuilder
from monitor.config import AlertsConfig, Config
from monitor.models import IncidentEvent, Kind, Post, Severity, Signal
from tests.conftest import T0

BRANDS = ("koharu-mobile", "hoshizora-burger", "minamo-fc")
HOSTILE = "拡散希望 <!channel> <!here> @everyone <@U0EVIL> <https://evil.example|公式発表> & 本当？"


class VirtualClock:
    """Time that jumps instead of passing: ten minutes of outage take milliseconds."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    async def wait(self, event: asyncio.Event, timeout: float) -> None:
        if not event.is_set():
            self.t += max(timeout, 0.001)
        event.clear()
        await asyncio.sleep(0)


def manager(config: Config) -> IncidentManager:
    return IncidentManager(
        AlertsConfig(update_min_interval_minutes=0),
        ResponseBuilder(config.responses, config.brands, config.claims),
    )


def make_signal(kind: Kind, brand: str, key: str, minute: float, posts: int, **kw: object) -> Signal:
    evidence = (
        Post(
            id=f"x:{brand}-{key}-{minute}",
            created_at=T0 + timedelta(minutes=minute),
            text=f"{HOSTILE} {brand}",
            platform="x",
            author="someone",
            url=f"https://x.example/someone/status/{brand}-{key}-{round(minute * 10)}",
        ),
    )
    return Signal(
        kind=kind,
        brand=brand,
        at=T0 + timedelta(minutes=minute),
        active=bool(kw.pop("active", True)),
        severity=kw.pop("severity", Severity.WARNING),  # type: ignore[arg-type]
        key=key,
        summary=f"{brand} の苦情が急増 <!channel>",
        keywords=("圏外", "<@U0EVIL>"),
        metrics={"posts": posts, "baseline": 4.2, "ratio": round(posts / 4.2, 1), "negative_share": 0.7},
        evidence=evidence,
    )


def storm(config: Config, incidents: int = 30) -> tuple[IncidentManager, list[IncidentEvent]]:
    """Each incident opens, doubles, escalates to critical and resolves: 4 events apiece."""
    m = manager(config)
    events: list[IncidentEvent] = []
    for i in range(incidents):
        brand, key = BRANDS[i % len(BRANDS)], f"c{i}"
        events += m.handle(make_signal(Kind.RUMOR, brand, key, i * 0.1, 10))
        events += m.handle(make_signal(Kind.RUMOR, brand, key, i * 0.1 + 1, 25))
        events += m.handle(make_signal(Kind.RUMOR, brand, key, i * 0.1 + 2, 60, severity=Severity.CRITICAL))
        events += m.handle(make_signal(Kind.RUMOR, brand, key, i * 0.1 + 30, 0, active=False))
    return m, events


def opened(config: Config, incidents: int = 2) -> tuple[IncidentManager, list[IncidentEvent]]:
    """Incidents that open and stay open (for actions and escalation)."""
    m = manager(config)
    events: list[IncidentEvent] = []
    for i in range(incidents):
        events += m.handle(make_signal(Kind.RUMOR, BRANDS[i % len(BRANDS)], f"o{i}", i * 0.1, 10))
    return m, events
