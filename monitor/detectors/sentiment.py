"""Lexicon sentiment scorer: phrase weights with negation, squashed to a score in [-1, 1]."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from monitor.detectors.lexicon import NEGATIVE, NEGATORS, POSITIVE
from monitor.models import Sentiment

_NEGATABLE_STEMS = {
    "良い": "良く",
    "よい": "よく",
    "いい": "よく",
    "悪い": "悪く",
    "高い": "高く",
    "安い": "安く",
    "遅い": "遅く",
    "楽しい": "楽しく",
    "嬉しい": "嬉しく",
    "美味しい": "美味しく",
    "おいしい": "おいしく",
    "うまい": "うまく",
}


@dataclass(frozen=True, slots=True)
class SentimentResult:
    """A polarity label with its score in [-1, 1]."""

    label: Sentiment
    score: float


class LexiconSentiment:
    """Score normalized text with the project lexicon; scoring is kept apart from labelling.

    >>> s = LexiconSentiment()
    >>> s.predict_one("電波が最悪、全然つながらない").label
    <Sentiment.NEG: 'neg'>
    >>> s.predict_one("新作めっちゃ美味しい!").label
    <Sentiment.POS: 'pos'>
    >>> s.predict_one("味は良くない").label
    <Sentiment.NEG: 'neg'>
    >>> s.predict_one("明日行く予定").label
    <Sentiment.NEU: 'neu'>
    """

    def __init__(self, *, neg_threshold: float = -0.25, pos_threshold: float = 0.25) -> None:
        if not -1 <= neg_threshold < 0 < pos_threshold <= 1:
            raise ValueError("need -1 <= neg_threshold < 0 < pos_threshold <= 1")
        self.neg_threshold = neg_threshold
        self.pos_threshold = pos_threshold
        phrases: dict[str, float] = {**NEGATIVE, **POSITIVE}
        for base, stem in _NEGATABLE_STEMS.items():
            if base in phrases:
                phrases.setdefault(stem, phrases[base])
        self._weights = phrases
        alternatives = "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
        negators = "|".join(map(re.escape, NEGATORS))
        self._pattern = re.compile(f"({alternatives})(?:(?:じゃ|では|て|は)?({negators}))?")

    def score_one(self, normalized: str) -> float:
        """A polarity score in [-1, 1]; negative means negative."""
        total = 0.0
        for m in self._pattern.finditer(normalized):
            weight = self._weights[m.group(1)]
            if m.group(2) and not (weight < 0 and m.group(1).endswith("ない")):
                weight = -0.7 * weight
            total += weight
        return math.tanh(total)

    def predict_one(self, normalized: str) -> SentimentResult:
        """Label normalized text neg/neu/pos by the configured thresholds."""
        score = self.score_one(normalized)
        if score <= self.neg_threshold:
            return SentimentResult(Sentiment.NEG, score)
        if score >= self.pos_threshold:
            return SentimentResult(Sentiment.POS, score)
        return SentimentResult(Sentiment.NEU, score)
