"""Per-brand event-time surge detection: bucketed counts against a running baseline.

Scoring (how far the window is above its baseline) is kept apart from deciding (the rule in
``SurgeConfig``). The per-post cost is a counter increment; the per-bucket cost is constant.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from monitor.config import SurgeConfig
from monitor.models import Analysis, Kind, Post, Sentiment, Severity, Signal

_SERIES = ("total", "neg", "pos")


@dataclass
class _Counts:
    total: int = 0
    neg: int = 0
    pos: int = 0

    def get(self, name: str) -> int:
        return int(getattr(self, name))


@dataclass
class _SeriesState:
    """An exponentially weighted baseline rate (posts per bucket) and the surge state."""

    rate: float = 0.0
    active: bool = False
    severity: Severity = Severity.WARNING
    quiet_buckets: int = 0
    peak: int = 0


@dataclass(frozen=True, slots=True)
class SurgeScore:
    """How far a window's count is above its expectation."""

    observed: int
    expected: float
    ratio: float
    z: float


def score_window(observed: int, expected: float) -> SurgeScore:
    """Score an observed window count against an expected one (Poisson-like z and a ratio).

    >>> s = score_window(50, 5.0)
    >>> round(s.ratio, 1), round(s.z, 1)
    (10.0, 18.4)
    """
    ratio = observed / max(expected, 0.5)
    z = (observed - expected) / math.sqrt(expected + 1.0)
    return SurgeScore(observed, expected, ratio, z)


@dataclass
class BrandSurge:
    """Surge state of one brand: open buckets, a window of closed ones and the baselines."""

    brand: str
    config: SurgeConfig
    buckets: dict[int, _Counts] = field(default_factory=dict)
    window: deque[_Counts] = field(default_factory=deque)
    series: dict[str, _SeriesState] = field(default_factory=dict)
    closed_buckets: int = 0
    recent_neg: deque[Analysis] = field(default_factory=lambda: deque(maxlen=300))
    recent_pos: deque[Analysis] = field(default_factory=lambda: deque(maxlen=300))

    def __post_init__(self) -> None:
        self.series = {name: _SeriesState() for name in _SERIES}
        self.window = deque(maxlen=self.config.window_minutes * 60 // self.config.bucket_seconds or 1)

    def add(self, bucket: int, analysis: Analysis) -> None:
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

    def close(self, bucket: int, at: datetime) -> list[Signal]:
        """Close one bucket (empty if no post fell in it) and evaluate the rules."""
        counts = self.buckets.pop(bucket, None) or _Counts()
        self.window.append(counts)
        self.closed_buckets += 1
        signals: list[Signal] = []
        for name, kind in (("neg", Kind.NEGATIVE_SURGE), ("pos", Kind.POSITIVE_SURGE)):
            sig = self._evaluate(name, kind, at)
            if sig is not None:
                signals.append(sig)
        for name in _SERIES:
            self._learn(name, counts.get(name))
        return signals

    def _window_sum(self, name: str, buckets: int) -> int:
        n = len(self.window)
        return sum(self.window[i].get(name) for i in range(max(0, n - buckets), n))

    def _score(self, name: str, buckets: int) -> tuple[SurgeScore, float, int]:
        buckets = min(buckets, len(self.window))
        observed = self._window_sum(name, buckets)
        total = self._window_sum("total", buckets)
        score = score_window(observed, self.series[name].rate * buckets)
        return score, (observed / total if total else 0.0), total

    def _fires(self, score: SurgeScore, share: float, min_share: float) -> bool:
        cfg = self.config
        return (
            score.observed >= cfg.min_posts
            and score.ratio >= cfg.ratio
            and score.z >= cfg.z_threshold
            and share >= min_share
        )

    def _evaluate(self, name: str, kind: Kind, at: datetime) -> Signal | None:
        cfg = self.config
        state = self.series[name]
        size = cfg.bucket_seconds
        min_share = cfg.min_negative_share if name == "neg" else cfg.min_positive_share
        # The full window reports and resolves; the short one sees a sharp onset sooner.
        score, share, total = self._score(name, cfg.window_minutes * 60 // size or 1)
        fast = self._score(name, cfg.fast_window_minutes * 60 // size or 1)
        warm = self.closed_buckets * size >= cfg.warmup_minutes * 60
        firing = warm and (self._fires(score, share, min_share) or self._fires(*fast[:2], min_share))
        if firing:
            severity = Severity.CRITICAL if score.ratio >= cfg.critical_ratio else Severity.WARNING
            if state.active and state.severity is Severity.CRITICAL:
                severity = Severity.CRITICAL  # severity never drops while the surge lasts
            state.active, state.severity, state.quiet_buckets = True, severity, 0
            state.peak = max(state.peak, score.observed)
            return self._signal(kind, at, True, severity, score, share, total)
        if not state.active:
            return None
        if score.ratio <= cfg.resolve_ratio or score.observed < cfg.min_posts / 2:
            state.quiet_buckets += 1
        else:
            state.quiet_buckets = 0
            return self._signal(kind, at, True, state.severity, score, share, total)
        if state.quiet_buckets * cfg.bucket_seconds >= cfg.resolve_minutes * 60:
            state.active, state.quiet_buckets, state.peak = False, 0, 0
            return self._signal(kind, at, False, state.severity, score, share, total)
        return None

    def _learn(self, name: str, count: int) -> None:
        state = self.series[name]
        if state.active:
            return  # a surge must not teach the baseline that it is normal
        half_life = self.config.baseline_half_life_minutes * 60 / self.config.bucket_seconds
        warm_buckets = max(1, self.closed_buckets)
        alpha = max(1 - 0.5 ** (1 / half_life), 1 / warm_buckets)
        state.rate += alpha * (count - state.rate)

    def _signal(
        self,
        kind: Kind,
        at: datetime,
        active: bool,
        severity: Severity,
        score: SurgeScore,
        share: float,
        total: int,
    ) -> Signal:
        recent = self.recent_neg if kind is Kind.NEGATIVE_SURGE else self.recent_pos
        window_start = at - timedelta(minutes=self.config.window_minutes)
        in_window = [a for a in recent if a.post.created_at >= window_start]
        label = "negative" if kind is Kind.NEGATIVE_SURGE else "positive"
        return Signal(
            kind=kind,
            brand=self.brand,
            at=at,
            active=active,
            severity=severity,
            summary=(
                f"{score.observed} {label} posts in {self.config.window_minutes} min "
                f"({score.ratio:.1f}x baseline {score.expected:.1f})"
            ),
            keywords=top_keywords(in_window),
            metrics={
                "posts": score.observed,
                "total_posts": total,
                "baseline": round(score.expected, 2),
                "ratio": round(score.ratio, 2),
                "z": round(score.z, 2),
                "negative_share" if kind is Kind.NEGATIVE_SURGE else "positive_share": round(share, 3),
                "window_minutes": self.config.window_minutes,
            },
            evidence=pick_evidence([a.post for a in in_window]),
        )


# Function words and light verbs (as lemmas) that say nothing about what happened.
_STOP = frozenset(
    "する ある いる なる ない こと もの よう それ これ ため さん 今日 みたい 本当 やっぱり "
    "為る 成る 出来る 来る 居る 有る 言う 思う 見る 行く 無い 良い 物 事 此れ 其れ 何 今".split()
)


def top_keywords(analyses: list[Analysis], k: int = 5) -> tuple[str, ...]:
    """The most frequent content lemmas (two or more characters, not brand names) of the posts."""
    counts: Counter[str] = Counter()
    for a in analyses:
        seen = {
            t for t in a.tokens if len(t) >= 2 and t not in _STOP and not t.isascii() and not _is_kana_only(t)
        }
        counts.update(seen)
    return tuple(w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k])


def _is_kana_only(word: str) -> bool:
    """Hiragana (and the long-vowel mark) only, or no letter at all (emoji, punctuation)."""
    return all("\u3040" <= ch <= "\u309f" or ch == "ー" for ch in word) or not any(c.isalpha() for c in word)


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
