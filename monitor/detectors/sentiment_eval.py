"""Measuring the sentiment model: accuracy, macro-F1, NEG precision/recall/F1 and texts per second.

Input lines are ``{"text": ..., "label": "neg"|"neu"|"pos"}``; a broken line is counted, reported
with its number and skipped. Speed is texts per CPU-second of this single-threaded process (what
one core does, however busy the machine), tokenization included, with no per-text cache.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fugashi

from monitor.detectors.analyzer import Analyzer
from monitor.detectors.normalize import normalize
from monitor.detectors.sentiment_model import OnlineSentiment
from monitor.detectors.tokenize import lemmas
from monitor.models import Post, Sentiment

LABELS = (Sentiment.NEG, Sentiment.NEU, Sentiment.POS)


@dataclass
class Labelled:
    """Texts with gold labels, and the lines that could not be read."""

    texts: list[str] = field(default_factory=list)
    labels: list[Sentiment] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_labelled(path: Path) -> Labelled:
    """Read ``{"text", "label"}`` JSONL; bad lines are kept as (line number, reason)."""
    out = Labelled()
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text, label = obj["text"], obj["label"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
                out.labels.append(Sentiment(label))
                out.texts.append(text)
            except (ValueError, KeyError, TypeError) as exc:
                out.errors.append((number, f"{type(exc).__name__}: {exc}"))
    return out


def read_texts(path: Path) -> list[str]:
    """The ``text`` of every JSON line that has one (posts or labelled lines alike)."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                texts.append(obj["text"])
    return texts


def pin_one_core() -> int | None:
    """Pin this process to one CPU (the lowest it may use); the CPU, or None where unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


@dataclass(frozen=True, slots=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run."""

    n: int
    confusion: dict[tuple[str, str], int]
    per_class: dict[str, ClassScores]
    seconds: float
    skipped: int = 0
    learned: int = 0

    @property
    def accuracy(self) -> float:
        return sum(self.confusion.get((c, c), 0) for c in map(str, LABELS)) / self.n if self.n else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.per_class.values()) / len(self.per_class)

    @property
    def texts_per_second(self) -> float:
        return self.n / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        neg = self.per_class["neg"]
        return {
            "n": self.n,
            "skipped": self.skipped,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "neg_precision": round(neg.precision, 4),
            "neg_recall": round(neg.recall, 4),
            "neg_f1": round(neg.f1, 4),
            "per_class": {
                k: {"p": round(v.precision, 4), "r": round(v.recall, 4), "f1": round(v.f1, 4)}
                for k, v in self.per_class.items()
            },
            "confusion": {f"{g}->{p}": c for (g, p), c in sorted(self.confusion.items())},
            "texts_per_second": round(self.texts_per_second),
            "learned": self.learned,
        }

    def format(self) -> str:
        neg = self.per_class["neg"]
        lines = [
            f"texts: {self.n} ({self.skipped} skipped)",
            f"accuracy: {self.accuracy:.3f}",
            f"macro-F1: {self.macro_f1:.3f}",
            f"NEG precision: {neg.precision:.3f}  recall: {neg.recall:.3f}  F1: {neg.f1:.3f}",
        ]
        for name, s in self.per_class.items():
            lines.append(f"  {name}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} (n={s.support})")
        lines.append(
            "  confusion (gold -> predicted): "
            + ", ".join(f"{g}->{p} {c}" for (g, p), c in sorted(self.confusion.items()))
        )
        lines.append(
            f"speed: {self.texts_per_second:,.0f} texts/s on one core (per CPU-second, tokenization included)"
        )
        if self.learned:
            lines.append(f"learned online from {self.learned} self-labelled texts (prequential)")
        return "\n".join(lines)


def scores(
    gold: Sequence[Sentiment], predicted: Sequence[Sentiment]
) -> tuple[dict[tuple[str, str], int], dict[str, ClassScores]]:
    """Confusion counts and per-class precision, recall and F1.

    >>> N, U, P = Sentiment.NEG, Sentiment.NEU, Sentiment.POS
    >>> _, per = scores([N, N, U, P], [N, U, U, P])
    >>> per["neg"].precision, per["neg"].recall, round(per["neg"].f1, 3)
    (1.0, 0.5, 0.667)
    """
    confusion = Counter((str(g), str(p)) for g, p in zip(gold, predicted, strict=True))
    per: dict[str, ClassScores] = {}
    for c in map(str, LABELS):
        tp = confusion[(c, c)]
        fp = sum(v for (g, p), v in confusion.items() if p == c and g != c)
        fn = sum(v for (g, p), v in confusion.items() if g == c and p != c)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per[c] = ClassScores(precision, recall, f1, tp + fn)
    return dict(confusion), per


def evaluate(model: OnlineSentiment, data: Labelled, *, learn: bool = False) -> EvalReport:
    """Label every text and score the labels; with ``learn``, the model learns from each text's
    own stream label after predicting it (prequential, never from the gold label).
    """
    predicted: list[Sentiment] = []
    learned = 0
    start = time.process_time()
    for text in data.texts:
        norm = normalize(text)
        tokens = lemmas(norm)
        predicted.append(model.predict(model.read(norm, tokens)).label)
        if learn and model.learn_stream(norm, tokens):
            learned += 1
    seconds = time.process_time() - start
    confusion, per = scores(data.labels, predicted)
    return EvalReport(len(data.texts), confusion, per, seconds, len(data.errors), learned)


@dataclass(frozen=True, slots=True)
class BenchReport:
    """Throughput of the per-post analysis: per CPU-second of this single-threaded process (what
    one core does, whatever else shares the machine) and per wall-clock second."""

    texts: int
    passes: int
    cpu_seconds: float
    wall_seconds: float
    cpu: int | None
    baseline_seconds: float = 0.0  # fugashi alone, node by node (word.feature.lemma), same texts

    @property
    def per_second(self) -> float:
        return self.texts / self.cpu_seconds if self.cpu_seconds > 0 else 0.0

    @property
    def per_wall_second(self) -> float:
        return self.texts / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def format(self) -> str:
        where = f"pinned to cpu {self.cpu}" if self.cpu is not None else "one thread"
        out = (
            f"analysis + sentiment (normalize, tokenize, brands, sentiment, cues, claims): "
            f"{self.per_second:,.0f} posts/s on one core ({where}; per CPU-second, "
            f"{self.per_wall_second:,.0f} per wall-clock second); "
            f"{self.texts} distinct texts, best of {self.passes} passes"
        )
        if self.baseline_seconds > 0:
            base = self.texts / self.baseline_seconds
            out += (
                f"\nbaseline, fugashi tokenization alone (for word in tagger(text): word.feature.lemma): "
                f"{base:,.0f} texts/s on the same core; analysis + sentiment runs at "
                f"{self.per_second / base:.2f}x that"
            )
        return out


def to_posts(texts: Iterable[str]) -> list[Post]:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return [Post(id=f"bench:{i}", created_at=at, text=t) for i, t in enumerate(texts)]


def bench(
    analyzer: Analyzer,
    posts: Sequence[Post],
    *,
    passes: int = 3,
    cpu: int | None = None,
    baseline: bool = False,
) -> BenchReport:
    """Time ``Analyzer.analyze`` over the posts: the best of ``passes`` timed passes.

    First the model learns from the posts' own stream labels, as it would in a live stream, so
    scoring pays for the online model too; no text is cached between passes. With ``baseline``,
    plain fugashi tokenization of the same texts is timed too, as a yardstick for this machine.
    """
    for post in posts:
        analyzer.learn_stream(analyzer.analyze(post))
    tagger = fugashi.Tagger() if baseline else None
    texts = [p.text for p in posts]
    best_cpu = best_wall = base = float("inf")
    for _ in range(passes):  # alternating, so that both see the same load on the machine
        wall, proc = time.perf_counter(), time.process_time()
        for post in posts:
            analyzer.analyze(post)
        best_cpu = min(best_cpu, time.process_time() - proc)
        best_wall = min(best_wall, time.perf_counter() - wall)
        if tagger is not None:
            proc = time.process_time()
            for text in texts:
                [word.feature.lemma for word in tagger(text)]
            base = min(base, time.process_time() - proc)
    return BenchReport(len(posts), passes, best_cpu, best_wall, cpu, base if baseline else 0.0)
