"""Full-pipeline surge benchmark: false surges on normal traffic, delay on injected storms.

Normal traffic is the generator's multi-day ``background`` (three brands, diurnal, a normal
complaint rate). Each run goes through the whole pipeline (analysis, surge detection,
incidents), so the figures include the sentiment analyzer's mistakes.

* False surges: surge incidents opened per brand per week of background traffic.
* Delay: an outage storm is injected for one brand at a time; its rate ramps so that the
  brand's complaints reach ten times their normal rate at the ``tenfold`` time; the delay is
  from there to the ``opened`` event of a negative surge for that brand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.config import Config
from monitor.demo.generate import DEMO_START, Scenario, demo_brands, generate
from monitor.models import EventType, Kind, Sentiment
from monitor.pipeline import Pipeline
from monitor.streams.decode import decode_post

# A tenfold rise of almost nothing is not a storm: the normal rate is taken as at least this.
MIN_NORMAL_NEG_PER_MIN = 0.1


@dataclass
class StormResult:
    brand: str
    at_hour: float
    normal_neg_per_min: float
    tenfold_at: datetime
    opened_at: datetime | None
    storm_neg_per_min: float = 0.0

    @property
    def delay_minutes(self) -> float | None:
        if self.opened_at is None:
            return None
        return (self.opened_at - self.tenfold_at).total_seconds() / 60


@dataclass
class BenchReport:
    days: float
    false_surges: Counter[str] = field(default_factory=Counter)
    storms: list[StormResult] = field(default_factory=list)
    brands: int = 0

    def false_per_brand_week(self) -> float:
        return sum(self.false_surges.values()) / max(self.brands, 1) / (self.days / 7)


Opened = list[tuple[str, str, datetime]]


def _run(
    config: Config, posts: Iterable[dict[str, object]], watch: tuple[str, datetime, datetime] | None = None
) -> tuple[Pipeline, Opened, int]:
    """Run the pipeline; also count negative posts of brand ``watch[0]`` in [watch[1], watch[2])."""
    pipe = Pipeline(config)
    opened: Opened = []
    watched = 0
    for raw in posts:
        post = decode_post(raw)
        analysis = pipe.analyzer.analyze(post)
        if watch is not None and watch[1] <= post.created_at < watch[2]:
            watched += watch[0] in analysis.brands and analysis.sentiment is Sentiment.NEG
        for ev in pipe.process_analysis(analysis):
            if ev.event is EventType.OPENED:
                opened.append((str(ev.incident["kind"]), str(ev.incident["brand"]), ev.at))
    for ev in pipe.flush():
        if ev.event is EventType.OPENED:
            opened.append((str(ev.incident["kind"]), str(ev.incident["brand"]), ev.at))
    return pipe, opened, watched


def false_surges(config: Config, *, days: float, seed: int) -> tuple[Counter[str], Pipeline]:
    """Surge incidents opened on ``days`` of background traffic, per brand and kind."""
    start = datetime.fromisoformat(DEMO_START)
    posts = generate(
        start=start,
        hours=days * 24,
        seed=seed,
        brands=demo_brands(),
        scenarios=[],
        base_rate_per_min=1.0,
        diurnal=True,
    )
    pipe, opened, _ = _run(config, posts)
    surges = {str(Kind.NEGATIVE_SURGE), str(Kind.POSITIVE_SURGE)}
    return Counter(f"{brand}/{kind}" for kind, brand, _ in opened if kind in surges), pipe


def _neg_rate(
    config: Config, posts: list[dict[str, object]], brand: str, lo: datetime, hi: datetime
) -> float:
    _, _, n = _run(config, posts, (brand, lo, hi))
    return n / ((hi - lo).total_seconds() / 60)


def storm_delay(
    config: Config,
    *,
    brand: str,
    warm_days: float,
    at_hour: float,
    seed: int,
    rise: float = 10.0,
    visible: bool = False,
) -> StormResult:
    """Inject one outage storm after ``warm_days`` of background at local hour ``at_hour``.

    The storm adds ``rise - 1`` times the brand's normal complaint rate in complaint posts. With
    ``visible`` the rate is scaled (from a first run) so that the complaints the analyzer marks
    negative rise tenfold: the surge detector's own delay, apart from the analyzer's recall.
    """
    start = datetime.fromisoformat(DEMO_START)
    day0 = start.replace(hour=0, minute=0) + timedelta(days=int(warm_days) + 1)
    storm_at = day0 + timedelta(hours=at_hour)
    minutes = (storm_at - start).total_seconds() / 60
    hours = minutes / 60 + 2

    def posts(scenarios: list[Scenario]) -> list[dict[str, object]]:
        return generate(
            start=start,
            hours=hours,
            seed=seed,
            brands=demo_brands(),
            scenarios=scenarios,
            base_rate_per_min=1.0,
            diurnal=True,
        )

    # The normal complaint rate: the analyzer's negative posts of the brand in the 3 hours before.
    before = (brand, storm_at - timedelta(hours=3), storm_at)
    normal = max(_run(config, posts([]), before)[2] / 180, MIN_NORMAL_NEG_PER_MIN)
    ramp = 1.0
    tenfold = storm_at + timedelta(minutes=ramp)
    during = (brand, tenfold, tenfold + timedelta(minutes=10))

    def run(peak: float) -> tuple[Opened, float]:
        storm = Scenario(
            kind="outage",
            brand=brand,
            start_min=minutes,
            duration_min=60,
            peak_per_min=peak,
            ramp_min=ramp,
            hold_min=40,
        )
        _, opened, seen = _run(config, posts([storm]), during)
        return opened, seen / 10

    # Complaints are `rise` times normal once the storm adds (rise - 1) x normal per minute.
    peak = (rise - 1) * normal
    opened, storm_rate = run(peak)
    if visible:
        negative_share = max((storm_rate - normal) / peak, 0.05)
        opened, storm_rate = run(peak / negative_share)
    hits = [
        at for kind, b, at in opened if b == brand and kind == str(Kind.NEGATIVE_SURGE) and at >= storm_at
    ]
    return StormResult(brand, at_hour, normal, tenfold, min(hits) if hits else None, storm_rate)


def run_bench(
    config: Config, *, days: float, seeds: Iterable[int], hours: Iterable[float], visible: bool = False
) -> BenchReport:
    report = BenchReport(days=0.0, brands=len(demo_brands()))
    for seed in seeds:
        counts, _ = false_surges(config, days=days, seed=seed)
        report.false_surges.update(counts)
        report.days += days
        for spec in demo_brands():
            for hour in hours:
                report.storms.append(
                    storm_delay(config, brand=spec.id, warm_days=2, at_hour=hour, seed=seed, visible=visible)
                )
    return report


def format_report(report: BenchReport) -> str:
    lines = [
        f"background: {report.days:g} days x {report.brands} brands; surge incidents opened: "
        f"{sum(report.false_surges.values())} ({dict(sorted(report.false_surges.items()))})",
        f"false surges per brand per week: {report.false_per_brand_week():.2f}",
        "storms (complaints x10): brand, local hour, normal neg/min, neg/min in storm, delay (min)",
    ]
    delays = []
    for s in report.storms:
        d = s.delay_minutes
        delays.append(d)
        shown = "missed" if d is None else f"{d:.1f}"
        lines.append(
            f"  {s.brand:18} {s.at_hour:5.1f} {s.normal_neg_per_min:6.2f} {s.storm_neg_per_min:6.2f}  {shown}"
        )
    found = [d for d in delays if d is not None]
    if found:
        within = sum(1 for d in found if d <= 5)
        lines.append(
            f"detected {len(found)}/{len(delays)}, {within} within 5 min; delay max {max(found):.1f} min, "
            f"mean {sum(found) / len(found):.1f} min"
        )
    return "\n".join(lines)
