"""SIGKILL the monitor in the middle of a delivery, restart it: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path

from tests import fake_slack
from tests.conftest import ROOT
from tests.fake_slack import FakeSlack
from tests.test_slack_delivery import slack_config

INCIDENTS = 8
KILL_AT_POST = 11  # a thread reply, a few incidents in


async def _child(config_dir: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "SLACK_BOT_TOKEN": fake_slack.TOKEN, "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.slack_child",
        str(config_dir),
        str(INCIDENTS),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_sigkill_mid_delivery_then_restart_loses_none_and_duplicates_none(
    config_copy: Path, tmp_path: Path
) -> None:
    fake = FakeSlack(clock=time.time, hold_seconds=30.0, hold_on=KILL_AT_POST)
    for name in ("#koharu-mobile-alerts", "#hoshizora-burger-alerts", "#minamo-fc-alerts"):
        fake.channel_id(name)
    runner = await fake_slack.start(fake)
    try:
        slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite", channel_interval_seconds="0.0")
        first = await _child(config_copy)
        await asyncio.wait_for(fake.stored.wait(), timeout=30)
        # Slack has stored post number KILL_AT_POST; the monitor is waiting for the answer.
        first.send_signal(signal.SIGKILL)
        assert await first.wait() == -signal.SIGKILL
        before = len(fake.messages)
        assert before == KILL_AT_POST

        fake.hold_seconds = 0.0
        fake.release.set()
        second = await _child(config_copy)
        out, err = await asyncio.wait_for(second.communicate(), timeout=60)
        assert second.returncode == 0, err.decode()[-2000:]
    finally:
        await runner.cleanup()
    keys = [m["metadata"]["event_payload"]["outbox_key"] for m in fake.messages]
    assert [k for k, n in Counter(keys).items() if n > 1] == []  # no duplicate
    parents = fake.top_level()
    assert len(parents) == INCIDENTS  # none lost: every incident has its parent ...
    assert all(len(fake.replies(p["ts"])) == 3 for p in parents)  # ... and its three replies
    assert {"conversations.history", "conversations.replies"} & set(fake.calls)  # it looked first
    assert "failed 0" in out.decode()
    assert "xoxb" not in (out + err).decode()  # the token never reaches the logs
