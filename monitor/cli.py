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
    except SourceError as exc:
        _fail(str(exc), 1)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.group("eval")
def eval_group() -> None:
    """Evaluation commands: measure detectors on labeled data."""


@eval_group.command("rumor")
@config_option
@click.option(
    "--set",
    "sets",
    type=click.Choice(["tune", "holdout"]),
    multiple=True,
    help="Template set(s) to generate (default: both). Ignored with --posts.",
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


@eval_group.command("rumor-cost")
@click.option("--hours", type=click.FloatRange(0.1, 24 * 30), default=48.0, show_default=True)
@click.option(
    "--rate", type=click.FloatRange(1, 100_000), default=200.0, show_default=True, help="Posts/min."
)
@click.option("--checkpoint", type=click.FloatRange(0.1, 240), default=6.0, show_default=True, help="Hours.")
@config_option
def eval_rumor_cost(hours: float, rate: float, checkpoint: float, config_dir: Path | None) -> None:
    """Rumor tracker cost per post with many live clusters, and memory over a long stream."""
    from monitor.rumor_bench import bench_both, format_checkpoints

    cfg = load_or_exit(config_dir)
    points = bench_both(
        hours=hours, posts_per_minute=rate, checkpoint_hours=checkpoint, config=cfg.settings.detectors.rumor
    )
    click.echo(format_checkpoints(points))


if __name__ == "__main__":  # pragma: no cover
    main()
