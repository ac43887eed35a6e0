"""Outage drill: a storm of incidents while the fake Slack answers 500 and 429 for ten minutes.

``python -m tests.slack_drill [INCIDENTS] [OUTAGE_SECONDS]`` prints what was sent, what failed and
whether anything was lost or duplicated. Time is compressed by a virtual clock (Retry-After and
backoff are honoured in that clock), the HTTP calls are real, to a fake Slack on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from monitor.alerts.slack_runtime import build_slack
from monitor.config import load_config
from tests import fake_slack
from tests.fake_slack import FakeSlack
from tests.slack_support import VirtualClock, storm

CONFIG = Path(__file__).resolve().parent.parent / "config"
CHANNELS = ("#koharu-mobile-alerts", "#hoshizora-burger-alerts", "#minamo-fc-alerts")


async def drill(
    workdir: Path, *, incidents: int = 30, outage: float = 600.0, retry_after: int = 30
) -> dict[str, Any]:
    clock = VirtualClock()
    fake = FakeSlack(clock=clock.now)
    for name in CHANNELS:
        fake.channel_id(name)
    start = clock.now()
    log: list[tuple[float, str]] = []

    def fault(method: str) -> tuple[str, int] | tuple[str] | None:
        if clock.now() - start >= outage:
            log.append((clock.now(), "ok"))
            return None
        outcome: tuple[str, int] | tuple[str] = ("429", retry_after) if len(log) % 2 else ("500",)
        log.append((clock.now(), outcome[0]))
        return outcome

    fake.fault = fault
    runner = await fake_slack.start(fake)
    try:
        cfg_dir = workdir / "config"
        shutil.copytree(CONFIG, cfg_dir, dirs_exist_ok=True)
        toml = cfg_dir / "monitor.toml"
        text = toml.read_text(encoding="utf-8")
        text = text.replace('api_base_url = "https://slack.com/api/"', f'api_base_url = "{fake.base_url}"')
        text = text.replace('path = "../state/monitor.sqlite"', f'path = "{workdir / "state.sqlite"}"')
        toml.write_text(text, encoding="utf-8")
        cfg = load_config(cfg_dir)
        _, events = storm(cfg, incidents=incidents)
        env = {"SLACK_BOT_TOKEN": fake_slack.TOKEN}
        notifier, worker = build_slack(cfg, environ=env, clock=clock)
        for event in events:
            notifier.emit(event)
        await worker.run(until_drained=True)
    finally:
        await runner.cleanup()
    keys = [m["metadata"]["event_payload"]["outbox_key"] for m in fake.messages]
    parents = fake.top_level()
    early = 0  # calls made sooner than a 429's Retry-After allowed
    for i, (t, outcome) in enumerate(log):
        if outcome == "429" and i + 1 < len(log) and log[i + 1][0] < t + retry_after - 1e-6:
            early += 1
    return {
        "incidents": incidents,
        "incident_events": len(events),
        "outage_seconds": outage,
        "answered_500": sum(1 for _, o in log if o == "500"),
        "answered_429": sum(1 for _, o in log if o == "429"),
        "calls_before_retry_after": early,
        "virtual_seconds_to_drain": round(clock.now() - start, 1),
        "parent_messages": len(parents),
        "thread_replies": len(fake.messages) - len(parents),
        "expected_messages": len(events),  # one parent per opened + one reply per later event
        "duplicates": sum(n - 1 for n in Counter(keys).values()),
        "lost": len(events) - len(set(keys)),
        "chat_updates": len(fake.updates),
        "dead_letters": worker.failed,
        "outbox": notifier.outbox.counts(),
    }


def main() -> None:
    incidents = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    outage = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0
    with tempfile.TemporaryDirectory() as tmp:
        report = asyncio.run(drill(Path(tmp), incidents=incidents, outage=outage))
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
