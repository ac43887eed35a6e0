"""The sentiment model that keeps learning in the stream: the lexicon prior plus a river model.

Scoring: ``tanh(prior + w_pos·x - w_neg·x)``, where the prior is the lexicon reading of the post
(``sentiment.find_hits``) and the two river logistic regressions (negative vs rest, positive vs
rest) weigh the post's content lemmas. An untouched model has no weights, so it scores exactly as
the lexicon does; it moves only through ``learn_one``, which the pipeline calls, in stream order,
for distant labels (emoji and kaomoji, removed from the features they label) and confident
lexicon readings, and ``learn`` for managers' feedback. Scoring never changes the model.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from river import linear_model, optim, utils

from monitor.detectors.lexicon import EMOJI
from monitor.detectors.normalize import normalize, surface_cues
from monitor.detectors.sentiment import (
    NEGATORS,
    Hit,
    LexiconSentiment,
    SentimentResult,
    find_hits,
    hits_total,
)
from monitor.detectors.tokenize import lemmas
from monitor.errors import MonitorError
from monitor.models import Post, Sentiment

STATE_VERSION = 1
# Lemmas too common to carry sentiment: particles, auxiliaries, punctuation.
_STOP = frozenset(
    [
        "の",
        "に",
        "は",
        "を",
        "が",
        "と",
        "で",
        "た",
        "だ",
        "て",
        "も",
        "な",
        "へ",
        "や",
        "か",
        "ね",
        "よ",
        "わ",
        "し",
        "から",
        "まで",
        "です",
        "ます",
        "する",
        "為る",
        "いる",
        "居る",
        "ある",
        "有る",
        "れる",
        "られる",
        "せる",
        "こと",
        "もの",
        "それ",
        "これ",
        "あれ",
        "この",
        "その",
        "よう",
        "そう",
        "。",
        "、",
        "!",
        "?",
        ".",
        ",",
        "(",
        ")",
        "「",
        "」",
        "『",
        "』",
        "・",
        "ー",
        "~",
        "…",
        "(",
        ")",
        "！",
        "？",
        "、",
        "。",
        "（",
        "）",
        "url",
        "@user",
    ]
)

_SKIP = _STOP | NEGATORS | frozenset(EMOJI)


class ModelStateError(MonitorError):
    """A saved sentiment model cannot be read."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class Reading(NamedTuple):
    """Everything the model derives from one post: lexicon hits, prior, lemmas, emoji cues."""

    hits: tuple[Hit, ...]
    prior: float
    tokens: tuple[str, ...]
    cues: tuple[str, ...]

    @property
    def features(self) -> tuple[str, ...]:
        """The online model's features (computed when learning; scoring does without them)."""
        return model_features(self.tokens)


def model_features(tokens: Sequence[str]) -> tuple[str, ...]:
    """Content lemmas of a post, negated ones marked ``not:`` (emoji never: they are labels).

    >>> model_features(("電波", "が", "繋がる", "ない", "😡"))
    ('電波', 'not:繋がる')
    """
    if NEGATORS.isdisjoint(tokens):
        return tuple(dict.fromkeys([t for t in tokens if t not in _SKIP and len(t) <= 12]))
    out: dict[str, None] = {}
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if tok in _SKIP or len(tok) > 12:
            continue
        if i < last and tokens[i + 1] in NEGATORS:
            tok = "not:" + tok
        out[tok] = None
    return tuple(out)


def distant_label(cues: Iterable[str]) -> Sentiment | None:
    """The label the emoji and kaomoji of a post give it, when they agree.

    >>> distant_label(["😭", "kao:sad"]), distant_label(["🎉"]), distant_label(["😭", "🎉"])
    (<Sentiment.NEG: 'neg'>, <Sentiment.POS: 'pos'>, None)
    """
    weights = [EMOJI.get(c, 0.0) for c in cues]
    if any(w <= -0.8 for w in weights) and not any(w > 0 for w in weights):
        return Sentiment.NEG
    if any(w >= 0.8 for w in weights) and not any(w < 0 for w in weights):
        return Sentiment.POS
    return None


def _classifier(learning_rate: float, l2: float) -> linear_model.LogisticRegression:
    # The intercept learns the share of each label in the stream; it is left out of the margin, so
    # a stream that labels itself mostly positive does not make every post positive.
    return linear_model.LogisticRegression(
        optimizer=optim.SGD(learning_rate), l2=l2, intercept_lr=learning_rate
    )


class OnlineSentiment:
    """Lexicon prior plus online river model; ``score_one`` reads, ``learn_one`` learns.

    >>> m = OnlineSentiment()
    >>> r = m.read("新しいプランが最高すぎる")
    >>> m.predict(r).label
    <Sentiment.POS: 'pos'>
    >>> before = m.score_one(m.read("ポイント改悪の件"))
    >>> for _ in range(20):
    ...     m.learn_one(m.read("ポイント改悪の件"), Sentiment.NEG)
    >>> m.score_one(m.read("ポイント改悪の件")) < before
    True
    """

    def __init__(
        self,
        *,
        neg_threshold: float = -0.35,
        pos_threshold: float = 0.5,
        learning_rate: float = 0.005,
        l2: float = 0.0001,
        confident: float = 1.5,
        feedback_weight: float = 20.0,
    ) -> None:
        if learning_rate <= 0 or l2 < 0 or confident <= 0 or feedback_weight <= 0:
            raise ValueError("learning_rate, confident and feedback_weight must be > 0, l2 >= 0")
        self.prior = LexiconSentiment(neg_threshold=neg_threshold, pos_threshold=pos_threshold)
        self.learning_rate = learning_rate
        self.l2 = l2
        self.confident = confident
        self.feedback_weight = feedback_weight
        self.neg = _classifier(learning_rate, l2)
        self.pos = _classifier(learning_rate, l2)
        self._delta: dict[str, float] = {}  # scoring view: w_pos - w_neg per feature
        self.learned: Counter[str] = Counter()

    # --- reading and scoring (pure) -------------------------------------------------------------

    def read(self, normalized: str, tokens: Sequence[str] | None = None) -> Reading:
        """Derive the lexicon hits and model features of a normalized post."""
        tokens = lemmas(normalized) if tokens is None else tuple(tokens)
        cues = surface_cues(normalized)
        hits = tuple(find_hits(tokens, normalized, cues))
        return Reading(hits, hits_total(hits, normalized), tokens, cues)

    def margin(self, reading: Reading) -> float:
        """The online model's contribution: positive minus negative evidence (0 before learning).

        Read from ``_delta``, the per-feature difference of the two classifiers' weights, kept in
        step with them by ``learn_one``: river updates only the weights of the features it is
        shown, so the view is exact. Particles and emoji never have weights, so a post without
        negation needs no feature list at all.
        """
        delta = self._delta
        if not delta:
            return 0.0
        tokens = reading.tokens
        # fsum is exact, so the set's hash order (random per process) cannot change the result
        if NEGATORS.isdisjoint(tokens):
            return math.fsum(map(delta.__getitem__, delta.keys() & tokens))
        return math.fsum(map(delta.__getitem__, delta.keys() & model_features(tokens)))

    def score_one(self, reading: Reading) -> float:
        """A polarity score in [-1, 1]; negative means negative."""
        return math.tanh(reading.prior + self.margin(reading))

    def predict(self, reading: Reading) -> SentimentResult:
        score = self.score_one(reading)
        return SentimentResult(self.prior.label(score), score)

    def predict_text(self, text: str) -> SentimentResult:
        """Normalize, tokenize, read and score raw text."""
        return self.predict(self.read(normalize(text)))

    # --- learning -------------------------------------------------------------------------------

    def stream_label(self, reading: Reading) -> tuple[Sentiment, str] | None:
        """The label the stream itself gives a post, and where it came from, or None.

        Emoji and kaomoji first (they are not among the features); else a confident lexicon
        reading of the text without its emoji.
        """
        label = distant_label(reading.cues)
        if label is not None:
            return label, "emoji"
        text_only = sum(h.weight for h in reading.hits if h.how != "emoji")
        if text_only <= -self.confident:
            return Sentiment.NEG, "lexicon"
        if text_only >= self.confident:
            return Sentiment.POS, "lexicon"
        return None

    def learn_one(self, reading: Reading, label: Sentiment, *, weight: float = 1.0, source: str = "") -> None:
        """Update both classifiers with one labelled reading (deterministic for a given order)."""
        features = reading.features
        if not features:
            return
        x = dict.fromkeys(features, 1.0)
        if label is Sentiment.NEU:
            # "neither": pull back only the side the post leans to (both sides would cancel out)
            lean = reading.prior + self.margin(reading)
            if lean < 0:
                self.neg.learn_one(x, False, w=weight)
            elif lean > 0:
                self.pos.learn_one(x, False, w=weight)
        else:
            self.neg.learn_one(x, label is Sentiment.NEG, w=weight)
            self.pos.learn_one(x, label is Sentiment.POS, w=weight)
        pos, neg = self.pos._weights, self.neg._weights  # read in place: .weights copies them all
        for f in features:
            self._delta[f] = pos.get(f, 0.0) - neg.get(f, 0.0)
        self.learned[source or "direct"] += 1

    def learn_stream(self, normalized: str, tokens: Sequence[str]) -> str | None:
        """Learn from one post of the stream if it labels itself; returns the label source."""
        return self.learn_reading(self.read(normalized, tokens))

    def learn_reading(self, reading: Reading) -> str | None:
        """``learn_stream`` for a post already read."""
        found = self.stream_label(reading)
        if found is None:
            return None
        label, source = found
        self.learn_one(reading, label, source=source)
        return source

    def learn(self, post_or_text: Post | str, label: Sentiment | str, *, max_steps: int = 10) -> int:
        """Managers' feedback: this post is ``label``.

        Weighted above the stream's own labels, and repeated (at most ``max_steps`` times) until
        the model reads the post that way; returns the number of steps taken.
        """
        text = post_or_text.text if isinstance(post_or_text, Post) else post_or_text
        return self.teach(self.read(normalize(text)), label, max_steps=max_steps)

    def teach(self, reading: Reading, label: Sentiment | str, *, max_steps: int = 10) -> int:
        """``learn`` for a post already read."""
        target = Sentiment(label)
        steps = 0
        while steps < max_steps and (steps == 0 or self.predict(reading).label is not target):
            self.learn_one(reading, target, weight=self.feedback_weight, source="feedback")
            steps += 1
        return steps

    # --- state ----------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The learned state as plain JSON-able data (weights sorted: the file is deterministic)."""
        return {
            "version": STATE_VERSION,
            "learned": dict(sorted(self.learned.items())),
            "intercepts": {"neg": self.neg.intercept, "pos": self.pos.intercept},
            "neg": {k: v for k, v in sorted(self.neg.weights.items()) if v},
            "pos": {k: v for k, v in sorted(self.pos.weights.items()) if v},
        }

    def load_state(self, state: dict[str, Any]) -> None:
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"unknown state version {state.get('version')!r}")
        self.neg = _classifier(self.learning_rate, self.l2)
        self.pos = _classifier(self.learning_rate, self.l2)
        self.neg._weights = utils.VectorDict({str(k): float(v) for k, v in state["neg"].items()})
        self.pos._weights = utils.VectorDict({str(k): float(v) for k, v in state["pos"].items()})
        self.neg.intercept = float(state.get("intercepts", {}).get("neg", 0.0))
        self.pos.intercept = float(state.get("intercepts", {}).get("pos", 0.0))
        self.learned = Counter({str(k): int(v) for k, v in state.get("learned", {}).items()})
        pos, neg = self.pos.weights, self.neg.weights
        self._delta = {f: pos.get(f, 0.0) - neg.get(f, 0.0) for f in sorted({*pos, *neg})}

    def save(self, path: Path) -> None:
        """Write the state atomically (temporary file, then rename)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.state(), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
        os.replace(tmp, path)

    def load(self, path: Path) -> bool:
        """Restore the state saved at ``path``; False when there is none yet."""
        if not path.exists():
            return False
        try:
            self.load_state(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelStateError(f"cannot load the sentiment model: {exc}", path=path) from exc
        return True
