"""Incident lifecycle: signals become opened, updated, escalated and resolved incident events.

One incident per (brand, kind, claim/cluster key). Updates are throttled: an update is emitted
only when the incident grew by ``update_growth`` since the last event and ``update_min_interval``
has passed, so a storm never floods the outputs; a rise in severity is emitted at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.alerts.responses import ResponseBuilder
from monitor.config import AlertsConfig
from monitor.errors import MonitorError
from monitor.models import (
    Action,
    ActionRecord,
    EventType,
    Incident,
    IncidentEvent,
    Kind,
    Severity,
    Signal,
    Status,
)

FeedbackHook = Callable[[Incident, Action], None]
_CLOSING = {Action.RESOLVE: Status.RESOLVED, Action.FALSE_POSITIVE: Status.FALSE_POSITIVE}


class UnknownIncident(MonitorError):
    """An action named an incident that is not open."""


@dataclass
class _Tracked:
    incident: Incident
    last_event_at: datetime
    last_event_posts: float


def incident_id(signal: Signal) -> str:
    """A deterministic incident id from brand, kind, key and the event time it opened.

    >>> from datetime import datetime, timezone
    >>> from monitor.models import Kind, Signal
    >>> incident_id(Signal(Kind.RUMOR, "hoshizora", datetime(2026, 11, 20, 3, 4, tzinfo=timezone.utc),
    ...                    True, key="closing"))
    'hoshizora-rumor-closing-20261120T0304'
    """
    parts = [signal.brand, str(signal.kind).replace("_", "-")]
    if signal.key:
        parts.append(signal.key)
    parts.append(signal.at.strftime("%Y%m%dT%H%M"))
    return "-".join(parts)


class IncidentManager:
    """Keep the open incidents and turn detector signals into incident events."""

    def __init__(self, config: AlertsConfig, responses: ResponseBuilder) -> None:
        self.config = config
        self.responses = responses
        self.open: dict[tuple[str, Kind, str], _Tracked] = {}
        self.suppressed = 0
        # Keys closed by a person while their detector still fires: silent until the signal clears.
        self.silenced: set[tuple[str, Kind, str]] = set()
        self.feedback: list[FeedbackHook] = []

    def handle(self, signal: Signal) -> list[IncidentEvent]:
        key = (signal.brand, signal.kind, signal.key)
        if key in self.silenced:
            if not signal.active:
                self.silenced.discard(key)
            return []
        tracked = self.open.get(key)
        if not signal.active:
            if tracked is None:
                return []
            del self.open[key]
            inc = tracked.incident
            inc.status, inc.updated_at = Status.RESOLVED, signal.at
            if signal.summary:  # how it ended (a surge's peak, a rumor's final counts)
                inc.summary = signal.summary
                inc.metrics = {**inc.metrics, **signal.metrics}
            return [IncidentEvent(EventType.RESOLVED, signal.at, inc.to_dict())]
        if tracked is None:
            if self._inhibited(signal):
                self.suppressed += 1
                return []
            inc = self._new(signal)
            self.open[key] = _Tracked(inc, signal.at, _size(signal))
            return [IncidentEvent(EventType.OPENED, signal.at, inc.to_dict())]
        inc = tracked.incident
        escalated = signal.severity.rank > inc.severity.rank
        self._refresh(inc, signal)
        if escalated:
            return [self._emit(tracked, EventType.ESCALATED, signal)]
        if inc.snoozed_until is not None and signal.at < inc.snoozed_until:
            return []
        grown = _size(signal) >= tracked.last_event_posts * self.config.update_growth
        interval = timedelta(minutes=self.config.update_min_interval_minutes)
        if grown and signal.at - tracked.last_event_at >= interval:
            return [self._emit(tracked, EventType.UPDATED, signal)]
        return []

    def find(self, incident_id: str) -> Incident | None:
        for tracked in self.open.values():
            if tracked.incident.id == incident_id:
                return tracked.incident
        return None

    def act(
        self,
        incident_id: str,
        action: Action,
        *,
        user: str,
        at: datetime,
        snooze_minutes: int = 60,
        note: str = "",
    ) -> IncidentEvent:
        """Apply a person's action to an open incident and record who did it and when.

        Resolve and false positive close the incident; its detector stays silent for that key until
        its own signal clears. False positives are passed to the feedback hooks (the detectors).
        """
        key = next((k for k, t in self.open.items() if t.incident.id == incident_id), None)
        if key is None:
            raise UnknownIncident(f"no open incident {incident_id!r}")
        tracked = self.open[key]
        inc = tracked.incident
        if action is Action.SNOOZE:
            inc.snoozed_until = at + timedelta(minutes=snooze_minutes)
            note = note or f"until {inc.snoozed_until.isoformat()}"
        inc.timeline.append(ActionRecord(action, user, at, note))
        inc.updated_at = max(inc.updated_at, at)
        if action in _CLOSING:
            inc.status = _CLOSING[action]
            del self.open[key]
            self.silenced.add(key)
            if action is Action.FALSE_POSITIVE:
                for hook in self.feedback:
                    hook(inc, action)
            return IncidentEvent(EventType.RESOLVED, at, inc.to_dict())
        if action is Action.ACKNOWLEDGE:
            inc.status = Status.ACKNOWLEDGED
        elif action is Action.SNOOZE:
            inc.status = Status.SNOOZED
        return IncidentEvent(EventType.UPDATED, at, inc.to_dict())

    def _inhibited(self, signal: Signal) -> bool:
        """A negative surge of a brand whose rumor incident is open is part of that rumor."""
        if signal.kind is not Kind.NEGATIVE_SURGE or not self.config.inhibit_negative_surge_during_rumor:
            return False
        return any(b == signal.brand and k is Kind.RUMOR for b, k, _ in self.open)

    def _new(self, signal: Signal) -> Incident:
        inc = Incident(
            id=incident_id(signal),
            kind=signal.kind,
            brand=signal.brand,
            severity=signal.severity,
            status=Status.OPEN,
            opened_at=signal.at,
            updated_at=signal.at,
            claim_id=signal.claim_id,
            key=signal.key,
        )
        self._refresh(inc, signal)
        return inc

    def _refresh(self, inc: Incident, signal: Signal) -> None:
        if signal.severity.rank > inc.severity.rank:
            inc.severity = signal.severity
        inc.updated_at = signal.at
        if signal.claim_id and inc.claim_id is None:
            inc.claim_id = signal.claim_id  # a new rumor found to be a known claim: correct it now
        inc.summary = signal.summary
        inc.metrics = dict(signal.metrics)
        if signal.keywords:
            inc.keywords = list(signal.keywords)
        if signal.evidence:
            inc.evidence = list(signal.evidence[: self.config.evidence_posts])
        inc.suggested_response = self.responses.build(
            inc.kind, inc.brand, inc.claim_id, inc.evidence, inc.keywords
        )

    def _emit(self, tracked: _Tracked, event: EventType, signal: Signal) -> IncidentEvent:
        tracked.last_event_at = signal.at
        tracked.last_event_posts = _size(signal)
        return IncidentEvent(event, signal.at, tracked.incident.to_dict())


def _size(signal: Signal) -> float:
    return float(signal.metrics.get("posts", 0) or 0)


__all__ = ["IncidentManager", "Severity", "UnknownIncident", "incident_id"]
