"""Mastodon streaming source: server-sent events from a public or hashtag timeline.

``GET /api/v1/streaming/public`` (``/public/local``, ``/public/remote``) or
``/api/v1/streaming/hashtag?tag=…`` (``/hashtag/local``). Since Mastodon 4.2 these need a user
token with ``read:statuses``. Lines starting with ``:`` are heartbeats; ``event: update`` carries a
Status as JSON; ``delete`` and ``status.update`` are ignored (an edit has the same id, so the
dedup would drop it anyway). Posts get the status ``uri`` as id, which is the same on every
instance, so a status seen through two instances counts once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from monitor.config import MastodonOptions, SourceConfig
from monitor.errors import PostDecodeError
from monitor.models import Post
from monitor.streams.backoff import Backoff
from monitor.streams.base import LiveSource
from monitor.streams.decode import parse_time
from monitor.streams.health import SourceHealth, SourceState
from monitor.streams.html_text import html_to_text

log = logging.getLogger(__name__)

_PATHS = {
    "public": "public",
    "public:local": "public/local",
    "public:remote": "public/remote",
    "hashtag": "hashtag",
    "hashtag:local": "hashtag/local",
}
_METRICS = {"reblogs_count": "reposts", "favourites_count": "likes", "replies_count": "replies"}


class SseParser:
    """Incremental server-sent-events parser: feed lines, get (event, data) when a blank line ends one.

    >>> p = SseParser()
    >>> [e for line in [":thump", "", "event: update", 'data: {"a":1}', "", "event: delete", "data: 5", ""]
    ...  for e in p.feed(line)]
    [('update', '{"a":1}'), ('delete', '5')]
    """

    def __init__(self) -> None:
        self.event = ""
        self.data: list[str] = []
        self.heartbeats = 0

    def feed(self, line: str) -> Iterator[tuple[str, str]]:
        line = line.rstrip("\r")
        if not line:
            if self.data:
                yield (self.event or "message", "\n".join(self.data))
            self.event, self.data = "", []
            return
        if line.startswith(":"):
            self.heartbeats += 1
            return
        key, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if key == "event":
            self.event = value
        elif key == "data":
            self.data.append(value)


def decode_status(status: Any) -> Post:
    """A Mastodon Status (decoded JSON) to a Post."""
    if not isinstance(status, dict):
        raise PostDecodeError("status is not a JSON object")
    for key in ("id", "created_at", "content"):
        if status.get(key) is None:
            raise PostDecodeError(f"status has no {key!r}")
    uri = status.get("uri") or status.get("url") or str(status["id"])
    reblog = status.get("reblog")
    shown: dict[str, Any] = reblog if isinstance(reblog, dict) else status
    text = html_to_text(str(shown.get("content") or ""))
    warning = str(shown.get("spoiler_text") or "").strip()
    if warning:
        text = f"{warning}\n{text}"
    account = status.get("account")
    if not isinstance(account, dict):
        account = {}
    return Post(
        id=f"mastodon:{uri}",
        created_at=parse_time(status["created_at"]),
        text=text,
        platform="mastodon",
        author=str(account.get("acct")) if account.get("acct") else None,
        lang=status.get("language") if isinstance(status.get("language"), str) else None,
        repost_of=(
            f"mastodon:{reblog.get('uri')}" if isinstance(reblog, dict) and reblog.get("uri") else None
        ),
        url=status.get("url") if isinstance(status.get("url"), str) else None,
        metrics={
            name: int(status[key]) for key, name in _METRICS.items() if isinstance(status.get(key), int)
        },
    )


class MastodonSource(LiveSource):
    """Posts from one Mastodon streaming timeline."""

    kind = "mastodon"

    def __init__(
        self,
        *,
        name: str,
        base_url: str,
        stream: str = "public",
        tag: str = "",
        token: str | None = None,
        languages: Sequence[str] = (),
        read_timeout: float = 90.0,
        backoff: Backoff | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        health: SourceHealth | None = None,
    ) -> None:
        super().__init__(name=name, health=health)
        if stream not in _PATHS:
            raise ValueError(f"unknown stream {stream!r}; one of {', '.join(_PATHS)}")
        if stream.startswith("hashtag") and not tag:
            raise ValueError("a hashtag stream needs a tag")
        if read_timeout <= 0:
            raise ValueError("read_timeout must be > 0")
        self.base_url = base_url.rstrip("/")
        self.host = urlsplit(self.base_url).hostname or self.base_url
        self.stream_name = stream
        self.tag = tag.lstrip("#")
        self._token = token
        self.languages = frozenset(languages)
        self.read_timeout = read_timeout
        self.backoff = backoff or Backoff(initial=1.0, maximum=60.0)
        self.transport = transport
        self.filtered = 0

    @classmethod
    def from_config(
        cls, cfg: SourceConfig, name: str, *, health: SourceHealth | None = None
    ) -> MastodonSource:
        opts = cfg.parsed_options()
        assert isinstance(opts, MastodonOptions)
        src = cls(
            name=name,
            base_url=cfg.endpoint,
            stream=opts.stream,
            tag=opts.tag,
            languages=opts.languages,
            read_timeout=opts.read_timeout_seconds,
            backoff=Backoff(initial=opts.backoff_initial_seconds, maximum=opts.backoff_max_seconds),
            health=health,
        )
        if cfg.token_env:
            src._token = src.secret(cfg.token_env, "Mastodon access token")
        return src

    @property
    def path(self) -> str:
        return f"/api/v1/streaming/{_PATHS[self.stream_name]}"

    def _client(self) -> httpx.AsyncClient:
        headers = {"Accept": "text/event-stream", "User-Agent": "jp-crisis-monitor"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        return httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(10.0, read=self.read_timeout),
            transport=self.transport,
        )

    def _decode(self, data: str) -> Post | None:
        self.stats.read += 1
        try:
            post = decode_status(json.loads(data))
        except json.JSONDecodeError as exc:
            self.reject(f"update is not valid JSON: {exc}")
            return None
        except PostDecodeError as exc:
            self.reject(exc.reason)
            return None
        if self.languages and post.lang not in self.languages:
            self.filtered += 1
            return None
        self.accept()
        return post

    async def stream(self) -> AsyncIterator[Post]:
        """Yield posts forever, reconnecting with jittered backoff; fail on a refused token."""
        params = {"tag": self.tag} if self.tag else None
        async with self._client() as client:
            while True:
                try:
                    async with client.stream("GET", self.path, params=params) as response:
                        if response.status_code in (401, 403):
                            hint = "a token with read:statuses is needed (Mastodon 4.2+)"
                            raise self.fail(
                                f"{self.host} refused access (HTTP {response.status_code}); {hint}"
                            )
                        if response.status_code >= 400:
                            body = (await response.aread()).decode("utf-8", "replace")[:200]
                            await self.retry_after(f"HTTP {response.status_code}: {body}", self.backoff)
                            continue
                        self.health.set_state(SourceState.CONNECTED)
                        self.backoff.reset()
                        parser = SseParser()
                        async for line in response.aiter_lines():
                            for event, data in parser.feed(line):
                                if event == "update":
                                    post = self._decode(data)
                                    if post is not None:
                                        yield post
                    await self.retry_after("stream ended by the server", self.backoff)
                except httpx.TransportError as exc:
                    stalled = isinstance(exc, httpx.ReadTimeout)
                    kind = "no event or heartbeat in time" if stalled else "network"
                    await self.retry_after(f"{kind}: {type(exc).__name__}: {exc}", self.backoff)
