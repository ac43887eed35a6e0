"""Per-brand event-time surge detection: bucketed counts against a seasonal baseline.

Each brand has three count series (all, negative and positive posts per bucket), each with a
``SeasonalBaseline`` (hour of day, day of week, gradual growth). A negative surge is the
negative series far above its baseline while negative posts are a large enough share; a
positive surge likewise, and a negative surge also opens on a topic burst (``topics.py``): many
people suddenly complaining with a word the brand rarely hears. Scoring (``series.py``,
``topics.py``) is kept apart from deciding (the rules in ``SurgeConfig``). The per-post cost is a
counter increment per series and one per distinct word; the per-bucket cost does not grow with
the stream.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from monitor.config import SurgeConfig
from monitor.detectors.keywords import as_written, top_keywords
from monitor.detectors.series import (
    SeriesScorer,
    SurgeScore,
    SurgeState,
    Transition,
    score_window,
    strength,
)
from monitor.detectors.topics import TopicBurst, TopicCounts
from monitor.models import Analysis, Kind, Post, Sentiment, Severity, Signal

__all__ = ["BrandSurge", "SurgeDetector", "SurgeScore", "pick_evidence", "score_window"]

_SERIES = ("total", "neg", "pos")
_KINDS = ((Kind.NEGATIVE_SURGE, "neg"), (Kind.POSITIVE_SURGE, "pos"))


@dataclass
class _Counts:
    total: int = 0
    neg: int = 0
    pos: int = 0

    def get(self, name: str) -> int:
        return int(getattr(self, name))


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The outcome of one closed bucket for one kind of surge (kept for ``score-series``)."""

    transition: Transition
    strength: float
    long: SurgeScore
    share: float


@dataclass
class BrandSurge:
    """Surge state of one brand: open buckets, the scored series and one state per kind."""

    brand: str
    config: SurgeConfig
    bucket_seconds: int = 0
    buckets: dict[int, _Counts] = field(default_factory=dict)
    series: dict[str, SeriesScorer] = field(default_factory=dict)
    states: dict[Kind, SurgeState] = field(default_factory=dict)
    last: dict[Kind, Evaluation] = field(default_factory=dict)
    closed_buckets: int = 0
    recent_neg: deque[Analysis] = field(default_factory=lambda: deque(maxlen=300))
    recent_pos: deque[Analysis] = field(default_factory=lambda: deque(maxlen=300))
    topics: TopicCounts | None = None
    topic: TopicBurst | None = None  # the topic burst of the open negative surge, if it opened on one

    def __post_init__(self) -> None:
        cfg = self.config
        size = self.bucket_seconds = self.bucket_seconds or cfg.bucket_seconds
        self.series = {name: SeriesScorer(cfg, size) for name in _SERIES}
        self.states = {kind: SurgeState(cfg, size) for kind, _ in _KINDS}
        if cfg.topic_window_minutes:
            self.topics = TopicCounts(
                window_buckets=max(round(cfg.topic_window_minutes * 60 / size), 1),
                half_life_buckets=cfg.topic_half_life_days * 86_400 / size,
            )

    def add(self, bucket: int, analysis: Analysis) -> None:
        """Count one post: a counter increment, nothing else."""
        counts = self.buckets.get(bucket)
        if counts is None:
            counts = self.buckets[bucket] = _Counts()
        counts.total += 1
        if analysis.sentiment is Sentiment.NEG:
            counts.neg += 1
            self.recent_neg.append(analysis)
        elif analysis.sentiment is Sentiment.POS:
            counts.pos += 1
            self.recent_pos.append(analysis)
        if self.topics is not None and analysis.post.repost_of is None:
            negative = analysis.sentiment is Sentiment.NEG
            author = analysis.post.author or analysis.post.id  # an unknown author counts once per post
            self.topics.add(bucket, author=author, tokens=analysis.tokens, negative=negative)

    def add_counts(self, bucket: int, *, total: int, neg: int = 0, pos: int = 0) -> None:
        """Count already aggregated posts (a count series instead of posts)."""
        counts = self.buckets.get(bucket)
        if counts is None:
            counts = self.buckets[bucket] = _Counts()
        counts.total += total
        counts.neg += neg
        counts.pos += pos

    def close(self, bucket: int, at: datetime) -> list[Signal]:
        """Close one bucket (empty if no post fell in it; ``at`` = its end) and decide."""
        cfg = self.config
        counts = self.buckets.pop(bucket, None) or _Counts()
        start = at - timedelta(seconds=self.bucket_seconds)
        for name in _SERIES:
            self.series[name].observe(counts.get(name), start)
        self.closed_buckets += 1
        if self.topics is not None:
            self.topics.close(bucket, learn=not self.states[Kind.NEGATIVE_SURGE].holding_baseline)
        warm = self.closed_buckets * self.bucket_seconds >= cfg.warmup_minutes * 60
        seen_a_day = self.closed_buckets * self.bucket_seconds >= 86_400
        signals = [sig for kind, name in _KINDS if (sig := self._decide(kind, name, at, warm, seen_a_day))]
        neg, pos = (self.states[k].holding_baseline for k, _ in _KINDS)
        held = {"neg": neg, "pos": pos, "total": neg or pos}
        for name in _SERIES:
            self.series[name].learn(counts.get(name), start, surging=held[name])
        return signals

    def _decide(self, kind: Kind, name: str, at: datetime, warm: bool, seen_a_day: bool) -> Signal | None:
        """Score every window of one series against the rule and step that kind's state."""
        cfg = self.config
        scorer, total, state = self.series[name], self.series["total"], self.states[kind]
        negative = kind is Kind.NEGATIVE_SURGE
        min_share = cfg.min_negative_share if negative else cfg.min_positive_share
        min_posts = cfg.min_posts if negative else cfg.min_positive_posts
        best, firing = 0.0, False
        for buckets in scorer.windows:
            slow = buckets == scorer.slow
            if slow and not seen_a_day:
                continue  # a slow rise means nothing before the daily profile has been seen
            # A window that still holds the last surge (the slow one, hours after it) must not
            # open it again.
            echo = state.since_surge < buckets
            score = scorer.score(buckets)
            seen = total.window(buckets)[0]
            share = score.observed / seen if seen else 0.0
            power = strength(score, cfg, slow=slow, min_posts=min_posts) if share >= min_share else 0.0
            if warm:
                # Excess posts of windows that met the rule: the record of surges in posts.
                excess = max(score.observed - score.expected, 0.0) if power >= 1.0 else 0.0
                novel = state.novel(buckets, power) or state.novel_excess(buckets, excess)
                firing = firing or (power >= 1.0 and (state.active or (novel and not echo)))
                state.remember(buckets, power)
                state.remember(-buckets, excess)
            best = max(best, power)
        if negative and warm and seen_a_day:  # word shares mean little before a day of posts
            topic = self._topic_burst(state)
            if topic is not None and not state.active:
                self.topic = topic  # what the surge is about, for its summary
            firing = firing or topic is not None
        long = scorer.score(scorer.long)
        seen = total.window(scorer.long)[0]
        share = long.observed / seen if seen else 0.0
        peak = max(state.peak, long.observed)  # the state forgets its peak when it resolves
        transition = state.step(firing, long, min_posts=min_posts)
        self.last[kind] = Evaluation(transition, best if warm else 0.0, long, share)
        if transition is Transition.NONE:
            return None
        active = transition is not Transition.RESOLVED
        signal = self._signal(kind, at, active, state.severity, long, share, int(seen), peak)
        if negative and transition is Transition.RESOLVED:
            self.topic = None
        return signal

    def _topic_burst(self, state: SurgeState) -> TopicBurst | None:
        """The window's topic burst if it meets the rule (and the last surge is long enough ago)."""
        cfg = self.config
        if self.topics is None or state.since_surge * self.bucket_seconds < cfg.topic_rearm_minutes * 60:
            return None
        for burst in self.topics.bursts(cfg.topic_min_authors):
            if burst.score < cfg.topic_min_score:
                return None  # the rest are less surprising still
            if burst.negative >= cfg.topic_min_negative_share * burst.authors:
                return burst
        return None

    def _signal(
        self,
        kind: Kind,
        at: datetime,
        active: bool,
        severity: Severity,
        score: SurgeScore,
        share: float,
        total: int,
        peak: float = 0.0,
    ) -> Signal:
        recent = self.recent_neg if kind is Kind.NEGATIVE_SURGE else self.recent_pos
        window_start = at - timedelta(minutes=self.config.window_minutes)
        in_window = [a for a in recent if a.post.created_at >= window_start]
        label = "ネガティブ" if kind is Kind.NEGATIVE_SURGE else "ポジティブ"
        topic = self.topic if kind is Kind.NEGATIVE_SURGE and active else None
        if topic is not None and self.topics is not None:
            topic = self.topics.burst_of(topic.word)  # its authors now, not at the opening
        about = ""
        topic_metrics: dict[str, object] = {}
        if topic is not None:
            word = as_written([topic.word], (a.normalized for a in in_window))[0]
            minutes = self.config.topic_window_minutes
            about = f"「{word}」と書く人 {topic.authors}人 / {minutes}分 (平常 {topic.expected:.1f}人)、"
            topic_metrics = {
                "topic": word,
                "topic_authors": topic.authors,
                "topic_expected": round(topic.expected, 3),
            }
        return Signal(
            kind=kind,
            brand=self.brand,
            at=at,
            active=active,
            severity=severity,
            summary=(
                about + f"{label}投稿 {score.observed:.0f}件 / {self.config.window_minutes}分 "
                f"(平常 {score.expected:.1f}件の {score.ratio:.1f}倍)"
                if active
                else f"収束: {label}投稿 ピーク {max(peak, score.observed):.0f}件 / "
                f"{self.config.window_minutes}分、いま {score.observed:.0f}件 (平常 {score.expected:.1f}件)"
            ),
            keywords=top_keywords(in_window),
            metrics={
                "posts": int(score.observed),
                "total_posts": total,
                "baseline": round(score.expected, 2),
                "ratio": round(score.ratio, 2),
                "z": round(score.z, 2),
                "negative_share" if kind is Kind.NEGATIVE_SURGE else "positive_share": round(share, 3),
                "window_minutes": self.config.window_minutes,
                "peak_posts": int(max(peak, score.observed)),
                **topic_metrics,
            },
            evidence=pick_evidence([a.post for a in in_window]),
        )


def pick_evidence(posts: list[Post], k: int = 5) -> tuple[Post, ...]:
    """The most reposted posts first, then the newest; originals preferred over reposts."""
    originals = [p for p in posts if p.repost_of is None] or posts
    ranked = sorted(originals, key=lambda p: (-p.reposts, -p.created_at.timestamp(), p.id))
    return tuple(ranked[:k])


class SurgeDetector:
    """Surge detection for every brand, driven by an event-time watermark.

    Posts are counted into buckets of ``bucket_seconds``; a bucket closes when the watermark
    passes its end, and every brand is evaluated then, also when it had no post.
    """

    def __init__(self, config: SurgeConfig, brands: list[str]) -> None:
        self.config = config
        self.states = {b: BrandSurge(b, config) for b in brands}
        self.next_bucket: int | None = None
        self.late_posts = 0

    def bucket_of(self, ts: datetime) -> int:
        return int(ts.timestamp()) // self.config.bucket_seconds

    def add(self, analysis: Analysis) -> None:
        bucket = self.bucket_of(analysis.post.created_at)
        if self.next_bucket is None:
            self.next_bucket = bucket
        if bucket < self.next_bucket:
            self.late_posts += 1
            bucket = self.next_bucket  # too late for its own bucket: count it in the oldest open one
        for brand in analysis.brands:
            state = self.states.get(brand)
            if state is not None:
                state.add(bucket, analysis)

    def add_counts(self, brand: str, at: datetime, *, total: int, neg: int = 0, pos: int = 0) -> None:
        """Count aggregated posts of one brand at event time ``at`` (for count series)."""
        bucket = self.bucket_of(at)
        if self.next_bucket is None:
            self.next_bucket = bucket
        if bucket < self.next_bucket:
            self.late_posts += 1
            bucket = self.next_bucket
        self.states[brand].add_counts(bucket, total=total, neg=neg, pos=pos)

    def advance(self, watermark: datetime, tz: tzinfo) -> list[Signal]:
        """Close every bucket that ends at or before the watermark."""
        if self.next_bucket is None:
            return []
        signals: list[Signal] = []
        size = self.config.bucket_seconds
        limit = int(watermark.timestamp()) // size
        while self.next_bucket < limit:
            end = datetime.fromtimestamp((self.next_bucket + 1) * size, tz)
            for state in self.states.values():
                signals.extend(state.close(self.next_bucket, end))
            self.next_bucket += 1
        return signals
