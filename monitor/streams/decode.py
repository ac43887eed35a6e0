"""Pure decoding of Post records (JSON objects) into Post values, with a reason for each rejection."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from monitor.errors import PostDecodeError
from monitor.models import Post

_OPTIONAL_STR = ("platform", "author", "lang", "reply_to", "repost_of", "quote_of", "url")


def parse_time(value: Any) -> datetime:
    """Parse an ISO 8601 timestamp that carries a UTC offset.

    >>> parse_time("2026-11-20T09:15:03+09:00").isoformat()
    '2026-11-20T09:15:03+09:00'
    >>> parse_time("2026-11-20T00:15:03Z").isoformat()
    '2026-11-20T00:15:03+00:00'
    """
    if not isinstance(value, str):
        raise PostDecodeError(f"created_at must be a string, got {type(value).__name__}")
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise PostDecodeError(f"created_at is not ISO 8601: {value[:40]!r}") from None
    if ts.tzinfo is None or ts.utcoffset() is None:
        raise PostDecodeError(f"created_at has no UTC offset: {value[:40]!r}")
    return ts


def decode_post(obj: Any) -> Post:
    """Turn one decoded JSON value into a Post; raise PostDecodeError with the reason otherwise."""
    if not isinstance(obj, dict):
        raise PostDecodeError(f"expected a JSON object, got {type(obj).__name__}")
    for key in ("id", "created_at", "text"):
        if key not in obj or obj[key] is None:
            raise PostDecodeError(f"missing required field {key!r}")
    post_id, text = obj["id"], obj["text"]
    if not isinstance(post_id, str | int) or isinstance(post_id, bool) or str(post_id) == "":
        raise PostDecodeError("field 'id' must be a non-empty string")
    if not isinstance(text, str):
        raise PostDecodeError(f"field 'text' must be a string, got {type(text).__name__}")
    optional: dict[str, str | None] = {}
    for key in _OPTIONAL_STR:
        value = obj.get(key)
        if value is not None and not isinstance(value, str | int):
            raise PostDecodeError(f"field {key!r} must be a string or null")
        optional[key] = None if value is None else str(value)
    metrics_raw = obj.get("metrics") or {}
    if not isinstance(metrics_raw, dict):
        raise PostDecodeError("field 'metrics' must be an object")
    metrics = {
        str(k): int(v)
        for k, v in metrics_raw.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    return Post(
        id=str(post_id),
        created_at=parse_time(obj["created_at"]),
        text=text,
        platform=optional["platform"] or "unknown",
        author=optional["author"],
        lang=optional["lang"],
        reply_to=optional["reply_to"],
        repost_of=optional["repost_of"],
        quote_of=optional["quote_of"],
        url=optional["url"],
        metrics=metrics,
    )


def decode_json(raw: str | bytes) -> Post:
    """Decode one JSON document (a JSONL line or a message payload) into a Post.

    >>> decode_json('{"id": "x:1", "created_at": "2026-11-20T09:00:00+09:00", "text": "hi"}').id
    'x:1'
    >>> decode_json('{"id": "x:1"}')
    Traceback (most recent call last):
    ...
    monitor.errors.PostDecodeError: missing required field 'created_at'
    """
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PostDecodeError(f"not valid JSON: {exc}") from None
    return decode_post(obj)
