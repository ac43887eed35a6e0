"""End to end with the real commands: `monitor run` on the bus, `monitor publish`, a broker restart."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from monitor.alerts.jsonl import JsonlSink
from monitor.config import load_config
from monitor.pipeline import Pipeline
from monitor.streams.replay import ReplaySource
from tests.mosquitto import MOSQUITTO, Mosquitto, requires_mosquitto
from tests.test_mqtt import surge_stream

pytestmark = requires_mosquitto


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Mosquitto]:
    assert MOSQUITTO is not None
    (tmp_path / "broker").mkdir()
    b = Mosquitto(MOSQUITTO, tmp_path / "broker", persistence=True)
    b.start()
    yield b
    b.stop()


def wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def monitor(*args: str, **kw: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], **kw)  # type: ignore[call-overload, no-any-return]


def test_run_and_publish_through_a_broker_restart(
    broker: Mosquitto, config_copy: Path, tmp_path: Path
) -> None:
    posts = surge_stream(tmp_path / "posts.jsonl")
    expected = tmp_path / "expected.jsonl"
    direct = Pipeline(load_config(config_copy), [JsonlSink(expected)])
    direct.run(ReplaySource(posts))
    direct.close()
    total = direct.stats.posts

    toml = config_copy / "monitor.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("console = true", "console = false")
    text = text.replace('jsonl = ""', f'jsonl = "{tmp_path / "events.jsonl"}"')
    text = text.replace("health_log_seconds = 60", "health_log_seconds = 0.1")
    text += (
        f'\n[[sources]]\nname = "bus"\ntype = "mqtt"\nurl = "{broker.url}"\ntopics = ["posts/#"]\n'
        'options = { client_id = "monitor-e2e", backoff_initial_seconds = 0.05, backoff_max_seconds = 0.3 }\n'
    )
    toml.write_text(text, encoding="utf-8")

    log = tmp_path / "run.log"

    def delivered() -> int:
        counts = re.findall(r"source bus \(mqtt\): \w+, (\d+) posts", log.read_text(errors="replace"))
        return int(counts[-1]) if counts else 0

    with log.open("wb") as err:
        run = monitor("-v", "run", "--config", str(config_copy), stdout=subprocess.DEVNULL, stderr=err)
    try:
        wait_for(lambda: "subscribed to" in log.read_text(errors="replace"), 20, "the monitor to subscribe")
        pub = monitor(
            "-v", "publish", str(posts), "--broker", broker.url, "--rate", "400", stderr=subprocess.PIPE
        )
        wait_for(lambda: delivered() >= total // 3, 20, "a third of the stream to arrive")
        broker.stop()  # the broker goes away mid-stream ...
        time.sleep(0.3)
        broker.start()  # ... and comes back with the sessions it saved
        _, pub_err = pub.communicate(timeout=60)
        (tmp_path / "publish.log").write_bytes(pub_err)
        assert pub.returncode == 0, pub_err.decode()
        assert f"{total} published" in pub_err.decode()
        wait_for(lambda: delivered() >= total, 20, f"{total} posts to reach the monitor")
        time.sleep(0.3)
    finally:
        run.send_signal(signal.SIGINT)  # a graceful stop: drain, flush, report
        run.wait(timeout=20)
    out = log.read_text(errors="replace")
    assert run.returncode == 0, out[-3000:]
    assert f"processed {total} posts" in out, out[-3000:]
    assert re.search(r"source bus \(mqtt\): finished, \d+ posts.*[1-9]\d* reconnects", out)
    assert (tmp_path / "events.jsonl").read_text() == expected.read_text(), "same incidents as a plain replay"
