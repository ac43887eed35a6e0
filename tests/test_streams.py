"""Post decoding and the replay source: broken lines are counted, reported and skipped."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from monitor.errors import PostDecodeError, SourceError
from monitor.streams.decode import decode_json, decode_post
from monitor.streams.replay import ReplaySource

GOOD = {"id": "x:1", "created_at": "2026-11-20T09:00:00+09:00", "text": "こんにちは"}


def test_decode_keeps_optional_fields_and_ignores_unknown() -> None:
    post = decode_post(
        {**GOOD, "platform": "x", "repost_of": "x:0", "metrics": {"reposts": 3}, "mystery": [1, 2]}
    )
    assert post.platform == "x" and post.repost_of == "x:0" and post.reposts == 3
    assert post.created_at.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"id": "x:1", "text": "a"}), "missing required field 'created_at'"),
        (json.dumps({**GOOD, "created_at": "yesterday"}), "not ISO 8601"),
        (json.dumps({**GOOD, "created_at": "2026-11-20T09:00:00"}), "no UTC offset"),
        (json.dumps({**GOOD, "text": 42}), "'text' must be a string"),
        (json.dumps({**GOOD, "metrics": "many"}), "'metrics' must be an object"),
    ],
)
def test_decode_rejects_with_reason(raw: str, reason: str) -> None:
    with pytest.raises(PostDecodeError, match=reason):
        decode_json(raw)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_replay_skips_broken_lines_and_reports_them(tmp_path: Path) -> None:
    lines = [
        json.dumps({**GOOD, "id": "x:1"}, ensure_ascii=False),
        "{broken",
        "",
        json.dumps({"id": "x:3", "text": "no time"}),
        json.dumps({**GOOD, "id": "x:4"}, ensure_ascii=False),
    ]
    src = ReplaySource(_write(tmp_path / "p.jsonl", lines))
    ids = [p.id for p in src]
    assert ids == ["x:1", "x:4"]
    assert src.stats.read == 4 and src.stats.decoded == 2 and src.stats.rejected == 2
    assert [line for line, _ in src.stats.errors] == [2, 4]
    assert "created_at" in src.stats.errors[1][1]


def test_replay_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot open"):
        list(ReplaySource(tmp_path / "nope.jsonl"))


def test_replay_paces_in_event_time(tmp_path: Path) -> None:
    lines = [
        json.dumps({**GOOD, "id": "x:1", "created_at": "2026-11-20T09:00:00+09:00"}),
        json.dumps({**GOOD, "id": "x:2", "created_at": "2026-11-20T09:00:30+09:00"}),
    ]
    src = ReplaySource(_write(tmp_path / "p.jsonl", lines), speed=100)  # 30 s of stream -> 0.3 s

    async def collect() -> list[str]:
        return [p.id async for p in src.stream()]

    start = time.monotonic()
    assert asyncio.run(collect()) == ["x:1", "x:2"]
    assert time.monotonic() - start >= 0.25
