"""On-call routing from ``oncall.toml``: who is on duty for a brand at a given time, and the backup.

A rotation hands over at ``handoff`` local wall-clock time every ``shift_days`` counted from
``start_date`` in its own time zone (so a DST change never shifts the handoff); an override that
covers the brand and the instant wins over the rotation. A rotation naming the brand wins over
one for ``"*"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from monitor.config import Member, OncallFile, Rotation

DEFAULT_ACK_TIMEOUT_MINUTES = 15


@dataclass(frozen=True, slots=True)
class Route:
    """Who to mention for one incident, and when to escalate to the backup."""

    primary: Member | None
    backup: Member | None
    ack_timeout_minutes: int = DEFAULT_ACK_TIMEOUT_MINUTES
    source: str = "none"  # "rotation[i]" | "override[i]" | "none"


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant with its UTC offset (validated by the config loader)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset; write e.g. 2026-11-20T12:00:00+09:00")
    return parsed


class OncallRouter:
    """Resolve the on-duty manager of a brand at an instant.

    >>> from monitor.config import OncallFile
    >>> router = OncallRouter(OncallFile.model_validate({"rotation": [{
    ...     "brands": ["b"], "handoff": "09:00", "shift_days": 1, "start_date": "2026-11-02",
    ...     "members": [{"name": "A", "slack_user": "UA"}, {"name": "B", "slack_user": "UB"}]}]}))
    >>> router.route("b", datetime.fromisoformat("2026-11-02T08:59:00+09:00")).primary.name
    'B'
    >>> router.route("b", datetime.fromisoformat("2026-11-02T09:00:00+09:00")).primary.name
    'A'
    """

    def __init__(self, oncall: OncallFile) -> None:
        self.oncall = oncall
        self._overrides = [(parse_instant(o.start), parse_instant(o.end), o) for o in oncall.override]

    def rotation_for(self, brand: str) -> tuple[int, Rotation] | None:
        wildcard: tuple[int, Rotation] | None = None
        for i, rot in enumerate(self.oncall.rotation):
            if brand in rot.brands:
                return i, rot
            if "*" in rot.brands and wildcard is None:
                wildcard = (i, rot)
        return wildcard

    def on_duty(self, rotation: Rotation, at: datetime) -> Member:
        """The rotation member whose shift covers ``at``."""
        local = at.astimezone(ZoneInfo(rotation.timezone))
        handoff = time.fromisoformat(rotation.handoff)
        shift_date = local.date() if local.time() >= handoff else local.date() - timedelta(days=1)
        days = (shift_date - date.fromisoformat(rotation.start_date)).days
        return rotation.members[(days // rotation.shift_days) % len(rotation.members)]

    def route(self, brand: str, at: datetime) -> Route:
        found = self.rotation_for(brand)
        backup = found[1].backup if found else None
        timeout = found[1].ack_timeout_minutes if found else DEFAULT_ACK_TIMEOUT_MINUTES
        for i, (start, end, override) in enumerate(self._overrides):
            if (brand in override.brands or "*" in override.brands) and start <= at < end:
                return Route(override.member, backup, timeout, f"override[{i}]")
        if found is None:
            return Route(None, None, timeout)
        index, rotation = found
        return Route(self.on_duty(rotation, at), backup, timeout, f"rotation[{index}]")
