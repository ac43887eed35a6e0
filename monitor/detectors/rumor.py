"""Rumor tracking per brand: known claims and new rumors found by online clustering.

Every post about a brand goes to one track:
- a post that matches a known claim (``Analysis.claims``) goes to that claim's track;
- a repost, quote or reply of a tracked post goes to the track of the post it refers to, also when
  its own text names no brand (これ本当？ quoting a rumor);
- any other post joins the live cluster of its brand it is closest to (``ClusterIndex``), which
  may be a claim's track (a rewording the claim matcher missed), or seeds a new cluster.

A known claim opens a rumor signal once ``min_posts`` of its recent posts spread it. A new
cluster opens one when its ``RumorScorer`` score reaches ``new_score_threshold``. Spreading,
enquiring, correcting and other posts (jokes, quoted old news) are counted apart; only spreading
posts count toward opening. Tracks that go quiet expire, so memory follows the live clusters.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, OrderedDict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from monitor.config import BrandConfig, ClaimConfig, RumorConfig
from monitor.detectors.claim_vocab import EverydayGrams, kanji_words
from monitor.detectors.claims import (
    blank_names,
    brand_names_pattern,
    content_text,
    ngrams,
    one_loanword,
    stance,
)
from monitor.detectors.cues import DAMPING_CUES, RUMOR_CUES, has_allegation
from monitor.detectors.keywords import SPELLING_SAMPLE, shown, spellings
from monitor.detectors.normalize import normalize
from monitor.detectors.rumor_cluster import ClusterIndex
from monitor.detectors.rumor_score import ClusterCounts, RumorScore, RumorScorer
from monitor.detectors.tokenize import adverbial_nouns, lemmas
from monitor.models import Analysis, Kind, Post, Severity, Signal

CURVE_MINUTES = 10  # default width of a spread-curve step; the config's curve_minutes wins
MAX_CURVE_STEPS = 288
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』")
# An official post speaks of others' words when it quotes what is said (「…」という投稿, との情報,
# って話) or says it is looking into something (確認中, 事実関係): its quotes are not its own words.
_OTHERS_WORDS = re.compile(
    r"[」』]\s*(?:という|との|とする|って|といった|などの)?\s*(?:お)?"
    r"(?:投稿|書き込み|情報|噂|うわさ|内容|話|声|ツイート|ポスト|メッセージ|記事|デマ|チェーン)"
    r"|確認中|確認して|確認いたして|調査中|調査して|事実関係|事実確認"
)
ANNOUNCEMENT_HOURS = 24  # a post repeating the brand's own announcement of this long ago is its news
MAX_ANNOUNCEMENTS = 32  # announcements remembered per brand
COPY_SHARE = 0.9  # a post holding this share of its n-grams in the cluster already copies it
GROW_POSTS = 50  # a cluster learns words from its first posts only: no catch-all by accretion
RATE_WINDOWS = 3  # a cluster's recent rate is its posts decayed over this many score windows
_WEAK = frozenset({"hearsay", "fear", "urgent"})
_STRONG = RUMOR_CUES - _WEAK - {"enquiry"}
_KEYWORD = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa]")
_NOT_KEYWORDS = frozenset(
    {"下さる", "為る", "居る", "有る", "成る", "言う", "思う", "皆さん", "本当", "情報", "拡散", "希望"}
)


@dataclass(slots=True)
class _Item:
    at: datetime
    stance: str
    author: str
    cued: float
    damped: float
    post: Post
    news: bool = False  # passes on the brand's own news (spreading, the brand's post or an echo of one)


@dataclass(slots=True)
class RumorTrack:
    """Posts carrying one claim or one cluster of one brand.

    Counters named ``w_*`` cover the recent window (what deciding looks at); the others cover the
    track's whole life (what the incident reports).
    """

    brand: str
    key: str
    claim_id: str | None
    first_at: datetime
    last_at: datetime
    window: deque[_Item] = field(default_factory=deque)
    w_stances: Counter[str] = field(default_factory=Counter)
    w_authors: Counter[str] = field(default_factory=Counter)
    w_cued: float = 0.0
    w_damped: float = 0.0
    w_news: int = 0  # spreading posts passing on the brand's own news (its post, or repeating one)
    stances: dict[str, int] = field(
        default_factory=lambda: {"spreading": 0, "enquiring": 0, "correcting": 0, "other": 0}
    )
    authors: set[str] = field(default_factory=set)
    cue_counts: Counter[str] = field(default_factory=Counter)
    reposts_and_quotes: int = 0
    spread_of: Counter[str] = field(default_factory=Counter)
    curve: list[int] = field(default_factory=list)
    members: deque[str] = field(default_factory=deque)
    words: Counter[str] = field(default_factory=Counter)
    kanji: set[str] = field(default_factory=set)  # words in kanji of its first posts (熊, 無垢)
    spelled: dict[str, str] = field(default_factory=dict)  # word lemma -> as the posts spell it
    official_ids: set[str] = field(default_factory=set)
    past: float = 0.0  # posts gone out of the window, decayed with RATE_MINUTES (the recent rate)
    past_at: datetime | None = None
    spread_at: datetime | None = None  # an open new rumor: when it last read as spreading
    active: bool = False
    score: RumorScore | None = None

    @property
    def posts(self) -> int:
        return sum(self.stances.values())

    @property
    def young(self) -> bool:
        """All its posts are in the recent window: no everyday talk that has gone on for hours."""
        return self.posts == len(self.window)


class RumorTracker:
    """Open rumor signals for known claims and for new clusters that score as rumors."""

    def __init__(
        self,
        config: RumorConfig,
        *,
        brands: Sequence[BrandConfig] = (),
        claims: Sequence[ClaimConfig] = (),
    ) -> None:
        self.config = config
        self.tracks: OrderedDict[tuple[str, str], RumorTrack] = OrderedDict()
        self.index = ClusterIndex(
            threshold=config.cluster_threshold,
            min_shared=config.cluster_min_shared,
            max_df=config.cluster_max_df,
            max_features=config.cluster_max_features,
        )
        self.scorer = RumorScorer(
            min_spreading=config.new_min_spreading,
            min_authors=config.new_min_authors,
            max_breadth=config.new_max_breadth,
        )
        self._names = brand_names_pattern(brands)
        self._claim_brand = {c.id: c.brand for c in claims}
        self._claim_grams: dict[str, list[tuple[str, frozenset[str]]]] = {}
        # a claim's words in kanji (熊 for a bear, however a post spells it): see ``kanji_words``
        self._claim_kanji: dict[str, frozenset[str]] = {}
        for c in claims:
            texts = [normalize(t) for t in (c.statement, *c.examples)]
            grams = frozenset().union(*(ngrams(content_text(t, self._names), 2) for t in texts))
            # time and quantity words (来月, 全員) say when or how much, not what the claim is
            grams -= frozenset().union(*(ngrams(w, 2) for t in texts for w in adverbial_nouns(t)))
            self._claim_grams.setdefault(c.brand, []).append((c.id, grams))
            self._claim_kanji[c.id] = kanji_words(
                w for t in texts for w in lemmas(blank_names(t, self._names))
            )
        self._grams_of_claim = {cid: grams for pairs in self._claim_grams.values() for cid, grams in pairs}
        self._brand_claim_grams = {
            b: frozenset().union(*(g for _, g in pairs)) for b, pairs in self._claim_grams.items()
        }
        self._claim_clusters = {
            b: frozenset(_join((b, cid)) for cid, _ in pairs) for b, pairs in self._claim_grams.items()
        }
        # the cue share a new cluster needs to open at full breadth (a fresh-start claim needs it
        # too; an open rumor below half of it, and spreading no more, is calm)
        self._cue_bar = config.new_score_threshold / config.new_max_breadth
        self._brand_claim_kanji = {
            b: frozenset().union(*(self._claim_kanji[cid] for cid, _ in pairs))
            for b, pairs in self._claim_grams.items()
        }
        # a brand's everyday words include its claims' words in kanji (湯 for a bathhouse)
        self.everyday = EverydayGrams(
            {b: grams | self._brand_claim_kanji[b] for b, grams in self._brand_claim_grams.items()},
            share=config.everyday_share,
            half_life_hours=config.everyday_half_life_hours,
            min_posts=config.everyday_min_posts,
        )
        self._official = {
            brand.id: {h.lstrip("@").lower() for h in brand.accounts.values() if h} for brand in brands
        }
        self._post_track: dict[str, tuple[str, str]] = {}
        self._announcements: dict[str, deque[tuple[datetime, frozenset[str]]]] = {}
        self.expired = 0
        self._active_new: set[tuple[str, str]] = set()  # open new rumors (not known claims)
        # per brand: the rumor-like posts of new clusters (cued, undamped, spreading) in the
        # recent window, as (time, post id); how many there have been, and since when the brand
        # has been seen (their usual rate)
        self._wave: dict[str, deque[tuple[datetime, str]]] = {}
        self._wave_total: Counter[str] = Counter()
        self._seen_since: dict[str, datetime] = {}
        self._open_waves: dict[str, tuple[str, str]] = {}  # brand -> the track its last wave opened
        self._window = timedelta(minutes=config.new_window_minutes)

    # --- routing ---------------------------------------------------------------------------------

    def add(self, analysis: Analysis) -> list[Signal]:
        """Count one analysed post; return the signals it caused (at most one)."""
        post = analysis.post
        if not analysis.cues and (post.reply_to or post.quote_of) and _short_question(analysis.normalized):
            # a reply or quote that only asks (ほんなこつ？ まっことかえ？ え、ガチ？), in any
            # dialect, asks whether what it answers is true
            analysis = replace(analysis, cues=frozenset({"enquiry"}))
        cues = analysis.cues
        st = stance(cues)
        features = self._features(analysis) if analysis.brands or analysis.claims else frozenset()
        kanji = kanji_words(analysis.tokens) if features else frozenset()
        official = bool(features) and self._by_brand(post, analysis.brands)
        if official:
            # what a brand says is its own words, not what it quotes others saying (「…」との投稿
            # について): its post neither joins the quoted rumor's cluster nor makes a later wave
            # of the rumor read as the brand's news passed on
            features = self._own_words(analysis, st)
        key: tuple[str, str] | None = None
        claim_id: str | None = None
        match = analysis.claims[0] if analysis.claims else None
        brand = ""
        if match is not None:
            brand = self._claim_brand.get(match.claim_id) or (analysis.brands[0] if analysis.brands else "")
            if not brand:
                return []
            grams = self._grams_of_claim.get(match.claim_id)
            if grams and not self.everyday.carries(brand, features, grams):
                match = None  # the post shares only the brand's everyday words with the claim
        if not cues and post.reply_to is None and post.repost_of is None and post.quote_of is None:
            track = self.tracks.get((brand, match.claim_id)) if match is not None else None
            # an ordinary post (no cue, passes nothing on): it teaches which words are everyday;
            # while the claim it matches is open, only if it alleges nothing (a copy of the claim
            # must not teach the claim's words, a post praising the product they name must, or
            # the claim holds open on everyday posts and never learns they are everyday)
            if track is None or not track.active or not has_allegation(analysis.normalized):
                everyday = features | kanji
                for b in analysis.brands:
                    self.everyday.learn(b, everyday, post.created_at)
        if match is not None:
            claim_id, st = match.claim_id, match.stance
            key = (brand, claim_id)
        else:
            key = self._linked(post)
            if key is not None:
                if post.reply_to and not (post.repost_of or post.quote_of) and not cues:
                    st = "other"  # a reply without cues discusses, it does not pass the claim on
            elif analysis.brands and self.config.new_rumors:
                if len(features) < 2:
                    return []
                brand = analysis.brands[0]
                nearest, share = self.index.nearest(brand, features)
                if nearest and share < COPY_SHARE and self._dormant(_split(nearest), post.created_at):
                    # an open rumor quiet for a window is not taken up again by a post that only
                    # resembles it (a chain frame, ばあちゃんから電話…老人会で持ちきり, around another
                    # story): a copy of it, a repost, a quote or a reply still joins it
                    nearest, _ = self.index.nearest(brand, features, skip={nearest})
                if nearest is None and cues:
                    nearest = self._story_of(brand, features, post.created_at)
                key = _split(nearest) if nearest else (brand, _new_id(post))
                joined = self.tracks.get(key)
                if (
                    joined is not None
                    and joined.claim_id
                    and not self._says_claim(brand, joined.claim_id, features)
                ):
                    # close to the claim's posts, not to the claim itself: the nearest cluster
                    # that is no claim (the posts split off a claim cluster with each other)
                    skip = self._claim_clusters.get(brand, frozenset())
                    other, _ = self.index.nearest(brand, features, skip=skip)
                    key = _split(other) if other else (brand, _new_id(post))
            else:
                return []
        track = self.tracks.get(key)
        if track is None:
            track = self.tracks[key] = RumorTrack(key[0], key[1], claim_id, post.created_at, post.created_at)
        else:
            self.tracks.move_to_end(key)
        copied = self._copies(track, analysis, features)
        if features and track.posts < GROW_POSTS:
            self.index.add(_join(key), key[0], features)
            if not official:
                track.kanji |= kanji
        return self._count(track, analysis, st, features, kanji, copied=copied)

    def _dormant(self, key: tuple[str, str], now: datetime) -> bool:
        """Whether a track is an open new rumor with no post in the last ``new_window_minutes``."""
        track = self.tracks.get(key)
        if track is None or not track.active or track.claim_id is not None:
            return False
        return now - track.last_at > self._window

    def _features(self, analysis: Analysis) -> frozenset[str]:
        return ngrams(content_text(analysis.normalized, self._names), 2)

    def _by_brand(self, post: Post, brands: Sequence[str]) -> bool:
        """Whether a post comes from the official account of one of the brands it names."""
        author = (post.author or "").lstrip("@").lower()
        return bool(author) and any(author in self._official.get(b, ()) for b in brands)

    def _own_words(self, analysis: Analysis, stance: str) -> frozenset[str]:
        """An official post's n-grams, less what it quotes others saying: in a denial, a holding
        statement or a post about what is said (「…」との投稿について), the words in 「」『』 are the
        rumor's; in an announcement they are the brand's own (「春の新メニュー」のお知らせ)."""
        text = analysis.normalized
        if stance == "correcting" or _OTHERS_WORDS.search(text):
            text = _QUOTED.sub("", text)
        return ngrams(content_text(text, self._names), 2)

    def _linked(self, post: Post) -> tuple[str, str] | None:
        for ref in (post.repost_of, post.quote_of, post.reply_to):
            if ref is not None and ref in self._post_track:
                key = self._post_track[ref]
                if key in self.tracks:
                    return key
        return None

    # --- counting and deciding ------------------------------------------------------------------

    def _copies(self, track: RumorTrack, analysis: Analysis, features: frozenset[str]) -> bool:
        """Whether an original post copies a young cluster's words word for word (コピペ) and
        alleges harm or misconduct (倒産, 混入, ふっかけ): a claim pasted on by one person after
        another, with no rumor wording, is how a bare-fact rumor spreads. A copy alone is not
        enough (near-identical reactions to an event are copies too), nor is an allegation alone
        (every complaint has one)."""
        post = analysis.post
        if post.repost_of or post.quote_of or post.reply_to or not track.young or not track.window:
            return False
        if len(features) < self.config.cluster_min_shared or (post.author or post.id) in track.w_authors:
            return False
        held = self.index.features(_join((track.brand, track.key)))
        return len(features & held) >= COPY_SHARE * len(features) and has_allegation(analysis.normalized)

    def _count(
        self,
        track: RumorTrack,
        analysis: Analysis,
        st: str,
        features: frozenset[str] = frozenset(),
        kanji: frozenset[str] = frozenset(),
        *,
        copied: bool = False,
    ) -> list[Signal]:
        cfg = self.config
        post, cues = analysis.post, analysis.cues
        now = post.created_at
        self._expire_window(track, now)
        self._seen_since.setdefault(track.brand, now)
        author = post.author or post.id
        official = self._by_brand(post, (track.brand,))
        n = len(track.window)
        ref = post.repost_of or post.quote_of
        echo = False
        if official and st != "correcting":
            track.official_ids.add(post.id)
            if features:
                self._announcements.setdefault(track.brand, deque(maxlen=MAX_ANNOUNCEMENTS)).append(
                    (now, features)
                )
        elif features and track.brand in self._announcements:
            echo = self._echoes(track.brand, now, features)
        if ref is not None and not cues and n:
            # a bare repost, or a quote adding no cue of its own (ひえっ, ガクブル, 保存した), passes
            # the original on to its author's followers: it carries the track's cues, not none
            cued, damped = track.w_cued / n, track.w_damped / n
        else:
            cued = _cue_weight(cues, cfg.weak_cue_weight, cfg.enquiry_weight)
            if copied and not cues:
                cued = cfg.weak_cue_weight  # an allegation pasted on: weak, as hearsay
            damped = 0.0
        if (
            cues & DAMPING_CUES
            or post.id in track.official_ids
            or ref in track.official_ids
            or (track.official_ids and track.claim_id is None)
            or echo
        ):
            # a joke, old news, a cited source, the brand's own announcement, a post repeating
            # one or of a cluster that holds one (the brand's news passed on, a campaign's 拡散希望)
            damped = 1.0
        news = st == "spreading" and (echo or post.id in track.official_ids or ref in track.official_ids)
        item = _Item(now, st, author, cued, damped, post, news)
        track.window.append(item)
        track.w_stances[st] += 1
        track.w_authors[author] += 1
        track.w_cued += cued
        track.w_damped += damped
        if news:
            track.w_news += 1
        track.stances[st] += 1
        if len(track.authors) < 4 * cfg.cluster_max_members:  # bounded: the count saturates there
            track.authors.add(author)
        track.cue_counts.update(cues)
        track.last_at = max(track.last_at, now)
        track.first_at = min(track.first_at, now)
        if ref is not None:
            track.reposts_and_quotes += 1
            track.spread_of[ref] += 1
            if len(track.spread_of) > 4 * cfg.cluster_max_members:
                track.spread_of = Counter(dict(track.spread_of.most_common(cfg.cluster_max_members)))
        if st == "spreading":
            step = max(0, int((now - track.first_at).total_seconds() // (cfg.curve_minutes * 60)))
            if step < MAX_CURVE_STEPS:
                while len(track.curve) <= step:
                    track.curve.append(0)
                track.curve[step] += 1
        track.words.update(
            t for t in analysis.tokens if len(t) >= 2 and _KEYWORD.search(t) and t not in _NOT_KEYWORDS
        )
        if len(track.words) > 4 * cfg.cluster_max_features:
            track.words = Counter(dict(track.words.most_common(cfg.cluster_max_features)))
        self._remember(track, post.id)
        wave = st == "spreading" and track.claim_id is None and not damped and cued >= cfg.weak_cue_weight
        if wave:
            self._note_wave(track.brand, now, post.id)
        # the post shares n-grams or words in kanji with one of the brand's known claims
        claim_words = not features.isdisjoint(
            self._brand_claim_grams.get(track.brand, frozenset())
        ) or not kanji.isdisjoint(self._brand_claim_kanji.get(track.brand, frozenset()))
        if track.claim_id is None and not track.active and st == "spreading" and claim_words:
            claim = self._spreading_claim_of(track, now)
            if claim is not None:
                self._merge(track, claim, now)
                track = claim
        if wave and not track.active and track.young:
            # a new telling while the brand's wave is open and its rumor-like posts still run
            # above their usual rate joins it; not a wave that turned out to be a known claim: a
            # rewording of the claim joins it above, another story told meanwhile is no part of it
            opened = self._open_waves.get(track.brand)
            wave_track = self.tracks.get(opened) if opened is not None else None
            if (
                wave_track is not None
                and wave_track.claim_id is None
                and wave_track.active
                and now - wave_track.last_at <= self._window
                and _reads_as_rumor(track)
                and self._wave_excess(track.brand, now) > 0
            ):
                self._merge(track, wave_track, now)
                track = wave_track
        if not track.active:
            as_wave = False
            if not (self._opens(track) or self._opens_as_story(track, st)):
                if not (wave and self._opens_as_wave(track)):
                    return []
                as_wave = True
            signals: list[Signal] = []
            if track.claim_id is None:
                other = self._known_claim_of(track, now) or self._open_rumor_like(track, now)
                if other is None and as_wave:
                    # a wave while a new rumor of the brand is open and spreading: the same one
                    other = self._open_rumor_of(track.brand, now)
                if other is not None:
                    signals += self._merge(track, other, now)
                    track = other
            if as_wave:
                self._open_waves[track.brand] = (track.brand, track.key)
            if track.active:
                return [*signals, self._signal(track, now, True)]
            track.active = True
            if track.claim_id is None:
                track.spread_at = now
                self._active_new.add((track.brand, track.key))
            return [*signals, self._signal(track, now, True)]
        if track.active and track.claim_id is None:
            if claim_words:
                # an open new rumor whose posts turn out to word a known claim (one post says
                # too little, twenty say more): it becomes that claim's incident, with its correction
                claim = self._known_claim_of(track, now)
                if claim is not None:
                    signals = self._merge(track, claim, now)
                    claim.active = True
                    return [*signals, self._signal(claim, now, True)]
            if not self._calm(track):
                track.spread_at = now
        if track.active and st == "spreading":
            return [self._signal(track, now, True)]
        return []

    def _calm(self, track: RumorTrack) -> bool:
        """Whether an open new rumor's cluster no longer reads as a rumor spreading: no spreading
        posts beyond its own earlier rate, and under half the cue share opening needs at full
        breadth (a steady rumor keeps its cues; a cluster of everyday talk that took in a rumor's
        posts has none once the rumor has passed)."""
        s = self.score(track)
        return s.spread <= 0 and s.cue < self._cue_bar / 2

    def _echoes(self, brand: str, now: datetime, features: frozenset[str]) -> bool:
        """Whether a post repeats a third or more of an announcement the brand posted recently (the
        rest of an announcement is often its boilerplate: 詳しくは公式サイトで, a link), and more
        than one loanword of it: a rumor about the life jackets an announcement names
        (ライフジャケット is seven n-grams) does not pass that announcement on."""
        recent = self._announcements[brand]
        horizon = now - timedelta(hours=ANNOUNCEMENT_HOURS)
        while recent and recent[0][0] < horizon:
            recent.popleft()
        if not recent:
            del self._announcements[brand]
            return False
        need = self.config.cluster_min_shared
        for _, grams in recent:
            shared = features & grams
            if len(shared) >= max(need, len(grams) / 3) and not one_loanword(shared):
                return True
        return False

    def _story_of(self, brand: str, features: frozenset[str], now: datetime) -> str | None:
        """A rumor cluster of the brand that a cued post close to no cluster tells the story of.

        The cluster is open, or young (all its posts within the window); it spreads now, half of
        its recent posts carry rumor cues (undamped), and the post shares ``claim_link_weight``
        of weighted n-grams with it: a second wording of the same story, whose own words are
        outweighed by a different frame (伝聞, 拡散希望 boilerplate) in the post.
        """
        best: tuple[float, str] | None = None
        for cid, shared in self.index.related(brand, features).items():
            # the most shared, ties to the larger id: ``related`` lists clusters in hash order
            if shared < self.config.claim_link_weight or (best is not None and (shared, cid) <= best):
                continue
            track = self.tracks.get(_split(cid))
            if track is None or not self._spreading_now(track, now):
                continue
            if not (track.active or track.young):
                continue  # an everyday cluster older than the window: no story to join
            n = len(track.window)
            if track.w_cued * (1 - track.w_damped / n) < n / 2:
                continue  # its recent posts do not read like a rumor
            best = (shared, cid)
        return best[1] if best else None

    def _says_claim(self, brand: str, claim_id: str, features: frozenset[str]) -> bool:
        """Whether features carry ``claim_link_weight`` of a claim's own n-grams (everyday words
        of the brand left out: see ``EverydayGrams``)."""
        for cid, grams in self._claim_grams.get(brand, ()):
            if cid == claim_id:
                common = features & grams - self.everyday.everyday(brand)
                shared = math.fsum(self.index.weight(brand, f) for f in common)
                return shared >= self.config.claim_link_weight
        return False

    def _known_claim_of(self, track: RumorTrack, now: datetime, *, create: bool = True) -> RumorTrack | None:
        """The known claim a new cluster that is about to open rewords, if any (its track, made
        if it has none unless ``create`` is false).

        The n-grams the cluster shares with a claim's statement and examples are weighed as in
        the index (a word every post of the brand uses, 電気 for a power company, weighs little).
        A cluster sharing ``claim_link_weight`` of them is taken as a rewording the per-post
        matcher missed: one post may say too little to match, a cluster of them says more. While
        the claim itself spreads (its track has spreading posts in the last
        ``new_window_minutes``), ``claim_link_weight_spreading`` is enough. A word of the claim in
        kanji that the cluster's lemmas hold and its n-grams miss (熊 for クマ, 無垢 for むく; see
        ``kanji_words``) weighs 1; the brand's everyday words weigh nothing either way.
        """
        cfg = self.config
        me = _join((track.brand, track.key))
        mine = self.index.features(me)
        best: tuple[float, str] | None = None
        everyday = self.everyday.everyday(track.brand)
        for claim_id, grams in self._claim_grams.get(track.brand, ()):
            besides = (me, _join((track.brand, claim_id)))
            common = mine & grams - everyday
            shared = math.fsum(self.index.weight(track.brand, f, besides=besides) for f in common)
            # its words in kanji, where the cluster spells them otherwise (熊 for クマ, 無垢 for むく)
            for word in track.kanji & self._claim_kanji.get(claim_id, frozenset()) - everyday:
                if len(word) == 1 or common.isdisjoint(ngrams(word, 2)):
                    shared += 1.0
            claim_track = self.tracks.get((track.brand, claim_id))
            spreading = claim_track is not None and self._spreading_now(claim_track, now)
            need = cfg.claim_link_weight_spreading if spreading else cfg.claim_link_weight
            if shared >= need and (best is None or shared > best[0]):
                best = (shared, claim_id)
        if best is None:
            return None
        key = (track.brand, best[1])
        claim_track = self.tracks.get(key)
        if not create:
            return claim_track
        if claim_track is None:
            claim_track = self.tracks[key] = RumorTrack(track.brand, best[1], best[1], track.first_at, now)
        return claim_track

    def _spreading_claim_of(self, track: RumorTrack, now: datetime) -> RumorTrack | None:
        """The known claim spreading now, not yet open, that a young new cluster rewords, if any.

        A claim reworded past the per-post matcher spreads in several clusters at once; the few
        posts that match it build its track slowly. A young cluster (all its posts in the window)
        that shares ``claim_link_weight_spreading`` of the claim's weighted n-grams while the claim
        itself spreads is folded into the claim's track as it grows, so the claim opens on the
        posts of all its wordings, with its id and its correction.
        """
        if not track.young:
            return None
        claim = self._known_claim_of(track, now, create=False)
        if claim is None or claim.active or not self._spreading_now(claim, now):
            return None
        return claim

    def _words_live_claim(self, track: RumorTrack, now: datetime) -> bool:
        """Whether a cluster words a known claim that is open or spreading now (its posts are that
        claim's, not a part of another story or wave)."""
        claim = self._known_claim_of(track, now, create=False)
        return claim is not None and (claim.active or self._spreading_now(claim, now))

    def _spreading_now(self, track: RumorTrack, now: datetime) -> bool:
        """Whether a track has spreading posts in its window and a post in the last
        ``new_window_minutes``; posts passing on the brand's own news do not count."""
        return track.w_stances["spreading"] > track.w_news and now - track.last_at <= self._window

    def _open_rumor_like(self, track: RumorTrack, now: datetime) -> RumorTrack | None:
        """An open new rumor of the same brand, spreading now, that this cluster rewords.

        Two wordings of one story often form two clusters; when the second is about to open while
        the first is open and spreading, and they share ``claim_link_weight`` of weighted n-grams
        (weighed by how many clusters other than these two hold them: the words of the story
        itself count fully however many wordings it has), the second joins the first instead of
        opening a second incident.
        """
        me = _join((track.brand, track.key))
        mine = self.index.features(me)
        best: tuple[float, RumorTrack] | None = None
        for other in self._open_new_rumors(track.brand, now):
            if other is track:
                continue
            them = _join((other.brand, other.key))
            theirs = self.index.features(them)
            shared = math.fsum(self.index.weight(track.brand, f, besides=(me, them)) for f in mine & theirs)
            if shared >= self.config.claim_link_weight and (best is None or shared > best[0]):
                best = (shared, other)
        return best[1] if best else None

    def _open_new_rumors(self, brand: str, now: datetime) -> Iterator[RumorTrack]:
        """The brand's open new rumors (no claim id) with a post in the last ``new_window_minutes``,
        in the tracks' order (least recently posted to first)."""
        for other in self.tracks.values():
            if other.brand != brand or not other.active or other.claim_id:
                continue
            if now - other.last_at <= self._window:
                yield other

    def _open_rumor_of(self, brand: str, now: datetime) -> RumorTrack | None:
        """The brand's open new rumor with the latest post, if it had one in the last window."""
        return max(self._open_new_rumors(brand, now), key=lambda t: (t.last_at, t.key), default=None)

    def _merge(self, src: RumorTrack, dst: RumorTrack, now: datetime) -> list[Signal]:
        """Fold a new cluster into another track (a known claim's, an open rumor's, or a young cluster
        of the same story); clear the folded cluster's own signal if it was open."""
        signals = [self._signal(src, now, False, merged_into=dst)] if src.active else []
        src_key, dst_key = (src.brand, src.key), (dst.brand, dst.key)
        if dst.window and src.window and src.window[0].at < dst.window[-1].at:
            dst.window = deque(sorted([*dst.window, *src.window], key=lambda i: i.at))
        else:
            dst.window.extend(src.window)  # the usual case: a new cluster's posts come after
        dst.w_stances.update(src.w_stances)
        dst.w_authors.update(src.w_authors)
        dst.w_cued += src.w_cued
        dst.w_damped += src.w_damped
        dst.w_news += src.w_news
        for name, n in src.stances.items():
            dst.stances[name] = dst.stances.get(name, 0) + n
        dst.authors |= src.authors
        dst.cue_counts.update(src.cue_counts)
        dst.reposts_and_quotes += src.reposts_and_quotes
        dst.spread_of.update(src.spread_of)
        dst.words.update(src.words)
        dst.kanji |= src.kanji
        dst.official_ids |= src.official_ids
        dst.past += src.past
        dst.past_at = max((t for t in (dst.past_at, src.past_at) if t is not None), default=None)
        shift = int((src.first_at - dst.first_at).total_seconds() // (self.config.curve_minutes * 60))
        if shift < 0:
            dst.curve = [0] * -shift + dst.curve
            shift = 0
        for i, n in enumerate(src.curve):
            if shift + i < MAX_CURVE_STEPS:
                while len(dst.curve) <= shift + i:
                    dst.curve.append(0)
                dst.curve[shift + i] += n
        dst.first_at = min(dst.first_at, src.first_at)
        dst.last_at = max(dst.last_at, src.last_at)
        self.index.add(_join(dst_key), dst.brand, self.index.features(_join(src_key)))
        del self.tracks[src_key]
        self.index.remove(_join(src_key))
        for pid in src.members:
            if self._post_track.get(pid) == src_key:
                self._post_track[pid] = dst_key
                dst.members.append(pid)
        self.tracks.move_to_end(dst_key)
        return signals

    def _opens(self, track: RumorTrack) -> bool:
        cfg = self.config
        if track.claim_id is not None:
            # a claim going round is passed on and asked about (〜って本当ずら?): an enquiry
            # counts ``enquiry_weight`` of a spreading post, no more of them than posts passing it
            # on (true news that happens to share the claim's words draws questions alone); posts
            # passing on the brand's own news (its post reposted or repeated: a real recall of the
            # product the claim is about) pass the brand's words on, not the claim
            spreading = track.w_stances["spreading"] - track.w_news
            asked = min(track.w_stances["enquiring"], spreading) * cfg.enquiry_weight
            if spreading + asked < cfg.min_posts:
                return False
            if self.everyday.ready(track.brand):
                return True
            # Until the brand's everyday words are known (a fresh start), a post naming the
            # product a claim is about (ジェットコースター) matches it: the claim opens only on
            # posts that read like a rumor, with the cue share a new cluster needs at full breadth.
            return self.score(track).cue >= self._cue_bar
        track.score = self.score(track)
        return track.score.score >= cfg.new_score_threshold

    def _opens_as_story(self, track: RumorTrack, stance: str) -> bool:
        """Whether a young new cluster and the young clusters telling the same story open together.

        One story told in many frames (a flat statement, a family-LINE forward, a dialect retelling)
        splits into several clusters, each too small or too plain to open alone. Clusters of the
        brand whose posts all fall in the window (young: no everyday talk that has gone on for
        hours), spreading now, and sharing ``claim_link_weight`` of weighted n-grams with this one
        are scored as one; if the whole opens, they are folded into this cluster. A cluster that
        words a known claim open or spreading now is that claim's, not a fragment (a frame the two
        stories share, バイトの先輩が言ってた…, is what relates them). Looked for only
        from a cued cluster of at most twice the breadth cap (a plain fragment adds no cue, a
        wider one opens on its own), so everyday floods cost nothing extra.
        """
        cfg = self.config
        if track.claim_id is not None or stance != "spreading" or track.w_stances["spreading"] < 2:
            return False
        if not track.young or track.w_cued <= 0:
            return False  # older than the window (everyday talk), or no cue to add to the story
        if len(track.window) > 2 * cfg.new_min_spreading * cfg.new_max_breadth:
            return False  # wide enough to open on its own cues: its fragments would add little
        me = _join((track.brand, track.key))
        fragments: list[RumorTrack] = []
        for cid, shared in sorted(self.index.related(track.brand, self.index.features(me)).items()):
            if cid == me or shared < cfg.claim_link_weight:
                continue
            other = self.tracks.get(_split(cid))
            if other is None or other.active or other.claim_id is not None or not other.window:
                continue
            self._expire_window(other, track.last_at)  # young as of now, not as of its last post
            if not other.young or other.w_stances["spreading"] <= 0:
                continue
            if self._words_live_claim(other, track.last_at):
                continue  # a wording of a claim spreading now (a frame shared with it): the claim's
            fragments.append(other)
        if not fragments:
            return False
        parts = [track, *fragments]
        authors = set().union(*(t.w_authors for t in parts))
        whole = self.scorer.score_one(
            ClusterCounts(
                posts=sum(len(t.window) for t in parts),
                spreading=sum(t.w_stances["spreading"] for t in parts),
                authors=len(authors),
                rumor_cued=math.fsum(t.w_cued for t in parts),
                damped=round(math.fsum(t.w_damped for t in parts)),
            )
        )
        if whole.score < cfg.new_score_threshold:
            return False
        now = track.last_at
        for other in fragments:
            self._merge(other, track, now)
        track.score = self.score(track)
        return True

    def _note_wave(self, brand: str, now: datetime, post_id: str) -> None:
        log = self._wave.setdefault(brand, deque())
        log.append((now, post_id))
        horizon = now - self._window
        while log and log[0][0] < horizon:
            log.popleft()
        self._wave_total[brand] += 1

    def _opens_as_wave(self, track: RumorTrack) -> bool:
        """Whether the brand's young rumor-like clusters of the window open together, as one wave.

        A rumor passed on by many people, each in words of their own (毒の粉, 化学物質で固めてある,
        まともな水で作ってない), forms a dozen small clusters that share no story word the
        story join could follow. What they share is the moment: rumor-like posts (cued, not
        damped, spreading) about one brand, from many people within minutes, far beyond the
        brand's usual rate of such posts. Once the window holds ``new_min_spreading`` rumor-like
        posts beyond that rate plus ``new_baseline_sigmas`` Poisson sd, the young clusters of the
        window whose posts read like a rumor (cued, none damped) and word no claim already
        spreading are scored as one, with their spreading posts and authors counted beyond the
        same margin; held together by time alone, the whole needs ``wave_min_breadth`` and the
        usual score. If it opens, they are folded into this cluster, and the brand's later
        tellings join it while its rate lasts. Only rumor-like posts look, and a brand within its
        usual rate costs one comparison, so ordinary traffic pays nothing; not before the brand's
        usual rate is known.
        """
        cfg = self.config
        if not cfg.waves or track.claim_id is not None or not track.young:
            return False
        excess = self._wave_excess(track.brand, track.last_at)
        if excess < cfg.new_min_spreading:
            return False  # the brand's rumor-like posts are within their usual rate: no wave to look for
        log = self._wave[track.brand]
        margin = len(log) - excess
        me = (track.brand, track.key)
        keys: dict[tuple[str, str], None] = {}
        for _, pid in log:
            key = self._post_track.get(pid)
            if key is not None:
                keys.setdefault(key)
        parts: list[RumorTrack] = []
        for key in keys:
            other = self.tracks.get(key)
            if other is None or other.active or other.claim_id is not None:
                continue
            self._expire_window(other, track.last_at)  # young as of now, not as of its last post
            if not other.young or not _reads_as_rumor(other):
                continue
            if self._words_live_claim(other, track.last_at):
                continue  # a wording of a claim already spreading: the claim's, not a new wave
            parts.append(other)
        if len(parts) < 2 or track not in parts:
            return False
        authors = set().union(*(t.w_authors for t in parts))
        spreading = sum(t.w_stances["spreading"] for t in parts)
        whole = self.scorer.score_one(
            ClusterCounts(
                posts=sum(len(t.window) for t in parts),
                spreading=max(0, round(spreading - margin)),
                authors=max(0, round(len(authors) - margin)),
                rumor_cued=math.fsum(t.w_cued for t in parts),
                damped=0,
            )
        )
        if whole.score < cfg.new_score_threshold or whole.spread * cfg.new_max_breadth < cfg.wave_min_breadth:
            return False
        now = track.last_at
        for other in parts:
            if (other.brand, other.key) != me:
                self._merge(other, track, now)
        track.score = self.score(track)
        return True

    def _wave_excess(self, brand: str, now: datetime) -> float:
        """The brand's rumor-like posts of the window beyond their usual rate plus
        ``new_baseline_sigmas`` Poisson sd (the rate since the brand was first seen); 0 until the
        brand has been seen for ``wave_warmup_hours`` (and, with no warm-up, for any time at all:
        a rate needs some)."""
        log = self._wave.get(brand)
        hours = (now - self._seen_since.get(brand, now)).total_seconds() / 3600
        if not log or hours <= 0 or hours < self.config.wave_warmup_hours:
            return 0.0
        expected = (self._wave_total[brand] - len(log)) / (hours * 60) * self.config.new_window_minutes
        return len(log) - expected - self.config.new_baseline_sigmas * math.sqrt(expected)

    def score(self, track: RumorTrack) -> RumorScore:
        """The score of a track's recent window (see ``RumorScorer``).

        Spreading posts count beyond what the cluster's own rate before the window predicts (the
        larger of its rate over its life and its recent rate, so that the rate follows the time
        of day), plus ``new_baseline_sigmas`` Poisson standard deviations of it, so a steady
        stream of look-alike everyday posts never adds up to a rumor however it fluctuates; a
        young cluster has no earlier rate and counts in full.
        """
        spreading = track.w_stances["spreading"]
        before = track.posts - len(track.window)
        if before > 0 and track.window:
            span = self.config.new_window_minutes
            age = (track.window[0].at - track.first_at).total_seconds() / 60
            expected = before * span / max(age, span)
            if track.past_at is not None:
                tau = span * RATE_WINDOWS
                since = (track.window[0].at - track.past_at).total_seconds() / 60
                expected = max(expected, track.past * math.exp(-since / tau) * span / tau)
            margin = self.config.new_baseline_sigmas * math.sqrt(expected)
            spreading = max(0, round(spreading - expected - margin))
        counts = ClusterCounts(
            posts=len(track.window),
            spreading=spreading,
            authors=len(track.w_authors),
            rumor_cued=track.w_cued,
            damped=round(track.w_damped),
        )
        return self.scorer.score_one(counts)

    def _remember(self, track: RumorTrack, post_id: str) -> None:
        key = (track.brand, track.key)
        self._post_track[post_id] = key
        track.members.append(post_id)
        if len(track.members) > self.config.cluster_max_members:
            old = track.members.popleft()
            if self._post_track.get(old) == key:
                del self._post_track[old]

    def _expire_window(self, track: RumorTrack, now: datetime) -> None:
        minutes = self.config.window_minutes if track.claim_id else self.config.new_window_minutes
        horizon = now - timedelta(minutes=minutes)
        tau = self.config.new_window_minutes * RATE_WINDOWS * 60.0
        while track.window and track.window[0].at < horizon:
            item = track.window.popleft()
            if track.past_at is not None:
                track.past *= math.exp(-(item.at - track.past_at).total_seconds() / tau)
            track.past += 1.0
            track.past_at = item.at
            track.w_stances[item.stance] -= 1
            track.w_authors[item.author] -= 1
            if track.w_authors[item.author] <= 0:
                del track.w_authors[item.author]
            track.w_cued -= item.cued
            track.w_damped -= item.damped
            if item.news:
                track.w_news -= 1

    # --- time -------------------------------------------------------------------------------------

    def advance(self, watermark: datetime) -> list[Signal]:
        """Resolve rumors quiet for ``resolve_minutes``; forget clusters idle ``cluster_idle_minutes``."""
        signals: list[Signal] = []
        resolve = timedelta(minutes=self.config.resolve_minutes)
        idle = timedelta(minutes=self.config.cluster_idle_minutes)
        due: list[tuple[tuple[str, str], RumorTrack]] = []
        for key, track in self.tracks.items():
            if watermark - track.last_at < min(resolve, idle):
                break  # tracks are kept in order of their last post: the rest are newer
            due.append((key, track))
        for key, track in due:
            quiet = watermark - track.last_at
            if track.active and quiet >= resolve:
                signals.append(self._signal(track, watermark, False))
                self._drop(key, track)
            elif not track.active and quiet >= idle:
                self._drop(key, track)
        # An open new rumor whose cluster still takes posts (everyday talk of the same product)
        # but has read as calm for resolve_minutes resolves; the cluster lives on, and opens a
        # new incident only if a rumor spreads in it again.
        for key in sorted(self._active_new):
            open_track = self.tracks.get(key)
            if open_track is None or not open_track.active:
                self._active_new.discard(key)
            elif open_track.spread_at is not None and watermark - open_track.spread_at >= resolve:
                signals.append(self._signal(open_track, watermark, False))
                open_track.active = False
                self._active_new.discard(key)
        return signals

    def _drop(self, key: tuple[str, str], track: RumorTrack) -> None:
        del self.tracks[key]
        self.index.remove(_join(key))
        for pid in track.members:
            if self._post_track.get(pid) == key:
                del self._post_track[pid]
        self.expired += 1

    @property
    def linked_posts(self) -> int:
        """How many post ids are remembered for linking reposts, quotes and replies."""
        return len(self._post_track)

    # --- the signal -------------------------------------------------------------------------------

    def _keywords(self, track: RumorTrack) -> tuple[str, ...]:
        """The track's five commonest words, spelled as its posts spell them (found once per word:
        a track signals on every spreading post, and a word keeps its spelling)."""
        lemmas = [w for w, _ in track.words.most_common(5)]
        missing = [w for w in lemmas if w not in track.spelled]
        if missing:
            recent = list(track.window)[-SPELLING_SAMPLE:]
            track.spelled.update(spellings(missing, (normalize(i.post.text) for i in recent)))
        return shown(lemmas, track.spelled)

    def _signal(
        self, track: RumorTrack, at: datetime, active: bool, *, merged_into: RumorTrack | None = None
    ) -> Signal:
        """The track's signal; one clearing an open track folded into ``merged_into`` says so (its
        incident does not end: it goes on as that one's, a known claim's with its correction)."""
        spreading_posts = [i.post for i in track.window if i.stance == "spreading"]
        evidence = _most_spread(spreading_posts, track.spread_of)
        spreading = track.stances["spreading"]
        severity = Severity.CRITICAL if spreading >= self.config.critical_posts else Severity.WARNING
        representative = _short(evidence[0].text) if evidence else ""
        counts = (
            f"拡散 {spreading}件・疑問 {track.stances['enquiring']}件・訂正 {track.stances['correcting']}件"
        )
        if track.claim_id:
            summary = f"否定済みの主張 {track.claim_id}: {counts}"
        else:
            summary = f"新しいうわさ: {counts}"
        if representative:
            summary += f": 「{representative}」"
        merged: dict[str, str] = {}
        if merged_into is not None:
            merged = {"merged_into": merged_into.key}
            if merged_into.claim_id:
                summary = f"否定済みの主張 {merged_into.claim_id} と判明、その件に引き継ぎ: {summary}"
            else:
                summary = f"同じうわさの別の件 ({merged_into.key}) に引き継ぎ: {summary}"
        score = track.score or self.score(track)
        keywords = self._keywords(track)
        return Signal(
            kind=Kind.RUMOR,
            brand=track.brand,
            at=at,
            active=active,
            severity=severity,
            key=track.key,
            claim_id=track.claim_id,
            summary=summary,
            keywords=keywords,
            metrics={
                "posts": track.posts,
                "spreading": spreading,
                "enquiring": track.stances["enquiring"],
                "correcting": track.stances["correcting"],
                "other": track.stances["other"],
                "distinct_authors": len(track.authors),
                "reposts_and_quotes": track.reposts_and_quotes,
                "spread_curve": list(track.curve),
                "spread_curve_minutes": self.config.curve_minutes,
                "first_post_at": track.first_at.isoformat(),
                "cues": dict(sorted(track.cue_counts.items())),
                "score": score.score,
                "representative": representative,
                **merged,
            },
            evidence=evidence,
        )


def _cue_weight(cues: frozenset[str], weak: float, enquiry: float) -> float:
    """How much one post's cues say "rumor": 1 for a strong cue, less for hearsay, fear or a question.

    >>> _cue_weight(frozenset({"spread_request"}), 0.5, 0.5), _cue_weight(frozenset({"hearsay"}), 0.5, 0.5)
    (1.0, 0.5)
    >>> _cue_weight(frozenset({"hearsay", "fear"}), 0.5, 0.5), _cue_weight(frozenset(), 0.5, 0.5)
    (1.0, 0.0)
    """
    if cues & _STRONG:
        return 1.0
    return min(1.0, weak * len(cues & _WEAK) + (enquiry if "enquiry" in cues else 0.0))


# At most this many letters (emoji, punctuation and spaces aside) make a bare question.
SHORT_QUESTION_LETTERS = 8


def _reads_as_rumor(track: RumorTrack) -> bool:
    """Some of the track's recent posts carry rumor cues, and none speaks against one."""
    return track.w_damped <= 0 and track.w_cued > 0


def _short_question(normalized: str) -> bool:
    """Whether a text is only a short question (ほんなこつ? / まっことかえ? / え、ガチ?).

    >>> _short_question("ほんなこつ?"), _short_question("まっことかえ?!"), _short_question("え、ガチ?😳")
    (True, True, True)
    >>> _short_question("明日のライブ、何時からだっけ?"), _short_question("ほんなこつ")
    (False, False)
    """
    text = normalized.rstrip()
    while text and not text[-1].isalnum() and text[-1] not in "?":
        text = text[:-1]  # trailing emoji and marks
    if not text.rstrip("!").endswith("?"):
        return False
    return sum(ch.isalnum() for ch in text) <= SHORT_QUESTION_LETTERS


def _most_spread(posts: list[Post], spread_of: Counter[str], k: int = 5) -> tuple[Post, ...]:
    """The most spread posts first (reposts seen in the stream plus the post's own count), originals
    preferred over reposts, then the earliest."""
    originals = [p for p in posts if p.repost_of is None] or posts
    ranked = sorted(
        originals, key=lambda p: (-(spread_of.get(p.id, 0) + p.reposts), p.created_at.timestamp(), p.id)
    )
    return tuple(ranked[:k])


def _short(text: str, limit: int = 80) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _new_id(post: Post) -> str:
    """A stable cluster id: the same first post gives the same id in every replay."""
    return "new-" + hashlib.sha1(post.id.encode("utf-8")).hexdigest()[:10]


def _join(key: tuple[str, str]) -> str:
    return f"{key[0]}\x1f{key[1]}"


def _split(cluster_id: str) -> tuple[str, str]:
    brand, _, key = cluster_id.partition("\x1f")
    return brand, key
