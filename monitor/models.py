"""Core data types shared by every stage: Post, Analysis, Signal, Incident and IncidentEvent."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What an incident is about."""

    NEGATIVE_SURGE = "negative_surge"
    RUMOR = "rumor"
    POSITIVE_SURGE = "positive_surge"


class Severity(StrEnum):
    """How urgent an incident is, in increasing order."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.CRITICAL: 2}


class Status(StrEnum):
    """Where an incident is in its lifecycle."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"
    FALSE_POSITIVE = "false_positive"


class Sentiment(StrEnum):
    """Three-way polarity of a post."""

    NEG = "neg"
    NEU = "neu"
    POS = "pos"


@dataclass(frozen=True, slots=True)
class Post:
    """One social-media post, as in the Post JSONL contract."""

    id: str
    created_at: datetime
    text: str
    platform: str = "unknown"
    author: str | None = None
    lang: str | None = None
    reply_to: str | None = None
    repost_of: str | None = None
    quote_of: str | None = None
    url: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)

    @property
    def reposts(self) -> int:
        return int(self.metrics.get("reposts", 0))

    def evidence(self) -> dict[str, Any]:
        """The short form used as incident evidence."""
        out: dict[str, Any] = {"id": self.id, "text": self.text, "platform": self.platform}
        if self.url:
            out["url"] = self.url
        if self.author:
            out["author"] = self.author
        return out


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    """A post's match against a known false claim."""

    claim_id: str
    score: float
    stance: str  # "spreading" | "enquiring" | "correcting" | "other" (joke, quoted old news)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The pure per-post result: everything later stages need to know about one post."""

    post: Post
    normalized: str
    tokens: tuple[str, ...]
    brands: tuple[str, ...]
    sentiment: Sentiment
    sentiment_score: float
    claims: tuple[ClaimMatch, ...] = ()
    cues: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Signal:
    """A detector's statement about one brand at one event time: firing or cleared."""

    kind: Kind
    brand: str
    at: datetime
    active: bool
    severity: Severity = Severity.WARNING
    key: str = ""  # claim id or cluster id for rumors; "" for surges
    claim_id: str | None = None
    summary: str = ""
    keywords: tuple[str, ...] = ()
    metrics: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[Post, ...] = ()


@dataclass(frozen=True, slots=True)
class SuggestedResponse:
    """A draft reply for a manager to approve; never posted without approval."""

    text: str
    platform: str
    reply_to: str | None = None
    kind: str = "statement"  # correction | holding | apology | thanks | statement

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "platform": self.platform, "reply_to": self.reply_to}


class Action(StrEnum):
    """What a person can do to an incident, from Slack buttons or the dashboard alike."""

    ACKNOWLEDGE = "acknowledge"
    APPROVE_RESPONSE = "approve_response"
    FALSE_POSITIVE = "false_positive"
    SNOOZE = "snooze"
    RESOLVE = "resolve"


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """Who did what to an incident, and when (event time of the stream, or wall time live)."""

    action: Action
    user: str
    at: datetime
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"action": str(self.action), "user": self.user, "at": self.at.isoformat()}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(slots=True)
class Incident:
    """A tracked incident, keyed by brand, kind and claim/cluster."""

    id: str
    kind: Kind
    brand: str
    severity: Severity
    status: Status
    opened_at: datetime
    updated_at: datetime
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    claim_id: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    evidence: list[Post] = field(default_factory=list)
    suggested_response: SuggestedResponse | None = None
    key: str = ""
    timeline: list[ActionRecord] = field(default_factory=list)
    snoozed_until: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """The incident object of the incident event contract (``timeline`` once someone acted)."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": str(self.kind),
            "brand": self.brand,
            "severity": str(self.severity),
            "status": str(self.status),
            "opened_at": self.opened_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "summary": self.summary,
            "keywords": list(self.keywords),
            "claim_id": self.claim_id,
            "metrics": dict(self.metrics),
            "evidence": [p.evidence() for p in self.evidence],
            "suggested_response": (self.suggested_response.to_dict() if self.suggested_response else None),
        }
        if self.timeline:
            out["timeline"] = [r.to_dict() for r in self.timeline]
        return out


class EventType(StrEnum):
    """What happened to an incident."""

    OPENED = "opened"
    UPDATED = "updated"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class IncidentEvent:
    """One line of the incident event output."""

    event: EventType
    at: datetime
    incident: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"event": str(self.event), "at": self.at.isoformat(), "incident": self.incident}
