"""X API v2 filtered stream: rules synced from the brands' keywords, keep-alives, reconnects, 429.

One long HTTP response carries one JSON object per line; a bare newline is a keep-alive sent
every 20 s, so a read timeout of about 25 s means the connection is dead. Reconnects follow X's
documented schedule: network errors back off linearly (+250 ms up to 16 s), HTTP errors
exponentially (5 s doubling up to 320 s), HTTP 429 exponentially from 1 minute (or until
``x-rate-limit-reset``). A 401/403 is a bad token: retrying cannot fix it, so the source fails.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from monitor.config import BrandConfig, SourceConfig, XOptions
from monitor.errors import PostDecodeError
from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.base import LiveSource
from monitor.streams.decode import parse_time
from monitor.streams.health import SourceHealth, SourceState

log = logging.getLogger(__name__)

RULES_PATH = "/2/tweets/search/stream/rules"
STREAM_PATH = "/2/tweets/search/stream"
STREAM_PARAMS = {
    "tweet.fields": "created_at,lang,public_metrics,referenced_tweets,author_id",
    "expansions": "author_id",
    "user.fields": "username",
}
_REF_FIELDS = {"replied_to": "reply_to", "retweeted": "repost_of", "quoted": "quote_of"}
_METRICS = {
    "retweet_count": "reposts",
    "like_count": "likes",
    "reply_count": "replies",
    "quote_count": "quotes",
}
MAX_RATE_LIMIT_WAIT = 900.0


@dataclass(frozen=True, slots=True)
class Rule:
    """One filtered-stream rule: the query and the tag that names the brand."""

    value: str
    tag: str


def _term(keyword: str) -> str:
    """A keyword as an X query term: phrases in double quotes.

    >>> _term("こはるモバイル"), _term("koharu mobile")
    ('こはるモバイル', '"koharu mobile"')
    """
    word = keyword.replace('"', " ").strip()
    return f'"{word}"' if any(c.isspace() for c in word) else word


def brand_rules(
    brands: Sequence[BrandConfig], *, prefix: str = "monitor:", suffix: str = "lang:ja", max_length: int = 512
) -> list[Rule]:
    """Rules for the brands' keywords, split so that none is longer than ``max_length``.

    >>> from monitor.config import BrandConfig
    >>> b = BrandConfig(id="koharu", name="こはる", keywords=["こはるモバイル", "koharu mobile"])
    >>> brand_rules([b])
    [Rule(value='(こはるモバイル OR "koharu mobile") lang:ja', tag='monitor:koharu')]
    """
    rules: list[Rule] = []
    tail = f" {suffix}" if suffix else ""
    for brand in brands:
        terms = list(dict.fromkeys(_term(k) for k in brand.keywords if k.strip()))
        chunks: list[list[str]] = [[]]
        for term in terms:
            candidate = [*chunks[-1], term]
            if chunks[-1] and len(f"({' OR '.join(candidate)}){tail}") > max_length:
                chunks.append([term])
            else:
                chunks[-1] = candidate
        for n, chunk in enumerate(c for c in chunks if c):
            value = f"({' OR '.join(chunk)}){tail}"
            if len(value) > max_length:
                raise ValueError(f"brand {brand.id}: keyword too long for a {max_length}-character rule")
            rules.append(Rule(value, f"{prefix}{brand.id}" + (f"#{n}" if n else "")))
    return rules


def decode_tweet(obj: Any) -> Post:
    """One stream line (already JSON-decoded) to a Post; PostDecodeError says what is missing."""
    if not isinstance(obj, dict) or not isinstance(obj.get("data"), dict):
        raise PostDecodeError("not a tweet: no 'data' object")
    data = obj["data"]
    tweet_id, text = data.get("id"), data.get("text")
    if not isinstance(tweet_id, str) or not tweet_id:
        raise PostDecodeError("tweet has no 'id'")
    if not isinstance(text, str):
        raise PostDecodeError(f"tweet {tweet_id} has no 'text'")
    if "created_at" not in data:
        raise PostDecodeError(f"tweet {tweet_id} has no 'created_at' (request tweet.fields=created_at)")
    users = (obj.get("includes") or {}).get("users") or []
    author_id = data.get("author_id")
    username = next(
        (u.get("username") for u in users if isinstance(u, dict) and u.get("id") == author_id), None
    )
    refs: dict[str, str] = {}
    for ref in data.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") in _REF_FIELDS and ref.get("id"):
            refs[_REF_FIELDS[ref["type"]]] = f"x:{ref['id']}"
    raw_metrics = data.get("public_metrics") or {}
    metrics = {
        name: int(raw_metrics[key]) for key, name in _METRICS.items() if isinstance(raw_metrics.get(key), int)
    }
    return Post(
        id=f"x:{tweet_id}",
        created_at=parse_time(data["created_at"]),
        text=text,
        platform="x",
        author=username or (str(author_id) if author_id else None),
        lang=data.get("lang") if isinstance(data.get("lang"), str) else None,
        reply_to=refs.get("reply_to"),
        repost_of=refs.get("repost_of"),
        quote_of=refs.get("quote_of"),
        url=f"https://x.com/{username or 'i'}/status/{tweet_id}",
        metrics=metrics,
    )


class _HttpStatus(Exception):
    def __init__(self, status: int, body: str, headers: httpx.Headers) -> None:
        super().__init__(f"HTTP {status}: {body[:200]}")
        self.status = status
        self.headers = headers


class XStreamSource(LiveSource):
    """Posts from the X API v2 filtered stream."""

    kind = "x"

    def __init__(
        self,
        *,
        name: str,
        base_url: str,
        token: str,
        rules: Sequence[Rule] = (),
        sync_rules: bool = True,
        rule_tag_prefix: str = "monitor:",
        read_timeout: float = 25.0,
        backoff_scale: float = 1.0,
        transport: httpx.AsyncBaseTransport | None = None,
        health: SourceHealth | None = None,
    ) -> None:
        super().__init__(name=name, health=health)
        if not token:
            raise ValueError("an X source needs a bearer token")
        if read_timeout <= 0 or backoff_scale <= 0:
            raise ValueError("read_timeout and backoff_scale must be > 0")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.rules = list(rules)
        self.sync_rules = sync_rules
        self.prefix = rule_tag_prefix
        self.read_timeout = read_timeout
        self.transport = transport
        s = backoff_scale
        self.network_backoff = Backoff(initial=0.25 * s, maximum=16 * s, step=0.25 * s, jitter=0.2)
        self.http_backoff = Backoff(initial=5 * s, maximum=320 * s, jitter=0.2)
        self.rate_backoff = Backoff(initial=60 * s, maximum=960 * s, jitter=0.2)
        self.rules_synced = False

    @classmethod
    def from_config(
        cls,
        cfg: SourceConfig,
        name: str,
        *,
        brands: Sequence[BrandConfig],
        health: SourceHealth | None = None,
    ) -> XStreamSource:
        opts = cfg.parsed_options()
        assert isinstance(opts, XOptions)
        src = cls(
            name=name,
            base_url=cfg.endpoint,
            token="-",
            rules=brand_rules(
                brands, prefix=opts.rule_tag_prefix, suffix=opts.rule_suffix, max_length=opts.max_rule_length
            ),
            sync_rules=opts.sync_rules,
            rule_tag_prefix=opts.rule_tag_prefix,
            read_timeout=opts.read_timeout_seconds,
            backoff_scale=opts.backoff_scale,
            health=health,
        )
        src._token = src.secret(cfg.token_env, "X bearer token")
        return src

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {self._token}", "User-Agent": "jp-crisis-monitor"},
            timeout=httpx.Timeout(10.0, read=self.read_timeout),
            transport=self.transport,
        )

    async def _check(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            body = (await response.aread()).decode("utf-8", "replace")
            raise _HttpStatus(response.status_code, body, response.headers)

    async def sync(self, client: httpx.AsyncClient) -> tuple[int, int]:
        """Make the stream's rules (ours: tag starts with the prefix) equal the wanted ones.

        Rules of other tags are left alone. Returns (added, deleted).
        """
        response = await client.get(RULES_PATH)
        await self._check(response)
        current = response.json().get("data") or []
        wanted = {(r.value, r.tag) for r in self.rules}
        ours = [r for r in current if str(r.get("tag", "")).startswith(self.prefix)]
        stale = [str(r["id"]) for r in ours if (r.get("value"), r.get("tag")) not in wanted]
        have = {(r.get("value"), r.get("tag")) for r in ours}
        missing = [r for r in self.rules if (r.value, r.tag) not in have]
        if stale:
            await self._check(await client.post(RULES_PATH, json={"delete": {"ids": stale}}))
        if missing:
            body = {"add": [{"value": r.value, "tag": r.tag} for r in missing]}
            response = await client.post(RULES_PATH, json=body)
            await self._check(response)
            errors = response.json().get("errors") or []
            for err in errors:
                log.warning(
                    "source %s: X rejected a rule: %s", self.name, json.dumps(err, ensure_ascii=False)
                )
        log.info("source %s: rules synced (%d added, %d deleted)", self.name, len(missing), len(stale))
        return len(missing), len(stale)

    def _decode_line(self, line: str) -> Post | None:
        self.stats.read += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            self.reject(f"not valid JSON: {exc}")
            return None
        if isinstance(obj, dict) and "data" not in obj and "errors" in obj:
            self.stats.read -= 1  # a stream notice, not a post
            message = json.dumps(obj["errors"], ensure_ascii=False)[:300]
            self.health.record_error(f"X stream notice: {message}")
            log.warning("source %s: X stream notice: %s", self.name, message)
            return None
        try:
            post = decode_tweet(obj)
        except PostDecodeError as exc:
            self.reject(exc.reason)
            return None
        self.accept()
        return post

    async def stream(self) -> AsyncIterator[Post]:
        """Yield posts forever; reconnect with X's backoff schedule; fail on a bad token."""
        async with self._client() as client:
            while True:
                try:
                    if self.sync_rules and not self.rules_synced:
                        await self.sync(client)
                        self.rules_synced = True
                    async with client.stream("GET", STREAM_PATH, params=STREAM_PARAMS) as response:
                        await self._check(response)
                        self.health.set_state(SourceState.CONNECTED)
                        for b in (self.network_backoff, self.http_backoff, self.rate_backoff):
                            b.reset()
                        async for line in response.aiter_lines():
                            if not line.strip():
                                continue  # keep-alive
                            post = self._decode_line(line)
                            if post is not None:
                                yield post
                    await self.retry_after("stream ended by the server", self.network_backoff)
                except _HttpStatus as exc:
                    await self._http_error(exc)
                except ValueError as exc:  # a reply that is not the JSON it should be
                    await self.retry_after(f"unexpected reply: {exc}", self.http_backoff)
                except httpx.TransportError as exc:
                    kind = (
                        "no data or keep-alive in time" if isinstance(exc, httpx.ReadTimeout) else "network"
                    )
                    await self.retry_after(f"{kind}: {type(exc).__name__}: {exc}", self.network_backoff)

    async def _http_error(self, exc: _HttpStatus) -> None:
        if exc.status in (401, 403):
            raise self.fail(f"X refused the token (HTTP {exc.status}); check the bearer token") from None
        if exc.status == 429:
            delay = self.rate_backoff.next()
            reset = exc.headers.get("x-rate-limit-reset", "")
            if reset.isdigit():
                until = float(reset) - time.time()
                if until > delay:
                    delay = min(until, MAX_RATE_LIMIT_WAIT)
            await self.retry_after(f"rate limited: {exc}", self.rate_backoff, delay=delay)
            return
        await self.retry_after(str(exc), self.http_backoff)
