"""Topic bursts: a few people complaining with a word the brand rarely hears open a negative surge
sooner than the count rule can, and only then (one author, praise, everyday words do not)."""

from __future__ import annotations

import pickle
import random
from datetime import datetime, timedelta

import pytest

from monitor.config import SurgeConfig
from monitor.detectors.surge import SurgeDetector
from monitor.detectors.topics import TopicCounts, poisson_tail_score
from monitor.models import Analysis, Kind, Post, Sentiment, Signal
from tests.conftest import JST, T0

EVERYDAY = (
    "新作 店舗 期間 限定 季節 朝食 夕方 週末 駅前 家族 友達 値段 注文 配達 味噌 醤油 休日 新宿 渋谷 感想"
).split()
QUIET_MINUTES = 2 * 24 * 60


def _post(i: int, at: datetime, words: tuple[str, ...], sentiment: Sentiment, author: str) -> Analysis:
    post = Post(id=f"x:{i}", created_at=at, text=" ".join(words), platform="x", author=author)
    return Analysis(
        post=post,
        normalized=post.text,
        tokens=("ブランド", *words),
        brands=("b",),
        sentiment=sentiment,
        sentiment_score=0.0,
    )


def _run(
    burst: list[tuple[int, tuple[str, ...], Sentiment, str]], cfg: SurgeConfig | None = None, seed: int = 1
) -> list[Signal]:
    """Two quiet days (0.3 posts/min, everyday words, 10 % negative), then the ``burst`` posts
    (minute after the quiet days, words, sentiment, author) on top of the same background."""
    rng = random.Random(seed)
    det = SurgeDetector(cfg or SurgeConfig(), ["b"])
    extra: dict[int, list[tuple[tuple[str, ...], Sentiment, str]]] = {}
    for minute, words, sentiment, author in burst:
        extra.setdefault(QUIET_MINUTES + minute, []).append((words, sentiment, author))
    signals: list[Signal] = []
    i = 0
    for minute in range(QUIET_MINUTES + 30):
        start = T0 + timedelta(minutes=minute)
        todo = [
            (tuple(rng.sample(EVERYDAY, 3)), Sentiment.NEG if rng.random() < 0.1 else Sentiment.NEU, f"u{i}")
            for _ in range(rng.random() < 0.3)
        ]
        for words, sentiment, author in todo + extra.get(minute, []):
            i += 1
            det.add(_post(i, start + timedelta(seconds=rng.uniform(0, 59)), words, sentiment, author))
        signals.extend(det.advance(start + timedelta(minutes=1), JST))
    return [s for s in signals if s.at > T0 + timedelta(minutes=QUIET_MINUTES)]


def _complaints(
    word: str, authors: list[str], sentiment: Sentiment = Sentiment.NEG
) -> list[tuple[int, tuple[str, ...], Sentiment, str]]:
    return [(k // 2, (word, EVERYDAY[k]), sentiment, a) for k, a in enumerate(authors)]


FOUR = ["a1", "a2", "a3", "a4"]


def test_four_people_complaining_with_a_rare_word_open_a_negative_surge_at_once() -> None:
    signals = _run(_complaints("障害", FOUR))
    opened = [s for s in signals if s.kind is Kind.NEGATIVE_SURGE and s.active]
    assert opened, "four complaints with a word the brand never hears are a surge"
    first = opened[0]
    assert first.at <= T0 + timedelta(minutes=QUIET_MINUTES + 3)
    assert first.metrics["topic"] == "障害" and first.metrics["topic_authors"] == 4
    assert first.summary.startswith("「障害」と書く人 4人")
    # Without the topic rule the same four posts stay under the count rule's minimum.
    assert not [s for s in _run(_complaints("障害", FOUR), SurgeConfig(topic_window_minutes=0)) if s.active]


@pytest.mark.parametrize(
    "burst",
    [
        _complaints("障害", ["a1", "a1", "a1", "a1"]),  # one person, four posts
        _complaints("障害", FOUR, Sentiment.POS),  # four people pleased about something new
        _complaints("障害", FOUR[:3]),  # three people
        _complaints("週末", FOUR),  # a word the brand hears every day
    ],
    ids=["one-author", "positive", "three-authors", "everyday-word"],
)
def test_what_is_not_a_topic_burst(burst: list[tuple[int, tuple[str, ...], Sentiment, str]]) -> None:
    assert not [s for s in _run(burst) if s.kind is Kind.NEGATIVE_SURGE and s.active]


def test_a_louder_happy_word_does_not_hide_an_angry_one() -> None:
    # five people pleased about something new and four complaining about something else, at once:
    # the complaint is the surge, though the happy word is the more surprising one
    happy = [(k // 3, ("新発売", EVERYDAY[k]), Sentiment.POS, f"p{k}") for k in range(5)]
    opened = [s for s in _run(happy + _complaints("障害", FOUR)) if s.active]
    assert opened and opened[0].metrics["topic"] == "障害"


def test_reposts_are_not_more_people() -> None:
    det = SurgeDetector(SurgeConfig(), ["b"])
    original = _post(0, T0, ("障害",), Sentiment.NEG, "a0")
    det.add(original)
    for k in range(1, 6):  # five reposts of the one complaint, by five other people
        repost = Post(id=f"x:{k}", created_at=T0, text="", platform="x", author=f"a{k}", repost_of="x:0")
        det.add(Analysis(repost, "", original.tokens, ("b",), Sentiment.NEG, 0.0))
    det.advance(T0 + timedelta(minutes=1), JST)
    topics = det.states["b"].topics
    assert topics is not None
    (burst,) = [b for b in topics.bursts(min_authors=1) if b.word == "障害"]
    assert burst.authors == 1 and burst.negative == 1, "one complaint passed on is one person's"
    assert det.states["b"].buckets == {} and det.states["b"].series["neg"].window(1)[0] == 6


def test_words_learned_while_a_surge_is_held_are_not_learned() -> None:
    held = TopicCounts(window_buckets=1, half_life_buckets=1e6)
    learned = TopicCounts(window_buckets=1, half_life_buckets=1e6)
    for t in (held, learned):
        for minute in range(3):
            t.add(minute, author=f"u{minute}", tokens=["障害"], negative=True)
    for minute in range(3):
        held.close(minute, learn=False)
        learned.close(minute, learn=True)
    assert held.share("障害") == held.share("未知") < learned.share("障害")


def test_forgotten_words_are_swept_so_memory_stays_bounded() -> None:
    t = TopicCounts(window_buckets=1, half_life_buckets=10)
    for minute in range(2000):
        t.add(minute, author="u", tokens=[f"単語{minute}"], negative=False)
        t.close(minute, learn=True)
    assert len(t.learned) < 100


def test_topic_counts_pickle_and_score_like_poisson() -> None:
    t = TopicCounts(window_buckets=3, half_life_buckets=100)
    t.add(0, author="a", tokens=["障害", "エラー"], negative=True)
    t.close(0, learn=True)
    again = pickle.loads(pickle.dumps(t))
    assert again.bursts(1) == t.bursts(1) and len(t.bursts(1)) == 2
    assert poisson_tail_score(4, 0.001) > poisson_tail_score(4, 0.1) > poisson_tail_score(3, 0.1)
    assert poisson_tail_score(1000, 0.5) < float("inf")


def test_everyday_words_are_not_scored() -> None:
    # 新作 is in every post of the brand; four of eight posts in the window is fewer than usual
    t = TopicCounts(window_buckets=1, half_life_buckets=1e9)
    for minute in range(40):
        t.add(minute, author=f"u{minute}", tokens=["新作", "店舗"], negative=False)
        t.close(minute, learn=True)
    for k in range(8):
        t.add(40, author=f"v{k}", tokens=["新作", "障害"] if k < 4 else ["値段"], negative=True)
    t.close(40, learn=True)
    assert {b.word for b in t.bursts(min_authors=4)} == {"障害", "値段"}
    assert t.burst_of("新作").authors == 4  # still counted when asked for
