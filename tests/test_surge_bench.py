"""The surge benchmarks' plumbing: an injected storm is found in the full pipeline; NAB files."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.bench.nab import score_folder
from monitor.bench.storms import BenchReport, format_report, storm_delay
from monitor.config import Config, SurgeConfig


def test_injected_storm_opens_a_negative_surge_soon(config: Config) -> None:
    result = storm_delay(config, brand="koharu-mobile", warm_days=0, at_hour=12.5, seed=2)
    assert result.delay_minutes is not None and 0 <= result.delay_minutes <= 10
    assert result.storm_neg_per_min >= 5 * result.normal_neg_per_min
    text = format_report(BenchReport(days=7, brands=3, storms=[result]))
    assert "koharu-mobile" in text and "detected 1/1" in text and "within 5 min" in text


def test_score_folder_writes_one_scored_file_per_series(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cat").mkdir(parents=True)
    t0 = datetime(2015, 3, 1, tzinfo=UTC)
    for name in ("a.csv", "b.csv"):
        with (data / "cat" / name).open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["timestamp", "value"])
            for i in range(600):
                value = 200 if i == 500 else 5 + i % 3
                w.writerow([(t0 + timedelta(minutes=5 * i)).strftime("%Y-%m-%d %H:%M:%S"), value])
    windows = data / "windows.json"
    windows.write_text(json.dumps({"cat/a.csv": [], "cat/b.csv": []}))
    done = score_folder(data, windows, tmp_path / "out", SurgeConfig())
    assert [d.key for d in done] == ["cat/a.csv", "cat/b.csv"]
    with (tmp_path / "out" / "a.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 600
    assert [i for i, r in enumerate(rows) if float(r["anomaly_score"]) >= 0.5] == [500]
