"""``monitor run`` with ``[slack] enabled = true`` against the fake Slack, including a SIGKILL and restart."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests import fake_slack
from tests.conftest import CONFIG_DIR, DEMO, ROOT
from tests.fake_slack import FakeSlack
from tests.test_slack_delivery import slack_config


@functools.cache
def _demo_counts() -> tuple[int, int]:
    """What the bundled demo stream gives in process (3 incidents: 3 parents, the rest replies)."""
    from monitor.config import load_config
    from monitor.pipeline import Pipeline
    from monitor.streams.replay import ReplaySource

    events = Pipeline(load_config(CONFIG_DIR)).run(ReplaySource(DEMO)).events
    return events["opened"], sum(events.values()) - events["opened"]


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    f = FakeSlack(clock=time.time)
    for name in ("#koharu-mobile-alerts", "#hoshizora-burger-alerts", "#minamo-fc-alerts"):
        f.channel_id(name)
    runner = await fake_slack.start(f)
    yield f
    f.release.set()
    await runner.cleanup()


async def _monitor_run(config_dir: Path, *flags: str, **env: str) -> asyncio.subprocess.Process:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "monitor",
        *flags,
        "run",
        "--config",
        str(config_dir),
        cwd=ROOT,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


TOKENS = {"SLACK_BOT_TOKEN": fake_slack.TOKEN, "SLACK_APP_TOKEN": fake_slack.APP_TOKEN}


def _check_exactly_once(fake: FakeSlack) -> None:
    keys = [m["metadata"]["event_payload"]["outbox_key"] for m in fake.messages]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    parents = fake.top_level()
    expected_parents, expected_replies = _demo_counts()
    assert len(parents) == expected_parents == 3
    assert sum(len(fake.replies(p["ts"])) for p in parents) == expected_replies >= 6


async def test_monitor_run_delivers_the_demo_incidents_to_slack(
    config_copy: Path, tmp_path: Path, fake: FakeSlack
) -> None:
    slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite", channel_interval_seconds="0.0")
    proc = await _monitor_run(config_copy, "-vv", **TOKENS)  # debug logs: still no token
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, err.decode()[-3000:]
    _check_exactly_once(fake)
    assert "apps.connections.open" in fake.calls  # Socket Mode was connected for the buttons
    assert fake.updates  # parents kept current
    final = json.dumps([m["blocks"] for m in fake.top_level()], ensure_ascii=False)
    assert "✅" in final
    logs = (out + err).decode()
    assert "chat.postMessage" in logs  # the SDK did log its requests ...
    assert fake_slack.TOKEN not in logs and fake_slack.APP_TOKEN not in logs  # ... without the tokens
    assert "xoxb-" not in logs and "xapp-" not in logs


async def test_monitor_run_killed_mid_delivery_and_restarted_loses_none(
    config_copy: Path, tmp_path: Path, fake: FakeSlack
) -> None:
    slack_config(
        config_copy,
        fake.base_url,
        tmp_path / "state.sqlite",
        channel_interval_seconds="0.0",
        interactive="false",
    )
    fake.hold_seconds, fake.hold_on = 60.0, 5
    first = await _monitor_run(config_copy, **TOKENS)
    await asyncio.wait_for(fake.stored.wait(), timeout=120)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    assert len(fake.messages) == 5
    fake.hold_seconds = 0.0
    fake.release.set()
    second = await _monitor_run(config_copy, **TOKENS)
    _, err = await asyncio.wait_for(second.communicate(), timeout=120)
    assert second.returncode == 0, err.decode()[-3000:]
    _check_exactly_once(fake)


async def test_monitor_run_without_the_token_stops_with_exit_2(config_copy: Path, tmp_path: Path) -> None:
    slack_config(config_copy, "http://127.0.0.1:9/api/", tmp_path / "state.sqlite")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "monitor",
        "run",
        "--config",
        str(config_copy),
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    assert proc.returncode == 2
    assert (
        "monitor.toml: slack.bot_token_env: environment variable SLACK_BOT_TOKEN is not set" in err.decode()
    )
