"""One contract for every stateful detector, as river checks every estimator: a detector never
changes what it is given, gives the same signals for the same stream, and can be pickled in the
middle of a stream and carry on exactly as the original would (a checkpoint, a hand-over).

The stream is 30 hours of generated traffic for the demo brands with an outage storm, a false
rumor and a positive surge after the first day, so that every rule (including topic bursts, which
wait for a day of posts) gets to fire.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from monitor.config import Config
from monitor.demo.generate import DEMO_START, Scenario, demo_brands, generate
from monitor.detectors.analyzer import Analyzer
from monitor.detectors.rumor import RumorTracker
from monitor.detectors.surge import SurgeDetector
from monitor.models import Analysis
from monitor.pipeline import Pipeline
from monitor.streams.decode import decode_post

DAY = 24 * 60


@pytest.fixture(scope="module")
def stream(config: Config) -> list[Analysis]:
    scenarios = [
        Scenario(kind=kind, brand=brand, start_min=DAY + start, duration_min=50, peak_per_min=peak)
        for kind, brand, start, peak in (
            ("outage", "koharu-mobile", 180, 6),
            ("rumor", "hoshizora-burger", 300, 3),
            ("positive", "minamo-fc", 420, 5),
        )
    ]
    raw = generate(
        start=datetime.fromisoformat(DEMO_START),
        hours=30,
        seed=11,
        brands=demo_brands(),
        scenarios=scenarios,
        base_rate_per_min=0.5,
        diurnal=True,
    )
    analyzer = Analyzer(config)
    return [analyzer.analyze(decode_post(r)) for r in raw]


@dataclass
class Driver:
    """How to feed one detector an analysis and what comes out (its signals or events)."""

    make: Callable[[Config], Any]
    feed: Callable[[Any, Analysis], list[Any]]


def _surge_feed(det: SurgeDetector, a: Analysis) -> list[Any]:
    det.add(a)
    return det.advance(a.post.created_at - timedelta(seconds=30), a.post.created_at.tzinfo)  # type: ignore[arg-type]


def _rumor_feed(det: RumorTracker, a: Analysis) -> list[Any]:
    return [*det.add(a), *det.advance(a.post.created_at)]


def _pipeline_feed(pipe: Pipeline, a: Analysis) -> list[Any]:
    return [(e.event, e.at, e.incident) for e in pipe.process_analysis(a)]


DRIVERS = {
    "surge": Driver(
        lambda c: SurgeDetector(c.settings.detectors.surge, [b.id for b in c.brands]), _surge_feed
    ),
    "rumor": Driver(
        lambda c: RumorTracker(c.settings.detectors.rumor, brands=c.brands, claims=c.claims), _rumor_feed
    ),
    "pipeline": Driver(Pipeline, _pipeline_feed),
}


def _run(driver: Driver, det: Any, analyses: Sequence[Analysis]) -> list[Any]:
    out: list[Any] = []
    for a in analyses:
        out.extend(driver.feed(det, a))
    return out


@pytest.mark.parametrize("name", DRIVERS)
def test_input_is_never_changed(name: str, config: Config, stream: list[Analysis]) -> None:
    before = copy.deepcopy(stream)
    _run(DRIVERS[name], DRIVERS[name].make(config), stream)
    assert stream == before


@pytest.mark.parametrize("name", DRIVERS)
def test_same_stream_same_signals(name: str, config: Config, stream: list[Analysis]) -> None:
    driver = DRIVERS[name]
    first = _run(driver, driver.make(config), stream)
    assert first, "the stream makes every detector say something"
    assert _run(driver, driver.make(config), stream) == first


@pytest.mark.parametrize("name", DRIVERS)
def test_pickled_mid_stream_it_carries_on_as_the_original(
    name: str, config: Config, stream: list[Analysis]
) -> None:
    driver = DRIVERS[name]
    det = driver.make(config)
    cut = len(stream) * 9 // 10  # after the first day: topic counts, clusters and incidents live
    _run(driver, det, stream[:cut])
    clone = pickle.loads(pickle.dumps(det))
    rest = stream[cut:]
    assert _run(driver, clone, rest) == _run(driver, det, rest)


def test_the_stream_exercises_topic_bursts_and_rumors(config: Config, stream: list[Analysis]) -> None:
    events = _run(DRIVERS["pipeline"], Pipeline(config), stream)
    kinds = {inc["kind"] for _, _, inc in events}
    assert {"negative_surge", "rumor", "positive_surge"} <= kinds
    surge = next(inc for _, _, inc in events if inc["kind"] == "negative_surge")
    assert "topic" in surge["metrics"], "the outage's words burst as it opens"
