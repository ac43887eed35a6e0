"""A deterministic generator of rumor scenarios in Japanese, with ground truth for evaluation.

A scenario is some days of one template set's brands: normal traffic over the day, hard
negatives (joking 嘘, マジ？ about good news, quoted old news, true news that draws 本当？, a real
campaign asking to be shared, and where a set writes them, a flood of near-identical reactions to an
event nobody announced) and rumors, known (a claim of the set) or new, that spread with
chain messages, hearsay, fake insiders and false authorities, copies with small edits, reposts and
quotes, then draw enquiries and corrections. Every post carries a label (``scenario``, ``role``)
so that ``monitor eval rumor`` can say which incidents were right.

Template sets are plain data (``rumor_tune`` to tune on, ``rumor_holdout`` written apart with
other brands and wordings, ``rumor_blind`` written later still, before any change it was used to
measure, with its own brands, claims and phrasing habits, and ``rumor_fresh``, ``rumor_fresh2``,
``rumor_fresh3``, ``rumor_fresh4`` and ``rumor_fresh5`` each written by an author who never read the
detector, with brands, claims and habits of their own: all seven check that the detector generalizes).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from monitor.config import BrandConfig, ClaimConfig
from monitor.models import Post

JST = timezone(timedelta(hours=9))
START = datetime(2026, 11, 2, 0, 0, tzinfo=JST)
# Posts per hour of the day, relative (quiet night, busy lunch and evening).
DIURNAL = (3, 2, 1, 1, 1, 2, 4, 7, 9, 8, 7, 8, 10, 9, 7, 7, 8, 9, 10, 11, 12, 11, 8, 5)


@dataclass(frozen=True)
class BrandSpec:
    """A fictional brand and what people talk about when they talk about it."""

    id: str
    names: tuple[str, ...]  # the first is the official name
    handle: str  # the official X account, without @
    items: tuple[str, ...]  # products, services, places
    new_rumors: tuple[tuple[str, ...], ...]  # each: wordings of one unlisted false claim
    known_claim: ClaimConfig
    known_wordings: tuple[str, ...]  # how people word the known claim in the wild
    good_news: tuple[str, ...]
    true_news: tuple[str, ...]
    old_topics: tuple[str, ...]
    campaigns: tuple[str, ...]
    # Real events nobody announced first (an app outage, a TV feature, a long queue at a new shop):
    # a flood of near-identical first-hand reactions from many people, a hard negative.
    events: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateSet:
    """Brands and the frames posts are written from; ``{b}`` a brand name, ``{c}`` a claim."""

    name: str
    brands: tuple[BrandSpec, ...]
    spread: tuple[str, ...]  # {b} {c}
    enquiry: tuple[str, ...]  # {b} {c}
    correction: tuple[str, ...]  # {b} {c}
    official_denial: tuple[str, ...]  # {b} {c}
    quote_spread: tuple[str, ...]
    quote_enquiry: tuple[str, ...]
    reply_correction: tuple[str, ...]
    background: tuple[str, ...]  # {b} {i}
    joke: tuple[str, ...]  # {b} {i}
    good_news_react: tuple[str, ...]  # {b} {n}
    true_news_react: tuple[str, ...]  # {b} {n}
    old_news: tuple[str, ...]  # {b} {o} {y}
    campaign_react: tuple[str, ...]  # {b} {n}
    event_react: tuple[str, ...] = ()  # {b} {e}: first-hand reactions to an unannounced event
    decorations: tuple[str, ...] = ("", "", "", "!", "…", "。", "!!", " 😱", " ⚠️", "(´・ω・`)")
    official_news: str = "【お知らせ】{b}は{n}。詳しくは公式サイトをご覧ください。URL"  # {b} {n}

    def brand_configs(self) -> list[BrandConfig]:
        return [
            BrandConfig(
                id=b.id,
                name=b.names[0],
                keywords=list(b.names),
                accounts={"x": "@" + b.handle},
                official_url=f"https://{b.id}.example/news",
            )
            for b in self.brands
        ]

    def claim_configs(self) -> list[ClaimConfig]:
        return [b.known_claim for b in self.brands]


@dataclass
class Labeled:
    """A generated post with its ground truth."""

    post: Post
    scenario: str  # "" for normal traffic; "rumor:<brand>:<n>" or "negative:<kind>:<brand>:<n>"
    role: str  # background | spreading | enquiring | correcting | negative
    brand: str
    claim_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        p = self.post
        out: dict[str, Any] = {
            "id": p.id,
            "platform": p.platform,
            "created_at": p.created_at.isoformat(),
            "text": p.text,
            "author": p.author,
            "lang": "ja",
            "reply_to": p.reply_to,
            "repost_of": p.repost_of,
            "quote_of": p.quote_of,
            "metrics": dict(p.metrics),
            "scenario": self.scenario,
            "role": self.role,
            "brand": self.brand,
        }
        if self.claim_id:
            out["claim_id"] = self.claim_id
        return out


@dataclass
class RumorTruth:
    """One generated rumor: what a detector should find."""

    scenario: str
    brand: str
    claim_id: str | None
    first_at: datetime
    spreading_at: list[datetime] = field(default_factory=list)

    def reached(self, n: int) -> datetime | None:
        """When the rumor had ``n`` spreading posts, or None if it never did."""
        times = sorted(self.spreading_at)
        return times[n - 1] if len(times) >= n else None


@dataclass
class Scenario:
    posts: list[Labeled]
    rumors: list[RumorTruth]
    days: int
    brands: list[str]


class _Gen:
    def __init__(self, tset: TemplateSet, seed: int) -> None:
        self.t = tset
        self.rng = random.Random(f"{tset.name}:{seed}")
        self.seed = seed
        self.out: list[Labeled] = []
        self.n = 0

    def pid(self) -> str:
        self.n += 1
        return f"x:{self.seed:03d}{self.n:08d}"

    def author(self, brand: BrandSpec) -> str:
        return f"{brand.id[:4]}_{self.rng.randrange(200_000):06d}"

    def name(self, brand: BrandSpec) -> str:
        # The official name most of the time, an alias now and then.
        return brand.names[0] if self.rng.random() < 0.6 else self.rng.choice(brand.names)

    def emit(self, lab: Labeled) -> Labeled:
        self.out.append(lab)
        return lab

    def post(
        self,
        brand: BrandSpec,
        at: datetime,
        text: str,
        scenario: str,
        role: str,
        *,
        author: str | None = None,
        claim_id: str | None = None,
        **refs: str | None,
    ) -> Labeled:
        p = Post(
            id=self.pid(),
            created_at=at.replace(microsecond=0),
            text=text,
            platform="x",
            author=author or self.author(brand),
            lang="ja",
            reply_to=refs.get("reply_to"),
            repost_of=refs.get("repost_of"),
            quote_of=refs.get("quote_of"),
        )
        return self.emit(Labeled(p, scenario, role, brand.id, claim_id))

    def mutate(self, text: str) -> str:
        """A copy with small edits: punctuation, a decoration, a tag, a dropped character."""
        r = self.rng.random()
        if r < 0.25:
            text = text.replace("。", "、", 1)
        elif r < 0.4 and len(text) > 12:
            cut = self.rng.randrange(4, len(text) - 4)
            text = text[:cut] + text[cut + 1 :]
        elif r < 0.55:
            text = "【拡散】" + text
        return text + self.rng.choice(self.t.decorations)


def _at(day_start: datetime, rng: random.Random) -> datetime:
    hour = rng.choices(range(24), weights=DIURNAL)[0]
    return day_start + timedelta(hours=hour, seconds=rng.randrange(3600))


def _busy_time(day_start: datetime, rng: random.Random, lo: int = 8, hi: int = 21) -> datetime:
    return day_start + timedelta(hours=rng.randrange(lo, hi), seconds=rng.randrange(3600))


def generate(
    tset: TemplateSet,
    *,
    days: int = 1,
    seed: int = 1,
    background_per_day: int = 600,
    rumors_per_day: int = 2,
    small_rumors_per_day: int = 1,
    negatives: bool = True,
) -> Scenario:
    """Generate ``days`` of posts for every brand of ``tset``, sorted by time, with ground truth."""
    g = _Gen(tset, seed)
    truths: list[RumorTruth] = []
    for day in range(days):
        day_start = START + timedelta(days=day)
        for bi, brand in enumerate(tset.brands):
            for _ in range(background_per_day):
                text = g.rng.choice(tset.background).format(b=g.name(brand), i=g.rng.choice(brand.items))
                g.post(brand, _at(day_start, g.rng), text, "", "background")
            if negatives:
                _negatives(g, brand, day_start, f"{day}{bi}")
            for k in range(rumors_per_day):
                known = (day + bi + k) % 2 == 0
                big = g.rng.randint(25, 110)
                truths.append(_rumor(g, brand, day_start, f"{day}-{k}", known=known, spreading=big))
            for k in range(small_rumors_per_day):
                small = g.rng.randint(3, 9)
                truths.append(_rumor(g, brand, day_start, f"{day}-s{k}", known=False, spreading=small))
    g.out.sort(key=lambda lab: (lab.post.created_at, lab.post.id))
    return Scenario(g.out, truths, days, [b.id for b in tset.brands])


def _rumor(
    g: _Gen, brand: BrandSpec, day_start: datetime, tag: str, *, known: bool, spreading: int
) -> RumorTruth:
    t, rng = g.t, g.rng
    scenario = f"rumor:{brand.id}:{tag}"
    claim_id = brand.known_claim.id if known else None
    wordings = brand.known_wordings if known else rng.choice(brand.new_rumors)
    t0 = _busy_time(day_start, rng, 7, 20)
    t20 = rng.uniform(3.0, 25.0)  # minutes to the 20th spreading post
    alpha = rng.uniform(0.6, 1.4)
    truth = RumorTruth(scenario, brand.id, claim_id, t0)
    spread_posts: list[Labeled] = []

    def claim_text() -> str:
        return rng.choice(wordings).format(b=g.name(brand))

    for k in range(spreading):
        at = t0 + timedelta(minutes=t20 * (k / 20) ** alpha + rng.uniform(0, 0.3) * (k > 0))
        r = rng.random()
        if k == 0 or r < 0.55 or not spread_posts:
            frame = rng.choice(t.spread)
            text = frame.format(b=g.name(brand), c=claim_text())
            originals = [x for x in spread_posts if x.post.text and not (x.post.repost_of or x.post.quote_of)]
            if originals and rng.random() < 0.4:  # copy-paste of an earlier post, slightly edited
                text = g.mutate(rng.choice(originals).post.text)
            lab = g.post(brand, at, text, scenario, "spreading", claim_id=claim_id)
        elif r < 0.8:
            src = rng.choice(spread_posts).post
            text = f"RT @{src.author}: {src.text}" if rng.random() < 0.5 else ""
            lab = g.post(brand, at, text, scenario, "spreading", claim_id=claim_id, repost_of=src.id)
        else:
            src = rng.choice(spread_posts).post
            text = rng.choice(t.quote_spread).format(b=g.name(brand))
            lab = g.post(brand, at, text, scenario, "spreading", claim_id=claim_id, quote_of=src.id)
        spread_posts.append(lab)
        truth.spreading_at.append(at)
    end = max(truth.spreading_at)
    span = max((end - t0).total_seconds() / 60, 5.0)

    def source_before(at: datetime) -> Post:
        earlier = [x.post for x in spread_posts if x.post.created_at < at]
        return rng.choice(earlier) if earlier else spread_posts[0].post

    for _ in range(max(1, int(spreading * rng.uniform(0.15, 0.4)))):
        at = t0 + timedelta(minutes=rng.uniform(0.1, 1.2) * span)
        src = source_before(at)
        r = rng.random()
        if r < 0.5:
            text = rng.choice(t.enquiry).format(b=g.name(brand), c=claim_text())
            g.post(brand, at, text, scenario, "enquiring", claim_id=claim_id)
        elif r < 0.75:
            text = rng.choice(t.quote_enquiry).format(b=g.name(brand))
            g.post(brand, at, text, scenario, "enquiring", claim_id=claim_id, quote_of=src.id)
        else:
            text = rng.choice(t.quote_enquiry).format(b=g.name(brand))
            g.post(brand, at, text, scenario, "enquiring", claim_id=claim_id, reply_to=src.id)
    for _ in range(max(1, int(spreading * rng.uniform(0.05, 0.25)))):
        at = t0 + timedelta(minutes=rng.uniform(0.4, 1.5) * span)
        src = source_before(at)
        if rng.random() < 0.5:
            text = rng.choice(t.correction).format(b=g.name(brand), c=claim_text())
            g.post(brand, at, text, scenario, "correcting", claim_id=claim_id)
        else:
            text = rng.choice(t.reply_correction).format(b=g.name(brand))
            g.post(brand, at, text, scenario, "correcting", claim_id=claim_id, reply_to=src.id)
    if spreading >= 20:
        at = t0 + timedelta(minutes=rng.uniform(0.8, 1.6) * span + 10)
        text = rng.choice(t.official_denial).format(b=brand.names[0], c=claim_text())
        g.post(brand, at, text, scenario, "correcting", author=brand.handle, claim_id=claim_id)
    return truth


def _negatives(g: _Gen, brand: BrandSpec, day_start: datetime, tag: str) -> None:
    """One episode of each hard negative for this brand and day."""
    t, rng = g.t, g.rng
    # A joke that catches on: many people post the same joking 嘘.
    sc = f"negative:joke:{brand.id}:{tag}"
    t0 = _busy_time(day_start, rng)
    item = rng.choice(brand.items)
    frames = rng.sample(t.joke, k=min(3, len(t.joke)))
    for _ in range(rng.randint(15, 40)):
        at = t0 + timedelta(minutes=rng.uniform(0, 60))
        g.post(brand, at, rng.choice(frames).format(b=g.name(brand), i=item), sc, "negative")
    # Good news from the official account, reposted, quoted, and met with マジ？ and らしい.
    for kind, source, react, n_range in (
        ("good_news", brand.good_news, t.good_news_react, (30, 90)),
        ("campaign", brand.campaigns, t.campaign_react, (20, 60)),
        ("true_news", brand.true_news, t.true_news_react, (20, 60)),
    ):
        sc = f"negative:{kind}:{brand.id}:{tag}"
        t0 = _busy_time(day_start, rng)
        news = rng.choice(source)
        official = g.post(
            brand,
            t0,
            t.official_news.format(b=brand.names[0], n=news),
            sc,
            "negative",
            author=brand.handle,
        )
        for _ in range(rng.randint(*n_range)):
            at = t0 + timedelta(minutes=rng.uniform(0.5, 90))
            r = rng.random()
            if r < 0.3:
                g.post(brand, at, "", sc, "negative", repost_of=official.post.id)
            else:
                text = rng.choice(react).format(b=g.name(brand), n=news)
                ref = {"quote_of": official.post.id} if r < 0.45 else {}
                g.post(brand, at, text, sc, "negative", **ref)
    if brand.events and t.event_react:
        # A flood of reactions to a real event nobody announced: many people within minutes, some
        # copying each other's words, some reposting; no rumor cue is needed to be wrong here.
        sc = f"negative:event:{brand.id}:{tag}"
        t0 = _busy_time(day_start, rng)
        event = rng.choice(brand.events)
        flood: list[Labeled] = []
        for _ in range(rng.randint(40, 120)):
            at = t0 + timedelta(minutes=rng.expovariate(1 / 12))
            r = rng.random()
            if flood and r < 0.2:
                g.post(brand, at, "", sc, "negative", repost_of=rng.choice(flood).post.id)
                continue
            if flood and r < 0.45:
                text = g.mutate(rng.choice(flood).post.text)
            else:
                text = rng.choice(t.event_react).format(b=g.name(brand), e=event)
            flood.append(g.post(brand, at, text, sc, "negative"))
    # Quoted old news: people remember an old story, some recognise it as old.
    sc = f"negative:old_news:{brand.id}:{tag}"
    t0 = _busy_time(day_start, rng)
    topic = rng.choice(brand.old_topics)
    for _ in range(rng.randint(10, 30)):
        at = t0 + timedelta(minutes=rng.uniform(0, 120))
        text = rng.choice(t.old_news).format(b=g.name(brand), o=topic, y=rng.randint(2, 9))
        g.post(brand, at, text, sc, "negative")


def to_jsonl(posts: Sequence[Labeled]) -> Iterator[dict[str, Any]]:
    for lab in posts:
        yield lab.to_json()
