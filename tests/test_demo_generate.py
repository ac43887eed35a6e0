"""Tests of the synthetic post generator: determinism, the Post contract and scenario shapes."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from monitor.demo import generate as gen
from monitor.demo import templates as tpl

BUNDLED = Path(gen.__file__).with_name("posts.jsonl")


@cache
def _demo(seed: int = 7) -> tuple[dict[str, Any], ...]:
    return tuple(gen.preset("demo", seed=seed, label=True))


def _strip(posts: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    return [{k: v for k, v in p.items() if k != "label"} for p in posts]


def test_same_seed_gives_identical_output() -> None:
    a = gen.to_jsonl(gen.preset("demo", seed=7))
    random.seed(12345)  # the global random state must not matter
    b = gen.to_jsonl(gen.preset("demo", seed=7))
    assert a == b


def test_bundled_demo_file_is_up_to_date() -> None:
    assert BUNDLED.exists(), "run: python -m monitor.demo.generate --out monitor/demo/posts.jsonl"
    bundled = BUNDLED.read_bytes()
    assert bundled == gen.to_jsonl(_strip(_demo())).encode("utf-8")
    assert len(bundled) < 2_000_000


def test_different_seed_gives_different_output() -> None:
    assert gen.to_jsonl(_strip(_demo(7))) != gen.to_jsonl(_strip(_demo(8)))


def test_posts_follow_the_contract_and_are_sorted() -> None:
    posts = _demo()
    lines = gen.to_jsonl(_strip(posts)).split("\n")
    assert lines[-1] == ""
    assert len(lines) - 1 == len(posts)
    times = []
    numbers = []
    ids = set()
    for line in lines[:-1]:
        post = json.loads(line)
        for key in ("id", "created_at", "text"):
            assert isinstance(post[key], str) and post[key]
        created = datetime.fromisoformat(post["created_at"])
        assert post["created_at"].endswith("+09:00") and created.microsecond == 0
        assert post["lang"] == "ja"
        assert post["platform"] in ("x", "instagram", "youtube")
        assert post["id"].startswith(post["platform"] + ":")
        assert post["url"].startswith("https://") and ".example/" in post["url"]
        assert set(post["metrics"]) == {"reposts", "likes", "replies"}
        assert "{" not in post["text"] and "}" not in post["text"]
        times.append(created)
        numbers.append(int(post["id"].split(":")[1]))
        ids.add(post["id"])
    assert times == sorted(times)
    assert numbers == sorted(numbers) and len(ids) == len(posts)
    assert times[0] >= datetime.fromisoformat(gen.DEMO_START)
    assert len({p["text"] for p in posts}) >= 500
    assert len({p["author"] for p in posts}) >= 1000


def test_references_point_to_earlier_posts() -> None:
    posts = _demo()
    index = {p["id"]: i for i, p in enumerate(posts)}
    for i, p in enumerate(posts):
        for key in ("repost_of", "quote_of", "reply_to"):
            if p[key] is not None:
                assert index[p[key]] < i
                assert posts[index[p[key]]]["label"]["brand"] == p["label"]["brand"]


def test_rumor_has_reposts_quotes_and_corrections() -> None:
    posts = _demo()
    rumor = [p for p in posts if p["label"]["kind"] == "rumor"]
    assert 70 <= len(rumor) <= 140
    roles = Counter(p["label"]["role"] for p in rumor)
    assert roles["repost"] >= 10
    assert roles["copy"] >= 5 and roles["enquiry"] >= 3 and roles["correction"] >= 3
    by_id = {p["id"]: p for p in posts}
    for p in rumor:
        if p["repost_of"] is not None:
            original = by_id[p["repost_of"]]
            assert original["label"]["kind"] == "rumor"
            assert p["text"] in (original["text"], f"RT @{original['author']}: {original['text']}")
            assert original["metrics"]["reposts"] >= 1
    assert any(p["quote_of"] or p["reply_to"] for p in rumor)
    assert any("ほしぞらバーガーが年内で全店閉店する" in p["text"] for p in rumor)
    assert any("拡散希望" in p["text"] for p in rumor)
    first_correction = min(p["created_at"] for p in rumor if p["label"]["role"] == "correction")
    first_copy = min(p["created_at"] for p in rumor if p["label"]["role"] == "copy")
    assert first_copy < first_correction


@pytest.mark.parametrize("seed", [7, 8])
def test_each_scenario_peak_is_far_above_normal(seed: int) -> None:
    posts = _demo(seed)
    start = datetime.fromisoformat(gen.DEMO_START)
    brands = {b.id: b for b in gen.demo_brands()}
    for sc in gen.demo_scenarios():
        per_minute: Counter[int] = Counter()
        for p in posts:
            if p["label"]["brand"] == sc.brand:
                minute = int((datetime.fromisoformat(p["created_at"]) - start).total_seconds() // 60)
                per_minute[minute] += 1
        normal = brands[sc.brand].rate_per_min
        quiet = [per_minute[m] for m in range(0, 120)]  # 08:00-10:00, before any scenario
        assert abs(sum(quiet) / len(quiet) - normal) < 0.5 * normal
        window = range(int(sc.start_min), int(sc.end_min))
        # a rumor is ~100 posts in all; storms and celebrations are hundreds
        peak_factor, window_factor = (3.5, 2.5) if sc.kind == "rumor" else (10.0, 8.0)
        peak = max(per_minute[m] for m in window)
        assert peak >= peak_factor * normal, (sc.kind, peak, normal)
        busiest_10 = max(sum(per_minute[m + k] for k in range(10)) for m in window)
        assert busiest_10 >= window_factor * 10 * normal, (sc.kind, busiest_10, normal)


def test_scenario_rates_match_the_brief() -> None:
    outage, rumor, positive = gen.demo_scenarios()
    assert outage.rate(outage.start_min + 5) == pytest.approx(25)
    assert outage.rate(outage.end_min + 1) == 0
    assert 85 <= rumor.expected_posts() <= 120
    assert positive.rate(positive.start_min + 5) == pytest.approx(20)


def test_brand_posts_mention_the_brand_and_noise_mentions_none() -> None:
    brands = gen.demo_brands()
    mentions = {b.id: b.mentions for b in brands}
    for p in _demo():
        brand = p["label"]["brand"]
        if brand is None:
            assert not any(m in p["text"] for ms in mentions.values() for m in ms), p["text"]
        elif p["quote_of"] is None and p["reply_to"] is None:
            assert any(m in p["text"] for m in mentions[brand]), p["text"]


def test_noise_contains_lookalike_words() -> None:
    noise = " ".join(p["text"] for p in _demo() if p["label"]["kind"] == "noise")
    for word in ("小春日和", "星空", "水面"):
        assert word in noise


def test_every_template_slot_is_defined() -> None:
    runtime = {"brand", "name", "tag", "since", "elapsed", "claim", "topic"}
    banks: list[tuple[str, ...]] = [
        tpl.RUMOR_COPY,
        tpl.RUMOR_HEARSAY,
        tpl.RUMOR_INSIDER,
        tpl.RUMOR_ENQUIRY,
        tpl.RUMOR_QUOTE,
        tpl.RUMOR_REPLY,
        tpl.RUMOR_CORRECTION,
        tpl.RUMOR_QUOTE_CORRECTION,
        tpl.RUMOR_REPLY_CORRECTION,
        tpl.RUMOR_SPREADER,
        tpl.NOISE,
        tpl.NOISE_TRAPS,
        *tpl.NOISE_PERIOD.values(),
        *tpl.COMMON_SLOTS.values(),
    ]
    for category in tpl.CATEGORIES.values():
        known = runtime | set(tpl.COMMON_SLOTS) | set(category.slots)
        own: list[tuple[str, ...]] = [*category.normal.values(), *category.slots.values()]
        for name in (
            "outage_early",
            "outage",
            "outage_long",
            "outage_recovery",
            "outage_reply",
            "outage_tags",
            "rumor_reactions",
            "rumor_relief",
            "positive_early",
            "positive",
            "positive_late",
            "positive_reply",
            "official_positive",
        ):
            own.append(getattr(category, name))
        for bank in [*banks, *own]:
            for text in bank:
                for slot in re.findall(r"\{(\w+)\}", text):
                    assert slot in known, (slot, text)


def test_background_has_no_scenarios_and_follows_the_day() -> None:
    start = datetime.fromisoformat("2026-11-13T00:00:00+09:00")
    posts = gen.preset("background", seed=3, start=start, days=1, label=True)
    assert {p["label"]["kind"] for p in posts} == {"normal", "noise"}
    hours = Counter(int(p["created_at"][11:13]) for p in posts)
    night = sum(hours[h] for h in range(2, 6))
    evening = sum(hours[h] for h in range(20, 24))
    assert evening > 5 * night


def test_command_line_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "posts.jsonl"
    code = gen.main(["--out", str(out), "--seed", "1", "--hours", "1"])
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["id"] for line in lines)
    assert "label" not in json.loads(lines[0])
    assert gen.main(["--out", str(out), "--start", "2026-11-20T08:00:00"]) == 2


@pytest.mark.parametrize("kind", gen.SCENARIO_KINDS)
def test_every_scenario_kind_works_for_every_category(kind: gen.ScenarioKind) -> None:
    brands = gen.demo_brands()
    scenarios = [
        gen.Scenario(kind=kind, brand=b.id, start_min=10 + 40 * i, duration_min=30, peak_per_min=8)
        for i, b in enumerate(brands)
    ]
    start = datetime.fromisoformat("2026-11-21T19:00:00+09:00")
    posts = gen.generate(
        start=start,
        hours=3,
        seed=5,
        brands=brands,
        scenarios=scenarios,
        base_rate_per_min=0.5,
        diurnal=False,
        label=True,
    )
    kinds = Counter((p["label"]["brand"], p["label"]["kind"]) for p in posts)
    for b in brands:
        assert kinds[(b.id, kind)] >= 50
    assert not any("{" in p["text"] or "}" in p["text"] for p in posts)


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError):
        gen.Scenario(kind="storm", brand="x", start_min=0, duration_min=1, peak_per_min=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        gen.BrandSpec(id="x", name="X", category="airline")
    with pytest.raises(ValueError):
        gen.generate(
            start=datetime(2026, 11, 20),
            hours=1,
            seed=1,
            brands=gen.demo_brands(),
            scenarios=[],
            base_rate_per_min=1,
            diurnal=False,
        )
    with pytest.raises(ValueError):
        scenario = gen.Scenario(kind="rumor", brand="nobody", start_min=0, duration_min=1, peak_per_min=1)
        gen.generate(
            start=datetime.fromisoformat(gen.DEMO_START),
            hours=1,
            seed=1,
            brands=gen.demo_brands(),
            scenarios=[scenario],
            base_rate_per_min=1,
            diurnal=False,
        )
