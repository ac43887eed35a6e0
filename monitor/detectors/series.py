"""One count series (a brand's negative, positive or total posts per bucket) scored for surges.

``SeriesScorer`` keeps the last few closed buckets with their expectations from a
``SeasonalBaseline`` and scores a long and a fast window against them; ``SurgeState`` is the
decision half (open, keep, resolve) shared by every series. Scoring never decides and deciding
never learns: the caller learns the bucket after deciding, so a surge cannot teach the baseline
that it is normal.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from monitor.config import SurgeConfig
from monitor.detectors.baseline import SeasonalBaseline
from monitor.models import Severity


@dataclass(frozen=True, slots=True)
class SurgeScore:
    """How far a window's count is above its expectation."""

    observed: float
    expected: float
    ratio: float
    z: float


def score_window(observed: float, expected: float, variance: float | None = None) -> SurgeScore:
    """Score an observed window count against an expected one (a ratio and a z-score).

    Without ``variance`` the count is taken as Poisson.

    >>> s = score_window(50, 5.0)
    >>> round(s.ratio, 1), round(s.z, 1)
    (10.0, 18.4)
    """
    var = expected if variance is None else variance
    ratio = observed / max(expected, 0.5)
    z = (observed - expected) / math.sqrt(var + 1.0)
    return SurgeScore(observed, expected, ratio, z)


def strength(score: SurgeScore, config: SurgeConfig) -> float:
    """How close a window is to the surge rule: >= 1 exactly when every condition holds.

    >>> strength(score_window(60, 5.0), SurgeConfig(ratio=4.0, min_posts=15, z_threshold=4.0))
    3.0
    """
    return min(
        score.observed / config.min_posts,
        score.ratio / config.ratio,
        score.z / config.z_threshold,
    )


def _buckets(minutes: float, bucket_seconds: int) -> int:
    return max(1, round(minutes * 60 / bucket_seconds))


@dataclass
class SeriesScorer:
    """The recent buckets of one series and their expectations; scores long and fast windows."""

    config: SurgeConfig
    bucket_seconds: int
    baseline: SeasonalBaseline = field(init=False)
    counts: deque[float] = field(init=False)
    means: deque[float] = field(init=False)

    def __post_init__(self) -> None:
        cfg = self.config
        self.baseline = SeasonalBaseline(
            bucket_seconds=self.bucket_seconds,
            level_half_life_minutes=cfg.baseline_half_life_minutes,
            hour_half_life_days=cfg.hour_of_day_half_life_days,
            weekday_half_life_days=cfg.day_of_week_half_life_days,
            dispersion_half_life_days=cfg.dispersion_half_life_days,
        )
        self.long = _buckets(cfg.window_minutes, self.bucket_seconds)
        self.fast = min(self.long, _buckets(cfg.fast_window_minutes, self.bucket_seconds))
        self.counts = deque(maxlen=self.long)
        self.means = deque(maxlen=self.long)

    def observe(self, count: float, at: datetime) -> None:
        """Record a closed bucket (``at`` = its start, local time) with its expectation."""
        self.counts.append(count)
        self.means.append(self.baseline.expected(at))

    def window(self, buckets: int) -> tuple[float, float]:
        """(observed, expected) over the newest ``buckets`` closed buckets."""
        n = len(self.counts)
        lo = max(0, n - buckets)
        return (
            sum(self.counts[i] for i in range(lo, n)),
            sum(self.means[i] for i in range(lo, n)),
        )

    def score(self, buckets: int) -> SurgeScore:
        observed, expected = self.window(buckets)
        return score_window(observed, expected, self.baseline.variance(expected))

    def learn(self, count: float, at: datetime) -> None:
        self.baseline.learn_one(count, at)


class Transition(StrEnum):
    """What a bucket did to a series' surge state."""

    NONE = "none"
    OPENED = "opened"
    ONGOING = "ongoing"
    RESOLVED = "resolved"


@dataclass
class SurgeState:
    """Open, keep and resolve one kind of surge; severity from how far above baseline.

    A surge opens when the rule holds on the long or the fast window and the strength is at
    least ``novelty_margin`` times the decayed record of the series' recent strengths (a brand
    whose mentions burst every day does not alert on every burst); it resolves once the
    long window has stayed below ``resolve_ratio`` (or under half of ``min_posts``) for
    ``resolve_minutes``. Severity is critical from ``critical_ratio`` and never drops while
    the surge lasts.
    """

    config: SurgeConfig
    bucket_seconds: int
    active: bool = False
    severity: Severity = Severity.WARNING
    quiet_buckets: int = 0
    peak: float = 0.0
    record: float = 0.0

    def novel(self, strength: float) -> bool:
        """Whether a strength clears the bar set by this series' own recent surges."""
        return strength >= self.config.novelty_margin * self.record

    def remember(self, strength: float) -> None:
        """Decay the recent record by one bucket and keep the new strength if it is higher."""
        decay = 0.5 ** (self.bucket_seconds / (self.config.novelty_half_life_hours * 3600))
        self.record = max(self.record * decay, strength)

    def step(self, firing: bool, long: SurgeScore) -> Transition:
        cfg = self.config
        if firing:
            severity = Severity.CRITICAL if long.ratio >= cfg.critical_ratio else Severity.WARNING
            if self.active and self.severity is Severity.CRITICAL:
                severity = Severity.CRITICAL
            opened = not self.active
            self.active, self.severity, self.quiet_buckets = True, severity, 0
            self.peak = max(self.peak, long.observed)
            return Transition.OPENED if opened else Transition.ONGOING
        if not self.active:
            return Transition.NONE
        if long.ratio <= cfg.resolve_ratio or long.observed < cfg.min_posts / 2:
            self.quiet_buckets += 1
        else:
            self.quiet_buckets = 0
            return Transition.ONGOING
        if self.quiet_buckets * self.bucket_seconds >= cfg.resolve_minutes * 60:
            self.active, self.quiet_buckets, self.peak = False, 0, 0.0
            return Transition.RESOLVED
        return Transition.NONE
