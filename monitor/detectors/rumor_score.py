"""The cluster-level rumor score: how much a group of related posts looks like a spreading rumor.

Scoring is kept apart from deciding. The score is the product of two parts in [0, 1]:

- ``cue``: the share of the cluster's posts that carry rumor cues (spread requests, hearsay,
  insider and authority sources, fear, corrections, official denials count 1; an enquiry alone
  counts ``enquiry_weight``, since true news draws 本当？ too), times one minus the share of posts
  that speak against a rumor (jokes, quoted old news, posts citing an official source or news,
  posts by the brand's own accounts that do not deny anything).
- ``spread``: breadth, the smaller of spreading posts / ``min_spreading`` and distinct authors /
  ``min_authors`` over the recent window, capped at ``max_breadth`` and divided by it. The score
  is ``cue * spread * max_breadth`` (at most 1): a cluster at its minimum breadth needs strong
  cues, one spreading twice as wide needs half as many: speed and breadth of the spread trade
  against the wording.

It is apart from tone: a calm rumor scores as high as an angry one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClusterCounts:
    """What the score looks at: counts over a cluster's recent posts."""

    posts: int
    spreading: int
    authors: int
    rumor_cued: float  # posts with rumor cues, an enquiry alone weighted
    damped: int  # posts that speak against a rumor


@dataclass(frozen=True, slots=True)
class RumorScore:
    """A cluster's score and its two parts."""

    score: float
    cue: float
    spread: float


class RumorScorer:
    """Score a cluster from its counts.

    >>> s = RumorScorer(min_spreading=4, min_authors=4, max_breadth=2.0)
    >>> s.score_one(ClusterCounts(posts=10, spreading=8, authors=9, rumor_cued=8, damped=0)).score
    1.0
    >>> s.score_one(ClusterCounts(posts=10, spreading=8, authors=9, rumor_cued=8, damped=5)).score
    0.8
    >>> s.score_one(ClusterCounts(posts=4, spreading=4, authors=4, rumor_cued=4, damped=0)).score
    1.0
    >>> s.score_one(ClusterCounts(posts=4, spreading=4, authors=4, rumor_cued=2, damped=0)).score
    0.5
    """

    def __init__(self, *, min_spreading: int = 8, min_authors: int = 6, max_breadth: float = 1.0) -> None:
        if min_spreading < 1 or min_authors < 1 or max_breadth < 1:
            raise ValueError("min_spreading and min_authors must be positive, max_breadth at least 1")
        self.max_breadth = max_breadth
        self.min_spreading = min_spreading
        self.min_authors = min_authors

    def score_one(self, c: ClusterCounts) -> RumorScore:
        if c.posts <= 0:
            return RumorScore(0.0, 0.0, 0.0)
        cue = min(1.0, c.rumor_cued / c.posts) * (1.0 - min(1.0, c.damped / c.posts))
        breadth = min(c.spreading / self.min_spreading, c.authors / self.min_authors)
        spread = min(self.max_breadth, breadth) / self.max_breadth
        return RumorScore(
            round(min(1.0, cue * spread * self.max_breadth), 4), round(cue, 4), round(spread, 4)
        )
