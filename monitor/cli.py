"""The ``monitor`` command line: run, replay, check-config and the evaluation commands."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from monitor.config import Config, load_config
from monitor.errors import ConfigError, SourceError

log = logging.getLogger("monitor")

PACKAGE_DIR = Path(__file__).resolve().parent
DEMO_STREAM = PACKAGE_DIR / "demo" / "posts.jsonl"


def default_config_dir() -> Path:
    """``$MONITOR_CONFIG``, else ``./config``, else the default config shipped in the package."""
    env = os.environ.get("MONITOR_CONFIG")
    if env:
        return Path(env)
    local = Path("config")
    if (local / "monitor.toml").exists():
        return local
    for candidate in (PACKAGE_DIR / "_default_config", PACKAGE_DIR.parent / "config"):
        if (candidate / "monitor.toml").exists():
            return candidate
    return local


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"monitor: {message}", err=True)
    sys.exit(code)


def load_or_exit(directory: str | Path | None) -> Config:
    """Load the config or stop with exit code 2 and a message naming the file and key."""
    try:
        return load_config(directory or default_config_dir())
    except ConfigError as exc:
        _fail(f"config error: {exc}", 2)


config_option = click.option(
    "--config",
    "config_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Config directory (default: $MONITOR_CONFIG, ./config, or the bundled default).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
@click.version_option(package_name="jp-crisis-monitor")
def main(verbose: int) -> None:
    """Real-time crisis and misinformation monitor for Japanese social media."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.command("check-config")
@config_option
def check_config(config_dir: Path | None) -> None:
    """Validate the config directory; errors name the file, the key and what is allowed."""
    cfg = load_or_exit(config_dir)
    click.echo(
        f"config OK: {cfg.directory}: {len(cfg.brands)} brands, {len(cfg.claims)} claims, "
        f"{len(cfg.oncall.rotation)} rotations, {len(cfg.settings.sources)} sources"
    )


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@config_option
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the incident events (JSONL).",
)
def replay(file: Path, config_dir: Path | None, out: Path) -> None:
    """Replay a Post JSONL file as fast as possible; write incident events to --out.

    The output is deterministic: the same input and config give a byte-identical file.
    """
    from monitor.alerts.jsonl import JsonlSink
    from monitor.pipeline import Pipeline
    from monitor.runner import report
    from monitor.streams.replay import ReplaySource

    cfg = load_or_exit(config_dir)
    source = ReplaySource(file)
    pipeline = Pipeline(cfg, [JsonlSink(out)])
    try:
        stats = pipeline.run(source)
    except SourceError as exc:
        _fail(str(exc), 1)
    finally:
        pipeline.close()
    report(stats, [source])


@main.command()
@config_option
@click.option(
    "--speed",
    type=float,
    default=None,
    help="Replay pacing: 0 as fast as possible, 60 = one stream-minute per second.",
)
def run(config_dir: Path | None, speed: float | None) -> None:
    """The main job. With no sources configured it replays the bundled demo stream."""
    from monitor.runner import run_monitor

    cfg = load_or_exit(config_dir)
    try:
        run_monitor(cfg, demo=DEMO_STREAM, speed=speed)
    except ConfigError as exc:  # e.g. a Slack token's environment variable is not set
        _fail(f"config error: {exc}", 2)
    except SourceError as exc:
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.group("eval")
def eval_group() -> None:
    """Measure the detectors on labelled data."""


@eval_group.command("sentiment")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option(
    "--learn", is_flag=True, help="Let the model learn online from each text's own emoji/lexicon label."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
def eval_sentiment(file: Path, config_dir: Path | None, learn: bool, as_json: bool) -> None:
    """Score the sentiment model on FILE.jsonl (lines {"text", "label": neg|neu|pos}).

    Prints accuracy, macro-F1, NEG precision/recall/F1 and texts per second on one core,
    tokenization included.
    """
    import json

    from monitor.detectors.analyzer import Analyzer
    from monitor.detectors.sentiment_eval import evaluate, read_labelled

    cfg = load_or_exit(config_dir)
    data = read_labelled(file)
    for line, reason in data.errors[:20]:
        click.echo(f"{file}:{line}: skipped: {reason}", err=True)
    if not data.texts:
        _fail(f"{file}: no labelled texts", 1)
    result = evaluate(Analyzer(cfg).sentiment, data, learn=learn)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False) if as_json else result.format())


@main.group("bench")
def bench_group() -> None:
    """Measure throughput."""


@bench_group.command("sentiment")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_option
@click.option("--pin", is_flag=True, help="Pin the process to one CPU first (Linux).")
@click.option("--baseline", is_flag=True, help="Also time plain fugashi tokenization of the same texts.")
@click.option(
    "--passes",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Timed passes; the best is reported.",
)
def bench_sentiment(file: Path, config_dir: Path | None, pin: bool, baseline: bool, passes: int) -> None:
    """Posts per second on one core for the per-post analysis (normalize, tokenize, brands,
    sentiment, cues, claims) over the texts of FILE.jsonl (any lines with a "text").
    """
    from monitor.detectors.analyzer import Analyzer
    from monitor.detectors.sentiment_eval import bench, pin_one_core, read_texts, to_posts

    cfg = load_or_exit(config_dir)
    texts = read_texts(file)
    if not texts:
        _fail(f"{file}: no texts", 1)
    cpu = pin_one_core() if pin else None
    report = bench(Analyzer(cfg), to_posts(texts), passes=passes, cpu=cpu, baseline=baseline)
    click.echo(report.format())


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--broker", required=True, help="Broker URL: mqtt://HOST:PORT (mqtts:// for TLS).")
@click.option(
    "--prefix", default="posts", show_default=True, help="Topic prefix: posts go to PREFIX/<platform>."
)
@click.option("--qos", type=click.IntRange(0, 2), default=1, show_default=True, help="MQTT QoS.")
@click.option("--rate", type=float, default=0.0, help="Posts per second (0: as fast as the broker acks).")
@click.option("--username-env", default="", help="Environment variable holding the broker user name.")
@click.option("--password-env", default="", help="Environment variable holding the broker password.")
def publish(
    file: Path, broker: str, prefix: str, qos: int, rate: float, username_env: str, password_env: str
) -> None:
    """Feed a Post JSONL file into the MQTT bus (PREFIX/<platform>, QoS 1, resent until acked)."""
    from monitor.streams.publish import run_publish

    try:
        run_publish(
            file,
            broker=broker,
            prefix=prefix,
            qos=qos,
            rate=rate,
            username_env=username_env,
            password_env=password_env,
        )
    except ValueError as exc:
        _fail(str(exc), 2)
    except SourceError as exc:
        _fail(str(exc), 1)


@main.command("slack-preview")
@config_option
@click.option("--stream", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Post JSONL.")
@click.option("--incident", "index", type=int, default=0, help="Which opened incident (0 = first).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def slack_preview(config_dir: Path | None, stream: Path | None, index: int, fmt: str) -> None:
    """Show the Slack alert card of an incident (Block Kit JSON or text), without Slack."""
    from monitor.alerts.preview import preview

    cfg = load_or_exit(config_dir)
    click.echo(preview(cfg, stream or DEMO_STREAM, index, fmt), nl=False)


@main.command("tui")
@config_option
@click.option(
    "--speed",
    type=click.FloatRange(min=0),
    default=None,
    help="Replay pacing in event time: 60 = one stream-minute per second, 0 as fast as possible "
    "(default: 60 for the demo and --replay, the configured speed for configured replays).",
)
@click.option(
    "--replay",
    "replay_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Replay this Post JSONL file instead of the configured sources (or the bundled demo).",
)
@click.option("--user", default=None, help="Name recorded on your actions (default: your login name).")
@click.option(
    "--attach",
    is_flag=True,
    help="Attach to a running `monitor run` that publishes over MQTT ([dashboard] in monitor.toml).",
)
def tui_command(
    config_dir: Path | None, speed: float | None, replay_file: Path | None, user: str | None, attach: bool
) -> None:
    """The war-room dashboard, with the monitor running in-process (the demo unless configured)."""
    if attach and (replay_file is not None or speed is not None):
        _fail("--attach shows a monitor running elsewhere: it takes no --replay or --speed", 2)
    cfg = load_or_exit(config_dir)
    if attach:
        from tui.main import attach_dashboard

        attach_dashboard(cfg, user=user)
        return
    from monitor.runner import build_sources
    from monitor.streams.base import Source
    from monitor.streams.replay import ReplaySource

    sources: list[Source]
    if replay_file is not None:
        sources = [ReplaySource(replay_file, name=replay_file.name, speed=60.0 if speed is None else speed)]
    else:
        if speed is None and not cfg.settings.sources:
            speed = 60.0  # the demo, paced: one stream-minute per second
        sources = build_sources(cfg, demo=DEMO_STREAM, speed=speed)
    for src in sources:
        if isinstance(src, ReplaySource) and not src.path.is_file():
            _fail(f"{src.stats.name}: no such file: {src.path}", 2 if replay_file else 1)
    from tui.main import run_dashboard

    run_dashboard(cfg, sources=sources, user=user)


if __name__ == "__main__":  # pragma: no cover
    main()
