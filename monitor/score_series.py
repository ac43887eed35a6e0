"""Score a count series (``timestamp,value``) with the live surge detector.

The series is fed to the same ``SurgeDetector`` the pipeline runs, with the configured
``[detectors.surge]`` rules; only the bucket size is taken from the series' own step. Every
row gets an ``anomaly_score`` in [0, 1] that is >= 0.5 exactly on the rows where the live
detector would open a surge alert, and below 0.5 elsewhere, growing with how close the row came
to the rule.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import pairwise
from pathlib import Path
from statistics import median

from monitor.config import SurgeConfig
from monitor.detectors.series import Transition
from monitor.detectors.surge import SurgeDetector
from monitor.errors import MonitorError
from monitor.models import Kind

SERIES = "series"
_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


class SeriesError(MonitorError):
    """A count series that cannot be scored (no header, no usable row)."""


@dataclass(frozen=True, slots=True)
class Row:
    raw_time: str
    raw_value: str
    at: datetime | None
    value: float | None


@dataclass
class SeriesResult:
    """The scored rows and what was wrong with the input."""

    rows: list[tuple[str, str, float]]
    bad_rows: int
    alerts: int
    bucket_seconds: int


def parse_time(text: str, tz: tzinfo = UTC) -> datetime | None:
    """Parse a timestamp; naive ones are taken in ``tz``.

    >>> parse_time("2015-02-26 21:42:53").isoformat()
    '2015-02-26T21:42:53+00:00'
    >>> parse_time("yesterday") is None
    True
    """
    text = text.strip()
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        for fmt in _FORMATS:
            try:
                at = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return at if at.tzinfo else at.replace(tzinfo=tz)


def _value(text: str) -> float | None:
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) and x >= 0 else None


def read_series(path: Path, tz: tzinfo = UTC) -> list[Row]:
    """Rows of a ``timestamp,value`` CSV (unparseable cells become None, nothing is dropped)."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames is None or not {"timestamp", "value"} <= set(reader.fieldnames):
            raise SeriesError(f"{path}: expected a header with the columns timestamp,value")
        return [
            Row(
                r["timestamp"] or "",
                r["value"] or "",
                parse_time(r["timestamp"] or "", tz),
                _value(r["value"] or ""),
            )
            for r in reader
        ]


def infer_step(times: Iterable[datetime]) -> int:
    """The series' bucket size in seconds: the median positive gap between rows.

    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> infer_step([t, t + timedelta(minutes=5), t + timedelta(minutes=10), t + timedelta(minutes=20)])
    300
    """
    ordered = list(times)
    gaps = [(b - a).total_seconds() for a, b in pairwise(ordered) if b > a]
    if not gaps:
        raise SeriesError("need at least two rows with increasing timestamps")
    return int(min(max(median(gaps), 10), 3600))


def anomaly_score(transition: Transition, strength: float) -> float:
    """Map a bucket's outcome to [0, 1]: >= 0.5 exactly when a surge alert opens.

    >>> anomaly_score(Transition.OPENED, 1.0), anomaly_score(Transition.OPENED, 4.0)
    (0.5, 0.875)
    >>> anomaly_score(Transition.ONGOING, 3.0) < 0.5 <= anomaly_score(Transition.OPENED, 1.0)
    True
    """
    if transition is Transition.OPENED:
        return 0.5 + 0.5 * (1.0 - 1.0 / max(strength, 1.0))
    return 0.49 * min(max(strength, 0.0), 1.0)


def score_rows(rows: list[Row], config: SurgeConfig, tz: tzinfo = UTC) -> SeriesResult:
    """Run the surge detector over the rows in order, one bucket per row."""
    good = [r.at for r in rows if r.at is not None and r.value is not None]
    step = infer_step(good)
    cfg = config.model_copy(update={"bucket_seconds": step})
    det = SurgeDetector(cfg, [SERIES])
    brand = det.states[SERIES]
    out: list[tuple[str, str, float]] = []
    bad = alerts = 0
    newest: datetime | None = None
    for row in rows:
        if row.at is None or row.value is None or (newest is not None and row.at <= newest):
            bad += 1  # unreadable or out of order: kept in the output, never an alert
            out.append((row.raw_time, row.raw_value, 0.0))
            continue
        newest = row.at
        count = round(row.value)
        det.add_counts(SERIES, row.at, total=count, neg=count)
        score = 0.0
        for _ in _closed(det, row.at + timedelta(seconds=step), tz):
            ev = brand.last[Kind.NEGATIVE_SURGE]
            score = anomaly_score(ev.transition, ev.strength)
        alerts += score >= 0.5
        out.append((row.raw_time, row.raw_value, score))
    return SeriesResult(out, bad, alerts, step)


def _closed(det: SurgeDetector, watermark: datetime, tz: tzinfo) -> Iterator[None]:
    # Close buckets one at a time so that the last evaluation is the row's own bucket.
    target = int(watermark.timestamp()) // det.config.bucket_seconds
    while det.next_bucket is not None and det.next_bucket < target:
        det.advance(datetime.fromtimestamp((det.next_bucket + 1) * det.config.bucket_seconds, tz), tz)
        yield None


def write_scores(path: Path, result: SeriesResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["timestamp", "value", "anomaly_score"])
        for t, v, s in result.rows:
            w.writerow([t, v, f"{s:.6f}"])


def score_file(src: Path, dest: Path, config: SurgeConfig, tz: tzinfo = UTC) -> SeriesResult:
    """Score one CSV file into another."""
    result = score_rows(read_series(src, tz), config, tz)
    write_scores(dest, result)
    return result
