"""The ``monitor`` command line: run, replay, check-config and the evaluation commands."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from monitor.config import Config, load_config
from monitor.demo import RUMOR_SETS
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
    """Benchmarks, separate from the tests: sentiment speed, NAB tweet volumes, storms, per-post cost."""


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


@eval_group.command("rumor")
@config_option
@click.option(
    "--set",
    "sets",
    type=click.Choice(RUMOR_SETS),
    multiple=True,
    help="Template set(s) to generate (default: tune, holdout, blind). Ignored with --posts.",
)
@click.option("--days", type=click.IntRange(1, 60), default=3, show_default=True, help="Days per set.")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--posts",
    "posts_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Evaluate labeled posts from this JSONL (scenario/role/brand/claim_id keys) with --config.",
)
@click.option(
    "--write",
    "write_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write each generated set as labeled JSONL into this directory.",
)
@click.option(
    "--background",
    type=click.IntRange(0, 1_000_000),
    default=600,
    show_default=True,
    help="Normal posts per brand per day (hard negatives come on top).",
)
@click.option(
    "--rumors",
    type=click.IntRange(0, 50),
    default=2,
    show_default=True,
    help="Rumors per brand per day (0: normal traffic only, to count false alerts).",
)
@click.option("--deadline", type=float, default=10.0, show_default=True, help="Stream-minutes allowed.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="List every rumor and false alert.")
def eval_rumor(
    config_dir: Path | None,
    sets: tuple[str, ...],
    days: int,
    seed: int,
    posts_file: Path | None,
    write_dir: Path | None,
    background: int,
    rumors: int,
    deadline: float,
    as_json: bool,
    verbose: bool,
) -> None:
    """Rumor detection on generated scenarios: detection, delay, claim links and false alerts."""
    from monitor.rumor_eval import run_eval

    cfg = load_or_exit(config_dir)
    click.echo(
        run_eval(
            cfg,
            sets,
            days,
            seed,
            posts_file,
            write_dir,
            deadline,
            as_json,
            verbose,
            background_per_day=background,
            rumors_per_day=rumors,
        )
    )


@bench_group.command("rumor")
@click.option("--hours", type=click.FloatRange(0.1, 24 * 30), default=48.0, show_default=True)
@click.option(
    "--rate", type=click.FloatRange(1, 100_000), default=200.0, show_default=True, help="Posts/min."
)
@click.option("--checkpoint", type=click.FloatRange(0.1, 240), default=6.0, show_default=True, help="Hours.")
@config_option
def bench_rumor(hours: float, rate: float, checkpoint: float, config_dir: Path | None) -> None:
    """Rumor tracker cost per post with many live clusters, and memory over a long stream."""
    from monitor.bench.rumor import bench_both, format_checkpoints

    cfg = load_or_exit(config_dir)
    points = bench_both(
        hours=hours, posts_per_minute=rate, checkpoint_hours=checkpoint, config=cfg.settings.detectors.rumor
    )
    click.echo(format_checkpoints(points))


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


@main.command("score-series")
@click.argument("src", metavar="IN.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "dest", required=True, type=click.Path(dir_okay=False, path_type=Path), help="OUT.csv")
@click.option("--tz", default="UTC", show_default=True, help="Time zone of timestamps without an offset.")
@config_option
def score_series_cmd(src: Path, dest: Path, tz: str, config_dir: Path | None) -> None:
    """Score a count series (timestamp,value) with the surge detector: anomaly_score >= 0.5
    exactly where the live detector would open a surge alert."""
    from zoneinfo import ZoneInfo

    from monitor.score_series import SeriesError, score_file

    cfg = load_or_exit(config_dir)
    try:
        result = score_file(src, dest, cfg.settings.detectors.surge, ZoneInfo(tz))
    except SeriesError as exc:
        _fail(str(exc), 1)
    click.echo(
        f"{dest}: {len(result.rows)} rows, {result.alerts} alerts, {result.bad_rows} unreadable rows, "
        f"step {result.bucket_seconds} s"
    )


@bench_group.command("nab")
@click.option("--data", "data", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--scorer",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="NAB scorer script (default: DATA/../../tools/nab_score.py).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("nab-scores"),
    show_default=True,
    help="Folder for the score CSVs.",
)
@config_option
def bench_nab(data: Path, scorer: Path | None, out: Path, config_dir: Path | None) -> None:
    """Score NAB's series with the default surge rules and run the NAB scorer on them."""
    from monitor.bench.nab import run_scorer, score_folder

    cfg = load_or_exit(config_dir)
    windows, profiles = data / "windows.json", data / "profiles.json"
    scorer = scorer or data.parent.parent / "tools" / "nab_score.py"
    for item in score_folder(data, windows, out, cfg.settings.detectors.surge):
        click.echo(f"{item.key}: {item.result.alerts} alerts")
    click.echo("fixed threshold 0.5 (the detector's own alerts):")
    click.echo(run_scorer(scorer, data, windows, profiles, out, 0.5))
    click.echo("threshold swept by the scorer (optimistic):")
    click.echo(run_scorer(scorer, data, windows, profiles, out, None))


@bench_group.command("storms")
@click.option("--days", default=7.0, show_default=True, help="Days of background traffic per seed.")
@click.option("--seeds", default="1", show_default=True, help="Comma-separated generator seeds.")
@click.option("--hours", default="3.5,12.5,21", show_default=True, help="Local hours to inject storms at.")
@click.option("--visible", is_flag=True, help="Scale storms so the analyzer-visible complaints rise tenfold.")
@config_option
def bench_storms(days: float, seeds: str, hours: str, visible: bool, config_dir: Path | None) -> None:
    """False surges on normal traffic and the delay of a tenfold complaint storm (full pipeline)."""
    from monitor.bench.storms import format_report, run_bench

    cfg = load_or_exit(config_dir)
    report = run_bench(
        cfg,
        days=days,
        seeds=[int(s) for s in seeds.split(",")],
        hours=[float(h) for h in hours.split(",")],
        visible=visible,
    )
    click.echo(format_report(report))


@bench_group.command("surge-cost")
@click.option("--posts", default=200_000, show_default=True)
@config_option
def bench_surge_cost(posts: int, config_dir: Path | None) -> None:
    """Time the per-post surge update and the per-bucket evaluation."""
    from monitor.bench.cost import format_cost, measure

    cfg = load_or_exit(config_dir)
    click.echo(format_cost(measure(cfg.settings.detectors.surge, posts=posts)))
