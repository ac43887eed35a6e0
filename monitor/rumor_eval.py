"""Evaluate rumor detection on labeled scenarios: detection, delay, claim links and false alerts.

A rumor incident belongs to the rumor most of its evidence posts belong to; one whose evidence
belongs to no rumor is a false alert. A rumor counts as caught in time when an incident for it
opened within ``--deadline`` stream-minutes of its first post (the target: every rumor that
reaches 20 spreading posts); the delay from the moment it reached 20 spreading posts is shown
too (negative: opened before). A new rumor whose first incident carries a claim id is a false claim
link; a rumor that opened no incident of its own while its posts were evidence of another rumor
incident is counted as shown in that one (folded into it).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from monitor.config import Config
from monitor.demo import rumor_set
from monitor.demo.rumor_scenarios import Labeled, RumorTruth, Scenario, TemplateSet, generate
from monitor.models import EventType, Kind
from monitor.pipeline import Pipeline
from monitor.streams.decode import decode_post

TARGET_SPREADING = 20


@dataclass
class Opened:
    """A rumor incident as it opened, and the scenario it belongs to."""

    incident_id: str
    brand: str
    at: datetime
    claim_id: str | None
    scenario: str


@dataclass
class RumorResult:
    truth: RumorTruth
    opened: Opened | None
    duplicates: int
    folded_into: str = ""  # not opened on its own: its posts are evidence of this other incident
    claim_ids: frozenset[str | None] = frozenset()  # of every incident opened for it

    @property
    def delay_minutes(self) -> float | None:
        if self.opened is None:
            return None
        return (self.opened.at - self.truth.first_at).total_seconds() / 60


@dataclass
class EvalReport:
    name: str
    posts: int
    days: float
    brands: list[str]
    results: list[RumorResult]
    false_alerts: list[Opened]
    deadline_minutes: float
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def target_results(self) -> list[RumorResult]:
        return [r for r in self.results if r.truth.reached(TARGET_SPREADING) is not None]

    def false_per_brand_day(self) -> Counter[tuple[str, str]]:
        return Counter((o.brand, o.at.date().isoformat()) for o in self.false_alerts)

    def summary(self) -> dict[str, Any]:
        targets = self.target_results()
        in_time = [
            r for r in targets if r.delay_minutes is not None and r.delay_minutes <= self.deadline_minutes
        ]
        delays = [r.delay_minutes for r in targets if r.delay_minutes is not None]
        after20 = [
            (r.opened.at - t20).total_seconds() / 60
            for r in targets
            if r.opened is not None and (t20 := r.truth.reached(TARGET_SPREADING)) is not None
        ]
        known = [r for r in targets if r.truth.claim_id]
        linked = [r for r in known if r.opened is not None and r.opened.claim_id == r.truth.claim_id]
        later = [r for r in known if r not in linked and r.truth.claim_id in r.claim_ids]
        small = [r for r in self.results if r.truth.reached(TARGET_SPREADING) is None]
        per_day = self.false_per_brand_day()
        return {
            "set": self.name,
            "posts": self.posts,
            "days": self.days,
            "brands": len(self.brands),
            "rumors_reaching_20": len(targets),
            "detected": sum(1 for r in targets if r.opened is not None),
            "detected_in_time": len(in_time),
            "missed_but_shown_in_another_incident": sum(1 for r in targets if r.folded_into),
            "delay_from_first_post_min": _stats(delays),
            "delay_from_20th_spreading_min": _stats(after20),
            "known_claims": len(known),
            "known_linked": len(linked),
            "known_linked_later": len(later),
            "new_rumors_with_claim_id_null": sum(
                1
                for r in targets
                if not r.truth.claim_id and r.opened is not None and r.opened.claim_id is None
            ),
            "new_rumors_linked_to_a_claim": sum(
                1
                for r in self.results
                if not r.truth.claim_id and r.opened is not None and r.opened.claim_id is not None
            ),
            "small_rumors": len(small),
            "small_detected": sum(1 for r in small if r.opened is not None),
            "duplicate_incidents": sum(r.duplicates for r in self.results),
            "false_alerts": len(self.false_alerts),
            "false_alerts_by_kind": dict(Counter(_kind(o.scenario) for o in self.false_alerts)),
            "max_false_per_brand_day": max(per_day.values(), default=0),
            "brand_days_over_one": sum(1 for v in per_day.values() if v > 1),
            **self.extra,
        }


def _kind(scenario: str) -> str:
    return scenario.split(":")[1] if scenario.startswith("negative:") else (scenario or "background")


def _stats(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return {
        "median": round(statistics.median(ordered), 2),
        "p90": round(p90, 2),
        "max": round(ordered[-1], 2),
    }


def scenario_config(base: Config, tset: TemplateSet) -> Config:
    """The user's settings with the template set's brands and claims."""
    return base.model_copy(update={"brands": tset.brand_configs(), "claims": tset.claim_configs()})


def evaluate(
    config: Config,
    posts: Sequence[Labeled],
    truths: Sequence[RumorTruth],
    *,
    name: str,
    days: float,
    deadline_minutes: float = 10.0,
) -> EvalReport:
    """Run the pipeline over labeled posts and score its rumor incidents against the truths."""
    import time

    label = {lab.post.id: lab for lab in posts}
    pipeline = Pipeline(config)
    opened: list[Opened] = []
    start = time.perf_counter()
    events = []
    for lab in posts:
        events.extend(pipeline.process(lab.post))
    events.extend(pipeline.flush())
    seconds = time.perf_counter() - start
    shown_in: dict[str, str] = {}  # scenario -> a rumor incident that showed its posts as evidence
    for ev in events:
        inc = ev.incident
        if inc["kind"] == str(Kind.RUMOR):
            for e in inc["evidence"]:
                if e["id"] in label:
                    shown_in.setdefault(label[e["id"]].scenario, inc["id"])
        if ev.event is not EventType.OPENED or inc["kind"] != str(Kind.RUMOR):
            continue
        votes = Counter(label[e["id"]].scenario for e in inc["evidence"] if e["id"] in label)
        rumor_votes = Counter({s: n for s, n in votes.items() if s.startswith("rumor:")})
        scenario = (rumor_votes or votes or Counter({"": 1})).most_common(1)[0][0]
        opened.append(Opened(inc["id"], inc["brand"], ev.at, inc["claim_id"], scenario))
    by_scenario: dict[str, list[Opened]] = defaultdict(list)
    false_alerts: list[Opened] = []
    for o in opened:
        if o.scenario.startswith("rumor:"):
            by_scenario[o.scenario].append(o)
        else:
            false_alerts.append(o)
    results = []
    for truth in truths:
        found = sorted(by_scenario.get(truth.scenario, []), key=lambda o: o.at)
        folded = "" if found else shown_in.get(truth.scenario, "")
        results.append(
            RumorResult(
                truth,
                found[0] if found else None,
                max(0, len(found) - 1),
                folded,
                frozenset(o.claim_id for o in found),
            )
        )
    brands = sorted({lab.brand for lab in posts if lab.brand})
    return EvalReport(name, len(posts), days, brands, results, false_alerts, deadline_minutes, seconds)


def evaluate_generated(
    base: Config,
    tset: TemplateSet,
    *,
    days: int,
    seed: int,
    deadline_minutes: float = 10.0,
    background_per_day: int = 600,
    rumors_per_day: int = 2,
) -> tuple[EvalReport, Scenario]:
    scenario = generate(
        tset,
        days=days,
        seed=seed,
        background_per_day=background_per_day,
        rumors_per_day=rumors_per_day,
        small_rumors_per_day=min(1, rumors_per_day),
    )
    cfg = scenario_config(base, tset)
    report = evaluate(
        cfg, scenario.posts, scenario.rumors, name=tset.name, days=days, deadline_minutes=deadline_minutes
    )
    return report, scenario


def read_labeled(path: Path) -> tuple[list[Labeled], list[RumorTruth]]:
    """Labeled posts from JSONL (the ``--write`` format: Post fields plus scenario, role, brand,
    claim_id), and the rumors they describe."""
    posts: list[Labeled] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            obj = json.loads(line)
            posts.append(
                Labeled(
                    decode_post(obj),
                    str(obj.get("scenario") or ""),
                    str(obj.get("role") or "background"),
                    str(obj.get("brand") or ""),
                    obj.get("claim_id") or None,
                )
            )
    posts.sort(key=lambda lab: (lab.post.created_at, lab.post.id))
    return posts, truths_of(posts)


def truths_of(posts: Iterable[Labeled]) -> list[RumorTruth]:
    truths: dict[str, RumorTruth] = {}
    for lab in posts:
        if not lab.scenario.startswith("rumor:"):
            continue
        t = truths.get(lab.scenario)
        if t is None:
            t = truths[lab.scenario] = RumorTruth(lab.scenario, lab.brand, lab.claim_id, lab.post.created_at)
        t.first_at = min(t.first_at, lab.post.created_at)
        t.claim_id = t.claim_id or lab.claim_id
        if lab.role == "spreading":
            t.spreading_at.append(lab.post.created_at)
    return list(truths.values())


def format_report(report: EvalReport, *, verbose: bool = False) -> str:
    s = report.summary()
    lines = [
        f"== rumor evaluation: {s['set']} ({s['posts']} posts, {s['brands']} brands, {s['days']} days,"
        f" {report.seconds:.1f} s) ==",
        f"rumors reaching {TARGET_SPREADING} spreading posts: {s['rumors_reaching_20']}",
        f"  detected: {s['detected']}, within {report.deadline_minutes:g} min of first post: "
        f"{s['detected_in_time']}",
        f"  not opened on their own but shown as evidence of another rumor incident: "
        f"{s['missed_but_shown_in_another_incident']}",
        f"  delay from first post (min): {s['delay_from_first_post_min']}",
        f"  delay from 20th spreading post (min, negative = before): {s['delay_from_20th_spreading_min']}",
        f"  known claims linked to their claim id: {s['known_linked']}/{s['known_claims']}"
        f" (and {s['known_linked_later']} more by a later incident of the rumor)",
        f"  new rumors opened with claim_id null: {s['new_rumors_with_claim_id_null']}",
        f"new rumors (any size) opened with a claim id (false links): {s['new_rumors_linked_to_a_claim']}",
        f"smaller rumors (never 20 spreading): {s['small_rumors']}, detected: {s['small_detected']}",
        f"duplicate incidents for one rumor: {s['duplicate_incidents']}",
        f"false rumor incidents: {s['false_alerts']} {s['false_alerts_by_kind']}",
        f"  max per brand per day: {s['max_false_per_brand_day']} "
        f"(brand-days over one: {s['brand_days_over_one']})",
    ]
    if verbose:
        for r in report.results:
            d = r.delay_minutes
            lines.append(
                f"  {r.truth.scenario:32} claim={r.truth.claim_id or '-':24} "
                f"spreading={len(r.truth.spreading_at):4} delay={'-' if d is None else f'{d:.1f}'}"
                + (f" shown in {r.folded_into}" if r.folded_into else "")
            )
        for o in report.false_alerts:
            lines.append(f"  FALSE {o.incident_id} {o.scenario}")
    return "\n".join(lines)


def run_eval(
    base: Config,
    sets: Sequence[str],
    days: int,
    seed: int,
    posts_file: Path | None,
    write_dir: Path | None,
    deadline: float,
    as_json: bool,
    verbose: bool,
    *,
    background_per_day: int = 600,
    rumors_per_day: int = 2,
) -> str:
    """The ``monitor eval rumor`` command: generate (or read), evaluate, format."""
    reports: list[EvalReport] = []
    if posts_file is not None:
        posts, truths = read_labeled(posts_file)
        span = (posts[-1].post.created_at - posts[0].post.created_at).total_seconds() / 86400 if posts else 0
        reports.append(
            evaluate(
                base, posts, truths, name=str(posts_file), days=round(span, 2), deadline_minutes=deadline
            )
        )
    else:
        for name in sets or ("tune", "holdout", "blind"):
            report, scenario = evaluate_generated(
                base,
                rumor_set(name),
                days=days,
                seed=seed,
                deadline_minutes=deadline,
                background_per_day=background_per_day,
                rumors_per_day=rumors_per_day,
            )
            reports.append(report)
            if write_dir is not None:
                write_dir.mkdir(parents=True, exist_ok=True)
                with (write_dir / f"rumor-{name}-seed{seed}.jsonl").open("w", encoding="utf-8") as fh:
                    for lab in scenario.posts:
                        fh.write(json.dumps(lab.to_json(), ensure_ascii=False) + "\n")
    if as_json:
        return json.dumps([r.summary() for r in reports], ensure_ascii=False, indent=2)
    return "\n".join(format_report(r, verbose=verbose) for r in reports)
