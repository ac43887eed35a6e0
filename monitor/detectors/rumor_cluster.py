"""Online clustering of one brand's posts into near-duplicate and closely related groups.

A post is a set of content features (character bigrams of what it says, without brand names or
cue phrases). It joins the live cluster that holds the largest weighted share of its features,
if that share reaches the threshold and it shares at least ``min_shared`` features with it,
else it seeds a new cluster. Features are weighted by
``1 / (1 + ln(max(df, 1)))`` where df is the number of live clusters of the brand that hold the
feature, so words every post of the brand uses (新作, 店舗) count little and the words of one
story count fully. Candidates come from an inverted index; features held by more than
``max_df`` clusters are not looked up, which bounds the cost per post however many clusters live.
Clusters are removed by the caller when they expire, so memory follows the live clusters only.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterable
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Entry:
    brand: str
    features: set[str] = field(default_factory=set)


class ClusterIndex:
    """Live clusters of every brand, with an inverted index from (brand, feature) to clusters.

    >>> idx = ClusterIndex(threshold=0.5)
    >>> idx.add("c1", "b", {"異物", "物混", "混入", "パテ"})
    >>> idx.nearest("b", {"異物", "物混", "混入", "怖い"})
    ('c1', 0.75)
    >>> idx.nearest("b", {"新作", "美味"})
    (None, 0.0)
    >>> idx.nearest("other-brand", {"異物", "物混", "混入"})
    (None, 0.0)
    """

    def __init__(
        self, *, threshold: float = 0.5, min_shared: int = 3, max_df: int = 64, max_features: int = 256
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        if min_shared < 1 or max_df < 1 or max_features < 1:
            raise ValueError("min_shared, max_df and max_features must be positive")
        self.threshold = threshold
        self.min_shared = min_shared
        self.max_df = max_df
        self.max_features = max_features
        self._entries: dict[str, _Entry] = {}
        self._postings: dict[tuple[str, str], set[str]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, cluster_id: object) -> bool:
        return cluster_id in self._entries

    @property
    def postings(self) -> int:
        """How many (feature, cluster) pairs are indexed: the index's memory, in entries."""
        return sum(len(s) for s in self._postings.values())

    def weight(self, brand: str, feature: str, *, besides: tuple[str, ...] = ()) -> float:
        """A feature's weight: 1 when at most one live cluster holds it, less the more clusters do.

        Clusters named in ``besides`` are not counted: comparing two clusters of one story, the
        words they share weigh by how many *other* clusters use them.

        >>> idx = ClusterIndex()
        >>> idx.add("a", "b", {"解任"}); idx.add("c", "b", {"解任"})
        >>> round(idx.weight("b", "解任"), 3), idx.weight("b", "解任", besides=("a", "c"))
        (0.591, 1.0)
        """
        holders = self._postings.get((brand, feature), ())
        return _df_weight(len(holders) - sum(1 for cid in besides if cid in holders))

    def nearest(
        self, brand: str, features: Iterable[str], *, skip: Container[str] = ()
    ) -> tuple[str | None, float]:
        """The live cluster of ``brand`` holding the largest weighted share of ``features``;
        clusters in ``skip`` are not candidates (their features still weigh in the df).

        Returns ``(None, 0.0)`` when no cluster reaches the threshold.
        """
        # in a fixed order: sums of float weights in a set's hash order differ in the last bit
        # from one process to the next, and a share at the threshold would decide differently
        feats = sorted(set(features))
        if not feats:
            return None, 0.0
        weights = {f: self.weight(brand, f) for f in feats}
        total = sum(weights.values())
        overlap: dict[str, float] = {}
        shared: dict[str, int] = {}
        for f in feats:
            holders = self._postings.get((brand, f))
            if not holders or len(holders) > self.max_df:
                continue
            w = weights[f]
            for cid in holders:
                if cid in skip:
                    continue
                overlap[cid] = overlap.get(cid, 0.0) + w
                shared[cid] = shared.get(cid, 0) + 1
        need = min(self.min_shared, len(feats))
        overlap = {cid: w for cid, w in overlap.items() if shared[cid] >= need}
        if not overlap:
            return None, 0.0
        best = min(overlap, key=lambda cid: (-overlap[cid], cid))
        share = overlap[best] / total
        if share + 1e-9 < self.threshold:
            return None, 0.0
        return best, round(share, 4)

    def related(self, brand: str, features: Iterable[str]) -> dict[str, float]:
        """Every live cluster of ``brand`` sharing features with a post, and the weight shared.

        A shared feature weighs as in ``weight`` with the compared cluster itself not counted: the
        words of one story weigh fully in each of its clusters. Features held by more than
        ``max_df`` clusters are not looked up (the same cost bound as ``nearest``).

        >>> idx = ClusterIndex()
        >>> idx.add("a", "b", {"鉄橋", "亀裂"}); idx.add("c", "b", {"鉄橋", "老朽"})
        >>> {k: round(v, 3) for k, v in sorted(idx.related("b", {"鉄橋", "亀裂", "放置"}).items())}
        {'a': 2.0, 'c': 1.0}
        """
        out: dict[str, float] = {}
        for f in sorted(set(features)):  # a fixed order, as in ``nearest``
            holders = self._postings.get((brand, f))
            if not holders or len(holders) > self.max_df:
                continue
            w = _df_weight(len(holders) - 1)
            for cid in holders:
                out[cid] = out.get(cid, 0.0) + w
        return out

    def add(self, cluster_id: str, brand: str, features: Iterable[str]) -> None:
        """Add features to a cluster (created if new); a full cluster keeps the features it has."""
        entry = self._entries.get(cluster_id)
        if entry is None:
            entry = self._entries[cluster_id] = _Entry(brand)
        for f in features:
            if len(entry.features) >= self.max_features:
                break
            if f in entry.features:
                continue
            entry.features.add(f)
            self._postings.setdefault((entry.brand, f), set()).add(cluster_id)

    def features(self, cluster_id: str) -> frozenset[str]:
        """The features a cluster holds (empty for an unknown cluster)."""
        entry = self._entries.get(cluster_id)
        return frozenset(entry.features) if entry else frozenset()

    def remove(self, cluster_id: str) -> None:
        """Forget a cluster and its postings."""
        entry = self._entries.pop(cluster_id, None)
        if entry is None:
            return
        for f in entry.features:
            key = (entry.brand, f)
            holders = self._postings.get(key)
            if holders is None:
                continue
            holders.discard(cluster_id)
            if not holders:
                del self._postings[key]


def _df_weight(df: int) -> float:
    """A feature held by ``df`` live clusters weighs ``1 / (1 + ln df)`` (1 for one cluster or none)."""
    return 1.0 / (1.0 + math.log(max(df, 1)))
