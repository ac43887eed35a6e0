"""Surge detection in event time: steady traffic stays quiet, a tenfold rise fires, then resolves."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from monitor.config import SurgeConfig
from monitor.detectors.surge import SurgeDetector, score_window
from monitor.models import Analysis, Kind, Post, Sentiment, Severity, Signal
from tests.conftest import JST, T0


def _analysis(i: int, at: datetime, sentiment: Sentiment, brand: str = "b") -> Analysis:
    post = Post(id=f"x:{i}", created_at=at, text=f"post {i}", platform="x")
    return Analysis(
        post=post,
        normalized=post.text,
        tokens=("障害",),
        brands=(brand,),
        sentiment=sentiment,
        sentiment_score=0.0,
    )


def _run(rates: list[tuple[int, float, float]], seed: int = 1) -> list[Signal]:
    """rates: (minutes, negative posts/min, neutral posts/min) phases, Poisson-like arrivals."""
    rng = random.Random(seed)
    det = SurgeDetector(SurgeConfig(), ["b"])
    signals: list[Signal] = []
    minute, i = 0, 0
    for length, neg, neu in rates:
        for _ in range(length):
            start = T0 + timedelta(minutes=minute)
            for sentiment, rate in ((Sentiment.NEG, neg), (Sentiment.NEU, neu)):
                for _ in range(int(rate) + (rng.random() < rate - int(rate))):
                    at = start + timedelta(seconds=rng.uniform(0, 59))
                    i += 1
                    det.add(_analysis(i, at, sentiment))
            minute += 1
            signals.extend(det.advance(T0 + timedelta(minutes=minute), JST))
    return signals


def test_steady_traffic_raises_nothing() -> None:
    assert _run([(600, 0.4, 2.0)]) == []


def test_tenfold_complaints_fire_within_minutes_and_resolve() -> None:
    signals = _run([(120, 0.5, 2.0), (30, 5.0, 2.0), (90, 0.5, 2.0)])
    neg = [s for s in signals if s.kind is Kind.NEGATIVE_SURGE]
    first = neg[0]
    assert first.active
    assert first.at - (T0 + timedelta(minutes=120)) <= timedelta(minutes=5)
    assert first.metrics["negative_share"] >= SurgeConfig().min_negative_share
    assert not neg[-1].active, "the surge resolves once complaints are back to normal"
    assert neg[-1].at > T0 + timedelta(minutes=150)
    assert not any(s.kind is Kind.POSITIVE_SURGE for s in signals)


def test_a_resolved_surge_reports_its_peak_not_its_last_numbers() -> None:
    signals = _run([(120, 0.5, 2.0), (30, 5.0, 2.0), (90, 0.5, 2.0)])
    neg = [s for s in signals if s.kind is Kind.NEGATIVE_SURGE]
    peak = max(s.metrics["posts"] for s in neg if s.active)
    end = neg[-1]
    assert not end.active and end.metrics["peak_posts"] == peak > end.metrics["posts"]
    assert end.summary.startswith("収束") and f"ピーク {peak}件" in end.summary


def test_big_surge_is_critical() -> None:
    signals = _run([(120, 0.3, 2.0), (20, 15.0, 2.0)])
    assert any(s.severity is Severity.CRITICAL for s in signals if s.active)


def test_busy_but_neutral_hour_is_not_a_negative_surge() -> None:
    signals = _run([(120, 0.3, 2.0), (60, 0.3, 20.0)])
    assert not any(s.kind is Kind.NEGATIVE_SURGE for s in signals)


def test_no_alert_during_warmup() -> None:
    assert _run([(10, 10.0, 1.0)]) == []


def test_late_posts_are_counted_not_lost() -> None:
    det = SurgeDetector(SurgeConfig(), ["b"])
    det.add(_analysis(1, T0 + timedelta(minutes=5), Sentiment.NEG))
    det.advance(T0 + timedelta(minutes=7), JST)
    det.add(_analysis(2, T0 + timedelta(minutes=1), Sentiment.NEG))  # older than the closed buckets
    assert det.late_posts == 1


def test_score_window() -> None:
    assert score_window(0, 0.0).ratio == 0
    assert score_window(30, 3.0).ratio == 10
    assert score_window(30, 3.0).z > score_window(30, 10.0).z
