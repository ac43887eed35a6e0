"""Known-claim rumor tracking: per brand and claim, count spreading, enquiring and correcting posts."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.config import RumorConfig
from monitor.detectors.surge import pick_evidence
from monitor.models import Analysis, Kind, Post, Severity, Signal

CURVE_MINUTES = 10


@dataclass
class ClaimTrack:
    """Posts carrying one claim about one brand, within the rumor window."""

    brand: str
    claim_id: str
    first_at: datetime
    posts: deque[tuple[datetime, str, Post]] = field(default_factory=deque)
    authors: set[str] = field(default_factory=set)
    curve: list[int] = field(default_factory=list)
    stances: dict[str, int] = field(default_factory=lambda: {"spreading": 0, "enquiring": 0, "correcting": 0})
    active: bool = False
    last_at: datetime | None = None


class RumorTracker:
    """Open a rumor signal when a known claim's spreading posts pass the configured count."""

    def __init__(self, config: RumorConfig) -> None:
        self.config = config
        self.tracks: dict[tuple[str, str], ClaimTrack] = {}

    def add(self, analysis: Analysis) -> list[Signal]:
        if not analysis.claims:
            return []
        match = analysis.claims[0]
        post = analysis.post
        signals: list[Signal] = []
        for brand in analysis.brands:
            key = (brand, match.claim_id)
            track = self.tracks.get(key)
            if track is None:
                track = self.tracks[key] = ClaimTrack(brand, match.claim_id, post.created_at)
            self._expire(track, post.created_at)
            track.posts.append((post.created_at, match.stance, post))
            track.stances[match.stance] += 1
            if post.author:
                track.authors.add(post.author)
            slot = max(0, int((post.created_at - track.first_at).total_seconds() // (CURVE_MINUTES * 60)))
            while len(track.curve) <= slot:
                track.curve.append(0)
            track.curve[slot] += 1
            track.last_at = max(track.last_at or post.created_at, post.created_at)
            spreading = sum(1 for _, s, _ in track.posts if s == "spreading")
            if spreading >= self.config.min_posts or (track.active and match.stance == "spreading"):
                track.active = True
                signals.append(self._signal(track, post.created_at, True))
        return signals

    def advance(self, watermark: datetime) -> list[Signal]:
        """Resolve claims that have been quiet for ``resolve_minutes``."""
        signals: list[Signal] = []
        quiet = timedelta(minutes=self.config.resolve_minutes)
        for key, track in list(self.tracks.items()):
            if track.last_at is not None and watermark - track.last_at >= quiet:
                if track.active:
                    signals.append(self._signal(track, watermark, False))
                del self.tracks[key]
        return signals

    def _expire(self, track: ClaimTrack, now: datetime) -> None:
        horizon = now - timedelta(minutes=self.config.window_minutes)
        while track.posts and track.posts[0][0] < horizon:
            track.posts.popleft()

    def _signal(self, track: ClaimTrack, at: datetime, active: bool) -> Signal:
        spreading_posts = [p for _, s, p in track.posts if s == "spreading"]
        spreading = track.stances["spreading"]
        severity = Severity.CRITICAL if spreading >= self.config.critical_posts else Severity.WARNING
        reposts = sum(1 for _, _, p in track.posts if p.repost_of or p.quote_of)
        return Signal(
            kind=Kind.RUMOR,
            brand=track.brand,
            at=at,
            active=active,
            severity=severity,
            key=track.claim_id,
            claim_id=track.claim_id,
            summary=(
                f"known false claim {track.claim_id}: {spreading} spreading, "
                f"{track.stances['enquiring']} enquiring, {track.stances['correcting']} correcting"
            ),
            metrics={
                "posts": sum(track.stances.values()),
                "spreading": spreading,
                "enquiring": track.stances["enquiring"],
                "correcting": track.stances["correcting"],
                "distinct_authors": len(track.authors),
                "reposts_and_quotes": reposts,
                "spread_curve": list(track.curve),
                "spread_curve_minutes": CURVE_MINUTES,
            },
            evidence=pick_evidence(spreading_posts),
        )
