"""On-call routing, mrkdwn escaping and the Block Kit alert card."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from monitor.alerts.blocks import render_parent, sparkline
from monitor.alerts.mrkdwn import escape, link, quote_block, safe_url
from monitor.alerts.routing import OncallRouter
from monitor.config import Config, OncallFile, load_config
from monitor.errors import ConfigError
from tests.slack_support import HOSTILE, storm


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_rotation_hands_over_at_local_time_and_override_wins(config: Config) -> None:
    router = OncallRouter(config.oncall)
    # koharu-mobile: weekly from Mon 2026-11-02 09:00 JST, two members
    assert router.route("koharu-mobile", _at("2026-11-09T08:59:00+09:00")).primary.name == "佐倉 美咲"  # type: ignore[union-attr]
    assert router.route("koharu-mobile", _at("2026-11-09T09:00:00+09:00")).primary.name == "高森 健"  # type: ignore[union-attr]
    # the same instant written in UTC gives the same person
    assert router.route("koharu-mobile", _at("2026-11-09T00:00:00+00:00")).primary.name == "高森 健"  # type: ignore[union-attr]
    # minamo-fc: daily rotation of three, overridden 12:00-20:00 JST on 11-20
    normal = router.route("minamo-fc", _at("2026-11-20T11:00:00+09:00"))
    assert normal.primary.slack_user == "U01HOSHI01" and normal.source == "rotation[1]"  # type: ignore[union-attr]
    over = router.route("minamo-fc", _at("2026-11-20T12:00:00+09:00"))
    assert over.primary.slack_user == "U01HOSHI03" and over.source == "override[0]"  # type: ignore[union-attr]
    assert over.backup is not None and over.backup.slack_user == "U01PRLEAD0"
    assert over.ack_timeout_minutes == 10
    after = router.route("minamo-fc", _at("2026-11-20T20:00:00+09:00"))
    assert after.source == "rotation[1]"
    # the override is for minamo-fc only
    assert router.route("hoshizora-burger", _at("2026-11-20T12:00:00+09:00")).source == "rotation[1]"


def test_rotation_keeps_local_handoff_across_dst() -> None:
    oncall = OncallFile.model_validate(
        {
            "rotation": [
                {
                    "brands": ["*"],
                    "timezone": "America/New_York",
                    "handoff": "09:00",
                    "shift_days": 1,
                    "start_date": "2026-10-30",
                    "members": [{"name": "A", "slack_user": "UA"}, {"name": "B", "slack_user": "UB"}],
                }
            ]
        }
    )
    router = OncallRouter(oncall)
    # DST ends on 2026-11-01: 09:00 local is 13:00 UTC before and 14:00 UTC after
    assert router.route("any", _at("2026-10-31T13:00:00+00:00")).primary.name == "B"  # type: ignore[union-attr]
    # 10-30 A, 10-31 B, 11-01 A, 11-02 B: at 13:30 UTC on 11-02 it is 08:30 EST, still 11-01's shift
    assert router.route("any", _at("2026-11-02T13:30:00+00:00")).primary.name == "A"  # type: ignore[union-attr]
    assert router.route("any", _at("2026-11-02T14:00:00+00:00")).primary.name == "B"  # type: ignore[union-attr]
    assert router.route("none-configured", _at("2026-11-02T14:00:00+00:00")).source == "rotation[0]"


def test_no_rotation_means_no_mention() -> None:
    route = OncallRouter(OncallFile()).route("x", _at("2026-11-02T14:00:00+00:00"))
    assert route.primary is None and route.backup is None


def test_override_without_offset_is_a_config_error(config_copy: Path) -> None:
    path = config_copy / "oncall.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2026-11-20T12:00:00+09:00", "2026-11-20T12:00:00"),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(config_copy)
    assert err.value.key == "override[0].start" and "UTC offset" in err.value.message


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<!channel> 見て", "<!channel>"),
        ("<!here|here>", "<!here"),
        ("<@U0123ABC> さん", "<@U0123ABC>"),
        ("<#C0123|general>", "<#C0123"),
        ("<!subteam^S123|@team>", "<!subteam"),
        ("<https://evil.example|https://official.example>", "<https://evil"),
        ("&lt;!channel&gt;", "&lt;!channel&gt;"),  # pre-escaped text stays literal, not unescaped
    ],
)
def test_escape_neutralises_mentions_and_links(text: str, forbidden: str) -> None:
    out = escape(text)
    assert forbidden not in out
    assert "<" not in out and ">" not in out


def test_broadcast_words_and_hidden_characters() -> None:
    assert "@channel" not in escape("＠channel @channel @Here")
    assert "@here" not in escape("@here").lower()
    assert escape("a\u202eb\u200bc\x1b") == "abc"
    assert quote_block("1\n> 2").count("\n") == 0
    assert len(escape("あ" * 5000, 100)) == 100


def test_links_only_http_and_labels_escaped() -> None:
    assert safe_url("ftp://x.example/a") is None
    assert safe_url("https:///nohost") is None
    assert link("javascript:alert(1)", "押して") == "押して"
    assert link("https://a.example/x>y|z", "<b>") == "<https://a.example/x%3Ey%7Cz|&lt;b&gt;>"


def test_sparkline_scales_the_last_points() -> None:
    assert sparkline(range(30), 8) == "▁▂▃▄▅▆▇█"
    assert len(sparkline(range(100), 20)) == 20


def test_alert_card_has_evidence_response_buttons_and_limits(config: Config) -> None:
    _, events = storm(config, incidents=1)
    route = OncallRouter(config.oncall).route("koharu-mobile", events[0].at)
    msg = render_parent(
        events[2].incident, brand_name="こはるモバイル", route=route, history=[10, 25, 60], interactive=True
    )
    raw = json.dumps(msg.to_dict(), ensure_ascii=False)
    assert HOSTILE not in raw
    kinds = [b["type"] for b in msg.blocks]
    assert kinds[0] == "header" and "actions" in kinds and len(kinds) <= 50
    actions = next(b for b in msg.blocks if b["type"] == "actions")
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["確認", "返信案を承認", "誤検知", "スヌーズ", "解決"]
    assert {e["value"] for e in actions["elements"]} == {events[0].incident["id"]}
    assert "▁" in raw and "█" in raw  # the sparkline
    assert "```" in raw and "返信案" in raw  # copyable suggested response
    assert "<@U01KOHARU1>" in raw
    for block in msg.blocks:
        if block["type"] == "section" and "text" in block:
            assert len(block["text"]["text"]) <= 3000
    # a closed incident has no buttons
    closed = render_parent(events[3].incident, brand_name="こはるモバイル", route=route)
    assert "actions" not in [b["type"] for b in closed.blocks]


def test_slack_preview_command_renders_the_demo_card() -> None:
    from click.testing import CliRunner

    from monitor.cli import main
    from tests.conftest import CONFIG_DIR

    runner = CliRunner()
    out = runner.invoke(main, ["slack-preview", "--config", str(CONFIG_DIR), "--format", "json"])
    assert out.exit_code == 0, out.output
    msg = json.loads(out.output)
    assert msg["text"] and 3 <= len(msg["blocks"]) <= 50
    text = runner.invoke(main, ["slack-preview", "--config", str(CONFIG_DIR), "--incident", "1"])
    assert text.exit_code == 0 and "[返信案を承認]" in text.output and "デマ" in text.output


def test_outbox_keeps_order_per_incident_and_prunes_finished_rows() -> None:
    from monitor.alerts.outbox import Outbox
    from monitor.storage import connect

    box = Outbox(connect(":memory:"))
    for n, (iid, op) in enumerate([("a", "post"), ("b", "post"), ("a", "reply"), ("a", "update")]):
        assert box.add(
            dedup=f"{iid}{n}", incident_id=iid, op=op, channel="#c", body={"text": "t"}, now=100.0 + n
        )
    assert not box.add(dedup="a0", incident_id="a", op="post", channel="#c", body={"text": "x"}, now=200.0)
    assert [(h.incident_id, h.op) for h in box.heads()] == [("a", "post"), ("b", "post")]
    first = box.heads()[0]
    box.mark_inflight(first.seq)
    assert box.get(first.seq).needs_check  # died in flight: look before re-sending
    box.mark_sent(first.seq, "1.0")
    assert [(h.incident_id, h.op) for h in box.heads()] == [("b", "post"), ("a", "reply")]
    assert box.prune(before=150.0) == 1 and box.open_count() == 3
