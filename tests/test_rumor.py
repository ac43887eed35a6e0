"""Known-claim rumor tracking: opens after enough spreading posts, counts stances, resolves."""

from __future__ import annotations

from datetime import timedelta

from monitor.config import RumorConfig
from monitor.detectors.rumor import RumorTracker
from monitor.models import Analysis, ClaimMatch, Kind, Post, Sentiment
from tests.conftest import T0


def _claim_post(i: int, minute: float, stance: str, repost_of: str | None = None) -> Analysis:
    post = Post(
        id=f"x:{i}",
        created_at=T0 + timedelta(minutes=minute),
        text="全店閉店らしい",
        author=f"u{i}",
        repost_of=repost_of,
        metrics={"reposts": i},
    )
    return Analysis(
        post=post,
        normalized=post.text,
        tokens=(),
        brands=("hoshizora-burger",),
        sentiment=Sentiment.NEU,
        sentiment_score=0.0,
        claims=(ClaimMatch("hoshizora-closing", 0.8, stance),),
    )


def test_rumor_opens_at_min_posts_with_claim_and_counts() -> None:
    tracker = RumorTracker(RumorConfig(min_posts=5))
    signals = []
    stances = ["spreading", "enquiring", "spreading", "correcting", "spreading", "spreading", "spreading"]
    for i, stance in enumerate(stances):
        signals += tracker.add(_claim_post(i, i, stance))
    assert len(signals) == 1, "opens on the fifth spreading post, not before"
    sig = signals[0]
    assert sig.kind is Kind.RUMOR and sig.claim_id == "hoshizora-closing" and sig.active
    assert sig.metrics["spreading"] == 5 and sig.metrics["enquiring"] == 1 and sig.metrics["correcting"] == 1
    assert sig.metrics["distinct_authors"] == 7
    assert sig.evidence[0].id == "x:6", "the most reposted spreading post leads the evidence"


def test_rumor_resolves_after_quiet_period() -> None:
    tracker = RumorTracker(RumorConfig(min_posts=2, resolve_minutes=30))
    for i in range(3):
        tracker.add(_claim_post(i, i, "spreading"))
    assert tracker.advance(T0 + timedelta(minutes=20)) == []
    resolved = tracker.advance(T0 + timedelta(minutes=40))
    assert len(resolved) == 1 and not resolved[0].active
    assert tracker.tracks == {}


def test_posts_without_claims_do_nothing() -> None:
    tracker = RumorTracker(RumorConfig())
    a = _claim_post(1, 0, "spreading")
    plain = Analysis(
        post=a.post, normalized="", tokens=(), brands=a.brands, sentiment=Sentiment.NEU, sentiment_score=0.0
    )
    assert tracker.add(plain) == [] and tracker.tracks == {}
