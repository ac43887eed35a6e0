"""A monitor process for the kill test: queue a storm's Slack calls, deliver them, exit.

Run as ``python -m tests.slack_child CONFIG_DIR INCIDENTS``; started again after a SIGKILL it
re-emits the same events (as a replay would) and finishes the delivery.
"""

from __future__ import annotations

import asyncio
import os
import sys

from monitor.alerts.slack_runtime import build_slack
from monitor.config import load_config
from tests.slack_support import storm


async def main(config_dir: str, incidents: int) -> None:
    cfg = load_config(config_dir)
    notifier, worker = build_slack(cfg, environ=os.environ)
    for event in storm(cfg, incidents=incidents)[1]:
        notifier.emit(event)
    await worker.run(until_drained=True)
    print(f"sent {worker.sent} failed {worker.failed} counts {notifier.outbox.counts()}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
