"""The [[sources]] schema, source building, and the live runner: a failing source keeps the others going."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.models import Post
from monitor.pipeline import Pipeline
from monitor.runner import SourceRunner, build_sources
from monitor.streams.base import FailedSource
from monitor.streams.health import SourceState
from monitor.streams.mastodon import MastodonSource
from monitor.streams.mqtt import MqttSource
from monitor.streams.replay import ReplaySource
from monitor.streams.rss import RssSource
from monitor.streams.x import XStreamSource
from tests.conftest import T0


def write_sources(config_dir: Path, body: str) -> None:
    toml = config_dir / "monitor.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + body, encoding="utf-8")


def stream_file(path: Path, n: int = 30) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"x:{i}",
                "created_at": T0.replace(minute=i % 60).isoformat(),
                "text": "こはるモバイル 最悪",
            },
            ensure_ascii=False,
        )
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ALL_KINDS = """
[[sources]]
name = "archive"
type = "replay"
path = "posts.jsonl"

[[sources]]
name = "bus"
type = "mqtt"
url = "mqtt://127.0.0.1:1883"
topics = ["posts/#"]
options = { group = "detectors", client_id = "monitor-a" }

[[sources]]
name = "x-stream"
type = "x"
token_env = "MONITOR_TEST_X_TOKEN"
options = { rule_suffix = "lang:ja -is:retweet" }

[[sources]]
name = "fedi"
type = "mastodon"
url = "https://social.example.jp"
options = { stream = "hashtag", tag = "こはるモバイル", languages = ["ja"] }

[[sources]]
type = "rss"
url = "https://koharu-mobile.example/news/feed.xml"
options = { poll_seconds = 120 }
"""


def test_every_kind_builds_from_the_config(config_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_sources(config_copy, ALL_KINDS)
    monkeypatch.setenv("MONITOR_TEST_X_TOKEN", "secret-value")
    cfg = load_config(config_copy)
    sources = build_sources(cfg, demo=Path("unused"), speed=None)
    kinds = [type(s) for s in sources]
    assert kinds == [ReplaySource, MqttSource, XStreamSource, MastodonSource, RssSource]
    bus = sources[1]
    assert isinstance(bus, MqttSource)
    assert bus.subscriptions == ["$share/detectors/posts/#"] and bus.client_id == "monitor-a"
    x = sources[2]
    assert isinstance(x, XStreamSource) and x.base_url == "https://api.x.com"
    assert all(r.value.endswith("lang:ja -is:retweet") for r in x.rules)
    assert {r.tag for r in x.rules} == {f"monitor:{b.id}" for b in cfg.brands}
    assert sources[4].stats.name == "rss-4", "unnamed sources are named by type and position"


def test_a_source_without_its_secret_becomes_a_failed_source(config_copy: Path) -> None:
    write_sources(config_copy, ALL_KINDS)
    cfg = load_config(config_copy)
    x = build_sources(cfg, demo=Path("unused"), speed=None)[2]
    assert isinstance(x, FailedSource)
    assert "MONITOR_TEST_X_TOKEN" in str(x.error) and "not set" in str(x.error)


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        (
            'type = "mqtt"\nurl = "mqtt://h:1"\noptions = { qos = 3 }',
            "sources[0]",
            "options.qos: Input should be",
        ),
        (
            'type = "mqtt"\nurl = "mqtt://h:1"\noptions = { grup = "a" }',
            "sources[0]",
            "options.grup: unknown key",
        ),
        ('type = "mqtt"\nurl = "http://h:1"', "sources[0]", "'url' must look like mqtt://"),
        ('type = "mqtt"\nurl = "mqtt://user:pw@h:1"', "sources[0]", "must not carry credentials"),
        ('type = "x"', "sources[0]", "needs 'token_env'"),
        (
            'type = "rss"\nurl = "https://a.example/f"\ntopics = ["a"]',
            "sources[0]",
            "'topics' applies to type 'mqtt'",
        ),
        ('type = "replay"', "sources[0]", "needs 'path'"),
        ('type = "kafka"', "sources[0].type", "Input should be"),
        (
            'type = "mastodon"\nurl = "https://m.example"\noptions = { stream = "home" }',
            "sources[0]",
            "options.stream",
        ),
        (
            'type = "mastodon"\nurl = "https://m.example"\noptions = { stream = "hashtag" }',
            "sources[0]",
            "needs 'tag'",
        ),
    ],
)
def test_bad_source_config_names_file_key_and_fix(
    config_copy: Path, body: str, key: str, message: str
) -> None:
    write_sources(config_copy, "[[sources]]\n" + body + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(config_copy)
    assert info.value.file.endswith("monitor.toml") and info.value.key == key
    assert message in info.value.message


def test_a_source_the_schema_cannot_check_fails_alone(
    config_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_sources(
        config_copy,
        '[[sources]]\nname = "x"\ntype = "x"\ntoken_env = "T"\noptions = { max_rule_length = 64 }\n',
    )
    brands = config_copy / "brands.toml"
    brands.write_text(brands.read_text(encoding="utf-8").replace('"こはるモバ",', '"' + "長" * 80 + '",', 1))
    monkeypatch.setenv("T", "token")
    (x,) = build_sources(load_config(config_copy), demo=Path("unused"), speed=None)
    assert isinstance(x, FailedSource) and "keyword too long" in str(x.error)


def test_duplicate_source_names_are_refused(config_copy: Path) -> None:
    write_sources(config_copy, '[[sources]]\ntype = "replay"\npath = "a"\nname = "s"\n' * 2)
    with pytest.raises(ConfigError, match=r"sources\[1\].name: duplicate name 's'"):
        load_config(config_copy)


class Broken:
    """A source with a bug: it crashes after two posts."""

    kind = "broken"

    def __init__(self) -> None:
        self.stats = ReplaySource(Path("unused"), name="broken").stats

    async def stream(self):  # type: ignore[no-untyped-def]
        for i in range(2):
            yield Post(id=f"b:{i}", created_at=T0, text="x")
        raise RuntimeError("boom")


async def test_failing_sources_keep_the_others_running(config_copy: Path, tmp_path: Path) -> None:
    path = stream_file(tmp_path / "p.jsonl")
    write_sources(
        config_copy,
        f'[[sources]]\nname = "archive"\ntype = "replay"\npath = "{path}"\n'
        '[[sources]]\nname = "x-stream"\ntype = "x"\ntoken_env = "MONITOR_TEST_UNSET_TOKEN"\n',
    )
    cfg = load_config(config_copy)
    sources = [*build_sources(cfg, demo=Path("unused"), speed=None), Broken()]
    pipeline = Pipeline(cfg)
    runner = SourceRunner(pipeline, sources, queue_size=4)
    stats = await asyncio.wait_for(runner.run(), 10)
    assert stats.posts == 32, "the replay and the posts before the crash all went through"
    health = {h.name: h for h in runner.registry.snapshot()}
    assert health["archive"].state is SourceState.FINISHED and health["archive"].posts == 30
    assert health["x-stream"].state is SourceState.FAILED
    assert "MONITOR_TEST_UNSET_TOKEN" in health["x-stream"].last_error
    assert (
        health["broken"].state is SourceState.FAILED and health["broken"].last_error == "RuntimeError: boom"
    )


async def test_duplicates_are_dropped_before_the_pipeline(config_copy: Path, tmp_path: Path) -> None:
    path = stream_file(tmp_path / "p.jsonl", n=10)
    cfg = load_config(config_copy)
    twice = [ReplaySource(path, name="a"), ReplaySource(path, name="b")]
    runner = SourceRunner(Pipeline(cfg), twice, queue_size=2)
    stats = await runner.run()
    assert stats.posts == 10 and runner.dedup.duplicates == 10
    assert sum(h.duplicates for h in runner.registry.snapshot()) == 10


async def test_stop_drains_what_was_queued(config_copy: Path) -> None:
    cfg = load_config(config_copy)

    class Endless:
        kind = "endless"

        def __init__(self) -> None:
            self.stats = ReplaySource(Path("unused"), name="endless").stats

        async def stream(self):  # type: ignore[no-untyped-def]
            i = 0
            while True:
                i += 1
                yield Post(id=f"e:{i}", created_at=T0, text="x")
                await asyncio.sleep(0.001)

    runner = SourceRunner(Pipeline(cfg), [Endless()], queue_size=8)
    stop = asyncio.Event()
    task = asyncio.ensure_future(runner.run(stop))
    await asyncio.sleep(0.1)
    stop.set()
    stats = await asyncio.wait_for(task, 5)
    assert stats.posts == runner.registry.get("endless").posts > 0, (
        "every post taken from the source processed"
    )


def test_cli_run_reports_the_failed_source_and_carries_on(config_copy: Path, tmp_path: Path) -> None:
    path = stream_file(tmp_path / "p.jsonl")
    write_sources(
        config_copy,
        f'[[sources]]\nname = "archive"\ntype = "replay"\npath = "{path}"\n'
        '[[sources]]\nname = "x-stream"\ntype = "x"\ntoken_env = "MONITOR_TEST_UNSET_TOKEN"\n',
    )
    result = CliRunner().invoke(main, ["run", "--config", str(config_copy)])
    assert result.exit_code == 0, result.output
    assert "x-stream (x): failed" in result.stderr
    assert "environment variable MONITOR_TEST_UNSET_TOKEN with the X bearer token is not set" in result.stderr
    assert "processed 30 posts" in result.stderr


def test_cli_run_fails_when_every_source_failed(config_copy: Path) -> None:
    write_sources(
        config_copy, '[[sources]]\nname = "x-stream"\ntype = "x"\ntoken_env = "MONITOR_TEST_UNSET_TOKEN"\n'
    )
    result = CliRunner().invoke(main, ["run", "--config", str(config_copy)])
    assert result.exit_code == 1
    assert "every source failed" in result.stderr


def test_the_commented_examples_in_monitor_toml_are_valid(config_copy: Path) -> None:
    toml = config_copy / "monitor.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("# [[sources]]")
    end = text.index("\n\n", start)
    examples = "\n".join(line.removeprefix("#").removeprefix(" ") for line in text[start:end].splitlines())
    toml.write_text(text[:start] + examples + text[end:], encoding="utf-8")
    cfg = load_config(config_copy)
    assert [s.type for s in cfg.settings.sources] == ["replay", "mqtt", "x", "mastodon", "rss"]


def test_cli_publish_refuses_a_bad_broker_url_and_a_missing_file(tmp_path: Path) -> None:
    path = stream_file(tmp_path / "p.jsonl", n=1)
    bad_url = CliRunner().invoke(main, ["publish", str(path), "--broker", "http://127.0.0.1:1883"])
    assert bad_url.exit_code == 2 and "mqtt://HOST:PORT" in bad_url.stderr
    missing = CliRunner().invoke(
        main, ["publish", str(tmp_path / "nope.jsonl"), "--broker", "mqtt://127.0.0.1:1"]
    )
    assert missing.exit_code == 1 and "cannot open" in missing.stderr
