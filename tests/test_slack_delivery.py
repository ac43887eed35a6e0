"""Slack delivery against a local fake Slack: grouping, escaping, outage, Retry-After, no duplicates."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts.delivery import DeliveryWorker
from monitor.alerts.incidents import IncidentManager
from monitor.alerts.notifier import SlackNotifier
from monitor.alerts.responses import ResponseBuilder
from monitor.alerts.slack_runtime import build_slack
from monitor.config import AlertsConfig, Config, load_config
from monitor.errors import ConfigError
from monitor.models import Action, Kind
from tests import fake_slack
from tests.fake_slack import FakeSlack
from tests.slack_support import VirtualClock, make_signal, opened, storm

ENV = {"SLACK_BOT_TOKEN": fake_slack.TOKEN, "SLACK_APP_TOKEN": fake_slack.APP_TOKEN}
OUTAGE_SECONDS = 600.0


def slack_config(config_copy: Path, base_url: str, state: Path, **extra: str) -> Config:
    toml = config_copy / "monitor.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('api_base_url = "https://slack.com/api/"', f'api_base_url = "{base_url}"')
    text = text.replace('path = "../state/monitor.sqlite"', f'path = "{state}"')
    text = text.replace("enabled = false\nmode", "enabled = true\nmode")
    for key, value in extra.items():
        text = re.sub(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
    toml.write_text(text, encoding="utf-8")
    return load_config(config_copy)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
async def fake(clock: VirtualClock) -> AsyncIterator[FakeSlack]:
    f = FakeSlack(clock=clock.now)
    for name in ("#koharu-mobile-alerts", "#hoshizora-burger-alerts", "#minamo-fc-alerts"):
        f.channel_id(name)  # the workspace's channels exist before the first alert
    runner = await fake_slack.start(f)
    yield f
    await runner.cleanup()


def _setup(cfg: Config, clock: VirtualClock) -> tuple[SlackNotifier, DeliveryWorker]:
    return build_slack(cfg, environ=ENV, clock=clock)


def _keys(messages: list[dict[str, Any]]) -> list[str]:
    return [m["metadata"]["event_payload"]["outbox_key"] for m in messages]


async def test_storm_through_ten_minutes_of_500_and_429_arrives_exactly_once(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    start = clock.now()
    log: list[tuple[float, str, str]] = []

    def fault(method: str) -> tuple[str, int] | tuple[str] | None:
        if clock.now() - start >= OUTAGE_SECONDS:
            log.append((clock.now(), method, "ok"))
            return None
        outcome = ("429", 30) if len(log) % 2 else ("500",)
        log.append((clock.now(), method, outcome[0]))
        return outcome

    fake.fault = fault
    _, events = storm(config, incidents=30)
    notifier, worker = _setup(cfg, clock)
    for event in events:
        notifier.emit(event)
    await worker.run(until_drained=True)

    assert clock.now() - start >= OUTAGE_SECONDS
    assert fake.failures > 30
    parents = fake.top_level()
    assert len(parents) == 30  # one parent per incident: a storm never floods the channel
    assert Counter(m["channel"] for m in parents) == Counter(
        {"C00000001": 10, "C00000002": 10, "C00000003": 10}
    )
    every = fake.messages
    assert len(set(_keys(every))) == len(every)  # nothing twice
    for parent in parents:
        replies = fake.replies(parent["ts"])
        # updated, escalated and resolved each give exactly one thread reply
        assert len(replies) == 3, [r["text"] for r in replies]
        assert parent["blocks"][0]["text"]["text"].startswith("✅")  # chat.update brought it current
    assert worker.notifier.outbox.open_count() == 0
    assert worker.failed == 0
    # Retry-After: after a 429 nothing more went to Slack for 30 s.
    for i, (t, _, outcome) in enumerate(log):
        if outcome == "429":
            later = [t2 for t2, _, _ in log[i + 1 :]]
            assert not later or later[0] >= t + 30 - 1e-6


async def test_post_with_channel_mention_pings_no_one(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    _, events = storm(config, incidents=1)
    notifier, worker = _setup(cfg, clock)
    notifier.emit(events[0])
    await worker.run(until_drained=True)
    (msg,) = fake.messages
    raw = json.dumps({"text": msg["text"], "blocks": msg["blocks"]}, ensure_ascii=False)
    assert "&lt;!channel&gt;" in raw and "&lt;@U0EVIL&gt;" in raw
    specials = re.findall(r"<([!@#][^>|]*)", raw)
    assert specials == ["@U01KOHARU1"]  # only the on-duty manager, named by oncall.toml
    assert not re.search(r"(?<![&;])@(channel|here|everyone)\b", raw)
    links = re.findall(r"<(https?://[^|>]+)\|", raw)
    assert links and all(u.startswith("https://x.example/") for u in links)  # no disguised evil link


async def test_ambiguous_failure_is_checked_before_resending(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    """Slack stored the post but answered 500: the worker finds it by metadata, posts nothing twice."""
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    failed: list[str] = []
    original = fake._answer

    def answer(method: str, args: dict[str, Any], request: Any) -> dict[str, Any]:
        out = original(method, args, request)
        if method == "chat.postMessage" and len(failed) < 3:
            failed.append(method)
            raise fake_slack.web.HTTPInternalServerError()
        return out

    fake._answer = answer  # type: ignore[method-assign]
    _, events = storm(config, incidents=2)
    notifier, worker = _setup(cfg, clock)
    for event in events:
        notifier.emit(event)
    await worker.run(until_drained=True)
    assert len(failed) == 3
    assert len(fake.top_level()) == 2
    assert len(set(_keys(fake.messages))) == len(fake.messages) == 2 + 2 * 3
    assert "conversations.history" in fake.calls


async def test_same_events_again_after_restart_queue_nothing(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    _, events = storm(config, incidents=3)
    notifier, worker = _setup(cfg, clock)
    for event in events:
        notifier.emit(event)
    await worker.run(until_drained=True)
    sent = len(fake.messages)
    again, worker2 = _setup(cfg, clock)  # a new process replaying the same stream
    for event in events:
        again.emit(event)
    await worker2.run(until_drained=True)
    assert again.queued == 0 and len(fake.messages) == sent == 3 * 4


async def test_no_ack_escalates_to_backup_and_ack_stops_it(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite", repeat_minutes="0")
    manager, (koharu, hoshizora) = opened(config, incidents=2)
    notifier, worker = _setup(cfg, clock)
    notifier.emit(koharu)  # ack timeout 15 min, backup U01PRLEAD0
    notifier.emit(hoshizora)  # ack timeout 10 min, acknowledged at once
    await worker.run(until_drained=True)
    at = datetime.fromisoformat(hoshizora.incident["updated_at"])
    notifier.emit(manager.act(hoshizora.incident["id"], Action.ACKNOWLEDGE, user="U01HOSHI01", at=at))
    await worker.run(until_drained=True)
    clock.t += 14 * 60
    notifier.check_timers()
    await worker.run(until_drained=True)
    parent_a, parent_b = fake.top_level()
    assert fake.replies(parent_a["ts"]) == []  # not yet
    clock.t += 2 * 60
    notifier.check_timers()
    await worker.run(until_drained=True)
    esc = [r["text"] for r in fake.replies(parent_a["ts"])]
    assert len(esc) == 1 and "<@U01PRLEAD0>" in esc[0] and "エスカレーション" in esc[0]
    replies_b = [r["text"] for r in fake.replies(parent_b["ts"])]
    assert len(replies_b) == 1 and "<@U01HOSHI01> が確認しました" in replies_b[0]
    assert fake.updates and "確認済み" in json.dumps(fake.updates[-1]["blocks"], ensure_ascii=False)
    clock.t += 60 * 60
    notifier.check_timers()  # escalation happens once
    await worker.run(until_drained=True)
    assert len(fake.replies(parent_a["ts"])) == 1


async def test_repeat_reminds_the_on_duty_manager(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite", repeat_minutes="5")
    _, (koharu,) = opened(config, incidents=1)
    notifier, worker = _setup(cfg, clock)
    notifier.emit(koharu)
    await worker.run(until_drained=True)
    for _ in range(3):
        clock.t += 5 * 60 + 1
        notifier.check_timers()
        await worker.run(until_drained=True)
    (parent,) = fake.top_level()
    texts = [r["text"] for r in fake.replies(parent["ts"])]
    assert sum("リマインド" in t and "<@U01KOHARU1>" in t for t in texts) == 3


def test_missing_token_is_a_config_error_naming_the_key(config_copy: Path, tmp_path: Path) -> None:
    cfg = slack_config(config_copy, "http://127.0.0.1:9/api/", tmp_path / "s.sqlite")
    with pytest.raises(ConfigError) as err:
        build_slack(cfg, environ={})
    assert "slack.bot_token_env" in str(err.value) and "SLACK_BOT_TOKEN" in str(err.value)


async def test_webhook_mode_one_message_per_event_without_buttons(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite", mode='"webhook"')
    start = clock.now()
    fake.fault = lambda method: ("429", 20) if clock.now() - start < 60 else None
    _, events = storm(config, incidents=2)
    env = {"SLACK_WEBHOOK_URL": f"http://127.0.0.1:{fake.port}/hooks/T1/B1/secret"}
    notifier, worker = build_slack(cfg, environ=env, clock=clock)
    for event in events:
        notifier.emit(event)
    await worker.run(until_drained=True)
    assert fake.failures >= 3 and clock.now() - start >= 60
    assert len(fake.messages) == len(events) == 8  # opened, updated, escalated, resolved: once each
    raw = json.dumps(fake.messages, ensure_ascii=False)
    assert '"actions"' not in raw  # no buttons without interactivity
    assert "<!channel>" not in raw and "&lt;!channel&gt;" in raw
    assert "✅" in fake.messages[-1]["text"] or "解決" in fake.messages[-1]["text"]


def test_brand_without_channel_and_no_default_is_a_config_error(config_copy: Path, tmp_path: Path) -> None:
    brands = config_copy / "brands.toml"
    brands.write_text(
        brands.read_text(encoding="utf-8").replace('slack_channel = "#minamo-fc-alerts"\n', ""),
        encoding="utf-8",
    )
    cfg = slack_config(config_copy, "http://127.0.0.1:9/api/", tmp_path / "s.sqlite", default_channel='""')
    with pytest.raises(ConfigError) as err:
        build_slack(cfg, environ=ENV)
    assert err.value.key == "slack.default_channel" and "minamo-fc" in err.value.message


async def test_one_incident_storm_is_one_parent_and_a_few_replies(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    """Two hours of a growing storm signalled every minute: one message, its thread, no flood."""
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    manager = IncidentManager(AlertsConfig(), ResponseBuilder(config.responses, config.brands, config.claims))
    notifier, worker = _setup(cfg, clock)
    for minute in range(120):
        for event in manager.handle(
            make_signal(Kind.NEGATIVE_SURGE, "koharu-mobile", "", minute, 20 + minute * 10)
        ):
            notifier.emit(event)
    await worker.run(until_drained=True)
    (parent,) = fake.top_level()
    replies = fake.replies(parent["ts"])
    assert 1 <= len(replies) <= 8  # updates only when doubled and 10 minutes apart
    assert 1 <= len(fake.updates) <= len(replies)  # queued edits of the parent collapse into the newest


async def test_refused_blocks_fall_back_to_text_and_bad_channel_is_not_retried(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack, clock: VirtualClock
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    answers = iter([("error", "invalid_blocks")])
    fake.fault = lambda method: next(answers, None) if method == "chat.postMessage" else None
    _, events = opened(config, incidents=2)
    notifier, worker = _setup(cfg, clock)
    notifier.emit(events[0])
    await worker.run(until_drained=True)
    (msg,) = fake.messages
    assert msg["blocks"] is None and "こはるモバイル" in msg["text"]  # plain text got through
    fake.fault = lambda method: ("error", "channel_not_found") if method == "chat.postMessage" else None
    before = len(fake.calls)
    notifier.emit(events[1])
    await worker.run(until_drained=True)
    assert fake.calls[before:].count("chat.postMessage") == 1  # not retryable: tried once
    assert worker.failed == 1 and notifier.outbox.counts().get("dead") == 1
