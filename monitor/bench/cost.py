"""Per-post and per-bucket cost of the surge detector, timed on synthetic analyses.

The per-post update is a counter increment per series and one per distinct word of the post (the
topic counts); the evaluation runs once per bucket and brand.
Both are timed with ``time.perf_counter`` over many calls, for 3 and for 30 brands, to show
that neither grows with the number of posts already seen.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.config import SurgeConfig
from monitor.detectors.surge import SurgeDetector
from monitor.models import Analysis, Post, Sentiment


@dataclass(frozen=True, slots=True)
class Cost:
    brands: int
    posts: int
    ns_per_post: float
    ns_per_post_late_half: float
    us_per_bucket_and_brand: float
    words_kept: int = 0  # the most words one brand's topic counts hold at the end


# Words of the synthetic posts: a Zipf-like vocabulary, and one word in five never seen before
# (names, slang, typos), so that the topic counts meet an open vocabulary as on a real stream.
VOCABULARY = tuple(f"語{i}" for i in range(5000))
ZIPF = tuple(1 / (rank + 1) for rank in range(len(VOCABULARY)))
WORDS_PER_POST = 6


def _analyses(n: int, brands: list[str], start: datetime, rng: random.Random) -> list[Analysis]:
    sentiments = (Sentiment.NEG, Sentiment.NEU, Sentiment.POS)
    words = rng.choices(VOCABULARY, ZIPF, k=n * WORDS_PER_POST)
    out = []
    for i in range(n):
        tokens = [
            f"新語{i}" if rng.random() < 0.2 else w
            for w in words[i * WORDS_PER_POST : (i + 1) * WORDS_PER_POST]
        ]
        post = Post(
            id=f"x:{i}",
            created_at=start + timedelta(seconds=i * 0.5),
            text="",
            platform="x",
            author=f"u{rng.randrange(50_000)}",
        )
        out.append(
            Analysis(
                post=post,
                normalized="",
                tokens=tuple(tokens),
                brands=(rng.choice(brands),),
                sentiment=rng.choice(sentiments),
                sentiment_score=0.0,
            )
        )
    return out


def measure(
    config: SurgeConfig, *, posts: int = 200_000, brand_counts: tuple[int, ...] = (3, 30)
) -> list[Cost]:
    """Time ``add`` (per post) and ``advance`` (per bucket) separately."""
    results = []
    start = datetime(2026, 11, 2, tzinfo=UTC)
    for n_brands in brand_counts:
        brands = [f"b{i}" for i in range(n_brands)]
        det = SurgeDetector(config, brands)
        items = _analyses(posts, brands, start, random.Random(1))
        half = posts // 2
        add_ns = [0, 0]
        adv_ns = 0
        buckets = 0
        step = max(1, posts // 2000)
        for j in range(0, posts, step):
            chunk = items[j : j + step]
            t0 = time.perf_counter_ns()
            for a in chunk:
                det.add(a)
            add_ns[j >= half] += time.perf_counter_ns() - t0
            before = det.next_bucket or 0
            t1 = time.perf_counter_ns()
            det.advance(chunk[-1].post.created_at, UTC)
            adv_ns += time.perf_counter_ns() - t1
            buckets += (det.next_bucket or 0) - before
        results.append(
            Cost(
                brands=n_brands,
                posts=posts,
                ns_per_post=sum(add_ns) / posts,
                ns_per_post_late_half=add_ns[1] / (posts - half),
                us_per_bucket_and_brand=adv_ns / 1000 / max(buckets * n_brands, 1),
                words_kept=max((len(b.topics.learned) for b in det.states.values() if b.topics), default=0),
            )
        )
    return results


def format_cost(costs: list[Cost]) -> str:
    lines = ["brands  posts    ns/post (all)  ns/post (2nd half)  us/bucket/brand  words kept/brand"]
    for c in costs:
        lines.append(
            f"{c.brands:6} {c.posts:7} {c.ns_per_post:14.0f} {c.ns_per_post_late_half:19.0f} "
            f"{c.us_per_bucket_and_brand:16.1f} {c.words_kept:17}"
        )
    return "\n".join(lines)
