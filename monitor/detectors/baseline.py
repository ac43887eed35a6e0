"""A seasonal baseline for a count series: level x hour-of-day x day-of-week, with dispersion.

The expected count of a bucket is ``level * hour[h] * weekday[d]`` (multiplicative
Holt-Winters without a trend term: the level is an exponentially weighted mean of the
deseasonalised counts, so it follows gradual growth). Each factor is its own exponentially
weighted mean with a half-life in days, warm-started as a mean shrunk towards 1. The spread around the
expectation is a negative-binomial-like variance ``mu + phi * mu**2`` with ``phi`` learned
online. Every update is a handful of arithmetic operations: constant cost per bucket.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

_DAY = 86_400.0


def _alpha(half_life_updates: float) -> float:
    """Smoothing factor of an exponentially weighted mean with the given half-life."""
    return 1.0 - math.pow(0.5, 1.0 / max(half_life_updates, 1e-9))


@dataclass
class SeasonalBaseline:
    """Expected count per bucket, learned one bucket at a time.

    ``bucket_seconds`` is the counting step; the half-lives are in minutes (level) and days
    (hour-of-day and day-of-week factors, dispersion).

    >>> from datetime import datetime, timedelta, timezone
    >>> b = SeasonalBaseline(bucket_seconds=3600)
    >>> t0 = datetime(2026, 11, 2, tzinfo=timezone.utc)
    >>> for i in range(24 * 21):  # three weeks: busy days (10 per hour), quiet nights (2)
    ...     at = t0 + timedelta(hours=i)
    ...     b.learn_one(10.0 if 8 <= at.hour < 20 else 2.0, at)
    >>> day, night = b.expected(t0.replace(hour=12)), b.expected(t0.replace(hour=2))
    >>> abs(day - 10) < 1, abs(night - 2) < 0.3
    (True, True)
    """

    bucket_seconds: int
    level_half_life_minutes: float = 720.0
    hour_half_life_days: float = 3.0
    weekday_half_life_days: float = 14.0
    dispersion_half_life_days: float = 3.0
    min_dispersion: float = 0.02
    max_dispersion: float = 4.0
    level: float = 0.0
    hour: list[float] = field(default_factory=lambda: [1.0] * 24)
    weekday: list[float] = field(default_factory=lambda: [1.0] * 7)
    dispersion: float = 0.25
    updates: int = 0
    _hour_n: list[int] = field(default_factory=lambda: [0] * 24)
    _weekday_n: list[int] = field(default_factory=lambda: [0] * 7)

    def __post_init__(self) -> None:
        per_day = _DAY / self.bucket_seconds
        self._a_level = _alpha(self.level_half_life_minutes * 60 / self.bucket_seconds)
        # Until the daily profile has been seen once, the level follows the day itself.
        self._a_first_day = _alpha(min(self.level_half_life_minutes, 180.0) * 60 / self.bucket_seconds)
        self._per_day = per_day
        self._a_hour = _alpha(self.hour_half_life_days * per_day / 24)  # slot updates per day
        self._a_weekday = _alpha(self.weekday_half_life_days * per_day / 7)
        self._a_disp = _alpha(self.dispersion_half_life_days * per_day)
        # A factor starts as a mean shrunk towards 1 with the weight of one day of its slot.
        self._hour_prior = per_day / 24
        self._weekday_prior = per_day

    def expected(self, at: datetime) -> float:
        """Expected count of the bucket starting at ``at`` (local time decides the slot)."""
        return self.level * self.hour[at.hour] * self.weekday[at.weekday()]

    def variance(self, mean: float) -> float:
        """Variance of a count (or of a window sum) whose expectation is ``mean``."""
        return mean + self.dispersion * mean * mean

    def learn_one(self, count: float, at: datetime, *, clip_sigmas: float = 3.0) -> None:
        """Learn one closed bucket. Counts far above the expectation are clipped first, so a
        spike moves the baseline only a little (and a surge that lasts moves it gradually)."""
        h, d = at.hour, at.weekday()
        mu = self.expected(at)
        if self.updates >= 10 and mu > 0:
            count = min(count, mu + clip_sigmas * math.sqrt(self.variance(mu)) + 1.0)
            resid = ((count - mu) ** 2 - mu) / (mu * mu + mu)
            resid = min(max(resid, self.min_dispersion), self.max_dispersion)
            self.dispersion += self._a_disp * (resid - self.dispersion)
        self.updates += 1
        self._hour_n[h] += 1
        self._weekday_n[d] += 1
        hs, ws = self.hour[h], self.weekday[d]
        a = max(self._a_level, 1.0 / self.updates)
        if self.updates < self._per_day:
            a = max(a, self._a_first_day)
        self.level += a * (count / (hs * ws) - self.level)
        if self.level > 0:
            # A factor learns from how far this bucket sits above the other components.
            a_h = max(self._a_hour, 1.0 / (self._hour_n[h] + self._hour_prior))
            self.hour[h] = _bounded(hs + a_h * (count / (self.level * ws) - hs))
            a_w = max(self._a_weekday, 1.0 / (self._weekday_n[d] + self._weekday_prior))
            self.weekday[d] = _bounded(ws + a_w * (count / (self.level * self.hour[h]) - ws))
            self._renormalise()

    def _renormalise(self) -> None:
        # Keep the factors averaging 1 so that the level stays the mean rate.
        mh = sum(self.hour) / 24
        mw = sum(self.weekday) / 7
        if mh > 0 and mw > 0 and (abs(mh - 1) > 0.05 or abs(mw - 1) > 0.05):
            self.hour = [x / mh for x in self.hour]
            self.weekday = [x / mw for x in self.weekday]
            self.level *= mh * mw


def _bounded(factor: float) -> float:
    return min(max(factor, 0.05), 20.0)
