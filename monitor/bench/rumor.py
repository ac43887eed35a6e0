"""Measure the rumor tracker's cost per post with many live clusters, and its memory on a long stream.

The stream is synthetic and deterministic: posts of a few brands, each a random pick of content
words (so that most posts seed a cluster of their own and live clusters pile up, the worst case
for the index), a share of them with rumor cues, near-copies and reposts. Only the stateful half
is timed (``RumorTracker.add`` and ``advance``): the per-post analysis is pure and runs in
parallel workers. Memory is traced with ``tracemalloc`` at checkpoints of stream time: bounded
memory shows as a plateau once clusters start to expire.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from monitor.config import BrandConfig, RumorConfig
from monitor.detectors.cues import find_cues
from monitor.detectors.rumor import RumorTracker
from monitor.models import Analysis, Post, Sentiment

_KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
_KANJI = "店品券駅話料金報道内外新旧客席便味米肉油火電車線町市県国社員作業値上下期限"
_CUES = ("らしい", "拡散希望", "って本当?", "デマだよ", "って聞いた", "", "", "", "", "")


@dataclass
class Checkpoint:
    stream_hours: float
    posts: int
    live_clusters: int
    postings: int
    linked_ids: int
    traced_mib: float
    us_per_post: float


def _vocab(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        k = rng.randint(2, 4)
        pool = _KANJI if rng.random() < 0.5 else _KANA
        words.add("".join(rng.choice(pool) for _ in range(k)))
    return sorted(words)


def bench(
    *,
    hours: float = 48.0,
    posts_per_minute: float = 200.0,
    brands: int = 5,
    seed: int = 7,
    checkpoint_hours: float = 6.0,
    config: RumorConfig | None = None,
    trace_memory: bool = False,
) -> list[Checkpoint]:
    """Feed a synthetic stream to a RumorTracker; return cost (and memory) at checkpoints.

    Tracing memory slows every allocation down, so time and memory are best measured in two runs.
    """
    rng = random.Random(seed)
    cfg = config or RumorConfig()
    brand_cfgs = [
        BrandConfig(id=f"b{i}", name=f"ブランド{i}号", keywords=[f"ブランド{i}号"]) for i in range(brands)
    ]
    tracker = RumorTracker(cfg, brands=brand_cfgs)
    vocab = _vocab(rng, 20_000)
    start = datetime(2026, 11, 1, tzinfo=timezone(timedelta(hours=9)))
    step = timedelta(minutes=1 / posts_per_minute)
    total = int(hours * 60 * posts_per_minute)
    every = int(checkpoint_hours * 60 * posts_per_minute)
    recent: list[Post] = []
    out: list[Checkpoint] = []
    if trace_memory:
        tracemalloc.start()
    spent = 0.0
    since = 0
    for i in range(total):
        at = start + step * i
        brand = f"b{rng.randrange(brands)}"
        r = rng.random()
        if recent and r < 0.1:
            src = rng.choice(recent)
            post = Post(
                id=f"p{i}", created_at=at, text=src.text, author=f"u{rng.randrange(10**6)}", repost_of=src.id
            )
        elif recent and r < 0.2:
            src = rng.choice(recent)
            post = Post(id=f"p{i}", created_at=at, text=src.text + "!", author=f"u{rng.randrange(10**6)}")
        else:
            words = "、".join(rng.sample(vocab, rng.randint(2, 4)))
            text = f"ブランド{brand[1:]}号の{words}{rng.choice(_CUES)}"
            post = Post(id=f"p{i}", created_at=at, text=text, author=f"u{rng.randrange(10**6)}")
        if len(recent) < 500:
            recent.append(post)
        else:
            recent[rng.randrange(500)] = post
        analysis = Analysis(
            post=post,
            normalized=post.text,
            tokens=(),
            brands=(brand,),
            sentiment=Sentiment.NEU,
            sentiment_score=0.0,
            cues=find_cues(post.text),
        )
        t0 = time.perf_counter()
        tracker.add(analysis)
        tracker.advance(at)
        spent += time.perf_counter() - t0
        since += 1
        if (i + 1) % every == 0 or i + 1 == total:
            current = tracemalloc.get_traced_memory()[0] if trace_memory else 0
            out.append(
                Checkpoint(
                    stream_hours=round((i + 1) / posts_per_minute / 60, 2),
                    posts=i + 1,
                    live_clusters=len(tracker.tracks),
                    postings=tracker.index.postings,
                    linked_ids=tracker.linked_posts,
                    traced_mib=round(current / 2**20, 1),
                    us_per_post=round(spent / since * 1e6, 1),
                )
            )
            spent, since = 0.0, 0
    if trace_memory:
        tracemalloc.stop()
    return out


def bench_both(**kwargs: object) -> list[Checkpoint]:
    """Cost from an untraced run, memory from a traced run of the same stream."""
    timed = bench(**kwargs)  # type: ignore[arg-type]
    traced = bench(trace_memory=True, **kwargs)  # type: ignore[arg-type]
    return [
        Checkpoint(
            t.stream_hours, t.posts, t.live_clusters, t.postings, t.linked_ids, m.traced_mib, t.us_per_post
        )
        for t, m in zip(timed, traced, strict=True)
    ]


def format_checkpoints(points: list[Checkpoint]) -> str:
    head = "stream_h      posts  live_clusters   postings  linked_ids  traced_MiB  us/post(tracker)"
    rows = [
        f"{p.stream_hours:8.1f} {p.posts:10d} {p.live_clusters:14d} {p.postings:10d} {p.linked_ids:11d}"
        f" {p.traced_mib:11.1f} {p.us_per_post:17.1f}"
        for p in points
    ]
    return "\n".join([head, *rows])
