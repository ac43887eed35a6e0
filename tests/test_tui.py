"""The war-room dashboard driven headless with App.run_test() and Pilot: keys, mouse, filters, load."""

from __future__ import annotations

import random
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Static

from monitor.config import Config
from monitor.live import LiveMonitor
from monitor.models import Action, Analysis, EventType, IncidentEvent, Post, Sentiment
from monitor.streams.replay import ReplaySource
from tests.conftest import T0, Recorder
from tests.streamgen import posts, write_jsonl
from tui.app import WarRoomApp
from tui.brand_tile import BrandTile
from tui.help_screen import HelpScreen
from tui.incident_list import IncidentList
from tui.incident_screen import IncidentScreen
from tui.messages import ActionRequested
from tui.post_feed import PostFeed
from tui.stream_status import StreamStatus

SIZE = (140, 42)


def fed(config: Config, minutes: int = 80, rec: Recorder | None = None) -> LiveMonitor:
    """A monitor whose pipeline has seen the test stream up to ``minutes`` (mid-storm at 80)."""
    live = LiveMonitor(config, sources=[], sinks=[rec] if rec else [])
    for post in posts(minutes):
        live.pipeline.process(post)
    return live


def app_for(live: LiveMonitor, **kw: object) -> WarRoomApp:
    brands = {b.id: b.name for b in live.config.brands}
    return WarRoomApp(live.state, controller=live, user="war-room", brands=brands, **kw)  # type: ignore[arg-type]


def text_of(widget: Static) -> str:
    return str(widget.content) if not hasattr(widget.content, "plain") else widget.content.plain  # type: ignore[union-attr]


def feed_posts(app: WarRoomApp) -> list[str]:
    return list(app.query_one(PostFeed)._shown)


async def test_overview_shows_incidents_tiles_stream_time_and_feed(config: Config) -> None:
    live = fed(config)
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(IncidentList)
        assert table.row_count == 3
        first = live.state.snapshot().incidents[0]
        assert table.current_id == first.id and first.severity == "critical"
        assert app.query_one("#tile-koharu-mobile", BrandTile).has_class("-critical")
        assert "2026-11-20 09:19" in text_of(app.query_one(StreamStatus))
        assert "対応中インシデント 3件" in text_of(app.query_one(StreamStatus))
        shown = feed_posts(app)
        assert shown and shown[0] == live.state.snapshot().recent[-1].id, "newest post first"


async def test_enter_opens_details_and_keys_act_like_slack_buttons(config: Config) -> None:
    rec = Recorder()
    live = fed(config, rec=rec)
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        iid = app.query_one(IncidentList).current_id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen) and app.screen.incident_id == iid
        before = len(rec.events)
        await pilot.press("a")
        await pilot.pause()
        event = rec.events[before]
        assert event.incident["id"] == iid and event.incident["status"] == "acknowledged"
        assert event.incident["timeline"][-1]["user"] == "war-room"
        assert event.at == live.pipeline.stream_time
        assert "war-room" in text_of(app.screen.query_one("#d-timeline", Static))
        await pilot.press("y")
        await pilot.pause()
        assert rec.events[-1].incident["timeline"][-1]["action"] == "approve_response"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, IncidentScreen)
        view = live.state.snapshot().incident(iid or "")
        assert view is not None and view.status == "acknowledged"


async def test_mouse_opens_details_and_buttons_resolve(config: Config) -> None:
    live = fed(config)
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(IncidentList)
        second = live.state.snapshot().incidents[1]
        await pilot.click(IncidentList, offset=(20, 2))  # header is row 0: this highlights row 2
        await pilot.click(IncidentList, offset=(20, 2))  # a click on the highlighted row opens it
        await pilot.pause()
        assert isinstance(app.screen, IncidentScreen) and app.screen.incident_id == second.id
        await pilot.click("#btn-resolve")
        await pilot.pause()
        view = live.state.snapshot().incident(second.id)
        assert view is not None and view.status == "resolved" and not view.active
        assert all(b.disabled for b in app.screen.query(Button)), "a closed incident takes no action"
        await pilot.press("a")  # its keys are off too: no action, no error
        await pilot.pause()
        assert live.state.snapshot().incident(second.id).status == "resolved"  # type: ignore[union-attr]
        assert not any("no open incident" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        tile = live.state.snapshot().brand(str(second.data["brand"]))
        assert tile is not None and second.id not in tile.incidents
        assert table.row_count == 3 and table.current_id == live.state.snapshot().incidents[0].id
        assert live.state.snapshot().incidents[-1].id == second.id, "closed incidents sink to the bottom"
        await pilot.press("down", "down")
        await pilot.pause()
        assert table.current_id == second.id
        live.pipeline.process(Post(id="x:more", created_at=T0 + timedelta(minutes=80), text="みなもFC最高"))
        await pilot.pause(0.4)
        assert table.current_id == second.id, "a closed incident the user looks at keeps the cursor"


async def test_list_keys_snooze_and_false_positive_the_highlighted_incident(config: Config) -> None:
    live = fed(config)
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = [i.id for i in live.state.snapshot().incidents]
        await pilot.press("down", "s")
        await pilot.pause()
        assert live.state.snapshot().incident(ids[1]).status == "snoozed"  # type: ignore[union-attr]
        await pilot.press("down", "f")
        await pilot.pause()
        assert live.state.snapshot().incident(ids[2]).status == "false_positive"  # type: ignore[union-attr]
        await pilot.press("up", "up", "r")
        await pilot.pause()
        assert live.state.snapshot().incident(ids[0]).status == "resolved"  # type: ignore[union-attr]
        assert app.query_one(IncidentList).current_id == ids[1], "on to the next open incident"
        await pilot.press("r")
        await pilot.pause()
        assert live.state.snapshot().incident(ids[1]).status == "resolved"  # type: ignore[union-attr]
        await pilot.press("r")  # all closed: a warning, no crash, no second event
        await pilot.pause()
        assert any("no open incident" in n.message for n in app._notifications)


async def test_feed_filters_by_key_tile_click_and_checkbox(config: Config) -> None:
    live = fed(config)
    app = app_for(live)
    recent = {p.id: p for p in live.state.snapshot().recent}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        everything = feed_posts(app)
        await pilot.press("n")
        await pilot.pause()
        neg = feed_posts(app)
        assert neg and all(recent[i].sentiment == "neg" for i in neg) and neg != everything
        assert app.query_one("#f-negative", Checkbox).value, "the checkbox follows the key"
        await pilot.press("n", "c")
        await pilot.pause()
        cues = feed_posts(app)
        assert cues and all(recent[i].claim_ids or recent[i].cues for i in cues)
        assert {b for i in cues for b in recent[i].brands} == {"hoshizora-burger"}
        await pilot.press("0", "b")
        await pilot.pause()
        assert {b for i in feed_posts(app) for b in recent[i].brands} == {"koharu-mobile"}
        await pilot.click("#tile-minamo-fc")
        await pilot.pause()
        assert app.feed_filter.brand == "minamo-fc"
        assert {b for i in feed_posts(app) for b in recent[i].brands} == {"minamo-fc"}
        await pilot.click("#f-negative")
        await pilot.pause()
        assert app.feed_filter.negative_only and app.feed_filter.brand == "minamo-fc"
        assert feed_posts(app) == [], "the fans are happy: no negative minamo-fc post"
        await pilot.press("0", "p")
        await pilot.pause()
        platform = app.feed_filter.platform
        assert platform is not None and all(recent[i].platform == platform for i in feed_posts(app))


async def test_help_screen_opens_and_closes(config: Config) -> None:
    app = app_for(fed(config, minutes=5))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_untrusted_post_text_is_inert(config: Config) -> None:
    live = fed(config, minutes=5)
    evil = "こはるモバイル [bold red]x[/] [link=https://evil.example]y[/link] [/] \x1b]0;pwned\x07\x1b[2J"
    at = T0 + timedelta(minutes=6)
    live.pipeline.process(Post(id="x:evil", created_at=at, text=evil, platform="[/]\x1b[2J"))
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert feed_posts(app)[0] == "x:evil"
        rendered = text_of(app.query_one(PostFeed))
        assert "[bold red]x[/] [link=https://evil.example]y[/link] [/]" in rendered
        assert "\x1b" not in rendered and "\x07" not in rendered
        assert live.state.snapshot().platforms[0] == "[/][2J"
        await pilot.press("p")  # the first platform; the picker lists it as plain text
        await pilot.pause()
        assert app.feed_filter.platform == "[/][2J" and feed_posts(app) == ["x:evil"]
        app.post_message(ActionRequested("x[/]", Action.RESOLVE))  # an id from the wire, say
        await pilot.pause()
        shown = [n for n in app._notifications if "x[/]" in n.message]
        assert shown and not shown[0].markup, "shown literally, never parsed as markup"


async def test_without_a_controller_actions_are_refused_politely(config: Config) -> None:
    live = fed(config)
    app = WarRoomApp(live.state, user="viewer")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert all(i.status == "open" for i in live.state.snapshot().incidents)
        assert any("閲覧専用" in n.message for n in app._notifications)


async def test_worker_runs_the_monitor_and_quitting_stops_it(config: Config, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "stream.jsonl")
    live = LiveMonitor(config, sources=[ReplaySource(path, name="stream")])
    app = app_for(live, runner=live)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            if live.finished.is_set():
                break
            await pilot.pause(0.1)
        await pilot.pause(0.4)
        assert live.finished.is_set()
        assert app.query_one(IncidentList).row_count == 3
        assert "stream 完了" in text_of(app.query_one(StreamStatus))
    slow = LiveMonitor(config, sources=[ReplaySource(path, name="slow", speed=1)])
    app = app_for(slow, runner=slow)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        assert slow.state.snapshot().posts >= 1
        await pilot.press("q")
    assert slow.finished.wait(2), "the monitor thread ends promptly when the app quits"


def _analyses(n: int) -> list[Analysis]:
    rng = random.Random(3)
    brands = ("koharu-mobile", "hoshizora-burger", "minamo-fc")
    out = []
    for i in range(n):
        at = T0 + timedelta(milliseconds=12 * i)
        post = Post(id=f"x:{i}", created_at=at, text=f"投稿 {i}", platform="x")
        sentiment = rng.choice((Sentiment.NEG, Sentiment.NEU, Sentiment.POS))
        out.append(Analysis(post, post.text, (), (rng.choice(brands),), sentiment, 0.0))
    return out


async def test_updates_are_coalesced_at_5000_posts_per_second(config: Config) -> None:
    """5,000 posts/s through the pipeline's stateful stage while the app runs: ~4 repaints a second."""
    live = LiveMonitor(config, sources=[])
    app = app_for(live, refresh_hz=4.0)
    batch = _analyses(5000)
    rate = 5000.0
    done = threading.Event()
    took: list[float] = []

    def feed() -> None:
        start = time.monotonic()
        for i, analysis in enumerate(batch):
            if i % 250 == 0:  # paced in small bursts: 5,000 posts/s
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            live.pipeline.process_analysis(analysis)  # the only user of the pipeline here
        took.append(time.monotonic() - start)
        done.set()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.refreshes
        started = time.monotonic()
        thread = threading.Thread(target=feed)
        thread.start()
        while not done.is_set():
            await pilot.pause(0.05)
        await pilot.pause(0.6)
        elapsed = time.monotonic() - started
        thread.join()
        refreshes = app.refreshes - before
        assert live.state.snapshot().posts == 5000
        assert feed_posts(app)[0] == "x:4999", "the screen caught up with the newest post"
        assert 2 <= refreshes <= 4 * elapsed + 2, f"{refreshes} repaints in {elapsed:.2f}s"
        assert took[0] < 3.0, f"the pipeline waited for the screen: {took[0]:.2f}s for 1s of posts"


@pytest.mark.parametrize("hz", [0.0, -1.0])
def test_refresh_rate_must_be_positive(config: Config, hz: float) -> None:
    with pytest.raises(ValueError):
        app_for(fed(config, minutes=1), refresh_hz=hz)


def _event(iid: str, severity: str, minute: int, status: str = "open") -> IncidentEvent:
    at = T0 + timedelta(minutes=minute)
    incident = {"id": iid, "kind": "rumor", "brand": "koharu-mobile", "severity": severity, "status": status}
    incident |= {"opened_at": at.isoformat(), "updated_at": at.isoformat(), "summary": iid, "metrics": {}}
    return IncidentEvent(EventType.OPENED, at, incident)


async def test_cursor_follows_the_top_until_moved_then_its_incident(config: Config) -> None:
    live = fed(config, minutes=1)
    state = live.state
    app = app_for(live)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(IncidentList)
        state.observe_event(_event("a-warning", "warning", 0))
        await pilot.pause(0.4)
        state.observe_event(_event("b-critical", "critical", 1))
        await pilot.pause(0.4)
        assert table.current_id == "b-critical", "untouched, the cursor shows the most urgent"
        await pilot.press("down")
        state.observe_event(_event("c-critical", "critical", 2))
        await pilot.pause(0.4)
        assert table.current_id == "a-warning", "moved by the user, it stays on the chosen incident"
        state.observe_event(_event("a-warning", "warning", 3, status="resolved"))
        await pilot.pause(0.4)
        assert table.current_id == "b-critical", "its incident closed: back to the top"


def test_tui_command_rejects_a_missing_replay_file_and_bad_speed(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from monitor.cli import main

    result = CliRunner().invoke(main, ["tui", "--replay", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "no such file" in result.output
    assert CliRunner().invoke(main, ["tui", "--speed", "-1"]).exit_code == 2
    both = CliRunner().invoke(main, ["tui", "--attach", "--speed", "60"])
    assert both.exit_code == 2 and "--attach" in both.output
