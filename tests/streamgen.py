"""A small deterministic stream for the dashboard tests: a quiet hour, then three kinds of incident.

Fictional brands from the default config; natural Japanese. Not a test module (no ``test_`` prefix).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from monitor.models import Post
from tests.conftest import T0

CALM = {
    "koharu-mobile": [
        "こはるモバイルに乗り換えようか迷ってる",
        "こはるモバイルの料金プラン見てた",
        "こはるモバイルのお店行ってきた",
    ],
    "hoshizora-burger": [
        "ほしぞらバーガーでお昼にした",
        "ほしぞらバーガーの新作気になる",
        "ほしぞらバーガー寄って帰る",
    ],
    "minamo-fc": ["みなもFCの試合今日だっけ", "みなもFCのユニフォーム買った", "みなもFCの練習見に行った"],
}
OUTAGE = [
    "こはるモバイル圏外でつながらない、最悪",
    "こはるモバイルまた通信障害？仕事にならない",
    "こはるモバイル全然つながらないんだけど、ひどすぎる",
    "こはるモバイルの障害いつ直るの、不便すぎる",
]
RUMOR = [
    "ほしぞらバーガーが年内で全店閉店するらしい 拡散希望",
    "ほしぞらバーガー12月で全店舗閉店って本当？",
    "ほしバガ年内に全店閉店するって聞いた",
]
WIN = ["みなもFC優勝おめでとう！最高", "みなもFC本当にすごい、感動した！", "みなもFC最高の試合ありがとう"]
PLATFORMS = ("x", "x", "instagram", "youtube")


def posts(minutes: int = 100, seed: int = 7) -> Iterator[Post]:
    """Calm traffic for an hour; from minute 60 an outage storm, a rumor and a win."""
    rng = random.Random(seed)
    n = 0
    for minute in range(minutes):
        batch: list[str] = []
        for texts in CALM.values():
            batch += [rng.choice(texts) for _ in range(rng.choice((0, 1, 1, 2)))]
        if 60 <= minute < 85:
            batch += [rng.choice(OUTAGE) for _ in range(12)]
        if 62 <= minute < 80:
            batch += [rng.choice(RUMOR) for _ in range(2)]
        if 64 <= minute < 80:
            batch += [rng.choice(WIN) for _ in range(10)]
        seconds = sorted(rng.uniform(0, 59) for _ in batch)
        for text, sec in zip(batch, seconds, strict=True):
            n += 1
            yield Post(
                id=f"x:{n}",
                created_at=T0 + timedelta(minutes=minute, seconds=round(sec, 3)),
                text=text,
                platform=rng.choice(PLATFORMS),
                author=f"user{n % 97}",
            )


def write_jsonl(path: Path, minutes: int = 100) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for p in posts(minutes):
            row = {"id": p.id, "created_at": p.created_at.isoformat(), "text": p.text}
            row |= {"platform": p.platform, "author": p.author}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
