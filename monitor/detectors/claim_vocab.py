"""Which words of a known claim are a brand's everyday words, learned from its ordinary posts.

A claim about a night-bus company's crash shares 夜行バス with every post about its night buses:
sharing that word says nothing about the claim. ``EverydayGrams`` counts, per brand, how many of
its ordinary posts (no rumor cue, not passing on a tracked post) hold each of the n-grams of the
brand's claims, with counts that halve every ``half_life_hours`` of event time. A gram found in at
least ``share`` of them is everyday, and a post that shares only everyday grams with a claim does
not carry it. Until a brand has ``min_posts`` ordinary posts nothing is everyday: at start-up,
matching is as strict as the claim's own thresholds, no more.

Only the grams of the brand's claims are counted, so the state is a few hundred numbers a brand
and the cost a set intersection a post.

>>> vocab = EverydayGrams({"bus": frozenset({"夜行", "行バ", "バス", "横転"})}, min_posts=3)
>>> from datetime import datetime, UTC
>>> at = datetime(2026, 11, 2, tzinfo=UTC)
>>> for text in ({"夜行", "行バ", "バス", "便利"}, {"夜行", "行バ", "バス"}, {"予約"}, {"新作"}):
...     vocab.learn("bus", text, at)
>>> sorted(vocab.everyday("bus"))
['バス', '夜行', '行バ']
>>> vocab.carries("bus", {"夜行", "行バ", "バス", "良い"}, frozenset({"夜行", "行バ", "バス", "横転"}))
False
>>> vocab.carries("bus", {"夜行", "行バ", "バス", "横転"}, frozenset({"夜行", "行バ", "バス", "横転"}))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import datetime

_KANJI_WORD = re.compile(r"[\u4e00-\u9fff々]+")
# Words of one kanji that say nothing of what a claim is about: people, places, times, counters,
# suffixes (者, 屋, 員), numerals (一度 is 一 and 度 to UniDic), frames of telling (噂, 嘘, 闇, 草) and
# the commonest nouns of any story.
_GENERIC_KANJI = frozenset(
    "人事物方時所為中前後今何上下内外先次他全数点分秒週回件名本気話口声顔目手心頭体力形色音"
    "一二三四五六七八九十百千万億両"
    "私俺僕君皆子母父兄姉弟妹夫妻嫁娘友客店家会朝夜昼晩毎日月年円個枚台位等達様際程頃訳筈半"
    "新旧元真実大小東西南北右左奥側辺間表裏場地度代倍率割幅片再御無有者屋業員品相線道県市町国"
    "噂嘘笑草闇謎紙絵字文只又未更尚唯既共"
)
# Longer words as generic: how a story is told or asked about (本当, 情報, 拡散), who tells it,
# when and how much (昨日, 全部, 大量).
_GENERIC_WORDS = frozenset(
    {
        "本当", "情報", "拡散", "希望", "注意", "確認", "事実", "真偽", "話題", "噂話", "公式",
        "発表", "報道", "記事", "新聞", "速報", "関係", "問題", "意味", "実際", "必要", "普通",
        "一番", "大丈夫", "勝手", "本人", "自分", "友達", "友人", "知人", "家族", "全員", "会社",
        "全部", "全然", "絶対", "一杯", "次々", "大量", "今日", "明日", "昨日", "最近", "今年",
        "来年", "去年", "今月", "来月", "先月", "年内", "今週", "来週", "先週",
    }
)  # fmt: skip


def kanji_words(lemmas: Iterable[str]) -> frozenset[str]:
    """The words written in kanji among lemmas, less the generic ones: 熊 (UniDic's lemma for クマ
    and くま as well), 猫, 無垢 (for むく). Between particles (熊が, は熊) a word of one kanji makes no
    bigram of content, and a word a post spells in kana shares none with the claim's kanji: the
    n-grams of a claim never see them.

    >>> sorted(kanji_words(("熊", "が", "出る", "た", "人", "猫", "無垢", "本当")))
    ['無垢', '熊', '猫']
    >>> sorted(kanji_words(("一", "度", "も", "洗濯", "し", "三", "倍")))
    ['洗濯']
    """
    return frozenset(
        w
        for w in lemmas
        if _KANJI_WORD.fullmatch(w) and w not in (_GENERIC_KANJI if len(w) == 1 else _GENERIC_WORDS)
    )


@dataclass(slots=True)
class _Counts:
    at: datetime  # event time the counts were last decayed to
    posts: float = 0.0
    grams: dict[str, float] = field(default_factory=dict)
    everyday: frozenset[str] | None = None  # cached until the next change


class EverydayGrams:
    """Per brand, the claim n-grams its ordinary posts use often (see the module docstring)."""

    def __init__(
        self,
        universe: Mapping[str, frozenset[str]],
        *,
        share: float = 0.03,
        half_life_hours: float = 72.0,
        min_posts: int = 200,
    ) -> None:
        if not 0 < share <= 1:
            raise ValueError("share must be in (0, 1]")
        if half_life_hours <= 0 or min_posts < 1:
            raise ValueError("half_life_hours and min_posts must be positive")
        self.share = share
        self.half_life_hours = half_life_hours
        self.min_posts = min_posts
        self._universe = dict(universe)
        self._counts: dict[str, _Counts] = {}

    def learn(self, brand: str, features: Set[str], at: datetime) -> None:
        """Count one ordinary post of ``brand`` (its content n-grams) at event time ``at``."""
        universe = self._universe.get(brand)
        if not universe:
            return
        c = self._counts.get(brand)
        if c is None:
            c = self._counts[brand] = _Counts(at=at)
        self._decay(c, at)
        c.posts += 1.0
        hits = universe & features
        if hits:
            grams = c.grams
            for g in hits:
                grams[g] = grams.get(g, 0.0) + 1.0
            c.everyday = None

    def ready(self, brand: str) -> bool:
        """Whether the brand has ``min_posts`` ordinary posts: its everyday words are known."""
        c = self._counts.get(brand)
        return c is not None and c.posts >= self.min_posts

    def everyday(self, brand: str) -> frozenset[str]:
        """The brand's claim grams found in at least ``share`` of its ordinary posts."""
        c = self._counts.get(brand)
        if c is None or c.posts < self.min_posts:
            return frozenset()
        if c.everyday is None:
            bar = self.share * c.posts
            c.everyday = frozenset(g for g, n in c.grams.items() if n >= bar)
        return c.everyday

    def carries(self, brand: str, features: Set[str], claim_grams: frozenset[str]) -> bool:
        """Whether a post shares with the claim at least one gram that is not everyday."""
        shared = claim_grams & features
        return bool(shared) and not shared <= self.everyday(brand)

    def _decay(self, c: _Counts, at: datetime) -> None:
        hours = (at - c.at).total_seconds() / 3600
        if hours < 1.0:  # decay in steps of an hour or more: cheap, and exact enough for days
            return
        factor = 0.5 ** (hours / self.half_life_hours)
        c.posts *= factor
        c.grams = {g: n * factor for g, n in c.grams.items() if n * factor >= 0.01}
        c.at = at
        c.everyday = None
