"""RSS 2.0 / Atom polling with ETag / If-Modified-Since, for news and official announcements.

Each 200 reply's ``ETag`` and ``Last-Modified`` are sent back as ``If-None-Match`` and
``If-Modified-Since``; a 304 costs no body. Entries already emitted are remembered (bounded), so
a feed that ignores the validators still yields each entry once. An entry's time is its own
date, else the feed's, else the reply's ``Last-Modified``/``Date``: event time, never our clock.
"""

from __future__ import annotations

import asyncio
import logging
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from monitor.config import RssOptions, SourceConfig
from monitor.errors import PostDecodeError
from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.base import LiveSource
from monitor.streams.decode import parse_time
from monitor.streams.dedup import Deduper
from monitor.streams.health import SourceHealth, SourceState
from monitor.streams.html_text import html_to_text

log = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
_FATAL = {401: "access refused", 403: "access refused", 410: "feed is gone"}


def parse_date(value: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom) to an aware datetime; None when absent or unreadable.

    >>> parse_date("Fri, 20 Nov 2026 09:15:03 +0900").isoformat()
    '2026-11-20T09:15:03+09:00'
    >>> parse_date("2026-11-20T00:15:03Z").isoformat()
    '2026-11-20T00:15:03+00:00'
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        ts = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            return parse_time(value)
        except PostDecodeError:
            return None
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


def _text(el: ET.Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def parse_feed(body: bytes, *, platform: str = "news", fallback: datetime | None = None) -> list[Post | str]:
    """The entries of an RSS or Atom document: a Post each, or the reason it was skipped."""
    if b"<!ENTITY" in body:
        raise PostDecodeError("feed declares XML entities; refused")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise PostDecodeError(f"feed is not well-formed XML: {exc}") from None
    out: list[Post | str] = []
    if root.tag == f"{ATOM}feed":
        feed_date = parse_date(_text(root.find(f"{ATOM}updated"))) or fallback
        for entry in root.findall(f"{ATOM}entry"):
            link = next(
                (
                    li.get("href", "")
                    for li in entry.findall(f"{ATOM}link")
                    if li.get("rel", "alternate") == "alternate"
                ),
                "",
            )
            summary = entry.find(f"{ATOM}summary")
            if summary is None:
                summary = entry.find(f"{ATOM}content")
            date = parse_date(_text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")))
            out.append(
                _post(
                    key=_text(entry.find(f"{ATOM}id")) or link,
                    title=_text(entry.find(f"{ATOM}title")),
                    summary=_text(summary),
                    date=date or feed_date,
                    url=link,
                    author=_text(entry.find(f"{ATOM}author/{ATOM}name")),
                    platform=platform,
                )
            )
        return out
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise PostDecodeError(f"not an RSS or Atom feed (root element {root.tag!r})")
    feed_date = parse_date(_text(channel.find("lastBuildDate")) or _text(channel.find("pubDate"))) or fallback
    for item in channel.findall("item"):
        link = _text(item.find("link"))
        out.append(
            _post(
                key=_text(item.find("guid")) or link,
                title=_text(item.find("title")),
                summary=_text(item.find("description")),
                date=parse_date(_text(item.find("pubDate")) or _text(item.find(f"{DC}date"))) or feed_date,
                url=link,
                author=_text(item.find("author")) or _text(item.find(f"{DC}creator")),
                platform=platform,
            )
        )
    return out


def _post(
    *, key: str, title: str, summary: str, date: datetime | None, url: str, author: str, platform: str
) -> Post | str:
    if not key:
        return "entry has neither id/guid nor link"
    if date is None:
        return f"entry {key[:80]} has no date (and the feed gives none)"
    text = "\n".join(part for part in (html_to_text(title), html_to_text(summary)) if part)
    if not text:
        return f"entry {key[:80]} has no text"
    return Post(
        id=f"rss:{key}",
        created_at=date,
        text=text,
        platform=platform,
        author=author or None,
        url=url or None,
    )


class RssSource(LiveSource):
    """Poll one RSS/Atom feed."""

    kind = "rss"

    def __init__(
        self,
        *,
        name: str,
        url: str,
        poll_seconds: float = 300.0,
        platform: str = "news",
        timeout: float = 30.0,
        backoff: Backoff | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        health: SourceHealth | None = None,
        remember: int = 10_000,
    ) -> None:
        super().__init__(name=name, health=health)
        if poll_seconds <= 0 or timeout <= 0:
            raise ValueError("poll_seconds and timeout must be > 0")
        self.url = url
        self.poll_seconds = poll_seconds
        self.platform = platform
        self.timeout = timeout
        self.backoff = backoff or Backoff(initial=5.0, maximum=300.0)
        self.transport = transport
        self.etag = ""
        self.last_modified = ""
        self.polls = 0
        self.not_modified = 0
        self._emitted = Deduper(capacity=remember)

    @classmethod
    def from_config(cls, cfg: SourceConfig, name: str, *, health: SourceHealth | None = None) -> RssSource:
        opts = cfg.parsed_options()
        assert isinstance(opts, RssOptions)
        return cls(
            name=name,
            url=cfg.endpoint,
            poll_seconds=opts.poll_seconds,
            platform=opts.platform,
            timeout=opts.timeout_seconds,
            backoff=Backoff(initial=opts.backoff_initial_seconds, maximum=opts.backoff_max_seconds),
            health=health,
        )

    def _conditional(self) -> dict[str, str]:
        headers = {"User-Agent": "jp-crisis-monitor"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def _entries(self, response: httpx.Response) -> list[Post]:
        fallback = parse_date(response.headers.get("last-modified")) or parse_date(
            response.headers.get("date")
        )
        try:
            entries = parse_feed(response.content, platform=self.platform, fallback=fallback)
        except PostDecodeError as exc:
            self.stats.read += 1
            self.reject(exc.reason)
            return []
        posts: list[Post] = []
        for entry in entries:
            if isinstance(entry, str):
                self.stats.read += 1
                self.reject(entry)
            elif not self._emitted.seen(entry.id):
                self.stats.read += 1
                self.accept()
                posts.append(entry)
        return posts

    async def stream(self) -> AsyncIterator[Post]:
        """Poll forever; new entries are yielded oldest first."""
        async with httpx.AsyncClient(timeout=self.timeout, transport=self.transport) as client:
            while True:
                try:
                    response = await client.get(self.url, headers=self._conditional())
                except httpx.TransportError as exc:
                    await self.retry_after(f"network: {type(exc).__name__}: {exc}", self.backoff)
                    continue
                self.polls += 1
                status = response.status_code
                if status in _FATAL:
                    raise self.fail(f"{self.url}: HTTP {status} ({_FATAL[status]})")
                if status >= 400:
                    await self.retry_after(f"{self.url}: HTTP {status}", self.backoff)
                    continue
                self.health.set_state(SourceState.CONNECTED)
                self.backoff.reset()
                if status == 304:
                    self.not_modified += 1
                else:
                    self.etag = response.headers.get("etag", "")
                    self.last_modified = response.headers.get("last-modified", "")
                    for post in sorted(self._entries(response), key=lambda p: p.created_at):
                        yield post
                await asyncio.sleep(self.poll_seconds)
