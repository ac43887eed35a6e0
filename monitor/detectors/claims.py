"""Matching posts against known false claims by character n-gram containment."""

from __future__ import annotations

import re
from collections.abc import Iterable

from monitor.config import BrandConfig, ClaimConfig
from monitor.detectors.cues import strip_cues
from monitor.detectors.normalize import normalize
from monitor.models import ClaimMatch

# Everything but letters and digits (kana, kanji, latin): spaces, punctuation, and the symbols
# and foreign letters of emoji and kaomoji ((；´Д｀), ━━, ⚠), which say nothing about a claim and
# would otherwise join unrelated posts that share a face.
_NOT_WORD = re.compile(
    r"[^\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆a-z0-9]+"
)


_HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")


def ngrams(text: str, n: int) -> frozenset[str]:
    """Content-bearing character n-grams: of letters and digits only (no spaces, punctuation, emoji
    or kaomoji), none made of hiragana alone, none holding a particle.

    Grams of particles and endings alone (での, ている) or of a word and its particle (報が, の顧)
    say nothing about a claim.

    >>> sorted(ngrams("年内で全店閉店する", 2))
    ['全店', '年内', '店す', '店閉', '閉店']
    >>> sorted(ngrams("行ったらホームゲーム", 2))
    ['ゲー', 'ホー', 'ムゲ', 'ーム']
    >>> sorted(ngrams("化粧水ってどこ", 2))
    ['化粧', '粧水']
    >>> sorted(ngrams("(;´д`) 大浴場キタ━━!!", 2))
    ['キタ', '場キ', '大浴', '浴場']
    """
    s = _NOT_WORD.sub("", text)  # normalized text: latin already lower case
    if len(s) <= n:
        return frozenset({s}) if s and not _HIRAGANA.match(s) else frozenset()
    classes = s.translate(_CLASSES)
    keep = _KEEP_CACHE
    out = set()
    for i in range(len(s) - n + 1):
        c = classes[i : i + n]
        ok = keep.get(c)
        if ok is None:
            ok = keep[c] = _content_classes(c)
        if ok:
            out.add(s[i : i + n])
    return frozenset(out)


# Character classes: p particle, h other hiragana, k kanji, o anything else. A small っ counts as
# a particle: after a kanji it is mostly the quotative って (化粧水って), which says nothing.
_CLASSES = {cp: "h" for cp in range(0x3041, 0x30A0)}
_CLASSES.update({ord(ch): "p" for ch in "のがをにはでともへやかっ"})
_CLASSES.update({cp: "k" for cp in range(0x3400, 0xA000)})
_CLASSES[ord("々")] = "k"
_CLASSES.update({ord(ch): "o" for ch in "hpkHPK"})  # a latin h, p or k is no kana or kanji
_KEEP_CACHE: dict[str, bool] = {}
_NOT_KANA = re.compile(r"[^hpk]")


def _content_classes(classes: str) -> bool:
    """No particle, and hiragana only as the ending of a kanji word (閉め, 出し), never around a
    katakana or latin word (らホ, ムが) nor before a kanji."""
    classes = _NOT_KANA.sub("o", classes)
    if "p" in classes:
        return False
    if "h" not in classes:
        return True
    first = classes.index("h")
    return first > 0 and set(classes[first:]) == {"h"} and set(classes[:first]) == {"k"}


_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+")


def one_loanword(grams: frozenset[str]) -> bool:
    """Whether n-grams are all of one katakana word (スタ, タッ, ッフ): a loanword names a thing (スタッフ,
    ドリンク), it says nothing happened to it; a long one makes ``min_shared`` n-grams on its own.
    A post sharing only that with a claim matches it only when told as a rumor (a cue).

    >>> one_loanword(frozenset({"スタ", "タッ", "ッフ"})), one_loanword(frozenset({"スタ", "ネコ", "コバ"}))
    (True, False)
    >>> one_loanword(frozenset({"全店", "店閉", "閉店"}))
    False
    """
    if not grams or not all(_KATAKANA.fullmatch(g) for g in grams):
        return False
    heads = [g for g in grams if not any(h != g and h[1:] == g[:-1] for h in grams)]
    return len(heads) <= 1


class ClaimMatcher:
    """Score how much of a known claim a post carries, and the post's stance toward it.

    The score is the best containment, over the claim's statement and examples, of the claim's
    n-grams in the post: reworded copies keep most of the content words' n-grams. A variant counts
    only when the post shares at least ``min_shared`` of its n-grams, so that one common word
    (ホーム, 店舗) is never a match. Brand names are
    blanked out on both sides first, so that naming the brand is not half of a match.

    >>> from monitor.config import BrandConfig, ClaimConfig
    >>> brand = BrandConfig(id="b", name="ほしぞらバーガー", keywords=["ほしぞらバーガー"])
    >>> claim = ClaimConfig(id="c1", brand="b", statement="ほしぞらバーガーが年内で全店閉店する",
    ...                     correction="事実ではありません")
    >>> m = ClaimMatcher([claim], brands=[brand], ngram=2, threshold=0.3)
    >>> [x.claim_id for x in m.match(normalize("ほしぞらバーガー年内で全店閉店らしい"), ("b",), frozenset())]
    ['c1']
    >>> m.match(normalize("ほしぞらバーガーの新作うまい"), ("b",), frozenset())
    ()
    """

    def __init__(
        self,
        claims: Iterable[ClaimConfig],
        *,
        brands: Iterable[BrandConfig] = (),
        ngram: int = 2,
        threshold: float = 0.3,
        min_shared: int = 3,
    ) -> None:
        if not 0 < threshold <= 1:
            raise ValueError("threshold must be in (0, 1]")
        if min_shared < 1:
            raise ValueError("min_shared must be positive")
        self.ngram = ngram
        self.threshold = threshold
        self.min_shared = min_shared
        self._names = brand_names_pattern(brands)
        self._by_brand: dict[str, list[tuple[str, list[frozenset[str]]]]] = {}
        for claim in claims:
            texts = [claim.statement, *claim.examples]
            grams = [g for g in (ngrams(self._content(normalize(t)), ngram) for t in texts) if g]
            self._by_brand.setdefault(claim.brand, []).append((claim.id, grams))

    def match(self, normalized: str, brands: tuple[str, ...], cues: frozenset[str]) -> tuple[ClaimMatch, ...]:
        """Claims of the given brands that the post matches, best first."""
        if not brands:
            return ()
        post = ngrams(self._content(normalized), self.ngram)
        if not post:
            return ()
        found: list[ClaimMatch] = []
        for brand in brands:
            for claim_id, variants in self._by_brand.get(brand, ()):
                score = max(
                    (
                        len(shared) / len(g)
                        for g in variants
                        if len(shared := post & g) >= min(self.min_shared, len(g))
                        and (cues or not one_loanword(shared))
                    ),
                    default=0.0,
                )
                if score >= self.threshold:
                    found.append(ClaimMatch(claim_id, round(score, 4), stance(cues)))
        found.sort(key=lambda m: -m.score)
        return tuple(found)

    def _content(self, normalized: str) -> str:
        return content_text(normalized, self._names)


def brand_names_pattern(brands: Iterable[BrandConfig]) -> re.Pattern[str] | None:
    """One pattern for every brand's name and keywords, longest first."""
    names = sorted({normalize(k) for b in brands for k in (b.name, *b.keywords)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def blank_names(normalized: str, names: re.Pattern[str] | None) -> str:
    """The text with each brand name (``brand_names_pattern``) replaced by a space."""
    return names.sub(" ", normalized) if names else normalized


def content_text(normalized: str, names: re.Pattern[str] | None) -> str:
    """What a post says, without brand names, cue phrases, URLs and mentions.

    >>> content_text("ほしぞらバーガー閉店らしい 拡散希望 URL", re.compile("ほしぞらバーガー"))
    ' 閉店     '
    """
    return strip_cues(blank_names(normalized, names)).replace("URL", " ").replace("@user", " ")


STANCES = ("spreading", "enquiring", "correcting", "other")


def stance(cues: frozenset[str]) -> str:
    """A post's stance toward a claim it carries, from its rumor cues.

    Corrections and official denials correct; a spread request spreads even when it asks 本当？;
    an enquiry asks; a joke or quoted old news is ``other``: it carries the words, not the claim.

    >>> stance(frozenset({"correction"})), stance(frozenset({"enquiry"})), stance(frozenset())
    ('correcting', 'enquiring', 'spreading')
    >>> stance(frozenset({"enquiry", "spread_request"})), stance(frozenset({"old_news"}))
    ('spreading', 'other')
    """
    if "correction" in cues or "official_denial" in cues:
        return "correcting"
    if "spread_request" in cues:
        return "spreading"
    if "enquiry" in cues:
        return "enquiring"
    if "joke" in cues or "old_news" in cues:
        return "other"
    return "spreading"
