"""The post feed's filter: brand, negative only, rumor cues only, platform. Pure data, no Textual.

>>> from datetime import datetime, timezone
>>> from monitor.state import PostView
>>> p = PostView("x:1", datetime(2026, 11, 20, tzinfo=timezone.utc), "x", ("b",), "neg",
...              frozenset({"spread_request"}), (), "text", "u")
>>> FeedFilter(brand="b", negative_only=True, rumor_only=True, platform="x").matches(p)
True
>>> FeedFilter(platform="instagram").matches(p), FeedFilter(brand="other").matches(p)
(False, False)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from monitor.state import RUMOR_CUES, PostView


@dataclass(frozen=True, slots=True)
class FeedFilter:
    """Which recent posts the feed shows; ``None`` means any brand or platform."""

    brand: str | None = None
    negative_only: bool = False
    rumor_only: bool = False
    platform: str | None = None

    def matches(self, post: PostView) -> bool:
        if self.brand is not None and self.brand not in post.brands:
            return False
        if self.negative_only and post.sentiment != "neg":
            return False
        if self.rumor_only and not (post.cues & RUMOR_CUES or post.claim_ids):
            return False
        return self.platform is None or post.platform == self.platform

    def cycle_brand(self, brands: Sequence[str]) -> FeedFilter:
        return replace(self, brand=_next(self.brand, brands))

    def cycle_platform(self, platforms: Sequence[str]) -> FeedFilter:
        return replace(self, platform=_next(self.platform, platforms))

    def describe(self) -> str:
        parts = [
            f"brand: {self.brand or 'all'}",
            f"platform: {self.platform or 'all'}",
            "negative only" if self.negative_only else "all sentiment",
        ]
        if self.rumor_only:
            parts.append("rumor cues only")
        return " · ".join(parts)

    def select(self, posts: Iterable[PostView], limit: int) -> list[PostView]:
        """The newest ``limit`` matching posts, newest first."""
        out: list[PostView] = []
        for post in reversed(tuple(posts)):
            if self.matches(post):
                out.append(post)
                if len(out) >= limit:
                    break
        return out


def _next(current: str | None, values: Sequence[str]) -> str | None:
    """all -> first -> ... -> last -> all."""
    if not values:
        return None
    if current not in values:
        return values[0]
    i = values.index(current)
    return values[i + 1] if i + 1 < len(values) else None
