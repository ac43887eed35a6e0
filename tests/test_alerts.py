"""Incident lifecycle, suggested responses and the console and JSONL notifiers."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.alerts.console import ConsoleSink, terminal_safe
from monitor.alerts.incidents import IncidentManager
from monitor.alerts.jsonl import JsonlSink
from monitor.alerts.responses import ResponseBuilder, fit_to_platform, x_weighted_length
from monitor.config import AlertsConfig, Config
from monitor.models import EventType, Kind, Post, Severity, Signal
from tests.conftest import T0


def _manager(config: Config, **alerts: object) -> IncidentManager:
    return IncidentManager(
        AlertsConfig(**alerts),  # type: ignore[arg-type]
        ResponseBuilder(config.responses, config.brands, config.claims),
    )


def _sig(
    kind: Kind,
    minute: float,
    posts: int,
    *,
    active: bool = True,
    brand: str = "koharu-mobile",
    severity: Severity = Severity.WARNING,
    key: str = "",
    claim_id: str | None = None,
    evidence: tuple[Post, ...] = (),
) -> Signal:
    return Signal(
        kind=kind,
        brand=brand,
        at=T0 + timedelta(minutes=minute),
        active=active,
        severity=severity,
        key=key,
        claim_id=claim_id,
        metrics={"posts": posts},
        evidence=evidence,
    )


def test_lifecycle_open_throttled_update_escalate_resolve(config: Config) -> None:
    m = _manager(config)
    kinds = []
    kinds += m.handle(_sig(Kind.NEGATIVE_SURGE, 0, 20))
    for minute in range(1, 9):  # a storm keeps signalling every minute
        kinds += m.handle(_sig(Kind.NEGATIVE_SURGE, minute, 20 + minute))
    kinds += m.handle(_sig(Kind.NEGATIVE_SURGE, 12, 45))  # doubled and 10 min since last event
    kinds += m.handle(_sig(Kind.NEGATIVE_SURGE, 13, 46, severity=Severity.CRITICAL))
    kinds += m.handle(_sig(Kind.NEGATIVE_SURGE, 40, 5, active=False))
    events = [e.event for e in kinds]
    assert events == [EventType.OPENED, EventType.UPDATED, EventType.ESCALATED, EventType.RESOLVED]
    assert kinds[0].incident["id"] == kinds[-1].incident["id"]
    assert kinds[-1].incident["status"] == "resolved"
    assert kinds[2].incident["severity"] == "critical"


def test_a_resolving_signal_says_how_it_ended(config: Config) -> None:
    import dataclasses

    m = _manager(config)
    m.handle(dataclasses.replace(_sig(Kind.NEGATIVE_SURGE, 0, 20), summary="ネガティブ投稿 20件"))
    end = dataclasses.replace(
        _sig(Kind.NEGATIVE_SURGE, 40, 5, active=False), summary="収束: ピーク 20件、いま 5件"
    )
    resolved = m.handle(end)[0].incident
    assert resolved["summary"] == "収束: ピーク 20件、いま 5件"
    assert resolved["metrics"]["posts"] == 5


def test_incidents_are_keyed_by_brand_kind_and_claim(config: Config) -> None:
    m = _manager(config)
    a = m.handle(_sig(Kind.RUMOR, 0, 5, brand="hoshizora-burger", key="c1", claim_id="c1"))
    b = m.handle(_sig(Kind.RUMOR, 0, 5, brand="hoshizora-burger", key="c2", claim_id="c2"))
    c = m.handle(_sig(Kind.POSITIVE_SURGE, 0, 5, brand="hoshizora-burger"))
    assert len({e.incident["id"] for e in a + b + c}) == 3


def test_negative_surge_inhibited_while_rumor_open(config: Config) -> None:
    m = _manager(config)
    m.handle(
        _sig(
            Kind.RUMOR, 0, 5, brand="hoshizora-burger", key="hoshizora-closing", claim_id="hoshizora-closing"
        )
    )
    assert m.handle(_sig(Kind.NEGATIVE_SURGE, 1, 30, brand="hoshizora-burger")) == []
    assert m.suppressed == 1
    assert m.handle(_sig(Kind.NEGATIVE_SURGE, 1, 30, brand="koharu-mobile")) != []
    off = _manager(config, inhibit_negative_surge_during_rumor=False)
    off.handle(_sig(Kind.RUMOR, 0, 5, brand="hoshizora-burger", key="k"))
    assert off.handle(_sig(Kind.NEGATIVE_SURGE, 1, 30, brand="hoshizora-burger")) != []


def test_known_rumor_response_is_public_correction_reply(config: Config) -> None:
    spread = Post(id="ig:77", created_at=T0, text="全店閉店らしい", platform="instagram")
    builder = ResponseBuilder(config.responses, config.brands, config.claims)
    resp = builder.build(Kind.RUMOR, "hoshizora-burger", "hoshizora-closing", [spread])
    assert resp.kind == "correction" and resp.reply_to == "ig:77" and resp.platform == "instagram"
    assert "事実ではありません" in resp.text
    assert "https://hoshizora-burger.example/news/2026-11-20" in resp.text
    assert "削除" not in resp.text
    unknown = builder.build(Kind.RUMOR, "hoshizora-burger", None, [spread])
    assert unknown.kind == "holding" and "確認中" in unknown.text


def test_brand_override_and_thanks(config: Config) -> None:
    builder = ResponseBuilder(config.responses, config.brands, config.claims)
    minamo = builder.build(Kind.POSITIVE_SURGE, "minamo-fc", None, [])
    other = builder.build(Kind.POSITIVE_SURGE, "koharu-mobile", None, [])
    assert "声援" in minamo.text and "こはるモバイル" in other.text
    assert minamo.kind == other.kind == "thanks"


def test_x_reply_fits_140_full_width_keeping_url() -> None:
    long = "あ" * 200 + " https://example.com/news/1"
    fitted = fit_to_platform(long, "x")
    assert x_weighted_length(fitted) <= 280
    assert fitted.endswith("https://example.com/news/1")
    assert fit_to_platform(long, "instagram") == long


def test_terminal_safe_strips_escapes() -> None:
    assert "\x1b" not in terminal_safe("\x1b[31mred\x1b[0m")
    assert terminal_safe("a\u202eb") == "ab"
    assert len(terminal_safe("x" * 500, 50)) == 50


def test_console_and_jsonl_render_events(config: Config, tmp_path: Path) -> None:
    m = _manager(config)
    evil = Post(id="x:1", created_at=T0, text="\x1b]0;pwned\x07こはるモバイル圏外 <!channel>", platform="x")
    events = m.handle(_sig(Kind.NEGATIVE_SURGE, 0, 20, evidence=(evil,)))
    out = io.StringIO()
    console = ConsoleSink(stream=out, color=False, brand_names={"koharu-mobile": "こはるモバイル"})
    jsonl = JsonlSink(tmp_path / "events.jsonl")
    for e in events:
        console.emit(e)
        jsonl.emit(e)
    jsonl.close()
    text = out.getvalue()
    assert "OPENED" in text and "koharu-mobile (こはるモバイル)" in text and "needs approval" in text
    assert "\x1b" not in text and "\x07" not in text
    line = json.loads((tmp_path / "events.jsonl").read_text(encoding="utf-8"))
    assert line["event"] == "opened"
    assert set(line["incident"]) >= {
        "id",
        "kind",
        "brand",
        "severity",
        "status",
        "opened_at",
        "updated_at",
        "summary",
        "keywords",
        "claim_id",
        "metrics",
        "evidence",
        "suggested_response",
    }
    assert line["at"] == "2026-11-20T08:00:00+09:00"


def test_actions_are_recorded_and_closing_silences_the_key(config: Config) -> None:
    from monitor.alerts.incidents import UnknownIncident
    from monitor.models import Action

    m = _manager(config)
    seen: list[tuple[str, Action]] = []
    m.feedback.append(lambda inc, action: seen.append((inc.id, action)))
    opened = m.handle(_sig(Kind.NEGATIVE_SURGE, 0, 20))[0]
    inc_id = opened.incident["id"]
    ack = m.act(inc_id, Action.ACKNOWLEDGE, user="U01KOHARU1", at=T0 + timedelta(minutes=2))
    assert ack.event is EventType.UPDATED and ack.incident["status"] == "acknowledged"
    assert ack.incident["timeline"][0] == {
        "action": "acknowledge",
        "user": "U01KOHARU1",
        "at": "2026-11-20T08:02:00+09:00",
    }
    snooze = m.act(inc_id, Action.SNOOZE, user="U01KOHARU1", at=T0 + timedelta(minutes=3), snooze_minutes=30)
    assert snooze.incident["status"] == "snoozed"
    assert m.handle(_sig(Kind.NEGATIVE_SURGE, 20, 80)) == [], "no update while snoozed"
    fp = m.act(inc_id, Action.FALSE_POSITIVE, user="U01KOHARU2", at=T0 + timedelta(minutes=25))
    assert fp.event is EventType.RESOLVED and fp.incident["status"] == "false_positive"
    assert seen == [(inc_id, Action.FALSE_POSITIVE)]
    assert m.handle(_sig(Kind.NEGATIVE_SURGE, 26, 90)) == [], "silenced until the detector clears"
    m.handle(_sig(Kind.NEGATIVE_SURGE, 40, 5, active=False))
    assert m.handle(_sig(Kind.NEGATIVE_SURGE, 60, 30))[0].event is EventType.OPENED
    with pytest.raises(UnknownIncident):
        m.act("nope", Action.RESOLVE, user="U1", at=T0)


def test_new_rumor_later_linked_to_a_claim_gets_the_correction(config: Config) -> None:
    spread = Post(id="x:9", created_at=T0, text="全店閉店らしい", platform="x")
    m = _manager(config)
    first = m.handle(_sig(Kind.RUMOR, 0, 10, brand="hoshizora-burger", key="new-1", evidence=(spread,)))
    assert (
        first[0].incident["claim_id"] is None and "確認中" in first[0].incident["suggested_response"]["text"]
    )
    later = m.handle(
        _sig(
            Kind.RUMOR,
            15,
            40,
            brand="hoshizora-burger",
            key="new-1",
            claim_id="hoshizora-closing",
            evidence=(spread,),
        )
    )
    assert later and later[0].incident["claim_id"] == "hoshizora-closing"
    assert "事実ではありません" in later[0].incident["suggested_response"]["text"]
