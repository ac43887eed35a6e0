"""Benchmark: the dashboard under a flood of posts. ``python -m tui.bench --rate 5000 --seconds 10``.

A thread feeds synthetic posts through the pipeline (its stateful stage, or with ``--analyze`` the
whole pipeline including tokenization) at the given rate while the app runs headless at 160x48.
Reported: posts fed and the rate reached, repaints per second (coalescing), the event loop's lag
(how late a 20 ms timer fires: what a key press would wait) and the round trip of a key press.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import threading
import time
from datetime import datetime, timedelta, timezone

from textual import events

from monitor.config import load_config
from monitor.live import LiveMonitor
from monitor.models import Analysis, Post, Sentiment
from tui.app import WarRoomApp
from tui.main import responsive_threads

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=timezone(timedelta(hours=9)))
TEXTS = ("こはるモバイルつながらない、最悪", "ほしぞらバーガーのポテト最高", "みなもFCの試合今日だっけ")


def _posts(n: int, per_second_event: float) -> list[Post]:
    rng = random.Random(1)
    step = 1.0 / per_second_event
    return [
        Post(
            id=f"x:{i}",
            created_at=T0 + timedelta(seconds=i * step),
            text=rng.choice(TEXTS) + f" {i}",
            platform=rng.choice(("x", "instagram", "youtube")),
        )
        for i in range(n)
    ]


async def bench(rate: float, seconds: float, analyze: bool, config_dir: str) -> dict[str, float]:
    config = load_config(config_dir)
    live = LiveMonitor(config, sources=[])
    n = int(rate * seconds)
    posts = _posts(n, per_second_event=50.0)  # 50 posts per stream-second: a storm in event time
    work: list[Post | Analysis]
    if analyze:
        work = list(posts)
    else:
        sentiments = (Sentiment.NEG, Sentiment.NEU, Sentiment.POS)
        brands = [b.id for b in config.brands]
        work = [
            Analysis(p, p.text, (), (brands[i % len(brands)],), sentiments[i % 3], 0.0)
            for i, p in enumerate(posts)
        ]
    done = threading.Event()
    result: dict[str, float] = {}

    def feed() -> None:
        start = time.monotonic()
        for i, item in enumerate(work):
            if i % 100 == 0:
                delay = start + i / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            if isinstance(item, Analysis):  # the feeding thread is the only user of the pipeline
                live.pipeline.process_analysis(item)
            else:
                live.pipeline.process(item)
        result["feed_seconds"] = time.monotonic() - start
        done.set()

    app = WarRoomApp(live.state, controller=live, user="bench")
    lags: list[float] = []
    presses: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        before = app.refreshes
        started = time.monotonic()
        thread = threading.Thread(target=feed, name="feed")
        thread.start()
        while not done.is_set():
            t = time.monotonic()
            await asyncio.sleep(0.02)
            lags.append(time.monotonic() - t - 0.02)
            if len(lags) % 25 == 0:  # a key press: from the key event to its action having run
                t = time.monotonic()
                was = app.feed_filter.negative_only
                app.post_message(events.Key("n", "n"))
                while app.feed_filter.negative_only == was:
                    await asyncio.sleep(0.001)
                presses.append(time.monotonic() - t)
        elapsed = time.monotonic() - started
        await pilot.pause(0.5)
        thread.join()
        refreshes = app.refreshes - before
        shown = live.state.snapshot().posts
    lags.sort()
    return {
        "posts": float(shown),
        "target_rate": rate,
        "reached_rate": n / result["feed_seconds"],
        "seconds": elapsed,
        "repaints": float(refreshes),
        "repaints_per_second": refreshes / elapsed,
        "loop_lag_p50_ms": 1000 * statistics.median(lags),
        "loop_lag_p99_ms": 1000 * lags[int(0.99 * (len(lags) - 1))],
        "loop_lag_max_ms": 1000 * lags[-1],
        "key_press_median_ms": 1000 * statistics.median(presses) if presses else float("nan"),
        "key_press_max_ms": 1000 * max(presses) if presses else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=5000.0, help="posts per second to feed")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--analyze", action="store_true", help="run the whole pipeline (tokenizer too)")
    parser.add_argument("--config", default="config")
    parser.add_argument(
        "--switch-interval", type=float, default=0.001, help="GIL switch interval, as `monitor tui` sets it"
    )
    args = parser.parse_args()
    with responsive_threads(args.switch_interval):
        out = asyncio.run(bench(args.rate, args.seconds, args.analyze, args.config))
    mode = "whole pipeline" if args.analyze else "stateful stage"
    print(f"dashboard under load ({mode}, headless 160x48, refresh 4 Hz, switch {args.switch_interval}s):")
    for key, value in out.items():
        print(f"  {key:<22} {value:,.1f}")


if __name__ == "__main__":
    main()
