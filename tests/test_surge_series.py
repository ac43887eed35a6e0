"""Seasonal baseline, count-series scoring and score-series: the same detector as the pipeline."""

from __future__ import annotations

import csv
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import main
from monitor.config import SurgeConfig
from monitor.detectors.baseline import SeasonalBaseline
from monitor.detectors.series import Transition
from monitor.detectors.surge import SurgeDetector
from monitor.models import Kind, Severity, Signal
from monitor.score_series import anomaly_score, read_series, score_rows

T0 = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
STEP = 300


def _diurnal(t: datetime) -> float:
    """Quiet nights, busy evenings (peak three times the midday level)."""
    return 1.0 + 0.8 * math.sin((t.hour - 9) / 24 * 2 * math.pi) + (2.0 if 19 <= t.hour < 23 else 0.0)


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method is fine for the small rates used here; normal approximation above.
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _series(days: float, rate, seed: int = 3) -> list[tuple[datetime, int]]:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    n = int(days * 86400 / STEP)
    return [
        (T0 + timedelta(seconds=i * STEP), _poisson(rng, rate(i, T0 + timedelta(seconds=i * STEP))))
        for i in range(n)
    ]


def _feed(rows: list[tuple[datetime, int]], neg_share: float = 1.0, pos: bool = False) -> list[Signal]:
    cfg = SurgeConfig(bucket_seconds=STEP)
    det = SurgeDetector(cfg, ["b"])
    out: list[Signal] = []
    for at, count in rows:
        neg = round(count * neg_share)
        if pos:
            det.add_counts("b", at, total=count, pos=neg)
        else:
            det.add_counts("b", at, total=count, neg=neg)
        out.extend(det.advance(at + timedelta(seconds=STEP), UTC))
    return out


def _opened(signals: list[Signal], kind: Kind) -> list[Signal]:
    opened, active = [], False
    for s in signals:
        if s.kind is not kind:
            continue
        if s.active and not active:
            opened.append(s)
        active = s.active
    return opened


def test_baseline_learns_the_daily_profile_and_growth() -> None:
    b = SeasonalBaseline(bucket_seconds=STEP)
    rows = _series(14, lambda i, t: 20 * _diurnal(t) * (1 + i / (14 * 288)))  # doubles in two weeks
    for at, count in rows:
        b.learn_one(count, at)
    last = rows[-1][0] + timedelta(seconds=STEP)
    evening, night = last.replace(hour=20), last.replace(hour=4)
    assert b.expected(evening) > 2.5 * b.expected(night)
    truth = 20 * _diurnal(evening) * 2
    assert abs(b.expected(evening) - truth) / truth < 0.25, "the level follows the growth"


def test_busy_evenings_and_growth_raise_nothing() -> None:
    rows = _series(10, lambda i, t: 5 * _diurnal(t) * (1 + i / (10 * 288)))
    signals = _feed(rows)
    late = [s for s in signals if s.active and s.at > T0 + timedelta(days=2)]
    assert late == []


def test_tenfold_spike_opens_once_and_resolves() -> None:
    spike = range(4 * 288 + 100, 4 * 288 + 112)
    rows = _series(5, lambda i, t: 4 * _diurnal(t) * (10 if i in spike else 1))
    neg = [s for s in _feed(rows) if s.kind is Kind.NEGATIVE_SURGE]
    opened = _opened(neg, Kind.NEGATIVE_SURGE)
    start = T0 + timedelta(seconds=spike.start * STEP)
    assert len(opened) == 1 and start <= opened[0].at <= start + timedelta(minutes=10)
    assert not neg[-1].active and neg[-1].at > start


def test_positive_surge_is_not_a_negative_one() -> None:
    spike = range(3 * 288 + 150, 3 * 288 + 160)
    rows = _series(4, lambda i, t: 6 * _diurnal(t) * (12 if i in spike else 1))
    signals = _feed(rows, neg_share=0.6, pos=True)
    assert _opened(signals, Kind.POSITIVE_SURGE)
    assert not _opened(signals, Kind.NEGATIVE_SURGE)
    assert any(s.severity is Severity.CRITICAL for s in signals)


def test_recurring_bursts_of_the_same_size_alert_once() -> None:
    bursts = {d * 288 + 200 + k for d in range(3, 8) for k in range(4)}
    rows = _series(8, lambda i, t: 3 * _diurnal(t) * (15 if i in bursts else 1))
    opened = [s for s in _opened(_feed(rows), Kind.NEGATIVE_SURGE) if s.at > T0 + timedelta(days=2)]
    assert [s.at.date() for s in opened] == [(T0 + timedelta(days=3)).date()]


def test_a_clearly_bigger_burst_after_recurring_ones_alerts_again() -> None:
    # Bursts of the same size every day teach the brand that they are routine (and raise its
    # learned burstiness, so a later burst's strength is smaller); a burst with a third more
    # posts is clearly bigger than the record in posts and opens a new surge.
    small = {d * 288 + 200 + k for d in range(3, 6) for k in range(4)}
    big = {6 * 288 + 200 + k for k in range(4)}
    rows = _series(7, lambda i, t: 3 * _diurnal(t) * (20 if i in big else 15 if i in small else 1))
    opened = [s for s in _opened(_feed(rows), Kind.NEGATIVE_SURGE) if s.at > T0 + timedelta(days=2)]
    days = [(s.at - T0).days for s in opened]
    assert days == [3, 6]


def test_anomaly_score_threshold_is_the_alert() -> None:
    assert anomaly_score(Transition.OPENED, 1.0) >= 0.5
    assert anomaly_score(Transition.ONGOING, 50.0) < 0.5
    assert anomaly_score(Transition.NONE, 0.99) < 0.5
    assert 0.0 <= anomaly_score(Transition.NONE, -3.0) <= anomaly_score(Transition.OPENED, 1e9) <= 1.0


def _write_csv(path: Path, rows: list[tuple[datetime, int]], broken: int | None = None) -> None:
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "value"])
        for i, (at, v) in enumerate(rows):
            w.writerow([at.strftime("%Y-%m-%d %H:%M:%S"), "n/a" if i == broken else v])


def test_score_series_marks_exactly_the_live_alerts(tmp_path: Path) -> None:
    spike = range(3 * 288 + 40, 3 * 288 + 50)
    rows = _series(4, lambda i, t: 5 * _diurnal(t) * (10 if i in spike else 1))
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(src, rows)
    result = CliRunner().invoke(main, ["score-series", str(src), "--out", str(dest)])
    assert result.exit_code == 0, result.output
    with dest.open() as fh:
        scored = list(csv.DictReader(fh))
    assert len(scored) == len(rows)
    flagged = [
        datetime.strptime(r["timestamp"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        for r in scored
        if float(r["anomaly_score"]) >= 0.5
    ]
    assert all(0.0 <= float(r["anomaly_score"]) <= 1.0 for r in scored)
    live = _opened(_feed(rows), Kind.NEGATIVE_SURGE)
    assert flagged and [s.at - timedelta(seconds=STEP) for s in live] == flagged


def test_score_series_keeps_unreadable_rows(tmp_path: Path) -> None:
    rows = _series(1, lambda i, t: 5.0)
    src = tmp_path / "in.csv"
    _write_csv(src, rows, broken=10)
    result = score_rows(read_series(src), SurgeConfig())
    assert result.bad_rows == 1 and len(result.rows) == len(rows)
    assert result.rows[10] == (rows[10][0].strftime("%Y-%m-%d %H:%M:%S"), "n/a", 0.0)
    assert result.bucket_seconds == STEP


def test_score_series_rejects_a_file_without_columns(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("a,b\n1,2\n")
    result = CliRunner().invoke(main, ["score-series", str(src), "--out", str(tmp_path / "o.csv")])
    assert result.exit_code == 1 and "timestamp,value" in result.output


def test_a_rise_that_lasts_hours_opens_on_the_slow_window() -> None:
    # A 30x spike on day 3 raises the short windows' bar; on day 4 the rate climbs to five
    # times normal for six hours: only the slow window, with its own record, sees it.
    spike = {3 * 288 + 100, 3 * 288 + 101}

    def rate(i: int, t: datetime) -> float:
        x = i - (4 * 288 + 120)
        rise = 1 + 4 * min(max(x / 12, 0), 1) if 0 <= x < 72 else 1
        return 6 * _diurnal(t) * (30 if i in spike else rise)

    rows = _series(5, rate)
    day4 = (T0 + timedelta(days=4, hours=10), T0 + timedelta(days=4, hours=16))

    def opened(cfg: SurgeConfig) -> list[datetime]:
        det = SurgeDetector(cfg, ["b"])
        out: list[Signal] = []
        for at, count in rows:
            det.add_counts("b", at, total=count, neg=count)
            out.extend(det.advance(at + timedelta(seconds=STEP), UTC))
        return [s.at for s in _opened(out, Kind.NEGATIVE_SURGE) if day4[0] <= s.at <= day4[1]]

    assert len(opened(SurgeConfig(bucket_seconds=STEP))) == 1
    assert opened(SurgeConfig(bucket_seconds=STEP, slow_window_minutes=0)) == []


def test_the_baseline_is_held_during_a_surge() -> None:
    spike = range(4 * 288 + 100, 4 * 288 + 112)
    rows = _series(5, lambda i, t: 4 * _diurnal(t) * (30 if i in spike else 1))
    cfg = SurgeConfig(bucket_seconds=STEP)
    det = SurgeDetector(cfg, ["b"])
    level_before = 0.0
    for i, (at, count) in enumerate(rows):
        det.add_counts("b", at, total=count, neg=count)
        det.advance(at + timedelta(seconds=STEP), UTC)
        if i == spike.start - 1:
            level_before = det.states["b"].series["neg"].baseline.level
        if i == spike.stop:
            assert det.states["b"].states[Kind.NEGATIVE_SURGE].active
            assert det.states["b"].series["neg"].baseline.level < 1.05 * level_before


def test_positive_surges_need_more_posts_than_negative_ones() -> None:
    cfg = SurgeConfig()
    assert cfg.min_positive_posts > 10 > cfg.min_posts
    spike = (3 * 288 + 150, 3 * 288 + 151)
    # One post every other bucket, then ten posts in ten minutes.
    rows = [(T0 + timedelta(seconds=i * STEP), 5 if i in spike else i % 2) for i in range(4 * 288)]
    assert _opened(_feed(rows), Kind.NEGATIVE_SURGE)
    assert not _opened(_feed(rows, pos=True), Kind.POSITIVE_SURGE)


def test_a_lasting_new_level_becomes_normal() -> None:
    shift = 3 * 288 + 100  # from here on, five times the usual rate for good
    rows = _series(8, lambda i, t: 4 * _diurnal(t) * (5 if i >= shift else 1))
    neg = [s for s in _feed(rows) if s.kind is Kind.NEGATIVE_SURGE and s.at > T0 + timedelta(days=1)]
    changes = [s for i, s in enumerate(neg) if i == 0 or s.active != neg[i - 1].active]
    start = T0 + timedelta(seconds=shift * STEP)
    assert [s.active for s in changes] == [True, False], "opens once, resolves, never reopens"
    assert changes[0].at - start <= timedelta(minutes=10)
    assert changes[1].at - start <= timedelta(days=2)


def test_a_surge_still_inside_the_slow_window_does_not_open_again() -> None:
    # A 30-minute burst, then a long, mild aftermath (under resolve_ratio): the surge resolves,
    # and the slow window, which holds the burst for hours, must not report it again.
    start = 3 * 288 + 150

    def rate(i: int, t: datetime) -> float:
        x = i - start
        return 4 * _diurnal(t) * (15 if 0 <= x < 6 else 1.4 if 6 <= x < 60 else 1)

    opened = [
        s.at for s in _opened(_feed(_series(4, rate)), Kind.NEGATIVE_SURGE) if s.at > T0 + timedelta(days=3)
    ]
    burst = T0 + timedelta(seconds=start * STEP)
    assert len(opened) == 1 and burst <= opened[0] <= burst + timedelta(minutes=15)
