"""What the war-room dashboard shows, kept by the data side: fed by the pipeline, read as snapshots.

``MonitorState`` observes the pipeline (one call per analysis, one per incident event) and keeps
small, bounded aggregates: per-brand per-minute counts for sparklines, negative share, incidents
by id with their metrics history, a ring buffer of recent posts and source health. Updates only
take a short lock and bump a version number; a reader (the dashboard) takes a ``snapshot()`` when
it chooses to, e.g. four times a second, and skips the work when the version has not changed. So
the pipeline never waits for the screen and a storm of posts costs one repaint per tick, not one
per post. Everything is keyed by event time (the posts' ``created_at``); this module never imports
Textual.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Protocol

from monitor.alerts.console import terminal_safe
from monitor.models import Analysis, IncidentEvent, Sentiment, Severity

WIRE_VERSION = 1
RUMOR_CUES = frozenset({"spread_request", "enquiry", "correction", "hearsay"})
CLOSED = frozenset({"resolved", "false_positive"})
_EPOCH_MINUTE = 60


@dataclass(frozen=True, slots=True)
class PostView:
    """One recent post as the feed shows it; ``text`` is already terminal-safe."""

    id: str
    at: datetime
    platform: str
    brands: tuple[str, ...]
    sentiment: str
    cues: frozenset[str]
    claim_ids: tuple[str, ...]
    text: str
    author: str


@dataclass(frozen=True, slots=True)
class BrandView:
    """A brand tile: per-minute volume and negatives up to the stream time, and its incidents."""

    id: str
    name: str
    volume: tuple[int, ...]
    negative: tuple[int, ...]
    posts: int
    window_posts: int
    negative_share: float
    incidents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MetricPoint:
    """An incident's metrics as of one incident event."""

    at: datetime
    event: str
    metrics: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class IncidentView:
    """The latest state of an incident (the incident event contract's object) and its history."""

    id: str
    data: Mapping[str, Any]
    history: tuple[MetricPoint, ...]

    @property
    def status(self) -> str:
        return str(self.data.get("status", "open"))

    @property
    def active(self) -> bool:
        return self.status not in CLOSED

    @property
    def severity(self) -> str:
        return str(self.data.get("severity", "info"))

    @property
    def opened_at(self) -> datetime:
        return datetime.fromisoformat(str(self.data["opened_at"]))

    def sort_key(self) -> tuple[int, int, datetime]:
        """Active first, then the most severe, then the oldest (the longest-running) first."""
        try:
            rank = Severity(self.severity).rank
        except ValueError:
            rank = 0
        return (0 if self.active else 1, -rank, self.opened_at)


@dataclass(frozen=True, slots=True)
class SourceView:
    """The health of one input source (from the runner's health registry) or of the MQTT link."""

    name: str
    kind: str
    status: str
    posts: int = 0
    rejected: int = 0
    duplicates: int = 0
    rate_per_min: float = 0.0
    lag_seconds: float | None = None
    last_error: str = ""


class Health(Protocol):
    """One source's health figures (``monitor.streams.health.SourceHealth``)."""

    name: str
    kind: str
    posts: int
    rejected: int
    duplicates: int
    rate_per_min: float
    lag_seconds: float | None
    last_error: str

    @property
    def state(self) -> str: ...


class HealthRegistry(Protocol):
    """Where the runner keeps its sources' health (``monitor.streams.health.HealthRegistry``)."""

    def snapshot(self) -> Sequence[Health]: ...


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A consistent copy of the whole state at one version, safe to read from any thread."""

    version: int
    stream_time: datetime | None
    posts: int
    matched: int
    brands: tuple[BrandView, ...]
    incidents: tuple[IncidentView, ...]
    recent: tuple[PostView, ...]
    sources: tuple[SourceView, ...]
    platforms: tuple[str, ...]

    def incident(self, incident_id: str) -> IncidentView | None:
        return next((i for i in self.incidents if i.id == incident_id), None)

    def brand(self, brand_id: str) -> BrandView | None:
        return next((b for b in self.brands if b.id == brand_id), None)


def _view_of(h: Health) -> SourceView:
    return SourceView(
        name=terminal_safe(h.name, 60),
        kind=h.kind,
        status=str(h.state),
        posts=h.posts,
        rejected=h.rejected,
        duplicates=h.duplicates,
        rate_per_min=h.rate_per_min,
        lag_seconds=h.lag_seconds,
        last_error=terminal_safe(h.last_error, 200),
    )


@dataclass
class _Brand:
    name: str
    minutes: dict[int, list[int]] = field(default_factory=dict)  # epoch minute -> [total, negative]
    posts: int = 0


class MonitorState:
    """Thread-safe aggregates of the stream for the dashboard; a pipeline observer.

    >>> from datetime import datetime, timezone
    >>> from monitor.models import Analysis, Post, Sentiment
    >>> state = MonitorState({"b": "Brand"}, minutes=5)
    >>> at = datetime(2026, 11, 20, 0, 3, 30, tzinfo=timezone.utc)
    >>> post = Post(id="x:1", created_at=at, text="つながらない\\x1b[2J", platform="x")
    >>> state.observe_analysis(Analysis(post, "", (), ("b",), Sentiment.NEG, -0.9))
    >>> snap = state.snapshot()
    >>> snap.brands[0].volume, snap.brands[0].negative_share, snap.recent[0].text
    ((0, 0, 0, 0, 1), 1.0, 'つながらない[2J')
    """

    def __init__(
        self,
        brands: Mapping[str, str],
        *,
        minutes: int = 60,
        share_minutes: int = 10,
        recent: int = 2000,
        text_limit: int = 200,
        closed: int = 200,
        tz: tzinfo | None = None,
    ) -> None:
        if minutes < 1 or share_minutes < 1 or recent < 1:
            raise ValueError("minutes, share_minutes and recent must be >= 1")
        self.minutes = minutes
        self.share_minutes = share_minutes
        self.text_limit = text_limit
        self.closed_kept = closed
        self.tz = tz
        self._lock = threading.Lock()
        self._version = 0
        self._brands = {bid: _Brand(name) for bid, name in brands.items()}
        self._incidents: dict[str, IncidentView] = {}
        self._recent: deque[PostView] = deque(maxlen=recent)
        self._sources: dict[str, SourceView] = {}  # set here (the MQTT link) or loaded from the wire
        self._registries: list[HealthRegistry] = []
        self._platforms: set[str] = set()
        self._newest: datetime | None = None
        self._posts = 0
        self._matched = 0

    @property
    def version(self) -> int:
        """Bumped by every change; compare it to skip a snapshot when nothing happened."""
        return self._version

    # --- fed by the pipeline (any thread) -----------------------------------------------------

    def observe_analysis(self, analysis: Analysis) -> None:
        """Count one analysed post; the pipeline calls this for every post."""
        post = analysis.post
        at = post.created_at
        minute = int(at.timestamp()) // _EPOCH_MINUTE
        negative = analysis.sentiment is Sentiment.NEG
        view = PostView(
            id=post.id,
            at=at,
            platform=terminal_safe(post.platform, 20),
            brands=analysis.brands,
            sentiment=str(analysis.sentiment),
            cues=analysis.cues,
            claim_ids=tuple(c.claim_id for c in analysis.claims),
            text=terminal_safe(post.text, self.text_limit),
            author=terminal_safe(post.author or "", 40),
        )
        with self._lock:
            self._version += 1
            self._posts += 1
            if view.platform not in self._platforms:
                self._platforms.add(view.platform)
            if self._newest is None or at > self._newest:
                self._newest = at
                self._prune(minute)
            if analysis.brands:
                self._matched += 1
                self._recent.append(view)
            for bid in analysis.brands:
                brand = self._brands.get(bid)
                if brand is None:
                    brand = self._brands[bid] = _Brand(bid)
                brand.posts += 1
                cell = brand.minutes.get(minute)
                if cell is None:
                    cell = brand.minutes[minute] = [0, 0]
                cell[0] += 1
                if negative:
                    cell[1] += 1

    def observe_event(self, event: IncidentEvent) -> None:
        """Record an incident event (opened, updated, escalated, resolved, or a person's action)."""
        data = dict(event.incident)
        iid = str(data["id"])
        point = MetricPoint(event.at, str(event.event), dict(data.get("metrics") or {}))
        with self._lock:
            self._version += 1
            old = self._incidents.get(iid)
            history = (*old.history, point) if old else (point,)
            self._incidents[iid] = IncidentView(iid, data, history[-200:])
            if not self._incidents[iid].active:
                self._forget_closed()

    def watch(self, registry: HealthRegistry) -> None:
        """Show the sources of a runner's health registry (read at each snapshot)."""
        with self._lock:
            self._version += 1
            self._registries.append(registry)

    def set_source(self, name: str, *, status: str, kind: str = "mqtt", error: str = "") -> None:
        """Add or update a source that no registry holds (an attached dashboard's MQTT link)."""
        with self._lock:
            self._version += 1
            old = self._sources.get(name)
            last_error = terminal_safe(error, 200) if error else (old.last_error if old else "")
            self._sources[name] = SourceView(name, kind, status, last_error=last_error)

    # --- read by the dashboard ----------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """A consistent copy of everything the dashboard shows (bounded work, short lock)."""
        with self._lock:
            newest = self._newest
            end = int(newest.timestamp()) // _EPOCH_MINUTE if newest else None
            brands = tuple(self._brand_view(bid, b, end) for bid, b in self._brands.items())
            incidents = tuple(sorted(self._incidents.values(), key=IncidentView.sort_key))
            recent = tuple(self._recent)
            sources = (
                *(_view_of(h) for r in self._registries for h in r.snapshot()),
                *self._sources.values(),
            )
            snap = Snapshot(
                version=self._version,
                stream_time=newest.astimezone(self.tz) if newest and self.tz else newest,
                posts=self._posts,
                matched=self._matched,
                brands=brands,
                incidents=incidents,
                recent=recent,
                sources=sources,
                platforms=tuple(sorted(self._platforms)),
            )
        return snap

    def brand_minutes(self, brand_id: str, start: datetime, end: datetime) -> list[tuple[int, int]]:
        """(total, negative) per minute of one brand between two event times, for incident detail."""
        first = int(start.timestamp()) // _EPOCH_MINUTE
        last = int(end.timestamp()) // _EPOCH_MINUTE
        with self._lock:
            brand = self._brands.get(brand_id)
            if brand is None or last < first:
                return []
            return [tuple(brand.minutes.get(m, (0, 0))) for m in range(first, last + 1)]  # type: ignore[misc]

    # --- the wire form, for dashboards attached to a monitor in another process -------------------

    def export(self, *, minutes: int = 180, recent: int = 200, incidents: int = 100) -> dict[str, Any]:
        """A JSON-ready copy: the brands' last ``minutes``, the newest posts and incidents."""
        snap = self.snapshot()
        with self._lock:
            end = int(self._newest.timestamp()) // _EPOCH_MINUTE if self._newest else None
            brands = []
            for bid, brand in self._brands.items():
                cells = [brand.minutes.get(m) for m in range(end - minutes + 1, end + 1)] if end else []
                brands.append(
                    {
                        "id": bid,
                        "name": brand.name,
                        "posts": brand.posts,
                        "volume": [c[0] if c else 0 for c in cells],
                        "negative": [c[1] if c else 0 for c in cells],
                    }
                )
        return {
            "v": WIRE_VERSION,
            "stream_time": snap.stream_time.isoformat() if snap.stream_time else None,
            "posts": snap.posts,
            "matched": snap.matched,
            "brands": brands,
            "incidents": [
                {
                    "id": inc.id,
                    "data": dict(inc.data),
                    "history": [
                        {"at": p.at.isoformat(), "event": p.event, "metrics": dict(p.metrics)}
                        for p in inc.history[-20:]
                    ],
                }
                for inc in snap.incidents[:incidents]
            ],
            "recent": [_post_wire(p) for p in snap.recent[-recent:]],
            "sources": [dataclasses.asdict(s) for s in snap.sources],
        }  # fmt: skip

    def load(self, payload: Mapping[str, Any], *, keep_sources: Sequence[str] = ()) -> None:
        """Replace everything with an ``export()`` from another process; text is re-sanitized.

        Raises ``ValueError`` on a payload of the wrong shape, leaving the state as it was.
        """
        try:
            if payload.get("v") != WIRE_VERSION:
                raise ValueError(f"unsupported state version {payload.get('v')!r}")
            raw_time = payload.get("stream_time")
            newest = datetime.fromisoformat(raw_time) if raw_time else None
            end = int(newest.timestamp()) // _EPOCH_MINUTE if newest else 0
            brands: dict[str, _Brand] = {}
            for b in payload["brands"]:
                volume, negative = list(b["volume"]), list(b["negative"])
                brand = _Brand(terminal_safe(str(b["name"]), 80), posts=int(b["posts"]))
                start = end - len(volume) + 1
                for i, (v, n) in enumerate(zip(volume, negative, strict=True)):
                    if v or n:
                        brand.minutes[start + i] = [int(v), int(n)]
                brands[str(b["id"])] = brand
            incidents = {}
            for item in payload["incidents"]:
                iid = str(item["id"])
                history = tuple(
                    MetricPoint(datetime.fromisoformat(h["at"]), str(h["event"]), dict(h["metrics"]))
                    for h in item["history"]
                )
                data = dict(item["data"])
                datetime.fromisoformat(str(data["opened_at"]))  # the list sorts on it
                incidents[iid] = IncidentView(iid, data, history)
            recent = [self._post_from_wire(p) for p in payload["recent"]]
            sources = {}
            for s in payload["sources"]:
                lag = s.get("lag_seconds")
                view = SourceView(
                    name=terminal_safe(str(s["name"]), 60),
                    kind=terminal_safe(str(s.get("kind", "")), 20),
                    status=terminal_safe(str(s["status"]), 20),
                    posts=int(s.get("posts", 0)),
                    rejected=int(s.get("rejected", 0)),
                    duplicates=int(s.get("duplicates", 0)),
                    rate_per_min=float(s.get("rate_per_min", 0.0)),
                    lag_seconds=None if lag is None else float(lag),
                    last_error=terminal_safe(str(s.get("last_error", "")), 200),
                )
                sources[view.name] = view
            posts, matched = int(payload["posts"]), int(payload["matched"])
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"malformed state: {exc!r}") from None
        with self._lock:
            self._version += 1
            self._newest = newest
            self._posts, self._matched = posts, matched
            self._brands = brands
            self._incidents = incidents
            self._recent.clear()
            self._recent.extend(recent)
            self._platforms = {p.platform for p in recent} | self._platforms
            kept = {n: s for n, s in self._sources.items() if n in keep_sources}
            self._sources = {**sources, **kept}

    def _post_from_wire(self, p: Mapping[str, Any]) -> PostView:
        return PostView(
            id=terminal_safe(str(p["id"]), 80),
            at=datetime.fromisoformat(str(p["at"])),
            platform=terminal_safe(str(p["platform"]), 20),
            brands=tuple(terminal_safe(str(b), 40) for b in p["brands"]),
            sentiment=str(p["sentiment"]),
            cues=frozenset(str(c) for c in p["cues"]),
            claim_ids=tuple(str(c) for c in p["claim_ids"]),
            text=terminal_safe(str(p["text"]), self.text_limit),
            author=terminal_safe(str(p["author"]), 40),
        )

    def _forget_closed(self) -> None:
        """Keep every open incident and only the ``closed`` most recently updated closed ones."""
        closed = [i for i in self._incidents.values() if not i.active]
        if len(closed) <= self.closed_kept:
            return
        closed.sort(key=lambda i: i.history[-1].at)
        for inc in closed[: len(closed) - self.closed_kept]:
            del self._incidents[inc.id]

    def _brand_view(self, bid: str, brand: _Brand, end: int | None) -> BrandView:
        if end is None:
            volume = negative = (0,) * self.minutes
        else:
            cells = [brand.minutes.get(m) for m in range(end - self.minutes + 1, end + 1)]
            volume = tuple(c[0] if c else 0 for c in cells)
            negative = tuple(c[1] if c else 0 for c in cells)
        window = sum(volume[-self.share_minutes :])
        neg = sum(negative[-self.share_minutes :])
        active = tuple(
            i.id
            for i in sorted(self._incidents.values(), key=IncidentView.sort_key)
            if i.active and i.data.get("brand") == bid
        )
        return BrandView(
            id=bid,
            name=brand.name,
            volume=volume,
            negative=negative,
            posts=brand.posts,
            window_posts=window,
            negative_share=neg / window if window else 0.0,
            incidents=active,
        )

    def _prune(self, minute: int) -> None:
        keep = max(self.minutes, 24 * 60)  # a day of minutes: incident detail looks back further
        horizon = minute - keep
        for brand in self._brands.values():
            if len(brand.minutes) > keep + 60:
                for m in [m for m in brand.minutes if m < horizon]:
                    del brand.minutes[m]


def active_count(incidents: Sequence[IncidentView]) -> int:
    """How many incidents are still open (not resolved or false positive)."""
    return sum(1 for i in incidents if i.active)


def _post_wire(p: PostView) -> dict[str, Any]:
    return {
        "id": p.id,
        "at": p.at.isoformat(),
        "platform": p.platform,
        "brands": list(p.brands),
        "sentiment": p.sentiment,
        "cues": sorted(p.cues),
        "claim_ids": list(p.claim_ids),
        "text": p.text,
        "author": p.author,
    }
