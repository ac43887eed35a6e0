"""X filtered stream against a local fake of the API: rules sync, keep-alives, stalls, 429, 401."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from monitor.config import BrandConfig
from monitor.models import Post
from monitor.streams.x import Rule, XStreamSource, brand_rules, decode_tweet
from tests.fake_http import serve

TOKEN = "test-bearer-token"


def tweet(i: int, **data: Any) -> dict[str, Any]:
    body = {
        "id": str(i),
        "text": f"こはるモバイル つながらない {i}",
        "created_at": f"2026-11-20T00:{i:02d}:00.000Z",
        "author_id": "u1",
        "lang": "ja",
        "public_metrics": {"retweet_count": 5, "reply_count": 2, "like_count": 42, "quote_count": 1},
        **data,
    }
    return {
        "data": body,
        "includes": {"users": [{"id": "u1", "username": "koharu_fan"}]},
        "matching_rules": [{"id": "1", "tag": "monitor:koharu"}],
    }


class FakeX:
    """The rules and stream endpoints; each stream connection plays the next scripted scenario."""

    def __init__(self, scenarios: list[str]) -> None:
        self.rules: dict[str, dict[str, str]] = {
            "1": {"id": "1", "value": "(古い) lang:ja", "tag": "monitor:old-brand"},
            "2": {"id": "2", "value": "someone else's", "tag": "other-team"},
        }
        self.next_id = 10
        self.scenarios = scenarios
        self.connections = 0
        self.auth_seen: set[str] = set()
        self.app = web.Application()
        self.app.router.add_get("/2/tweets/search/stream/rules", self.get_rules)
        self.app.router.add_post("/2/tweets/search/stream/rules", self.post_rules)
        self.app.router.add_get("/2/tweets/search/stream", self.stream)

    def _auth(self, request: web.Request) -> bool:
        self.auth_seen.add(request.headers.get("Authorization", ""))
        return request.headers.get("Authorization") == f"Bearer {TOKEN}"

    async def get_rules(self, request: web.Request) -> web.Response:
        if not self._auth(request):
            return web.json_response({"title": "Unauthorized"}, status=401)
        return web.json_response(
            {"data": list(self.rules.values()), "meta": {"result_count": len(self.rules)}}
        )

    async def post_rules(self, request: web.Request) -> web.Response:
        if not self._auth(request):
            return web.json_response({"title": "Unauthorized"}, status=401)
        body = await request.json()
        for rid in body.get("delete", {}).get("ids", []):
            self.rules.pop(rid, None)
        created = []
        for rule in body.get("add", []):
            self.next_id += 1
            created.append({"id": str(self.next_id), **rule})
            self.rules[str(self.next_id)] = created[-1]
        return web.json_response({"data": created, "meta": {"summary": {"created": len(created)}}})

    async def stream(self, request: web.Request) -> web.StreamResponse:
        if not self._auth(request):
            return web.json_response({"title": "Unauthorized"}, status=401)
        assert "created_at" in request.query["tweet.fields"]
        self.connections += 1
        scenario = self.scenarios.pop(0) if self.scenarios else "stall"
        if scenario == "429":
            reset = str(int(time.time()) - 1)
            return web.json_response(
                {"title": "Too Many Requests"}, status=429, headers={"x-rate-limit-reset": reset}
            )
        if scenario == "503":
            return web.json_response({"title": "Service Unavailable"}, status=503)
        resp = web.StreamResponse(headers={"Content-Type": "application/json"})
        await resp.prepare(request)
        if scenario == "tweets-then-stall":
            await resp.write(b"\r\n")  # keep-alive
            await resp.write((json.dumps(tweet(1), ensure_ascii=False) + "\r\n").encode())
            await resp.write(b"{broken\r\n")
            ref = tweet(2, referenced_tweets=[{"type": "quoted", "id": "1"}])
            await resp.write((json.dumps(ref, ensure_ascii=False) + "\r\n").encode())
            await resp.write(b"\r\n")
            await asyncio.sleep(30)  # stalls: no keep-alive, the client must time out and reconnect
        elif scenario == "more-then-close":
            await resp.write((json.dumps(tweet(2), ensure_ascii=False) + "\r\n").encode())  # duplicate
            notice = {
                "errors": [
                    {"title": "operational-disconnect", "disconnect_type": "UpstreamOperationalDisconnect"}
                ]
            }
            await resp.write((json.dumps(notice) + "\r\n").encode())
            await resp.write((json.dumps(tweet(3), ensure_ascii=False) + "\r\n").encode())
        else:
            await asyncio.sleep(30)
        return resp


BRANDS = [
    BrandConfig(id="koharu", name="こはるモバイル", keywords=["こはるモバイル", "koharu mobile"]),
    BrandConfig(id="minamo", name="みなもFC", keywords=["みなもfc"]),
]


def source(url: str, **kw: Any) -> XStreamSource:
    return XStreamSource(
        name="x",
        base_url=url,
        token=TOKEN,
        rules=brand_rules(BRANDS),
        read_timeout=0.4,
        backoff_scale=0.001,
        **kw,
    )


async def take(it: AsyncIterator[Post], n: int, timeout: float = 10.0) -> list[Post]:
    out: list[Post] = []
    async with asyncio.timeout(timeout):
        async for post in it:
            out.append(post)
            if len(out) == n:
                break
    return out


async def test_rules_are_synced_and_the_stream_survives_429_stalls_and_closes() -> None:
    fake = FakeX(["429", "tweets-then-stall", "503", "more-then-close"])
    async with serve(fake.app) as url:
        src = source(url)
        stream = src.stream()
        posts = await take(stream, 4)
        await stream.aclose()

    values = {(r["value"], r["tag"]) for r in fake.rules.values()}
    assert values == {
        ('(こはるモバイル OR "koharu mobile") lang:ja', "monitor:koharu"),
        ("(みなもfc) lang:ja", "monitor:minamo"),
        ("someone else's", "other-team"),
    }, "our stale rule deleted, the brands' rules added, other teams' rules untouched"
    assert [p.id for p in posts] == ["x:1", "x:2", "x:2", "x:3"], (
        "a reconnect may repeat; dedup drops it later"
    )
    first, quoting = posts[0], posts[1]
    assert first.platform == "x" and first.author == "koharu_fan" and first.lang == "ja"
    assert first.created_at.isoformat() == "2026-11-20T00:01:00+00:00"
    assert first.metrics == {"reposts": 5, "likes": 42, "replies": 2, "quotes": 1}
    assert first.url == "https://x.com/koharu_fan/status/1"
    assert quoting.quote_of == "x:1"
    assert src.stats.rejected == 1 and "not valid JSON" in src.stats.errors[0][1]
    assert fake.connections == 4
    assert src.health.reconnects == 3, "429, the stall and the 503 each cost a reconnect"
    assert src.health.errors == 4, "plus the operational-disconnect notice"
    assert "operational-disconnect" in src.health.last_error
    assert fake.auth_seen == {f"Bearer {TOKEN}"}


async def test_a_refused_token_fails_the_source_clearly() -> None:
    fake = FakeX([])
    async with serve(fake.app) as url:
        src = XStreamSource(name="x", base_url=url, token="wrong", rules=brand_rules(BRANDS))
        with pytest.raises(Exception, match=r"x: X refused the token \(HTTP 401\)") as info:
            await take(src.stream(), 1)
    assert getattr(info.value, "retryable", None) is False
    assert src.health.state.value == "failed" and "401" in src.health.last_error
    assert "wrong" not in src.health.last_error, "the token never appears in messages"


def test_long_keyword_lists_split_into_rules_within_the_limit() -> None:
    brand = BrandConfig(id="big", name="big", keywords=[f"キーワード{i:03d}" for i in range(120)])
    rules = brand_rules([brand], max_length=200)
    assert len(rules) > 1 and all(len(r.value) <= 200 for r in rules)
    assert [r.tag for r in rules[:2]] == ["monitor:big", "monitor:big#1"]
    covered = " ".join(r.value for r in rules)
    assert all(f"キーワード{i:03d}" in covered for i in range(120))
    assert isinstance(rules[0], Rule)


def test_decode_tweet_needs_created_at() -> None:
    with pytest.raises(Exception, match="created_at"):
        decode_tweet({"data": {"id": "1", "text": "a"}})
