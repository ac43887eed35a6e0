"""Deterministic generator of Japanese post streams about fictional brands, with injected storms.

Arrivals are non-homogeneous Poisson processes (simulated by thinning) drawn only from
``random.Random`` instances seeded from ``seed``: the same arguments always give byte-identical
output. Each brand has a normal chatter process (optionally shaped by a day/night profile), each
:class:`Scenario` adds its own process (an outage complaint storm, a false rumor with copies,
reposts, enquiries and later corrections, or a positive surge), and a noise process adds posts
that mention no brand. Run ``python -m monitor.demo.generate --help`` for the command line.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

from monitor.demo import templates as tpl

JST = timezone(timedelta(hours=9))
ScenarioKind = Literal["outage", "rumor", "positive"]
SCENARIO_KINDS: tuple[ScenarioKind, ...] = ("outage", "rumor", "positive")
DEMO_START = "2026-11-20T08:00:00+09:00"
DEMO_SEED = 7
ID_BASE = 1_860_000_000_000_000_000

# Relative activity by local hour (value at hh:00, linearly interpolated): quiet from 2 to 6,
# about 1.0 in the working day, a lunch bump and the evening peak from 20 to 23.
DIURNAL: tuple[float, ...] = (
    0.75,
    0.45,
    0.22,
    0.12,
    0.1,
    0.14,
    0.3,
    0.6,
    0.85,
    0.92,
    0.95,
    1.05,
    1.3,
    1.12,
    0.95,
    0.95,
    1.0,
    1.1,
    1.2,
    1.35,
    1.55,
    1.7,
    1.6,
    1.2,
)

_PLATFORMS: Mapping[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "normal": (("x", "instagram", "youtube"), (0.8, 0.12, 0.08)),
    "noise": (("x", "instagram", "youtube"), (0.8, 0.15, 0.05)),
    "outage": (("x", "instagram", "youtube"), (0.94, 0.03, 0.03)),
    "rumor": (("x", "instagram", "youtube"), (0.92, 0.08, 0.0)),
    "positive": (("x", "instagram", "youtube"), (0.75, 0.15, 0.1)),
}


def diurnal_factor(hour: float) -> float:
    """Relative posting activity at a local hour of the day (0 <= hour < 24)."""
    hour %= 24.0
    lo = int(hour)
    frac = hour - lo
    return DIURNAL[lo] * (1.0 - frac) + DIURNAL[(lo + 1) % 24] * frac


@dataclass(frozen=True, kw_only=True)
class BrandSpec:
    """A fictional brand: how users write its name and how much they talk about it."""

    id: str
    name: str
    category: str  # a key of templates.CATEGORIES: "mobile", "burger" or "football"
    aliases: tuple[str, ...] = ()  # other spellings users write; "#..." entries are hashtags
    rate_per_min: float = 1.0  # normal chatter in the working day (diurnal factor 1.0)
    official_account: str | None = None

    def __post_init__(self) -> None:
        if self.category not in tpl.CATEGORIES:
            known = ", ".join(tpl.CATEGORIES)
            raise ValueError(f"brand {self.id}: unknown category {self.category!r} ({known})")

    @property
    def written_names(self) -> tuple[str, ...]:
        """The name and non-hashtag aliases, the name weighted to about 60 %."""
        others = tuple(a for a in self.aliases if not a.startswith("#"))
        return (self.name,) * max(1, round(1.5 * len(others))) + others

    @property
    def hashtags(self) -> tuple[str, ...]:
        tags = tuple(a for a in self.aliases if a.startswith("#"))
        return tags or ("#" + self.name,)

    @property
    def mentions(self) -> tuple[str, ...]:
        """Every string whose presence counts as a mention of the brand."""
        return (self.name, *(a.lstrip("#") for a in self.aliases))


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """An injected event: an outage complaint storm, a false rumor or a positive surge.

    The rate ramps linearly from 0 to ``peak_per_min`` over ``ramp_min``, holds for
    ``hold_min`` and then decays exponentially with time constant ``decay_min`` until
    ``duration_min`` has passed. A rumor adds a smaller second wave of corrections when the
    brand denies it, at ``denial_at`` (a fraction of the duration).
    ``claims`` are predicates in plain form without the brand ("年内で全店閉店する"),
    ``topics`` short nouns for the claim ("全店閉店"); both default to the category's.
    """

    kind: ScenarioKind
    brand: str
    start_min: float
    duration_min: float
    peak_per_min: float
    ramp_min: float = 5.0
    hold_min: float | None = None
    decay_min: float | None = None
    claims: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    denial_at: float = 0.5
    correction_ratio: float = 0.4

    def __post_init__(self) -> None:
        if self.kind not in SCENARIO_KINDS:
            raise ValueError(f"scenario kind must be one of {SCENARIO_KINDS}, not {self.kind!r}")
        if self.duration_min <= 0 or self.peak_per_min < 0 or self.ramp_min < 0:
            raise ValueError("scenario needs duration_min > 0, peak_per_min >= 0, ramp_min >= 0")

    @property
    def end_min(self) -> float:
        return self.start_min + self.duration_min

    def _hold(self) -> float:
        hold = 0.2 * self.duration_min if self.hold_min is None else self.hold_min
        return min(hold, max(0.0, self.duration_min - self.ramp_min))

    def rate(self, minute: float) -> float:
        """Posts per minute this scenario adds at ``minute`` (minutes since the stream start)."""
        x = minute - self.start_min
        if x < 0 or x >= self.duration_min:
            return 0.0
        value = _pulse(x, self.peak_per_min, self.ramp_min, self._hold(), self._decay())
        if self.kind == "rumor":
            xd = x - self.denial_at * self.duration_min
            if xd >= 0:
                value += _pulse(xd, self.correction_ratio * self.peak_per_min, 3.0, 2.0, 10.0)
        return value

    def _decay(self) -> float:
        if self.decay_min is not None:
            return max(self.decay_min, 1e-6)
        rest = self.duration_min - self.ramp_min - self._hold()
        return max(rest / 3.0, 1e-6)

    def peak_rate(self) -> float:
        extra = self.correction_ratio * self.peak_per_min if self.kind == "rumor" else 0.0
        return self.peak_per_min + extra

    def expected_posts(self, step: float = 0.05) -> float:
        """The integral of :meth:`rate` over the scenario (the expected number of posts)."""
        n = int(self.duration_min / step)
        return sum(self.rate(self.start_min + (i + 0.5) * step) for i in range(n)) * step


def _pulse(x: float, peak: float, ramp: float, hold: float, decay: float) -> float:
    if x < ramp:
        return peak * x / ramp
    if x < ramp + hold:
        return peak
    return peak * math.exp(-(x - ramp - hold) / decay)


# --- internal drafts ----------------------------------------------------------------------------


@dataclass
class _Draft:
    t: float  # minutes since the stream start
    seq: int
    platform: str
    text: str
    author: str
    brand: str | None
    kind: str  # normal | noise | outage | rumor | positive
    role: str
    repost_of: int | None = None
    quote_of: int | None = None
    reply_to: int | None = None
    reposts: int = 0
    replies: int = 0
    quotes: int = 0


_SLOT = re.compile(r"\{(\w+)\}")

_HEADS: tuple[str, ...] = (
    "haru",
    "yuki",
    "sora",
    "mika",
    "kenta",
    "taku",
    "nao",
    "rin",
    "mochi",
    "neko",
    "kuma",
    "usagi",
    "tanuki",
    "pon",
    "choco",
    "matcha",
    "sushi",
    "ramen",
    "gohan",
    "pan",
    "coffee",
    "night",
    "moon",
    "star",
    "blue",
    "kiri",
    "momo",
    "yuzu",
    "ichigo",
    "riku",
    "shun",
    "kai",
    "aoi",
    "hina",
    "mei",
    "ren",
    "sho",
    "daiki",
    "tomo",
    "kazu",
    "masa",
    "hiro",
    "aki",
    "natsu",
    "fuyu",
    "tora",
    "hachi",
    "koko",
    "nana",
    "sakura",
    "kaede",
    "mugi",
    "azuki",
    "kinako",
    "peko",
    "shiba",
    "saba",
    "tako",
    "ika",
    "onigiri",
    "udon",
    "soba",
    "tofu",
    "miso",
    "kotatsu",
    "futon",
    "otaku",
    "gamer",
    "tabi",
    "camera",
    "runner",
    "cafe",
    "beer",
    "sake",
    "pudding",
    "melon",
    "lemon",
    "ringo",
    "mikan",
    "kuro",
    "shiro",
    "aka",
    "midori",
    "hoshi",
    "umi",
    "yama",
    "kaze",
)
_SURNAMES: tuple[str, ...] = (
    "tanaka",
    "suzuki",
    "sato",
    "takahashi",
    "ito",
    "watanabe",
    "yamamoto",
    "nakamura",
    "kobayashi",
    "kato",
    "yoshida",
    "yamada",
    "sasaki",
    "matsumoto",
    "inoue",
    "kimura",
    "hayashi",
    "shimizu",
    "mori",
    "ikeda",
    "ishii",
    "ogawa",
    "okada",
    "hasegawa",
    "fujita",
)
_TAILS: tuple[str, ...] = (
    "_jp",
    "_life",
    "_days",
    "_log",
    "chan",
    "kun",
    "_fan",
    "_note",
    "_diary",
    "_room",
    "_box",
    "_mama",
    "_papa",
    "_work",
    "_sub",
    "_2nd",
    "_dayo",
    "_desu",
    "_home",
    "_tw",
)
_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _b62(n: int) -> str:
    out = []
    while n:
        n, r = divmod(n, 62)
        out.append(_B62[r])
    return "".join(reversed(out)) or "0"


class _Authors:
    """Realistic, unique handles; a returning author is picked in proportion to past posts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()
        self.history: list[str] = []

    def _make(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.22:
            h = f"{rng.choice(_HEADS)}_{rng.choice(_HEADS)}"
        elif r < 0.42:
            h = rng.choice(_HEADS) + str(rng.choice((rng.randint(10, 99), rng.randint(1970, 2009))))
        elif r < 0.58:
            h = rng.choice(_HEADS) + rng.choice(_TAILS)
        elif r < 0.7:
            h = f"{rng.choice(_ALNUM[:26])}_{rng.choice(_SURNAMES)}"
            if rng.random() < 0.4:
                h += str(rng.randint(1, 99))
        elif r < 0.8:
            h = f"{rng.choice(_SURNAMES)}_{rng.choice(_HEADS)}"
        elif r < 0.9:
            h = f"{rng.choice(_HEADS)}{rng.choice(_HEADS)}{rng.randint(0, 999)}"
        else:
            h = "user" + "".join(rng.choice(_ALNUM) for _ in range(rng.randint(6, 9)))
        return h[:15]

    def pick(self, new_share: float = 0.7) -> str:
        if self.history and self.rng.random() >= new_share:
            handle = self.rng.choice(self.history)
        else:
            handle = self._make()
            while handle in self.seen or len(handle) < 4:
                handle = self._make()
            self.seen.add(handle)
        self.history.append(handle)
        return handle


def _arrivals(
    rng: random.Random, rate: Callable[[float], float], t0: float, t1: float, rmax: float
) -> Iterator[float]:
    """Event times in [t0, t1) of a Poisson process with intensity ``rate`` <= ``rmax``."""
    if rmax <= 0 or t1 <= t0:
        return
    t = t0
    while True:
        t += rng.expovariate(rmax)
        if t >= t1:
            return
        if rng.random() * rmax < rate(t):
            yield t


def _clock(minutes_of_day: float) -> str:
    """A time of day as users write it: 10時, 10時半, 10時15分."""
    total = int(round(minutes_of_day / 5.0) * 5) % (24 * 60)
    h, m = divmod(total, 60)
    if m == 0:
        return f"{h}時"
    if m == 30:
        return f"{h}時半"
    return f"{h}時{m}分"


def _duration_ja(minutes: float) -> str:
    m = int(minutes)
    if m < 60:
        return f"{m}分"
    h, m = divmod(m, 60)
    return f"{h}時間" if m < 5 else f"{h}時間{m}分"


class _Generator:
    def __init__(
        self,
        *,
        start: datetime,
        hours: float,
        seed: int,
        brands: Sequence[BrandSpec],
        scenarios: Sequence[Scenario],
        base_rate_per_min: float,
        diurnal: bool,
    ) -> None:
        self.start = start.astimezone(JST)
        self.minutes = hours * 60.0
        self.seed = seed
        self.brands = {b.id: b for b in brands}
        if len(self.brands) != len(brands):
            raise ValueError("brand ids must be unique")
        for sc in scenarios:
            if sc.brand not in self.brands:
                raise ValueError(f"scenario refers to unknown brand {sc.brand!r}")
        self.scenarios = list(scenarios)
        self.base_rate = base_rate_per_min
        self.diurnal = diurnal
        self.h0 = self.start.hour + self.start.minute / 60.0 + self.start.second / 3600.0
        self.authors = _Authors(self._rng("authors"))
        self.drafts: list[_Draft] = []

    def _rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.seed}/{stream}")

    def hour_at(self, t: float) -> float:
        return (self.h0 + t / 60.0) % 24.0

    def activity(self, t: float) -> float:
        return diurnal_factor(self.hour_at(t)) if self.diurnal else 1.0

    # --- shared helpers --------------------------------------------------------------------------

    def _add(
        self,
        t: float,
        platform: str,
        text: str,
        author: str,
        brand: str | None,
        kind: str,
        role: str,
        *,
        repost_of: int | None = None,
        quote_of: int | None = None,
        reply_to: int | None = None,
    ) -> _Draft:
        d = _Draft(
            t=t,
            seq=len(self.drafts),
            platform=platform,
            text=text,
            author=author,
            brand=brand,
            kind=kind,
            role=role,
            repost_of=repost_of,
            quote_of=quote_of,
            reply_to=reply_to,
        )
        self.drafts.append(d)
        return d

    def _slots(self, brand: BrandSpec | None) -> dict[str, Sequence[str]]:
        slots: dict[str, Sequence[str]] = dict(tpl.COMMON_SLOTS)
        if brand is not None:
            slots.update(tpl.CATEGORIES[brand.category].slots)
            slots["brand"] = brand.written_names
            slots["name"] = (brand.name,)
            slots["tag"] = brand.hashtags
        return slots

    @staticmethod
    def _render(template: str, rng: random.Random, slots: Mapping[str, Sequence[str]]) -> str:
        def sub(m: re.Match[str]) -> str:
            return rng.choice(slots[m.group(1)])

        for _ in range(4):
            new = _SLOT.sub(sub, template)
            if new == template:
                break
            template = new
        return template

    @staticmethod
    def _platform(rng: random.Random, kind: str) -> str:
        names, weights = _PLATFORMS[kind]
        return rng.choices(names, weights)[0]

    @staticmethod
    def _finish(
        text: str, rng: random.Random, platform: str, brand: BrandSpec | None, tags: Sequence[str]
    ) -> str:
        """Hashtags by platform, a guaranteed brand mention, and half-width punctuation sometimes."""
        text = text.strip()
        own = brand.hashtags if brand is not None else ()
        if platform == "instagram":
            pool = [t for t in dict.fromkeys((*own, *tags)) if t not in text]
            if "#" not in text and pool and rng.random() < 0.8:
                text += "\n" + " ".join(rng.sample(pool, k=min(len(pool), rng.randint(1, 3))))
            elif own and own[0] not in text and rng.random() < 0.5:
                text += " " + own[0]
        elif platform == "x" and rng.random() < (0.12 if own else 0.04):
            pool = [t for t in (own if own and rng.random() < 0.7 else tags) if t not in text]
            if pool:
                text += " " + rng.choice(pool)
        if brand is not None and not any(m in text for m in brand.mentions):
            text += " " + rng.choice(brand.hashtags)
        if rng.random() < 0.15:
            text = text.replace("！", "!").replace("？", "?")
        return text

    # --- processes -------------------------------------------------------------------------------

    def run(self) -> list[_Draft]:
        for brand in self.brands.values():
            self._normal(brand)
        for i, sc in enumerate(self.scenarios):
            if sc.kind == "outage":
                self._outage(i, sc)
            elif sc.kind == "rumor":
                self._rumor(i, sc)
            else:
                self._positive(i, sc)
        self._noise()
        return sorted(self.drafts, key=lambda d: (d.t, d.seq))

    def _normal(self, brand: BrandSpec) -> None:
        rng = self._rng(f"normal/{brand.id}")
        bank = tpl.CATEGORIES[brand.category]
        slots = self._slots(brand)
        kinds = tuple(bank.normal_weights)
        weights = tuple(bank.normal_weights.values())
        rmax = brand.rate_per_min * (max(DIURNAL) if self.diurnal else 1.0)

        def rate(t: float) -> float:
            return brand.rate_per_min * self.activity(t)

        for t in _arrivals(rng, rate, 0.0, self.minutes, rmax):
            platform = self._platform(rng, "normal")
            period = tpl.period_of(self.hour_at(t))
            if platform in bank.normal and rng.random() < 0.5:
                pool = bank.normal[platform]
            elif period is not None and period in bank.normal and rng.random() < 0.2:
                pool = bank.normal[period]
            else:
                pool = bank.normal[rng.choices(kinds, weights)[0]]
            text = self._render(rng.choice(pool), rng, slots)
            text = self._finish(text, rng, platform, brand, bank.tags)
            self._add(t, platform, text, self.authors.pick(0.55), brand.id, "normal", "chatter")

    def _noise(self) -> None:
        rng = self._rng("noise")
        slots = self._slots(None)
        rmax = self.base_rate * (max(DIURNAL) if self.diurnal else 1.0)

        def rate(t: float) -> float:
            return self.base_rate * self.activity(t)

        for t in _arrivals(rng, rate, 0.0, self.minutes, rmax):
            platform = self._platform(rng, "noise")
            period = tpl.period_of(self.hour_at(t))
            r = rng.random()
            if r < 0.2:
                pool, role = tpl.NOISE_TRAPS, "trap"
            elif r < 0.3 and period is not None:
                pool, role = tpl.NOISE_PERIOD[period], "chatter"
            else:
                pool, role = tpl.NOISE, "chatter"
            text = self._render(rng.choice(pool), rng, slots)
            text = self._finish(text, rng, platform, None, tpl.NOISE_TAGS)
            self._add(t, platform, text, self.authors.pick(0.6), None, "noise", role)

    def _pick_target(self, rng: random.Random, candidates: Sequence[int]) -> _Draft | None:
        """An earlier post, chosen in proportion to the attention it already has."""
        if not candidates:
            return None
        weights = [1.0 + 2.0 * self.drafts[i].reposts + self.drafts[i].quotes for i in candidates]
        return self.drafts[rng.choices(candidates, weights)[0]]

    def _repost(self, t: float, rng: random.Random, target: _Draft, kind: str) -> None:
        text = f"RT @{target.author}: {target.text}" if rng.random() < 0.55 else target.text
        target.reposts += 1
        self._add(t, "x", text, self.authors.pick(0.9), target.brand, kind, "repost", repost_of=target.seq)

    def _outage(self, index: int, sc: Scenario) -> None:
        rng = self._rng(f"scenario/{index}/outage")
        brand = self.brands[sc.brand]
        bank = tpl.CATEGORIES[brand.category]
        slots = self._slots(brand)
        start_clock = (self.h0 * 60.0 + sc.start_min) % (24 * 60)
        slots["since"] = (_clock(start_clock), _clock(start_clock), "朝", "さっき")
        if not 5 * 60 <= start_clock < 11 * 60:
            slots["since"] = (_clock(start_clock), _clock(start_clock), "さっき")
        outage_tags = tuple(self._render(x, rng, slots) for x in bank.outage_tags)
        recent: list[int] = []
        for t in _arrivals(rng, sc.rate, sc.start_min, sc.end_min, sc.peak_rate()):
            elapsed = t - sc.start_min
            p = elapsed / sc.duration_min
            r = rng.random()
            if r < 0.05 and recent:
                target = self.drafts[rng.choice(recent[-40:])]
                text = self._render(rng.choice(bank.outage_reply), rng, slots)
                target.replies += 1
                self._add(
                    t,
                    target.platform,
                    text,
                    self.authors.pick(0.85),
                    brand.id,
                    "outage",
                    "reply",
                    reply_to=target.seq,
                )
                continue
            if r < 0.09 and recent and p < 0.8:
                picked = self._pick_target(rng, [i for i in recent if self.drafts[i].platform == "x"])
                if picked is not None:
                    self._repost(t, rng, picked, "outage")
                    continue
            slots["elapsed"] = (_duration_ja(elapsed),)
            recovery_share = max(0.0, (p - 0.55) / 0.45) * 0.75
            role = "complaint"
            if rng.random() < recovery_share:
                pool, role = bank.outage_recovery, "recovery"
            elif elapsed < max(3.0, 0.1 * sc.duration_min):
                pool = bank.outage_early if rng.random() < 0.8 else bank.outage
            elif elapsed >= 15 and rng.random() < 0.15:
                pool = bank.outage_long
            else:
                pool = bank.outage if rng.random() < 0.92 else bank.outage_early
            text = self._render(rng.choice(pool), rng, slots)
            if role == "complaint" and rng.random() < 0.08:
                text = rng.choice(tpl.OPENERS) + text
            platform = self._platform(rng, "outage")
            tags = outage_tags if role == "complaint" else ()
            text = self._finish(text, rng, platform, brand, tags)
            d = self._add(t, platform, text, self.authors.pick(0.8), brand.id, "outage", role)
            if role == "complaint":
                recent.append(d.seq)

    def _rumor(self, index: int, sc: Scenario) -> None:
        rng = self._rng(f"scenario/{index}/rumor")
        brand = self.brands[sc.brand]
        bank = tpl.CATEGORIES[brand.category]
        slots = self._slots(brand)
        claims = sc.claims or bank.rumor_claims
        slots["claim"] = (claims[0],) * 3 + claims[1:]
        slots["topic"] = sc.topics or bank.rumor_topics
        official = {**slots, "brand": (brand.name,) * 4 + brand.written_names}
        seeds: list[str] = []
        spread: list[int] = []  # posts carrying the claim, on x (repost / quote / reply targets)
        corrections: list[int] = []
        role_table = {
            "early": {
                "copy": 0.34,
                "repost": 0.26,
                "hearsay": 0.18,
                "react": 0.12,
                "insider": 0.06,
                "enquiry": 0.04,
            },
            "spread": {
                "copy": 0.08,
                "repost": 0.3,
                "hearsay": 0.12,
                "insider": 0.06,
                "enquiry": 0.13,
                "quote": 0.1,
                "reply": 0.06,
                "react": 0.11,
            },
            "denied": {
                "correction": 0.3,
                "repost_correction": 0.16,
                "relief": 0.12,
                "enquiry": 0.06,
                "repost": 0.08,
                "quote_correction": 0.07,
                "reply_correction": 0.08,
                "spreader": 0.07,
                "hearsay": 0.03,
                "react": 0.03,
            },
        }
        first = True
        for t in _arrivals(rng, sc.rate, sc.start_min, sc.end_min, sc.peak_rate()):
            p = (t - sc.start_min) / sc.duration_min
            phase = "early" if p < 0.12 else ("spread" if p < sc.denial_at else "denied")
            table = role_table[phase]
            role = "copy" if first else rng.choices(tuple(table), tuple(table.values()))[0]
            first = False
            target: _Draft | None = None
            if role in ("repost", "quote", "reply", "quote_correction", "reply_correction"):
                target = self._pick_target(rng, spread)
            elif role == "repost_correction":
                target = self._pick_target(rng, corrections)
            if target is None and role.startswith(("repost", "quote", "reply")):
                role = "correction" if "correction" in role else "copy"
            if target is not None and role.startswith("repost"):
                self._repost(t, rng, target, "rumor")
                continue
            platform = "x" if target is not None else self._platform(rng, "rumor")
            if role == "copy":
                if seeds and rng.random() < 0.7:
                    text = rng.choice(seeds)
                    if rng.random() < 0.2:
                        text = rng.choice(("まじか… ", "え、", "これほんと？ ")) + text
                elif not seeds:  # the origin: the canonical claim under the brand's name
                    origin = {**official, "brand": (brand.name,), "claim": claims[:1]}
                    text = self._render(tpl.RUMOR_COPY[0], rng, origin)
                    seeds.append(text)
                else:
                    text = self._render(rng.choice(tpl.RUMOR_COPY), rng, official)
                    if len(seeds) < 4:
                        seeds.append(text)
            else:
                pool = {
                    "hearsay": tpl.RUMOR_HEARSAY,
                    "insider": tpl.RUMOR_INSIDER,
                    "enquiry": tpl.RUMOR_ENQUIRY,
                    "quote": tpl.RUMOR_QUOTE,
                    "reply": tpl.RUMOR_REPLY,
                    "react": bank.rumor_reactions,
                    "correction": tpl.RUMOR_CORRECTION,
                    "relief": bank.rumor_relief,
                    "quote_correction": tpl.RUMOR_QUOTE_CORRECTION,
                    "reply_correction": tpl.RUMOR_REPLY_CORRECTION,
                    "spreader": tpl.RUMOR_SPREADER,
                }[role]
                text = self._render(rng.choice(pool), rng, slots)
            quote_of = reply_to = None
            if target is not None:
                if role.startswith("quote"):
                    quote_of = target.seq
                    target.quotes += 1
                else:
                    reply_to = target.seq
                    target.replies += 1
                text = text.strip()
                if rng.random() < 0.15:
                    text = text.replace("？", "?").replace("！", "!")
            else:
                text = self._finish(text, rng, platform, brand, ())
            d = self._add(
                t,
                platform,
                text,
                self.authors.pick(0.92),
                brand.id,
                "rumor",
                role,
                quote_of=quote_of,
                reply_to=reply_to,
            )
            if platform == "x" and role in ("copy", "hearsay", "insider"):
                spread.append(d.seq)
            elif platform == "x" and role == "correction":
                corrections.append(d.seq)

    def _positive(self, index: int, sc: Scenario) -> None:
        rng = self._rng(f"scenario/{index}/positive")
        brand = self.brands[sc.brand]
        bank = tpl.CATEGORIES[brand.category]
        slots = self._slots(brand)
        popular: list[int] = []
        first = True
        for t in _arrivals(rng, sc.rate, sc.start_min, sc.end_min, sc.peak_rate()):
            elapsed = t - sc.start_min
            p = elapsed / sc.duration_min
            if first and brand.official_account and bank.official_positive:
                first = False
                text = self._render(rng.choice(bank.official_positive), rng, slots)
                text += " " + brand.hashtags[0]
                d = self._add(
                    t, "x", text, brand.official_account.lstrip("@"), brand.id, "positive", "official"
                )
                popular.extend([d.seq] * 8)
                continue
            first = False
            r = rng.random()
            if r < 0.05 and popular:
                target = self.drafts[rng.choice(popular)]
                target.replies += 1
                text = self._render(rng.choice(bank.positive_reply), rng, slots)
                self._add(
                    t,
                    target.platform,
                    text,
                    self.authors.pick(0.7),
                    brand.id,
                    "positive",
                    "reply",
                    reply_to=target.seq,
                )
                continue
            if r < 0.16 and popular:
                picked = self._pick_target(rng, [i for i in popular if self.drafts[i].platform == "x"])
                if picked is not None:
                    self._repost(t, rng, picked, "positive")
                    continue
            if elapsed < max(2.0, 0.12 * sc.duration_min) and rng.random() < 0.7:
                pool = bank.positive_early
            elif p > 0.55 and rng.random() < 0.4:
                pool = bank.positive_late
            else:
                pool = bank.positive
            platform = self._platform(rng, "positive")
            text = self._render(rng.choice(pool), rng, slots)
            text = self._finish(text, rng, platform, brand, bank.positive_tags)
            d = self._add(t, platform, text, self.authors.pick(0.6), brand.id, "positive", "celebration")
            popular.append(d.seq)


# --- public API ---------------------------------------------------------------------------------


def generate(
    *,
    start: datetime,
    hours: float,
    seed: int,
    brands: list[BrandSpec],
    scenarios: list[Scenario],
    base_rate_per_min: float,
    diurnal: bool,
    label: bool = False,
) -> list[dict[str, Any]]:
    """Posts (Post-contract dicts) sorted by ``created_at``, for ``hours`` from ``start``.

    ``base_rate_per_min`` is the rate of noise posts that mention no brand; each brand's own
    normal rate is ``BrandSpec.rate_per_min``. Both follow :data:`DIURNAL` when ``diurnal``.
    With ``label`` every post carries a ``label`` key (brand, kind, role): ground truth for
    tests and evaluation, ignored by the monitor.
    """
    if start.tzinfo is None:
        raise ValueError("start must carry a UTC offset")
    if hours <= 0:
        raise ValueError("hours must be positive")
    gen = _Generator(
        start=start,
        hours=hours,
        seed=seed,
        brands=brands,
        scenarios=scenarios,
        base_rate_per_min=base_rate_per_min,
        diurnal=diurnal,
    )
    drafts = gen.run()
    ids_rng = gen._rng("ids")
    metrics_rng = gen._rng("metrics")
    base = gen.start.replace(microsecond=0)
    ids: dict[int, str] = {}
    number = ID_BASE
    posts: list[dict[str, Any]] = []
    for d in drafts:
        number += ids_rng.randint(1, 4096) if posts else 1
        post_id = f"{d.platform}:{number}"
        ids[d.seq] = post_id
        created = base + timedelta(seconds=math.floor(d.t * 60.0))
        post: dict[str, Any] = {
            "id": post_id,
            "platform": d.platform,
            "created_at": created.isoformat(timespec="seconds"),
            "text": d.text,
            "author": d.author,
            "lang": "ja",
            "reply_to": ids[d.reply_to] if d.reply_to is not None else None,
            "repost_of": ids[d.repost_of] if d.repost_of is not None else None,
            "quote_of": ids[d.quote_of] if d.quote_of is not None else None,
            "url": _url(d.platform, d.author, number),
            "metrics": {"reposts": d.reposts, "likes": _likes(metrics_rng, d), "replies": d.replies},
        }
        if label:
            post["label"] = {"brand": d.brand, "kind": d.kind, "role": d.role}
        posts.append(post)
    return posts


def _url(platform: str, author: str, number: int) -> str:
    if platform == "x":
        return f"https://x.example/{author}/status/{number}"
    if platform == "instagram":
        return f"https://instagram.example/p/{_b62(number)}/"
    return f"https://youtube.example/watch?v={_b62(number // 1_000_000)[-11:]}&lc={_b62(number)}"


def _likes(rng: random.Random, d: _Draft) -> int:
    if d.repost_of is not None:
        return 0
    base = int(rng.paretovariate(1.4)) - 1
    if d.role == "official":
        return d.reposts * rng.randint(3, 6) + rng.randint(300, 900)
    if d.kind == "positive":
        base *= 3
    return min(base + d.reposts * rng.randint(1, 4) + d.quotes + d.replies, 50_000)


def to_jsonl(posts: Sequence[Mapping[str, Any]]) -> str:
    """The JSONL text of ``posts``: compact, UTF-8 characters kept, one post a line."""
    return "".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n" for p in posts)


# --- presets ------------------------------------------------------------------------------------


def demo_brands() -> list[BrandSpec]:
    """The three fictional brands of the bundled demo."""
    return [
        BrandSpec(
            id="koharu-mobile",
            name="こはるモバイル",
            category="mobile",
            aliases=("こはるモバ", "コハルモバイル", "#こはるモバイル"),
            rate_per_min=1.5,
            official_account="@koharu_mobile",
        ),
        BrandSpec(
            id="hoshizora-burger",
            name="ほしぞらバーガー",
            category="burger",
            aliases=("ほしバガ", "#ほしぞらバーガー"),
            rate_per_min=2.0,
            official_account="@hoshizora_burger",
        ),
        BrandSpec(
            id="minamo-fc",
            name="みなもFC",
            category="football",
            aliases=("みなもエフシー", "#みなもFC"),
            rate_per_min=1.0,
            official_account="@minamo_fc",
        ),
    ]


def demo_scenarios() -> list[Scenario]:
    """Outage at 10:30, false closure rumor at 12:00, title celebration at 14:00 (from 08:00)."""
    return [
        Scenario(
            kind="outage",
            brand="koharu-mobile",
            start_min=150,
            duration_min=50,
            peak_per_min=25,
            ramp_min=5,
            hold_min=10,
        ),
        Scenario(
            kind="rumor",
            brand="hoshizora-burger",
            start_min=240,
            duration_min=70,
            peak_per_min=5.0,
            ramp_min=4,
            hold_min=5,
            decay_min=8,
            claims=(
                "年内で全店閉店する",
                "今年いっぱいで全部の店舗を閉める",
                "12月で全店舗閉店する",
                "年内に全店閉める",
            ),
            topics=("全店閉店", "年内閉店", "12月で全店舗閉店", "閉店"),
            denial_at=0.5,
        ),
        Scenario(
            kind="positive",
            brand="minamo-fc",
            start_min=360,
            duration_min=40,
            peak_per_min=20,
            ramp_min=3,
            hold_min=6,
        ),
    ]


def preset(
    name: str,
    *,
    seed: int,
    start: datetime | None = None,
    hours: float | None = None,
    days: float | None = None,
    label: bool = False,
) -> list[dict[str, Any]]:
    """Posts of a named preset: ``demo`` (8 hours, three scenarios) or ``background``."""
    if name == "demo":
        return generate(
            start=start or datetime.fromisoformat(DEMO_START),
            hours=hours or (days * 24 if days else 8.0),
            seed=seed,
            brands=demo_brands(),
            scenarios=demo_scenarios(),
            base_rate_per_min=1.0,
            diurnal=True,
            label=label,
        )
    if name == "background":
        return generate(
            start=start or datetime.fromisoformat(DEMO_START),
            hours=days * 24 if days else (hours or 72.0),
            seed=seed,
            brands=demo_brands(),
            scenarios=[],
            base_rate_per_min=1.0,
            diurnal=True,
            label=label,
        )
    raise ValueError(f"unknown preset {name!r} (demo, background)")


def summarize(posts: Sequence[Mapping[str, Any]]) -> str:
    """Posts per local hour, brand and kind, from labelled posts (a small text table)."""
    cols = ["noise"]
    table: dict[str, dict[str, int]] = {}
    for p in posts:
        lab = p.get("label") or {}
        brand = lab.get("brand")
        col = "noise" if brand is None else f"{brand}/{lab.get('kind')}"
        if col not in cols:
            cols.append(col)
        hour = str(p["created_at"])[:13]
        row = table.setdefault(hour, {})
        row[col] = row.get(col, 0) + 1
    cols = ["noise", *sorted(c for c in cols if c != "noise")]
    width = max(len(c) for c in cols)
    lines = ["hour          " + " ".join(c.rjust(width) for c in cols)]
    for hour in sorted(table):
        lines.append(hour + " " + " ".join(str(table[hour].get(c, 0)).rjust(width) for c in cols))
    totals = [sum(r.get(c, 0) for r in table.values()) for c in cols]
    lines.append("total         " + " ".join(str(n).rjust(width) for n in totals))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a generated stream as JSONL."""
    ap = argparse.ArgumentParser(
        prog="python -m monitor.demo.generate",
        description="Write a deterministic synthetic Japanese post stream (Post JSONL).",
    )
    ap.add_argument("--out", required=True, help="JSONL file to write ('-' for stdout)")
    ap.add_argument("--seed", type=int, default=DEMO_SEED)
    ap.add_argument("--start", default=None, help=f"ISO 8601 with offset (default {DEMO_START})")
    ap.add_argument("--hours", type=float, default=None)
    ap.add_argument("--preset", choices=("demo", "background"), default="demo")
    ap.add_argument("--days", type=float, default=None, help="length in days (background)")
    ap.add_argument("--label", action="store_true", help="keep ground-truth labels in posts")
    ap.add_argument("--summary", action="store_true", help="print posts per hour to stderr")
    args = ap.parse_args(argv)
    try:
        start = datetime.fromisoformat(args.start) if args.start else None
        if start is not None and start.tzinfo is None:
            raise ValueError("--start needs a UTC offset, e.g. +09:00")
        posts = preset(args.preset, seed=args.seed, start=start, hours=args.hours, days=args.days, label=True)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.summary:
        print(summarize(posts), file=sys.stderr)
    if not args.label:
        for p in posts:
            del p["label"]
    data = to_jsonl(posts)
    if args.out == "-":
        sys.stdout.write(data)
    else:
        Path(args.out).write_text(data, encoding="utf-8", newline="\n")
        print(f"wrote {len(posts)} posts to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
