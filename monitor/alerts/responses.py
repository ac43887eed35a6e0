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


def fit_to_platform(text: str, platform: str) -> str:
    """Shorten the prose (never the URL) so an X reply fits 140 full-width characters."""
    if platform != "x" or x_weighted_length(text) <= X_WEIGHTED_LIMIT:
        return text
    urls = _URL.findall(text)
    prose = _URL.sub("", text).strip()
    tail = (" " + " ".join(urls)) if urls else ""
    while prose and x_weighted_length(prose + "…" + tail) > X_WEIGHTED_LIMIT:
        prose = prose[:-1]
    return prose + "…" + tail


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
