"""The dashboard's data side: MonitorState aggregates, the pipeline hook and the in-process monitor."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.alerts.incidents import UnknownIncident
from monitor.config import Config
from monitor.live import LiveMonitor, state_for
from monitor.models import Action, Analysis, EventType, IncidentEvent, Post, Sentiment
from monitor.pipeline import Pipeline
from monitor.state import MonitorState
from monitor.streams.replay import ReplaySource
from tests.conftest import T0, Recorder
from tests.streamgen import posts, write_jsonl


def _analysis(i: int, minute: float, sentiment: Sentiment = Sentiment.NEU, **kw: object) -> Analysis:
    post = Post(
        id=f"x:{i}",
        created_at=T0 + timedelta(minutes=minute),
        text=str(kw.pop("text", f"post {i}")),
        platform=str(kw.pop("platform", "x")),
    )
    return Analysis(post, post.text, (), tuple(kw.pop("brands", ("b",))), sentiment, 0.0, **kw)  # type: ignore[arg-type]


def test_per_minute_counts_negative_share_and_window() -> None:
    state = MonitorState({"b": "B", "c": "C"}, minutes=5, share_minutes=2)
    for i, (minute, sentiment) in enumerate(
        [(0, Sentiment.NEU), (3, Sentiment.NEG), (3.5, Sentiment.NEU), (4.2, Sentiment.NEG)]
    ):
        state.observe_analysis(_analysis(i, minute, sentiment))
    b = state.snapshot().brand("b")
    assert b is not None
    assert b.volume == (1, 0, 0, 2, 1) and b.negative == (0, 0, 0, 1, 1)
    assert b.window_posts == 3 and b.negative_share == pytest.approx(2 / 3)
    assert state.snapshot().brand("c").volume == (0,) * 5  # type: ignore[union-attr]
    # a post from the past is counted in its own minute, never in the newest one
    state.observe_analysis(_analysis(9, 1, Sentiment.NEG))
    assert state.snapshot().brand("b").volume == (1, 1, 0, 2, 1)  # type: ignore[union-attr]


def test_recent_posts_are_bounded_and_sanitized() -> None:
    state = MonitorState({"b": "B"}, recent=3)
    state.observe_analysis(_analysis(0, 0, text="[bold]x[/] \x1b[2J\u202eevil"))
    for i in range(1, 6):
        state.observe_analysis(_analysis(i, i))
    state.observe_analysis(_analysis(99, 7, brands=()))  # about no brand: counted, not in the feed
    snap = state.snapshot()
    assert [p.id for p in snap.recent] == ["x:3", "x:4", "x:5"]
    assert snap.posts == 7 and snap.matched == 6
    state2 = MonitorState({"b": "B"})
    state2.observe_analysis(_analysis(0, 0, text="[bold]x[/] \x1b[2J\u202eevil"))
    assert state2.snapshot().recent[0].text == "[bold]x[/] [2Jevil"


def test_incidents_sorted_active_severity_age_with_history(config: Config) -> None:
    state = state_for(config)
    pipeline = Pipeline(config)
    pipeline.observers.append(state)
    for post in posts(80):  # mid-storm
        pipeline.process(post)
    snap = state.snapshot()
    ids = [i.id for i in snap.incidents]
    assert len(ids) == 3 and all(i.active for i in snap.incidents)
    ranks = [i.sort_key()[1] for i in snap.incidents]
    assert ranks == sorted(ranks), "most severe first"
    koharu = next(i for i in snap.incidents if i.data["brand"] == "koharu-mobile")
    assert koharu.history[0].event == "opened"
    assert koharu.history[0].metrics["posts"] > 0
    tile = snap.brand("koharu-mobile")
    assert tile is not None and koharu.id in tile.incidents and tile.negative_share > 0.5
    # closing one moves it behind the active ones and off its brand tile
    pipeline.act(koharu.id, Action.RESOLVE, user="tester")
    snap = state.snapshot()
    assert snap.incidents[-1].id == koharu.id and not snap.incidents[-1].active
    assert koharu.id not in snap.brand("koharu-mobile").incidents  # type: ignore[union-attr]


def test_pipeline_act_goes_to_sinks_and_observers_at_stream_time(config: Config) -> None:
    rec = Recorder()
    state = state_for(config)
    pipeline = Pipeline(config, [rec])
    pipeline.observers.append(state)
    with pytest.raises(ValueError, match="stream time"):
        pipeline.act("any", Action.ACKNOWLEDGE, user="u")
    for post in posts(80):
        pipeline.process(post)
    iid = next(e.incident["id"] for e in rec.events if e.event is EventType.OPENED)
    before = len(rec.events)
    event = pipeline.act(iid, Action.ACKNOWLEDGE, user="tanaka")
    assert rec.events[before:] == [event]
    assert event.at == pipeline.stream_time
    assert event.incident["timeline"][0]["user"] == "tanaka"
    view = state.snapshot().incident(iid)
    assert view is not None and view.status == "acknowledged" and view.history[-1].event == "updated"
    with pytest.raises(UnknownIncident):
        pipeline.act("nope", Action.RESOLVE, user="tanaka")


def test_concurrent_writers_and_snapshots_lose_nothing() -> None:
    state = MonitorState({"b": "B"}, minutes=60)
    n = 4000

    def feed(offset: int) -> None:
        for i in range(n):
            state.observe_analysis(_analysis(offset + i, (i % 50) / 1.0))

    threads = [threading.Thread(target=feed, args=(k * n,)) for k in range(2)]
    for t in threads:
        t.start()
    seen = []
    while any(t.is_alive() for t in threads):
        seen.append(state.snapshot().posts)
    for t in threads:
        t.join()
    snap = state.snapshot()
    assert snap.posts == 2 * n and sum(snap.brand("b").volume) == 2 * n  # type: ignore[union-attr]
    assert seen == sorted(seen), "snapshots never go backwards"


def test_live_monitor_paces_in_event_time_and_stops(config: Config, tmp_path: Path) -> None:
    path = tmp_path / "three.jsonl"
    path.write_text(
        "".join(
            f'{{"id": "x:{i}", "created_at": "{(T0 + timedelta(minutes=i)).isoformat()}", '
            f'"text": "こはるモバイル {i}"}}\n'
            for i in range(3)
        )
        + "not json\n",
        encoding="utf-8",
    )
    live = LiveMonitor(config, sources=[ReplaySource(path, name="three", speed=600)])  # 1 min = 0.1 s
    started = time.monotonic()
    live.run()
    elapsed = time.monotonic() - started
    assert 0.18 <= elapsed < 2.0
    snap = live.state.snapshot()
    assert snap.posts == 3
    (src,) = snap.sources
    assert (src.name, src.kind, src.status, src.posts, src.rejected) == ("three", "replay", "finished", 3, 1)

    slow = LiveMonitor(config, sources=[ReplaySource(path, name="slow", speed=0.001)])
    worker = threading.Thread(target=slow.run)
    worker.start()
    time.sleep(0.1)
    slow.stop()
    worker.join(timeout=2)
    assert not worker.is_alive() and slow.state.snapshot().posts == 1
    assert slow.state.snapshot().sources[0].status == "finished"


def test_live_monitor_reports_a_missing_source(config: Config, tmp_path: Path) -> None:
    live = LiveMonitor(config, sources=[ReplaySource(tmp_path / "gone.jsonl", name="gone")])
    live.run()
    (src,) = live.state.snapshot().sources
    assert src.status == "failed" and "cannot open" in src.last_error


def test_live_monitor_actions_while_running(config: Config, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl")
    rec = Recorder()
    live = LiveMonitor(config, sources=[ReplaySource(path, speed=3000)], sinks=[rec])  # ~2 s
    worker = threading.Thread(target=live.run)
    worker.start()
    acted: set[str] = set()
    deadline = time.monotonic() + 20
    while not live.finished.is_set() and time.monotonic() < deadline:
        for inc in live.state.snapshot().incidents:
            if inc.active and inc.id not in acted:
                live.act(inc.id, Action.ACKNOWLEDGE, user="night-shift")
                acted.add(inc.id)
    worker.join(timeout=20)
    assert acted, "incidents appeared while the stream ran"
    acks = [e for e in rec.events if e.incident.get("timeline")]
    assert {e.incident["id"] for e in acks} == acted


def test_closed_incidents_are_bounded_open_ones_kept() -> None:
    state = MonitorState({"b": "B"}, closed=2)
    for n in range(5):
        at = (T0 + timedelta(minutes=n)).isoformat()
        inc = {"id": f"i{n}", "brand": "b", "severity": "warning", "status": "open", "opened_at": at}
        state.observe_event(IncidentEvent(EventType.OPENED, T0 + timedelta(minutes=n), inc))
    for n in range(4):  # close i0..i3 in order; i4 stays open
        at = T0 + timedelta(minutes=10 + n)
        inc = {"id": f"i{n}", "brand": "b", "severity": "warning", "status": "resolved"}
        inc["opened_at"] = (T0 + timedelta(minutes=n)).isoformat()
        state.observe_event(IncidentEvent(EventType.RESOLVED, at, inc))
    assert sorted(i.id for i in state.snapshot().incidents) == ["i2", "i3", "i4"]


def test_dashboard_snooze_lasts_as_long_as_the_slack_button(config_copy: Path) -> None:
    from monitor.config import load_config

    toml = config_copy / "monitor.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("snooze_minutes = 60", "snooze_minutes = 15"))
    config = load_config(config_copy)
    live = LiveMonitor(config, sources=[])
    for post in posts(80):
        live.pipeline.process(post)
    iid = live.state.snapshot().incidents[0].id
    event = live.act(iid, Action.SNOOZE, user="tanaka")
    until = live.pipeline.stream_time + timedelta(minutes=15)  # type: ignore[operator]
    assert event.incident["timeline"][-1]["note"] == f"until {until.isoformat()}"
