"""Suggested responses from ``responses.toml`` templates, fitted to the platform's length limit."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from monitor.config import BrandConfig, ClaimConfig, ResponsesFile
from monitor.models import Kind, Post, SuggestedResponse

# Used only where responses.toml has no template for a kind.
FALLBACK: dict[str, str] = {
    "negative_surge": (
        "{brand_name}をご利用のお客様にご迷惑をおかけしており、申し訳ございません。"
        "現在、状況を確認しております。詳細が分かり次第、こちらでお知らせいたします。"
    ),
    "rumor_known": "{correction} 正しい情報は公式のお知らせをご覧ください。{source_url}",
    "rumor_unknown": (
        "{brand_name}に関する情報が広まっておりますが、現在事実関係を確認中です。"
        "確認でき次第、公式アカウントでお知らせいたします。"
    ),
    "positive_surge": "{brand_name}を応援してくださる皆さま、本当にありがとうございます！",
}

_URL = re.compile(r"https?://\S+")
X_WEIGHTED_LIMIT = 280  # X counts a CJK character as 2, a URL as 23: 140 full-width characters
X_URL_WEIGHT = 23


def x_weighted_length(text: str) -> int:
    """Length as X counts it: a URL is 23, a character outside Latin ranges is 2.

    >>> x_weighted_length("ありがとう")
    10
    >>> x_weighted_length("ok https://example.com/a/very/long/path")
    26
    """
    total = 0
    last = 0
    for m in _URL.finditer(text):
        total += _chars_weight(text[last : m.start()]) + X_URL_WEIGHT
        last = m.end()
    return total + _chars_weight(text[last:])


def _chars_weight(s: str) -> int:
    return sum(1 if ord(ch) <= 0x10FF or 0x2000 <= ord(ch) <= 0x200D else 2 for ch in s)


# Reply length limits in characters for platforms other than X (X uses its weighted count).
PLATFORM_LIMITS: dict[str, int] = {
    "mastodon": 500,
    "misskey": 3000,
    "bluesky": 300,
    "threads": 500,
    "instagram": 2200,
    "tiktok": 150,
    "youtube": 10000,
    "line": 500,
}
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_POLITE_END = re.compile(
    r"(ます|ません|ました|ましょう|です|でした|でしょう|ございます|ください|下さい|ませ|でしょうか|ますか)$"
)
_TRAILING = re.compile(r"[\s。！？!?、…〜ー♪☆★)）」』\U0001F300-\U0001FAFF\u2600-\u27BF]+$")


def platform_length(text: str, platform: str) -> int:
    """Length as the platform counts it (X: weighted; elsewhere: characters)."""
    return x_weighted_length(text) if platform == "x" else len(text)


def platform_limit(platform: str) -> int | None:
    """The reply length limit of a platform in its own count; None when unknown (no limit applied)."""
    return X_WEIGHTED_LIMIT if platform == "x" else PLATFORM_LIMITS.get(platform)


def fits_platform(text: str, platform: str) -> bool:
    limit = platform_limit(platform)
    return limit is None or platform_length(text, platform) <= limit


def fit_to_platform(text: str, platform: str) -> str:
    """Shorten the prose (never the URL) to the platform's limit, dropping whole sentences first.

    Whole trailing sentences go first, so the reply still ends politely; only a first sentence
    that alone is too long is cut, with an ellipsis.

    >>> t = "ご迷惑をおかけし申し訳ございません。" * 9 + "https://ex.example/n"
    >>> out = fit_to_platform(t, "x")
    >>> x_weighted_length(out) <= 280, out.endswith("ございません。 https://ex.example/n")
    (True, True)
    """
    if fits_platform(text, platform):
        return text
    limit = platform_limit(platform) or 0
    urls = _URL.findall(text)
    prose = _URL.sub("", text).strip()
    tail = (" " + " ".join(urls)) if urls else ""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(prose) if m.group(0).strip()]
    while len(sentences) > 1 and platform_length("".join(sentences) + tail, platform) > limit:
        sentences.pop()
    prose = "".join(sentences)
    if platform_length(prose + tail, platform) <= limit:
        return prose + tail
    while prose and platform_length(prose + "…" + tail, platform) > limit:
        prose = prose[:-1]
    return prose + "…" + tail


def is_polite(text: str) -> bool:
    """Every Japanese sentence ends in the です/ます register (URLs and emoji aside).

    >>> is_polite("ご迷惑をおかけしております。確認中です！詳しくはこちら https://a.example")
    False
    >>> is_polite("ご迷惑をおかけしております。確認中です！ https://a.example")
    True
    >>> is_polite("そんな事実はないよ。")
    False
    """
    prose = _URL.sub("", text)
    sentences = [m.group(0) for m in _SENTENCE.finditer(prose)]
    checked = 0
    for sentence in sentences:
        core = _TRAILING.sub("", sentence.strip())
        if not core:
            continue
        checked += 1
        if not _POLITE_END.search(core):
            return False
    return checked > 0


def ensure_url(text: str, url: str) -> str:
    """Append the official source URL when the text does not carry it already.

    >>> ensure_url("事実ではありません。", "https://b.example/n")
    '事実ではありません。 https://b.example/n'
    """
    if not url or url in text:
        return text
    return f"{text} {url}"


class ResponseBuilder:
    """Build the suggested response for an incident from templates and brand overrides."""

    def __init__(
        self, responses: ResponsesFile, brands: Sequence[BrandConfig], claims: Sequence[ClaimConfig]
    ) -> None:
        self._templates: dict[str, str] = {kind: t.text for kind, t in responses.templates.items()}
        self._overrides: dict[tuple[str, str], str] = {(o.brand, o.kind): o.text for o in responses.override}
        self._brands = {b.id: b for b in brands}
        self._claims = {c.id: c for c in claims}

    def template_kind(self, kind: Kind, claim_id: str | None) -> str:
        if kind is Kind.RUMOR:
            return "rumor_known" if claim_id in self._claims else "rumor_unknown"
        return str(kind)

    def build(
        self,
        kind: Kind,
        brand: str,
        claim_id: str | None,
        evidence: Sequence[Post],
        keywords: Sequence[str] = (),
    ) -> SuggestedResponse:
        tkind = self.template_kind(kind, claim_id)
        template = self._overrides.get((brand, tkind)) or self._templates.get(tkind) or FALLBACK[tkind]
        b = self._brands.get(brand)
        claim = self._claims.get(claim_id or "")
        values: Mapping[str, str] = {
            "brand_name": b.name if b else brand,
            "correction": claim.correction if claim else "",
            "source_url": (claim.source_url if claim else "") or (b.official_url if b else ""),
            "statement": claim.statement if claim else "",
            "keywords": "、".join(keywords),
        }
        text = template.format_map(values).strip()
        if tkind == "rumor_known":  # a correction always points at the official source
            text = ensure_url(text, values["source_url"])
        # A correction answers the most spread post, in public, on its own platform.
        target = evidence[0] if (evidence and kind is Kind.RUMOR) else None
        platform = target.platform if target else "x"
        response_kind = {
            "negative_surge": "apology",
            "rumor_known": "correction",
            "rumor_unknown": "holding",
            "positive_surge": "thanks",
        }[tkind]
        return SuggestedResponse(
            text=fit_to_platform(text, platform),
            platform=platform,
            reply_to=target.id if target else None,
            kind=response_kind,
        )
