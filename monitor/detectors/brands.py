"""Brand matching by keywords with exclusions, on normalized text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.config import BrandConfig
from monitor.detectors.normalize import normalize


class BrandMatcher:
    """Find which brands a normalized post mentions.

    Exclusion phrases are blanked out before keywords are searched, so 小春日和 does not count as
    こはる while a post that names both still matches.

    >>> from monitor.config import BrandConfig
    >>> m = BrandMatcher([BrandConfig(id="koharu", name="こはる", keywords=["こはる"],
    ...                               exclude=["小春日和", "こはる日和"])])
    >>> m.match(normalize("今日はこはる日和"))
    ()
    >>> m.match(normalize("こはる日和なのにコハル…じゃなくてこはるが圏外"))
    ('koharu',)
    """

    def __init__(self, brands: Iterable[BrandConfig]) -> None:
        self._owner: dict[str, str] = {}
        excludes: set[str] = set()
        for brand in brands:
            for kw in brand.keywords:
                self._owner.setdefault(normalize(kw), brand.id)
            excludes.update(normalize(x) for x in brand.exclude)
        keys = sorted(self._owner, key=len, reverse=True)
        self._keywords = re.compile("|".join(map(re.escape, keys))) if keys else None
        ex = sorted(excludes, key=len, reverse=True)
        self._excludes = re.compile("|".join(map(re.escape, ex))) if ex else None

    def blank(self, normalized: str) -> str:
        """The text with brand names and exclusion phrases blanked out: what the post says.

        >>> from monitor.config import BrandConfig
        >>> BrandMatcher([BrandConfig(id="k", name="こはる", keywords=["こはる"])]).blank("こはる圏外")
        ' 圏外'
        """
        if self._excludes is not None:
            normalized = self._excludes.sub(" ", normalized)
        return self._keywords.sub(" ", normalized) if self._keywords is not None else normalized

    def match(self, normalized: str) -> tuple[str, ...]:
        """Brand ids mentioned in ``normalized`` text, in order of first mention."""
        if self._keywords is None:
            return ()
        if self._excludes is not None and self._excludes.search(normalized):  # rare: search first
            normalized = self._excludes.sub("\x00", normalized)
        found: list[str] = []
        for m in self._keywords.finditer(normalized):
            owner = self._owner[m.group(0)]
            if owner not in found:
                found.append(owner)
        return tuple(found)
