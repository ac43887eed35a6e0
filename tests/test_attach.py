"""Attaching a dashboard to a running monitor over a real mosquitto: state, events and actions."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import aiomqtt
import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import Config
from monitor.live import state_for
from monitor.models import Action
from monitor.pipeline import Pipeline
from monitor.publish import StatePublisher, StateSubscriber
from tests.mosquitto import MOSQUITTO, SKIP_REASON, Mosquitto, free_port
from tests.streamgen import posts, write_jsonl
from tui.app import WarRoomApp
from tui.incident_list import IncidentList


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if MOSQUITTO is None:
        pytest.skip(SKIP_REASON)
    server = Mosquitto(MOSQUITTO, tmp_path_factory.mktemp("mqtt"), persistence=False)
    server.start()
    yield server.port
    server.stop()


async def _until(check: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


def test_state_export_load_round_trip_and_malformed(config: Config) -> None:
    source = state_for(config)
    pipeline = Pipeline(config)
    pipeline.observers.append(source)
    for post in posts(80):
        pipeline.process(post)
    copy = state_for(config)
    copy.load(json.loads(json.dumps(source.export())))
    a, b = source.snapshot(), copy.snapshot()
    assert a.stream_time == b.stream_time and a.posts == b.posts
    assert [x.volume for x in a.brands] == [x.volume for x in b.brands]
    assert [(i.id, i.status, i.history[-1].metrics) for i in a.incidents] == [
        (i.id, i.status, i.history[-1].metrics) for i in b.incidents
    ]
    assert [p.id for p in b.recent] == [p.id for p in a.recent[-200:]]
    before = copy.version
    for bad in ({"v": 99}, {"v": 1, "brands": "nope"}, {"v": 1}):
        with pytest.raises(ValueError, match=r"malformed|unsupported"):
            copy.load(bad)
    assert copy.version == before, "a bad payload changes nothing"
    wire = source.export()
    wire["recent"][-1]["text"] = "\x1b[2Jhello"
    copy.load(wire)
    assert copy.snapshot().recent[-1].text == "[2Jhello", "text from the wire is sanitized again"


async def test_dashboard_attached_over_mqtt_sees_incidents_and_acts(config: Config, broker: int) -> None:
    # the monitor side: a pipeline with a publisher that accepts actions
    pipeline = Pipeline(config)
    mon_state = state_for(config)
    publisher = StatePublisher(state=mon_state, host="127.0.0.1", port=broker, prefix="t1", interval=0.1)
    publisher.act = pipeline.act
    pipeline.observers.extend([mon_state, publisher])
    pub_task = asyncio.create_task(publisher.run(), name="publisher")
    for post in posts(80):
        pipeline.process(post)
    await _until(lambda: publisher.published_states > 0 and not publisher._events)

    # the dashboard side, attached
    state = state_for(config)
    sub = StateSubscriber(state=state, host="127.0.0.1", port=broker, prefix="t1")
    brands = {b.id: b.name for b in config.brands}
    app = WarRoomApp(state, controller=sub, runner=sub, user="tanaka", brands=brands)
    async with app.run_test(size=(140, 42)) as pilot:
        await _until(lambda: app.query_one(IncidentList).row_count == 3)
        snap, mine = state.snapshot(), mon_state.snapshot()
        assert [b.volume for b in snap.brands] == [b.volume for b in mine.brands]
        assert any(s.name.startswith("mqtt://") and s.status == "connected" for s in snap.sources)
        iid = app.query_one(IncidentList).current_id
        await pilot.press("a")
        await _until(lambda: state.snapshot().incident(iid or "").status == "acknowledged")  # type: ignore[union-attr]
        on_monitor = pipeline.incidents.find(iid or "")
        assert on_monitor is not None and on_monitor.timeline[-1].user == "tanaka"
        assert state.snapshot().incident(iid or "").data["timeline"][-1]["user"] == "tanaka"  # type: ignore[union-attr]
        # junk on the wire is counted and skipped, both ways
        async with aiomqtt.Client("127.0.0.1", broker) as client:
            await client.publish("t1/actions", b"{not json", qos=1)
            stale = {"incident_id": "gone", "action": "resolve", "user": "x"}
            await client.publish("t1/actions", json.dumps(stale))
            await client.publish("t1/events", b"\xff\xfe", qos=1)
        await _until(lambda: publisher.rejected_actions == 2 and sub.rejected == 1)
        assert publisher.connected and state.snapshot().incident(iid or "") is not None
    assert sub.finished.wait(5), "quitting the app stops the subscriber"
    publisher.stop()
    await asyncio.wait_for(pub_task, 5)


async def test_both_sides_wait_for_a_missing_broker_and_stop_promptly(config: Config) -> None:
    port = free_port()  # nothing listens here
    publisher = StatePublisher(state=state_for(config), host="127.0.0.1", port=port)
    task = asyncio.create_task(publisher.run())
    state = state_for(config)
    sub = StateSubscriber(state=state, host="127.0.0.1", port=port, timeout=1)
    thread = threading.Thread(target=sub.run)
    thread.start()
    await _until(lambda: any(s.status == "reconnecting" for s in state.snapshot().sources))
    (src,) = state.snapshot().sources
    assert "refused" in src.last_error.lower() or src.last_error
    with pytest.raises(ValueError, match="not connected"):
        sub.act("i", Action.ACKNOWLEDGE, user="u")
    assert not publisher.connected
    publisher.stop()
    await asyncio.wait_for(task, 3)
    sub.stop()
    await asyncio.to_thread(thread.join, 5)
    assert not thread.is_alive()


def test_monitor_run_publishes_retained_state(config_copy: Path, broker: int, tmp_path: Path) -> None:
    stream = write_jsonl(tmp_path / "stream.jsonl", minutes=80)
    toml = config_copy / "monitor.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("publish = false", "publish = true")
    text = text.replace("mqtt_port = 1883", f"mqtt_port = {broker}")
    text = text.replace('topic_prefix = "monitor"', 'topic_prefix = "t3"')
    text += f'\n[[sources]]\nname = "t"\ntype = "replay"\npath = "{stream}"\n'
    toml.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", "--config", str(config_copy)])
    assert result.exit_code == 0, result.output

    async def retained() -> dict[str, object]:
        async with aiomqtt.Client("127.0.0.1", broker) as client:
            await client.subscribe("t3/state", qos=1)
            async for message in client.messages:
                return json.loads(message.payload)  # type: ignore[arg-type, no-any-return]
        raise AssertionError("no state")

    state = asyncio.run(asyncio.wait_for(retained(), 5))
    n = sum(1 for _ in posts(80))
    assert len(state["incidents"]) == 3  # type: ignore[arg-type]
    (source,) = state["sources"]  # type: ignore[misc]  # the monitor's own source, as dashboards show it
    assert (source["name"], source["kind"], source["status"], source["posts"]) == (
        "t",
        "replay",
        "finished",
        n,
    )
    assert state["posts"] == n
