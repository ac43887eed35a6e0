"""Known-claim rumor tracking: opens after enough spreading posts, counts stances, resolves."""

from __future__ import annotations

from datetime import timedelta

from monitor.config import RumorConfig
from monitor.detectors.analyzer import Analyzer
from monitor.detectors.rumor import RumorTracker
from monitor.models import Analysis, ClaimMatch, Kind, Post, Sentiment
from tests.conftest import T0, PostFactory


def _claim_post(
    i: int, minute: float, stance: str, repost_of: str | None = None, cues: tuple[str, ...] = ("hearsay",)
) -> Analysis:
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
        cues=frozenset(cues),
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


def test_before_the_brand_is_known_a_claim_opens_only_on_rumor_language() -> None:
    """At a fresh start nothing is known of the brand's everyday words, so a post naming the
    product a claim is about matches it: until ``everyday_min_posts`` ordinary posts have been
    seen, a claim opens only on posts with rumor cues."""
    from monitor.config import BrandConfig, ClaimConfig

    brand = BrandConfig(id="hoshizora-burger", name="ほしぞらバーガー", keywords=["ほしぞらバーガー"])
    claim = ClaimConfig(
        id="hoshizora-closing", brand=brand.id, statement="ほしぞらバーガーが全店閉店", correction="違います"
    )
    ordinary = _claim_post(100, 0, "spreading", cues=())
    ordinary = Analysis(
        post=ordinary.post,
        normalized="ほしぞらバーガーのポテトおいしい",
        tokens=(),
        brands=ordinary.brands,
        sentiment=Sentiment.NEU,
        sentiment_score=0.0,
    )
    for warm, cues, opens in ((0, (), False), (0, ("hearsay",), True), (300, (), True)):
        tracker = RumorTracker(
            RumorConfig(min_posts=5, everyday_min_posts=20), brands=[brand], claims=[claim]
        )
        for _ in range(warm):
            tracker.add(ordinary)
        signals = []
        for i in range(6):
            signals += tracker.add(_claim_post(i, i, "spreading", cues=cues))
        assert bool(signals) is opens, (warm, cues)


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


def _night_bus() -> tuple[Analyzer, RumorTracker]:
    """A bus company with one claim (its night bus crashed), and a tracker that learns the
    brand's everyday words after 50 ordinary posts."""
    from monitor.config import BrandConfig, ClaimConfig, load_config
    from tests.conftest import CONFIG_DIR

    brand = BrandConfig(id="asagiri-bus", name="あさぎりバス", keywords=["あさぎりバス"])
    claim = ClaimConfig(
        id="asagiri-crash",
        brand="asagiri-bus",
        statement="あさぎりバスの夜行バスが横転した",
        examples=["あさぎりバスの夜行バスが高速で横転事故"],
        correction="事実ではありません",
    )
    config = load_config(CONFIG_DIR).model_copy(update={"brands": [brand], "claims": [claim]})
    tracker = RumorTracker(RumorConfig(everyday_min_posts=50), brands=[brand], claims=[claim])
    return Analyzer(config), tracker


def test_a_claim_is_not_carried_by_the_brands_everyday_words(make_post: PostFactory) -> None:
    """A bus company's claim shares 夜行バス with every post about its night buses: once the
    tracker has seen the brand's ordinary posts, praise of the night bus is no spreading of the
    crash claim, and the claim's own words still are."""
    analyzer, tracker = _night_bus()
    ordinary = ["あさぎりバスの夜行バス快適だった", "あさぎりバスのアプリ最高", "明日はあさぎりバスで帰省"]
    signals = []
    for i in range(120):  # two days of ordinary talk, a third of it about the night bus
        signals += tracker.add(analyzer.analyze(make_post(ordinary[i % 3], minutes=i * 20)))
    assert signals == []
    praise = [analyzer.analyze(make_post("あさぎりバスの夜行バス最高", minutes=2400 + i)) for i in range(10)]
    assert all(a.claims for a in praise), "the per-post matcher alone links them to the claim"
    for a in praise:
        signals += tracker.add(a)
    assert [(s.claim_id, s.summary) for s in signals] == [], "only everyday words in common with the claim"
    crash = "あさぎりバスの夜行バスが横転したらしい"
    for i in range(6):
        signals += tracker.add(analyzer.analyze(make_post(crash, minutes=2420 + i)))
    assert signals and {s.claim_id for s in signals} == {"asagiri-crash"} and signals[0].active


def test_an_open_claim_still_learns_the_everyday_words_of_posts_that_allege_nothing(
    make_post: PostFactory,
) -> None:
    """The claim opens on a real rumor before the brand's everyday words are known. Praise of
    the night bus that follows matches the claim per post; it must still teach that 夜行バス is
    everyday, or it keeps the claim open for days (and opens it again each morning)."""
    analyzer, tracker = _night_bus()
    signals = []
    crash = "あさぎりバスの夜行バスが横転したらしい"
    for i in range(6):
        signals += tracker.add(analyzer.analyze(make_post(crash, minutes=i)))
    assert [s.active for s in signals if s.claim_id == "asagiri-crash"][:1] == [True]
    ordinary = ["あさぎりバスの夜行バス快適だった", "あさぎりバスのアプリ最高", "明日はあさぎりバスで帰省"]
    for i in range(144):  # two days of ordinary talk, a third of it about the night bus
        signals += tracker.add(analyzer.analyze(make_post(ordinary[i % 3], minutes=10 + i * 20)))
    signals += tracker.advance(T0 + timedelta(minutes=10 + 144 * 20))
    track = tracker.tracks.get(("asagiri-bus", "asagiri-crash"))
    assert track is None or not track.active, "the praise kept the claim open"
    states = [s.active for s in signals if s.claim_id == "asagiri-crash"]
    openings = sum(1 for before, now in zip([False, *states], states, strict=False) if now and not before)
    assert openings == 1, "opened once, on the rumor, not again on praise"


def test_a_known_claim_opens_on_posts_passing_it_on_and_asking_about_it() -> None:
    """An enquiry counts ``enquiry_weight`` of a spreading post toward ``min_posts``."""
    tracker = RumorTracker(RumorConfig(min_posts=5, enquiry_weight=0.5))
    stances = ["spreading", "enquiring", "spreading", "spreading", "spreading", "enquiring"]
    signals = []
    for i, stance in enumerate(stances):
        signals += tracker.add(_claim_post(i, i, stance))
        if i < len(stances) - 1:
            assert not signals, f"4 spreading and 1 enquiring are not 5 (post {i})"
    assert len(signals) == 1 and signals[0].metrics["spreading"] == 4 and signals[0].metrics["enquiring"] == 2
    quiet = RumorTracker(RumorConfig(min_posts=5, enquiry_weight=0.0))
    assert not [s for i, st in enumerate(stances) for s in quiet.add(_claim_post(i, i, st))]
    # questions alone never open a claim (true news sharing its words draws them too)
    asked = RumorTracker(RumorConfig(min_posts=5, enquiry_weight=0.5))
    assert not [s for i in range(12) for s in asked.add(_claim_post(i, i, "enquiring"))]
