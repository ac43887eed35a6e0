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


def strength(
    score: SurgeScore, config: SurgeConfig, *, slow: bool = False, min_posts: int | None = None
) -> float:
    """How close a window is to the surge rule: >= 1 exactly when every condition holds.

    The slow window has its own ratio rule (``slow_ratio``): a rise that lasts hours matters
    at a smaller ratio than a burst of a few minutes.

    >>> strength(score_window(60, 5.0), SurgeConfig(ratio=4.0, min_posts=15, z_threshold=4.0))
    3.0
    """
    return min(
        score.observed / (min_posts or config.min_posts),
        score.ratio / (config.slow_ratio if slow else config.ratio),
        score.z / config.z_threshold,
    )


def _buckets(minutes: float, bucket_seconds: int) -> int:
    return max(1, round(minutes * 60 / bucket_seconds))


@dataclass
class SeriesScorer:
    """The recent buckets of one series and their expectations; scores the fast, long and slow
    windows with running sums, each window with its own learned burstiness.

    Bursts that last one bucket make short windows noisy but say little about a rise that
    lasts hours, so each window length learns its own dispersion ``phi`` from its own sums.
    """

    config: SurgeConfig
    bucket_seconds: int
    baseline: SeasonalBaseline = field(init=False)
    counts: deque[float] = field(init=False)
    means: deque[float] = field(init=False)
    windows: tuple[int, ...] = field(init=False)
    sums: dict[int, list[float]] = field(init=False)
    dispersion: dict[int, float] = field(init=False)

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
        self.slow = _buckets(cfg.slow_window_minutes, self.bucket_seconds) if cfg.slow_window_minutes else 0
        self.windows = tuple(sorted({w for w in (self.fast, self.long, self.slow) if w}))
        size = max(self.windows)
        self.counts = deque(maxlen=size)
        self.means = deque(maxlen=size)
        self.sums = {w: [0.0, 0.0] for w in self.windows}
        self.dispersion = {w: self.baseline.dispersion for w in self.windows}
        self._a_disp = 1.0 - 0.5 ** (self.bucket_seconds / (cfg.dispersion_half_life_days * 86_400))

    def observe(self, count: float, at: datetime) -> None:
        """Record a closed bucket (``at`` = its start, local time) with its expectation."""
        mean = self.baseline.expected(at)
        n = len(self.counts)
        for w, acc in self.sums.items():
            if n >= w:  # the bucket leaving this window
                acc[0] -= self.counts[n - w]
                acc[1] -= self.means[n - w]
            acc[0] += count
            acc[1] += mean
        self.counts.append(count)
        self.means.append(mean)

    def window(self, buckets: int) -> tuple[float, float]:
        """(observed, expected) over the newest ``buckets`` closed buckets."""
        acc = self.sums.get(buckets)
        if acc is not None:
            return acc[0], max(acc[1], 0.0)
        n = len(self.counts)
        lo = max(0, n - buckets)
        return (
            sum(self.counts[i] for i in range(lo, n)),
            sum(self.means[i] for i in range(lo, n)),
        )

    def variance(self, buckets: int, expected: float) -> float:
        return expected + self.dispersion.get(buckets, self.baseline.dispersion) * expected * expected

    def score(self, buckets: int) -> SurgeScore:
        observed, expected = self.window(buckets)
        return score_window(observed, expected, self.variance(buckets, expected))

    def learn(self, count: float, at: datetime, *, surging: bool = False) -> None:
        """Learn the newest bucket: each window's burstiness, then the baseline.

        During a surge the bucket is learned as at most its expectation, so the surge does not
        teach the baseline that it is normal (time still passes for the seasonal factors).
        """
        if surging:
            self.baseline.learn_one(min(count, self.means[-1] if self.means else count), at)
            return
        if self.baseline.updates >= 10:
            for w in self.windows:
                observed, expected = self.window(w)
                if expected <= 0:
                    continue
                var = self.variance(w, expected)
                observed = min(observed, expected + 3.0 * math.sqrt(var) + 1.0)
                r = ((observed - expected) ** 2 - expected) / (expected * expected + expected)
                r = min(max(r, self.baseline.min_dispersion), self.baseline.max_dispersion)
                self.dispersion[w] += self._a_disp * (r - self.dispersion[w])
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

    A surge opens when the rule holds on some window and the strength is at least
    ``novelty_margin`` times the decayed record of that window's recent strengths, or its
    excess posts clearly beat the record of its recent surges' excess posts (a brand whose
    mentions burst every day does not alert on every burst); it resolves once the
    long window has stayed below ``resolve_ratio`` (or under ``min_posts``) for
    ``resolve_minutes``. Severity is critical from ``critical_ratio`` and never drops while
    the surge lasts.
    """

    config: SurgeConfig
    bucket_seconds: int
    active: bool = False
    severity: Severity = Severity.WARNING
    quiet_buckets: int = 0
    active_buckets: int = 0
    peak: float = 0.0
    records: dict[int, float] = field(default_factory=dict)
    since_surge: int = 1 << 30  # buckets since the last surge was on

    def novel(self, window: int, strength: float) -> bool:
        """Whether a window's strength clears the bar set by the same window's recent record."""
        return strength >= self.config.novelty_margin * self.records.get(window, 0.0)

    def novel_excess(self, window: int, excess: float) -> bool:
        """Whether a window's excess posts (observed - expected) clear the bar set by the
        record of the same window's recent surges, plus ``novelty_sigmas`` Poisson standard
        deviations of that bar.

        A strength shrinks as a brand's learned burstiness grows, so after a few bursts a
        clearly bigger one in posts can have a smaller strength than the first: this second
        test lets it through. The record is kept under ``-window`` by ``remember``.

        >>> s = SurgeState(SurgeConfig(novelty_margin=1.0, novelty_sigmas=2.0), 60)
        >>> s.remember(-3, 100.0)
        >>> s.novel_excess(3, 110.0), s.novel_excess(3, 125.0)
        (False, True)
        """
        bar = self.config.novelty_margin * self.records.get(-window, 0.0)
        return excess >= bar + self.config.novelty_sigmas * math.sqrt(bar)

    def remember(self, window: int, strength: float) -> None:
        """Decay a window's record by one bucket and keep the new strength if it is higher."""
        decay = 0.5 ** (self.bucket_seconds / (self.config.novelty_half_life_hours * 3600))
        self.records[window] = max(self.records.get(window, 0.0) * decay, strength)

    @property
    def holding_baseline(self) -> bool:
        """Whether the baseline is held (a surge is on and younger than ``max_surge_hours``:
        after that, a level that lasts is the new normal and the baseline learns it)."""
        return self.active and self.active_buckets * self.bucket_seconds < self.config.max_surge_hours * 3600

    def step(self, firing: bool, long: SurgeScore, *, min_posts: int | None = None) -> Transition:
        cfg = self.config
        if firing:
            severity = Severity.CRITICAL if long.ratio >= cfg.critical_ratio else Severity.WARNING
            if self.active and self.severity is Severity.CRITICAL:
                severity = Severity.CRITICAL
            opened = not self.active
            self.active_buckets = 0 if opened else self.active_buckets + 1
            self.active, self.severity, self.quiet_buckets = True, severity, 0
            self.since_surge = 0
            self.peak = max(self.peak, long.observed)
            return Transition.OPENED if opened else Transition.ONGOING
        if not self.active:
            self.since_surge += 1
            return Transition.NONE
        self.since_surge = 0
        self.active_buckets += 1
        if long.ratio <= cfg.resolve_ratio or long.observed < (min_posts or cfg.min_posts):
            self.quiet_buckets += 1
        else:
            self.quiet_buckets = 0
            return Transition.ONGOING
        if self.quiet_buckets * self.bucket_seconds >= cfg.resolve_minutes * 60:
            self.active, self.quiet_buckets, self.peak = False, 0, 0.0
            return Transition.RESOLVED
        return Transition.NONE
