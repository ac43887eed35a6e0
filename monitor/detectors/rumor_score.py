"""The cluster-level rumor score: how much a group of related posts looks like a spreading rumor.

Scoring is kept apart from deciding. The score is the product of two parts in [0, 1]:

- ``cue``: the share of the cluster's posts that carry rumor cues (spread requests, hearsay,
  insider and authority sources, fear, corrections, official denials count 1; an enquiry alone
  counts ``enquiry_weight``, since true news draws 本当？ too), times one minus the share of posts
  that speak against a rumor (jokes, quoted old news, posts citing an official source or news,
  posts by the brand's own accounts that do not deny anything).
- ``spread``: how far the recent spreading posts and distinct authors have gone toward
  ``min_spreading`` and ``min_authors`` (each capped at 1): speed and breadth of the spread.

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

    >>> s = RumorScorer(min_spreading=8, min_authors=6)
    >>> s.score_one(ClusterCounts(posts=10, spreading=8, authors=9, rumor_cued=8, damped=0)).score
    0.8
    >>> s.score_one(ClusterCounts(posts=10, spreading=8, authors=9, rumor_cued=8, damped=5)).score
    0.4
    >>> s.score_one(ClusterCounts(posts=4, spreading=4, authors=4, rumor_cued=4, damped=0)).score
    0.3333
    """

    def __init__(self, *, min_spreading: int = 8, min_authors: int = 6) -> None:
        if min_spreading < 1 or min_authors < 1:
            raise ValueError("min_spreading and min_authors must be positive")
        self.min_spreading = min_spreading
        self.min_authors = min_authors

    def score_one(self, c: ClusterCounts) -> RumorScore:
        if c.posts <= 0:
            return RumorScore(0.0, 0.0, 0.0)
        cue = min(1.0, c.rumor_cued / c.posts) * (1.0 - min(1.0, c.damped / c.posts))
        spread = min(1.0, c.spreading / self.min_spreading) * min(1.0, c.authors / self.min_authors)
        return RumorScore(round(cue * spread, 4), round(cue, 4), round(spread, 4))
