"""Mastodon SSE and RSS/Atom polling against local fake servers speaking each protocol."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.mastodon import MastodonSource
from monitor.streams.rss import RssSource, parse_feed
from tests.fake_http import serve


def fast() -> Backoff:
    return Backoff(initial=0.01, maximum=0.05, rng=random.Random(3))


async def take(it: AsyncIterator[Post], n: int, timeout: float = 10.0) -> list[Post]:
    out: list[Post] = []
    async with asyncio.timeout(timeout):
        async for post in it:
            out.append(post)
            if len(out) == n:
                break
    return out


def status(i: int, lang: str = "ja", **extra: Any) -> dict[str, Any]:
    return {
        "id": str(100 + i),
        "uri": f"https://social.example.jp/users/kaede/statuses/{100 + i}",
        "url": f"https://social.example.jp/@kaede/{100 + i}",
        "created_at": f"2026-11-20T00:0{i}:00.000Z",
        "content": f"<p>ほしぞらバーガーの新作&amp;ポテト<br>美味しい {i}</p>",
        "language": lang,
        "account": {"acct": "kaede@social.example.jp"},
        "replies_count": 1,
        "reblogs_count": 3,
        "favourites_count": 7,
        "reblog": None,
        **extra,
    }


class FakeMastodon:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self.app = web.Application()
        self.app.router.add_get("/api/v1/streaming/hashtag", self.hashtag)
        self.app.router.add_get("/api/v1/streaming/public", self.public)

    async def hashtag(self, request: web.Request) -> web.StreamResponse:
        n = len(self.requests)
        self.requests.append(
            (request.path, request.query.get("tag", ""), request.headers.get("Authorization", ""))
        )
        if request.headers.get("Authorization") != "Bearer user-token":
            return web.json_response({"error": "This method requires an authenticated user"}, status=401)
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        await resp.write(b":thump\n\n")
        if n == 0:
            for event in (status(1), status(2, lang="en")):
                await resp.write(f"event: update\ndata: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            await resp.write(b"event: update\ndata: {broken\n\n")
            await resp.write(b"event: delete\ndata: 101\n\n")
            await asyncio.sleep(30)  # stall: no heartbeat, the client must time out and reconnect
        else:
            boost = status(4, reblog=status(3, content="<p>拡散希望 ほしぞらバーガー</p>"))
            await resp.write(f"event: update\ndata: {json.dumps(boost, ensure_ascii=False)}\n\n".encode())
        return resp

    async def public(self, request: web.Request) -> web.Response:
        return web.json_response({"error": "This method requires an authenticated user"}, status=401)


async def test_mastodon_hashtag_stream_decodes_filters_and_reconnects() -> None:
    fake = FakeMastodon()
    async with serve(fake.app) as url:
        src = MastodonSource(
            name="fedi",
            base_url=url,
            stream="hashtag",
            tag="#ほしぞらバーガー",
            token="user-token",
            languages=["ja"],
            read_timeout=0.3,
            backoff=fast(),
        )
        stream = src.stream()
        posts = await take(stream, 2)
        await stream.aclose()
    first, boost = posts
    assert first.id == "mastodon:https://social.example.jp/users/kaede/statuses/101"
    assert first.text == "ほしぞらバーガーの新作&ポテト\n美味しい 1"
    assert first.platform == "mastodon" and first.author == "kaede@social.example.jp"
    assert first.metrics == {"reposts": 3, "likes": 7, "replies": 1}
    assert boost.repost_of == "mastodon:https://social.example.jp/users/kaede/statuses/103"
    assert boost.text == "拡散希望 ほしぞらバーガー", "a boost carries the boosted text"
    assert src.filtered == 1, "the English status is filtered out by language"
    assert src.stats.rejected == 1 and "not valid JSON" in src.stats.errors[0][1]
    assert src.health.reconnects == 1 and "heartbeat" in src.health.last_error
    assert fake.requests[0] == ("/api/v1/streaming/hashtag", "ほしぞらバーガー", "Bearer user-token")


async def test_mastodon_without_token_fails_clearly() -> None:
    fake = FakeMastodon()
    async with serve(fake.app) as url:
        src = MastodonSource(name="fedi", base_url=url, stream="public", backoff=fast())
        with pytest.raises(Exception, match=r"refused access \(HTTP 401\); a token with read:statuses"):
            await take(src.stream(), 1)
    assert src.health.state.value == "failed"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>こはるモバイル お知らせ</title><lastBuildDate>Fri, 20 Nov 2026 10:00:00 +0900</lastBuildDate>
<item><title>通信障害のお詫び</title><link>https://koharu-mobile.example/news/1</link>
<guid>news-1</guid><pubDate>Fri, 20 Nov 2026 09:30:00 +0900</pubDate>
<description>&lt;p&gt;一部地域で&lt;b&gt;つながりにくい&lt;/b&gt;状態が発生しました。&lt;/p&gt;</description></item>
{more}
<item><title>日付のないお知らせ</title><guid>news-0</guid></item>
<item><description>no id, no link</description></item>
</channel></rss>"""

MORE = """<item><title>復旧のお知らせ</title><link>https://koharu-mobile.example/news/2</link>
<guid>news-2</guid><pubDate>Fri, 20 Nov 2026 11:00:00 +0900</pubDate></item>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>みなもFC</title><updated>2026-11-20T01:00:00Z</updated>
<entry><id>tag:minamo-fc.example,2026:1</id><title>優勝しました！</title>
<link rel="alternate" href="https://minamo-fc.example/news/1"/><published>2026-11-20T00:30:00Z</published>
<summary type="html">&lt;p&gt;応援ありがとうございました&lt;/p&gt;</summary>
<author><name>広報</name></author></entry>
</feed>"""


class FakeFeed:
    """Serves the feed with an ETag and Last-Modified; answers 304 to a matching validator."""

    def __init__(self) -> None:
        self.body = RSS.replace("{more}", "")
        self.version = 1
        self.log: list[tuple[int, str, str]] = []
        self.fail_next = 0
        self.app = web.Application()
        self.app.router.add_get("/feed.xml", self.feed)

    async def feed(self, request: web.Request) -> web.Response:
        etag = f'"v{self.version}"'
        inm, ims = request.headers.get("If-None-Match", ""), request.headers.get("If-Modified-Since", "")
        if self.fail_next:
            self.fail_next -= 1
            status = 503
        elif inm == etag:
            status = 304
        else:
            status = 200
        self.log.append((status, inm, ims))
        if status == 503:
            return web.Response(status=503, text="maintenance")
        headers = {"ETag": etag, "Last-Modified": "Fri, 20 Nov 2026 01:00:00 GMT"}
        if status == 304:
            return web.Response(status=304, headers=headers)
        return web.Response(body=self.body.encode(), headers=headers, content_type="application/rss+xml")


async def test_rss_polls_with_validators_and_yields_each_entry_once() -> None:
    fake = FakeFeed()
    got: list[Post] = []

    async def collect(src: RssSource) -> None:
        async for post in src.stream():
            got.append(post)

    async def until(cond: Any) -> None:
        async with asyncio.timeout(5):
            while not cond():
                await asyncio.sleep(0.01)

    async with serve(fake.app) as url:
        src = RssSource(name="news", url=f"{url}/feed.xml", poll_seconds=0.02, backoff=fast())
        task = asyncio.ensure_future(collect(src))
        await until(lambda: src.not_modified >= 2)
        first = list(got)
        fake.body, fake.version, fake.fail_next = RSS.replace("{more}", MORE), 2, 1
        await until(lambda: len(got) >= 3 and src.not_modified >= 3)
        second = got[len(first) :]
        task.cancel()

    assert [p.id for p in first] == ["rss:news-1", "rss:news-0"], "oldest first"
    news1 = first[0]
    assert news1.text == "通信障害のお詫び\n一部地域でつながりにくい状態が発生しました。"
    assert news1.created_at.isoformat() == "2026-11-20T09:30:00+09:00"
    assert news1.platform == "news" and news1.url == "https://koharu-mobile.example/news/1"
    assert first[1].created_at.isoformat() == "2026-11-20T10:00:00+09:00", "no date: the feed's date"
    assert [p.id for p in second] == ["rss:news-2"], "only the new entry; the old ones are not repeated"
    assert src.stats.rejected == 2 and "neither id/guid nor link" in src.stats.errors[0][1]
    statuses = [s for s, _, _ in fake.log]
    assert statuses[:5] == [200, 304, 304, 503, 200], "304 while unchanged; a 503 is retried"
    assert fake.log[1][1:] == ('"v1"', "Fri, 20 Nov 2026 01:00:00 GMT"), "validators sent back"
    assert src.health.reconnects == 1 and "HTTP 503" in src.health.last_error


def test_atom_entries_and_hostile_feeds() -> None:
    (entry,) = parse_feed(ATOM.encode(), platform="official")
    assert isinstance(entry, Post)
    assert entry.id == "rss:tag:minamo-fc.example,2026:1" and entry.platform == "official"
    assert entry.text == "優勝しました！\n応援ありがとうございました" and entry.author == "広報"
    assert entry.url == "https://minamo-fc.example/news/1"
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss><channel></channel></rss>'
    with pytest.raises(Exception, match="entities"):
        parse_feed(bomb)
    with pytest.raises(Exception, match="not well-formed"):
        parse_feed(b"<rss><channel>")
    with pytest.raises(Exception, match="not an RSS or Atom feed"):
        parse_feed(b"<html></html>")
