"""Topic bursts: many people suddenly complaining about the same word a brand rarely hears.

A storm of complaints about one thing (an outage: 障害, エラー, 圏外) is coherent: the posts
share a word that is rare in the brand's normal talk. Counting only posts, a tenfold rise on
a quiet hour takes minutes to clear a count rule; a word that normally appears in one post of
a thousand and now appears in four posts by four people within minutes is news much sooner.

Per brand, each content word's share of the brand's posts is learned with a half-life (lazy
exponential decay, so the per-post cost is one counter per distinct word); a bucket's posts
are learned when it closes. The score of a word in the recent window is the Poisson upper
tail ``-log10 P(X >= c)`` of its ``c`` distinct authors (reposts not counted) against
``share x posts in the window``. Scoring is kept apart from deciding: ``bursts`` returns the
window's words by score, the caller applies its rule.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from monitor.detectors.keywords import is_content

__all__ = ["TopicBurst", "TopicCounts", "poisson_tail_score"]

_is_content = functools.lru_cache(maxsize=1 << 16)(is_content)

# A word whose decayed count falls below one post is forgotten (it reads as unseen again, a share
# of 0.5 posts instead of 1.5 at most): the many words an open vocabulary sees once do not pile up.
_FORGET_BELOW = 1.0
# How often (in buckets) forgotten words are swept out.
_SWEEP_EVERY = 60


def poisson_tail_score(count: int, mean: float) -> float:
    """``-log10 P(X >= count)`` for ``X ~ Poisson(mean)``: how surprising ``count`` is.

    >>> round(poisson_tail_score(4, 0.01), 1), round(poisson_tail_score(4, 1.0), 1)
    (9.4, 1.7)
    >>> poisson_tail_score(0, 3.0)
    0.0
    """
    if count <= 0:
        return 0.0
    if mean <= 0:
        return math.inf
    # P(X >= c) = 1 - sum_{i<c} e^-m m^i / i!; for a rare count the first tail term dominates,
    # summed in log space so that tiny tails do not underflow.
    log_terms = [-mean + i * math.log(mean) - math.lgamma(i + 1) for i in range(count, count + 60)]
    top = max(log_terms)
    tail = top + math.log(sum(math.exp(t - top) for t in log_terms))
    return max(-tail / math.log(10), 0.0)


@dataclass(frozen=True, slots=True)
class TopicBurst:
    """The word of a brand's recent posts most out of the ordinary."""

    word: str
    authors: int  # distinct authors of the window's posts with the word (reposts not counted)
    negative: int  # how many of those authors wrote a negative post with it
    expected: float  # authors expected from the word's usual share of the brand's posts
    score: float  # -log10 of the Poisson tail probability


@dataclass
class _Bucket:
    posts: int = 0
    words: dict[str, dict[str, bool]] = field(default_factory=dict)  # word -> author -> negative


@dataclass
class TopicCounts:
    """One brand's word shares and its recent window of posts, by word and author."""

    window_buckets: int
    half_life_buckets: float
    buckets: dict[int, _Bucket] = field(default_factory=dict)
    recent: deque[_Bucket] = field(default_factory=deque)
    in_window: Counter[str] = field(default_factory=Counter)  # word -> (post, author) pairs
    posts_in_window: int = 0
    learned: dict[str, tuple[float, int]] = field(default_factory=dict)  # word -> (count, at bucket)
    learned_posts: tuple[float, int] = (0.0, 0)  # (count, at bucket)
    clock: int = 0  # buckets closed

    def add(self, bucket: int, *, author: str, tokens: Iterable[str], negative: bool) -> None:
        """Count one original post's content words (a dict update per distinct word)."""
        b = self.buckets.get(bucket)
        if b is None:
            b = self.buckets[bucket] = _Bucket()
        b.posts += 1
        for word in set(tokens):
            if _is_content(word):
                authors = b.words.setdefault(word, {})
                authors[author] = authors.get(author, False) or negative

    def close(self, bucket: int, *, learn: bool) -> None:
        """Move a closed bucket into the window; learn the one that leaves it (unless held)."""
        b = self.buckets.pop(bucket, None) or _Bucket()
        self.clock += 1
        self.recent.append(b)
        self.posts_in_window += b.posts
        self.in_window.update({w: len(a) for w, a in b.words.items()})
        if len(self.recent) > self.window_buckets:
            old = self.recent.popleft()
            self.posts_in_window -= old.posts
            for word, authors in old.words.items():
                left = self.in_window[word] - len(authors)
                if left > 0:
                    self.in_window[word] = left
                else:
                    del self.in_window[word]
            if learn:
                self._learn(old)
        if self.clock % _SWEEP_EVERY == 0:
            self._forget()

    def _decay(self, buckets: int) -> float:
        return float(0.5 ** (buckets / self.half_life_buckets))

    def _learn(self, b: _Bucket) -> None:
        self.learned_posts = (self._now(self.learned_posts) + b.posts, self.clock)
        for word, authors in b.words.items():
            self.learned[word] = (
                self._now(self.learned.get(word, (0.0, self.clock))) + len(authors),
                self.clock,
            )

    def _now(self, value: tuple[float, int]) -> float:
        count, at = value
        return count * self._decay(self.clock - at)

    def _forget(self) -> None:
        self.learned = {w: v for w, v in self.learned.items() if self._now(v) >= _FORGET_BELOW}

    def share(self, word: str) -> float:
        """The word's usual share of the brand's posts (half a post's worth when unseen).

        >>> t = TopicCounts(window_buckets=2, half_life_buckets=1e9)
        >>> for minute in range(4):
        ...     t.add(minute, author=f"u{minute}", tokens=["障害" if minute == 0 else "新作"], negative=False)
        ...     t.close(minute, learn=True)
        >>> round(t.share("障害"), 3), round(t.share("新作"), 3), round(t.share("未知"), 3)
        (0.5, 0.5, 0.167)
        """
        seen = self._now(self.learned.get(word, (0.0, self.clock)))
        return (seen + 0.5) / (self._now(self.learned_posts) + 1.0)

    def bursts(self, min_authors: int) -> list[TopicBurst]:
        """The window's words with ``min_authors`` or more authors, most surprising first.

        Words with no more posts in the window than their share predicts are no burst (their tail
        probability is a half or more) and are not scored: the brand's everyday words, which a big
        brand's window holds thousands of authors of, cost a lookup, not a count of authors.
        """
        found = []
        for word, count in self.in_window.items():
            if count < min_authors or count <= (expected := self._expected(word)):
                continue
            burst = self._burst(word, expected)
            if burst.authors >= min_authors:
                found.append(burst)
        return sorted(found, key=lambda b: (-b.score, b.word))

    def burst_of(self, word: str) -> TopicBurst:
        """One word's authors in the window, and how surprising they are."""
        return self._burst(word, self._expected(word))

    def _expected(self, word: str) -> float:
        """Posts with the word the window would hold at its usual share."""
        return self.share(word) * max(self.posts_in_window, 1)

    def _burst(self, word: str, expected: float) -> TopicBurst:
        authors: dict[str, bool] = {}
        for b in self.recent:
            for author, negative in b.words.get(word, {}).items():
                authors[author] = authors.get(author, False) or negative
        score = poisson_tail_score(len(authors), expected)
        return TopicBurst(word, len(authors), sum(authors.values()), expected, score)
