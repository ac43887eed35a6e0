"""Buttons over a real Socket Mode websocket (fake Slack on 127.0.0.1) change the incident and card."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.alerts.slack_runtime import build_slack
from monitor.alerts.socket_mode import SlackActions
from monitor.config import Config
from monitor.models import Action, Incident, Status
from tests import fake_slack
from tests.conftest import T0
from tests.fake_slack import FakeSlack
from tests.slack_support import VirtualClock, opened
from tests.test_slack_delivery import ENV, slack_config


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    f = FakeSlack(clock=VirtualClock().now)
    for name in ("#koharu-mobile-alerts", "#hoshizora-burger-alerts", "#minamo-fc-alerts"):
        f.channel_id(name)
    runner = await fake_slack.start(f)
    yield f
    await runner.cleanup()


def _press(envelope: str, action: Action, incident_id: str, user: str) -> dict[str, Any]:
    return {
        "envelope_id": envelope,
        "type": "interactive",
        "accepts_response_payload": False,
        "payload": {
            "type": "block_actions",
            "user": {"id": user},
            "channel": {"id": "C00000001"},
            "actions": [
                {"type": "button", "action_id": str(action), "value": incident_id, "action_ts": "1.0"}
            ],
        },
    }


async def _until(check: Callable[[], bool], timeout: float = 10.0) -> None:
    async def poll() -> None:
        while not check():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)


async def test_buttons_act_on_the_incident_and_update_the_card(
    config: Config, config_copy: Path, tmp_path: Path, fake: FakeSlack
) -> None:
    cfg = slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    clock = VirtualClock()
    manager, events = opened(config, incidents=2)
    feedback: list[tuple[str, Action]] = []
    manager.feedback.append(lambda inc, action: feedback.append((inc.id, action)))
    notifier, worker = build_slack(cfg, environ=ENV, clock=clock)
    for event in events:
        notifier.emit(event)
    await worker.run(until_drained=True)
    koharu, hoshizora = (str(e.incident["id"]) for e in events)
    when = T0.replace(hour=9)
    actions = SlackActions(
        app_token=fake_slack.APP_TOKEN,
        bot_token=fake_slack.TOKEN,
        base_url=fake.base_url,
        manager=manager,
        on_event=notifier.emit,
        now=lambda: when,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(actions.run(stop), name="socket-mode")
    try:
        await fake.envelopes.put(_press("env-1", Action.ACKNOWLEDGE, koharu, "U01KOHARU1"))
        await fake.envelopes.put(_press("env-1", Action.ACKNOWLEDGE, koharu, "U01KOHARU1"))  # redelivered
        await fake.envelopes.put(_press("env-2", Action.FALSE_POSITIVE, hoshizora, "U01HOSHI01"))
        await fake.envelopes.put(_press("env-3", Action.RESOLVE, hoshizora, "U01HOSHI01"))  # already closed
        await _until(lambda: len(fake.acks) >= 4 and "chat.postEphemeral" in fake.calls)
    finally:
        stop.set()
        await task
    assert [a["envelope_id"] for a in fake.acks] == ["env-1", "env-1", "env-2", "env-3"]
    inc: Incident | None = manager.find(koharu)
    assert inc is not None and inc.status is Status.ACKNOWLEDGED
    assert [(r.action, r.user, r.at) for r in inc.timeline] == [(Action.ACKNOWLEDGE, "U01KOHARU1", when)]
    assert feedback == [(hoshizora, Action.FALSE_POSITIVE)]  # false positives reach the detectors
    assert manager.find(hoshizora) is None
    await worker.run(until_drained=True)
    parent_k, parent_h = fake.top_level()
    card_k = json.dumps(parent_k["blocks"], ensure_ascii=False)
    assert "確認済み" in card_k and '"actions"' in card_k  # still open: buttons stay
    card_h = json.dumps(parent_h["blocks"], ensure_ascii=False)
    assert "誤検知" in card_h and '"type": "actions"' not in card_h  # closed: buttons gone
    assert [r["text"] for r in fake.replies(parent_k["ts"])] == [
        f"<@U01KOHARU1> が確認しました ({when.strftime('%m/%d %H:%M')})"
    ]
    (reply_h,) = fake.replies(parent_h["ts"])
    assert "<@U01HOSHI01> が誤検知としました" in reply_h["text"]


def test_action_time_is_recorded_as_given(config: Config) -> None:
    manager, (event,) = opened(config, incidents=1)
    at = datetime(2026, 11, 20, 9, 30, tzinfo=T0.tzinfo)
    out = manager.act(str(event.incident["id"]), Action.SNOOZE, user="U01KOHARU1", at=at, snooze_minutes=15)
    assert out.incident["status"] == "snoozed" and out.incident["timeline"][0]["at"] == at.isoformat()


async def test_failed_start_is_retried_and_a_refresh_reconnects(config: Config, fake: FakeSlack) -> None:
    opens = 0

    def fault(method: str) -> tuple[str] | None:
        nonlocal opens
        if method == "apps.connections.open":
            opens += 1
            return ("500",) if opens <= 2 else None  # Slack down at start-up
        return None

    fake.fault = fault
    manager, (event,) = opened(config, incidents=1)
    seen: list[str] = []
    actions = SlackActions(
        app_token=fake_slack.APP_TOKEN,
        bot_token=fake_slack.TOKEN,
        base_url=fake.base_url,
        manager=manager,
        on_event=lambda ev: seen.append(ev.incident["status"]),
        ping_interval=0.1,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(actions.run(stop), name="socket-mode")
    try:
        await asyncio.wait_for(actions.connected.wait(), 10)
        assert opens == 3
        await fake.envelopes.put({"type": "disconnect", "reason": "refresh_requested"})
        await _until(lambda: opens == 4 and fake.sockets_open == 1)
        await fake.envelopes.put(_press("env-9", Action.ACKNOWLEDGE, str(event.incident["id"]), "U01KOHARU1"))
        await _until(lambda: seen == ["acknowledged"])
    finally:
        stop.set()
        await task
    assert not task.exception()
