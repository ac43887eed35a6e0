"""Lexicon sentiment prior: phrase weights over lemmas with negation, contrast, intensifiers,
ambiguous words, sarcasm and complaint endings, squashed to a score in [-1, 1].
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import compress
from typing import NamedTuple

from monitor.detectors.lexicon import (
    AMBIGUOUS,
    COMPLAINT_ENDINGS,
    EMOJI,
    INTENSIFIERS,
    NEGATIVE,
    POSITIVE,
    SARCASM,
)
from monitor.detectors.normalize import normalize, surface_cues
from monitor.detectors.tokenize import lemmas
from monitor.models import Sentiment

# Lemmas that negate what comes before (ない, 無い, ず as in ません, ぬ, なし as in 不満なし).
NEGATORS = frozenset({"ない", "無い", "ず", "ぬ", "ねえ", "ねー", "へん", "無し"})
# Lemmas that may stand between a word and its negation: 良く(は|も)ない, 最高じゃない, 好きでは無い,
# 外れがない (a noun and its absence).
_BRIDGE = frozenset(
    {"は", "も", "が", "だ", "で", "て", "ます", "です", "と", "など", "なんて", "じゃ", "しか"}
    # light verbs: 上手く行かない, 良くならない, 楽しく思えない
    | {"行く", "成る", "出来る", "思う", "思える", "感じる", "見える", "言える", "られる", "れる"}
)
# A negation followed by these is rhetorical, not a negation: 最高じゃない? 良くない?
_RHETORICAL = frozenset({"?", "？", "か", "かな", "じゃん", "です"})
# English negation before a word: not good, never again.
_EN_NEGATORS = frozenset({"not", "never", "no", "don't", "dont", "isn't", "wasn't", "aren't", "can't"})
# Contrast: what follows a contrast marker carries the post (高いけど美味しい).
_CONTRAST = frozenset(
    {"けれど", "けど", "けども", "しかし", "でも", "ものの", "だが", "ところが", "とはいえ"}
)
_BEFORE_CONTRAST = 0.5
_NEGATED_POSITIVE = -0.8  # 楽しくない: most of the positive weight, turned negative
_NEGATED_NEGATIVE = -0.35  # 悪くない: a weak positive
_AMBIGUOUS_AS_POSITIVE = 0.4  # 嘘でしょ最高: the "negative" word intensifies the praise
_COMPLAINT = 0.5
NEG_BIAS = 1.2  # negativity bias: readers feel a complaint more than praise of the same strength
_ELLIPSIS = -0.25
_NONI = -0.25
_BARE_NEGATION = -0.15
_EXCITED = 0.2
_PARTICLES = frozenset({"だ", "に", "で", "も", "と"})
_SARCASM = re.compile("|".join(map(re.escape, SARCASM)))
# cheap substring checks before the regex: each marker without its brackets, shortest first
_SARCASM_KEYS = tuple(sorted({m.strip("()") for m in SARCASM}, key=len))
_SARCASM_KEYS = tuple(k for k in _SARCASM_KEYS if not any(o != k and o in k for o in _SARCASM_KEYS))
# どうなんだろ, 何でだろう: a question to oneself (I wonder), not the complaint of ふざけんなだろ.
_WONDER = ("んだろ", "んだろう", "のだろう", "でだろ", "でだろう")
_ASKING = ("どう", "何", "なに", "なん", "なぜ", "いつ", "どこ", "誰", "どれ")
_FINAL_NONI = re.compile(r"のに(?:な|ね|なあ|なぁ)?(?=[。、!?.\s(]|$)")

# (lemma sequence, polarity weight, intensifier factor)
_Entry = tuple[tuple[str, ...], float, float, bool]


class SentimentResult(NamedTuple):
    """A polarity label with its score in [-1, 1]."""

    label: Sentiment
    score: float


class Hit(NamedTuple):
    """A lexicon entry found in a post: token span, signed weight, and how it was read."""

    start: int
    end: int
    weight: float
    how: str  # "word" | "negated" | "ambiguous" | "intensified" | "emoji" | "ending" | "sarcasm"


def entry_lemmas(entry: str) -> tuple[str, ...]:
    """Tag a lexicon entry; ``context|ending`` is tagged whole and the context's lemmas dropped.

    >>> entry_lemmas("行け|ばよかった")
    ('ば', '良い', 'た')
    """
    context, _, word = entry.rpartition("|")
    seq = lemmas(normalize(context + word))
    head = lemmas(normalize(context)) if context else ()
    return seq[len(head) :] if seq[: len(head)] == head else seq


def _compile() -> dict[str, list[_Entry]]:
    """Index every lexicon entry by the first lemma of its tagged form, longest entry first."""
    table: dict[tuple[str, ...], tuple[float, float, bool]] = {}
    for words, ambiguous in ((NEGATIVE, False), (POSITIVE, False), (AMBIGUOUS, True)):
        for word, weight in words.items():
            seq = entry_lemmas(word)
            if not seq:
                continue
            variants = [seq]
            if len(seq) > 1 and seq[-1] == "た" and seq[-2] != "ます":  # 当たった, 当たりました
                variants.append((*seq[:-1], "ます", "た"))
            for v in variants:
                old, factor, was_ambiguous = table.get(v, (0.0, 1.0, False))
                # spellings that tag alike keep the strongest weight; the ambiguous list has the last word
                if ambiguous or (was_ambiguous is ambiguous and abs(weight) > abs(old)):
                    table[v] = (weight, factor, ambiguous)
    for word, factor in INTENSIFIERS.items():
        seq = entry_lemmas(word)
        while len(seq) > 1 and seq[-1] in _PARTICLES:  # 本当に, マジで, 余りにも: the adverb alone
            seq = seq[:-1]
        if seq:
            weight, _, ambiguous = table.get(seq, (0.0, 1.0, False))
            table[seq] = (weight, factor, ambiguous)
    index: dict[str, list[_Entry]] = {}
    for seq, (weight, factor, ambiguous) in table.items():
        index.setdefault(seq[0], []).append((seq, weight, factor, ambiguous))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[0]), e[0]))
    return index


_INDEX: dict[str, list[_Entry]] | None = None
# The same entries for matching: each lemma's one-lemma entry, and the longer entries (in the
# index's order, longest first) by their first two lemmas, so that a post's lemma pair finds the
# few that can match instead of every entry that begins with its first lemma.
_SINGLE: dict[str, _Entry] = {}
_LONGER: dict[tuple[str, ...], list[_Entry]] = {}


def lexicon_index() -> dict[str, list[_Entry]]:
    """The compiled lexicon (built once per process, a fraction of a second)."""
    global _INDEX
    if _INDEX is None:
        index = _compile()
        for first, entries in index.items():
            for entry in entries:
                seq = entry[0]
                if len(seq) == 1:
                    _SINGLE[first] = entry
                else:
                    _LONGER.setdefault((seq[0], seq[1]), []).append(entry)
        _INDEX = index
    return _INDEX


def find_hits(tokens: Sequence[str], normalized: str, cues: Sequence[str] = ()) -> list[Hit]:
    """Read a post's lexicon evidence: each hit with the weight it contributes.

    >>> [(round(h.weight, 2), h.how) for h in find_hits(lemmas("良くない"), "良くない")]
    [(-0.64, 'negated')]
    """
    index = _INDEX if _INDEX is not None else lexicon_index()
    if type(tokens) is not tuple:
        tokens = tuple(tokens)
    n = len(tokens)
    raw: list[tuple[int, int, float, float, bool]] = []
    covered = 0  # negations inside matched phrases (眠れない)
    skip_to = 0
    # positions of lemmas that start an entry, found without a Python-level loop over the tokens
    starts = (
        compress(range(n), map(index.__contains__, tokens)) if not index.keys().isdisjoint(tokens) else ()
    )
    single, longer = _SINGLE, _LONGER
    for i in starts:
        if i < skip_to:
            continue
        # the longest entry that matches here: longer ones by the lemma pair, else the lemma alone
        entry = None
        candidates = longer.get(tokens[i : i + 2])
        if candidates is not None:
            for candidate in candidates:
                seq = candidate[0]
                end = i + len(seq)
                if end <= n and tokens[end - 1] == seq[-1] and tokens[i:end] == seq:
                    entry = candidate
                    covered += sum(1 for t in seq if t in NEGATORS)
                    break
        if entry is None:
            entry = single.get(tokens[i])
            if entry is None:
                continue
            end = i + 1
        raw.append((i, end, entry[1], entry[2], entry[3]))
        skip_to = end
    contrast = -1
    if not _CONTRAST.isdisjoint(tokens):
        contrast = max(j for j, tok in enumerate(tokens) if tok in _CONTRAST)
    hits: list[Hit] = []
    used = 0
    seen_ambiguous = False
    boost = 1.0
    boost_until = -1
    last = len(raw) - 1
    for k, (start, end, weight, factor, ambiguous) in enumerate(raw):
        if factor != 1.0 and k < last and raw[k + 1][0] <= end + 1 and raw[k + 1][2] != 0.0:
            boost, boost_until = factor, raw[k + 1][0]  # an intensifier before a polarity word
            continue
        if weight == 0.0:
            continue
        how = "word"
        if ambiguous:
            how = "ambiguous"
            seen_ambiguous = True
        if start <= boost_until:
            weight *= boost
            how = "intensified"
        if start and tokens[start - 1] in _EN_NEGATORS:
            weight = weight * (_NEGATED_POSITIVE if weight > 0 else _NEGATED_NEGATIVE)
            how = "negated"
        elif end < n and (tokens[end] in NEGATORS or tokens[end] in _BRIDGE) and _negator(tokens, end) >= 0:
            used += 1
            weight = weight * (_NEGATED_POSITIVE if weight > 0 else _NEGATED_NEGATIVE)
            how = "negated"
        if start < contrast:
            weight *= _BEFORE_CONTRAST
        hits.append(Hit(start, end, weight, how))
    # a negation inside a phrase or after a word is a negation too: none at all leaves nothing bare
    bare = sum(map(NEGATORS.__contains__, tokens)) - covered - used if not NEGATORS.isdisjoint(tokens) else 0
    _tone(hits, n, normalized, bare)
    if cues:
        for cue in dict.fromkeys(cues):
            weight = EMOJI.get(cue, 0.0)
            if weight:
                hits.append(Hit(n, n, weight, "emoji"))
    if seen_ambiguous:
        _resolve_ambiguous(hits)
    _endings(hits, normalized, n)
    return hits


def _negator(tokens: Sequence[str], end: int) -> int:
    """The index of the negation that applies to the word ending at ``end``, or -1."""
    n = len(tokens)
    for j in range(end, min(end + 3, n)):
        tok = tokens[j]
        if tok in NEGATORS:
            return -1 if j + 1 < n and tokens[j + 1] in _RHETORICAL else j
        if tok not in _BRIDGE:
            return -1
    return -1


def _tone(hits: list[Hit], n: int, normalized: str, bare: int) -> None:
    """Weak cues of tone: trailing off (...), 〜のに, predicates negated on their own, excitement (!)."""
    if (".." in normalized or "。。" in normalized or "、、" in normalized) and not any(
        h.weight > 0 for h in hits
    ):  # trailing off is sad unless the words are happy (好き…)
        hits.append(Hit(n, n, _ELLIPSIS, "tone"))
    if "のに" in normalized:
        final = _FINAL_NONI.search(normalized) is not None
        hits.append(Hit(n, n, -_COMPLAINT if final else _NONI, "tone"))
    if bare > 0:
        hits.append(Hit(n, n, _BARE_NEGATION * min(bare, 2), "tone"))
    if "!" in normalized and not any(h.weight < 0 for h in hits):
        hits.append(Hit(n, n, _EXCITED, "tone"))


def _resolve_ambiguous(hits: list[Hit]) -> None:
    """嘘でしょ最高: an ambiguous word counts for the praise when something clearly positive is there."""
    positive = any(h.weight > 0 and h.how != "ambiguous" for h in hits)
    negative = any(h.weight < 0 and h.how not in ("ambiguous",) for h in hits)
    if positive and not negative:
        for k, h in enumerate(hits):
            if h.how == "ambiguous":
                hits[k] = Hit(h.start, h.end, _AMBIGUOUS_AS_POSITIVE * abs(h.weight), "ambiguous")


def _endings(hits: list[Hit], normalized: str, n: int) -> None:
    """Sarcasm turns praise into complaint; complaint endings (〜かよ, 〜のに) add to the complaint."""
    if any(map(normalized.__contains__, _SARCASM_KEYS)) and _SARCASM.search(normalized):
        for k, h in enumerate(hits):
            if h.weight > 0:
                hits[k] = Hit(h.start, h.end, -h.weight, "sarcasm")
        hits.append(Hit(n, n, -_COMPLAINT, "sarcasm"))
        return
    end = normalized.rstrip("!?。.…ー ")
    if not end.endswith(COMPLAINT_ENDINGS):
        return
    if end.endswith(_WONDER) and any(map(end.__contains__, _ASKING)):  # どうなんだろ: wondering
        return
    if sum(h.weight for h in hits) <= 0:  # 最高かよ is praise; また遅延かよ is a complaint
        hits.append(Hit(n, n, -_COMPLAINT, "ending"))


def hits_total(hits: Sequence[Hit], normalized: str = "") -> float:
    """The unbounded sum of the hits' weights, damped for long posts; ``!`` strengthens it."""
    total = sum(h.weight * NEG_BIAS if h.weight < 0 else h.weight for h in hits)
    if len(hits) > 2:  # long posts collect many weak cues: damp the sum
        total /= math.sqrt(len(hits) / 2)
    if total and "!" in normalized:
        total *= 1.0 + 0.1 * min(3, normalized.count("!"))
    return total


def score_hits(hits: Sequence[Hit], normalized: str = "") -> float:
    """The hits squashed to a score in [-1, 1]."""
    return math.tanh(hits_total(hits, normalized))


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

    def __init__(self, *, neg_threshold: float = -0.35, pos_threshold: float = 0.5) -> None:
        if not -1 <= neg_threshold < 0 < pos_threshold <= 1:
            raise ValueError("need -1 <= neg_threshold < 0 < pos_threshold <= 1")
        self.neg_threshold = neg_threshold
        self.pos_threshold = pos_threshold
        lexicon_index()

    def score_one(self, normalized: str, tokens: Sequence[str] | None = None) -> float:
        """A polarity score in [-1, 1]; negative means negative."""
        if tokens is None:
            tokens = lemmas(normalized)
        return score_hits(find_hits(tokens, normalized, surface_cues(normalized)), normalized)

    def label(self, score: float) -> Sentiment:
        """The label for a score, by the configured thresholds."""
        if score <= self.neg_threshold:
            return Sentiment.NEG
        if score >= self.pos_threshold:
            return Sentiment.POS
        return Sentiment.NEU

    def predict_one(self, normalized: str, tokens: Sequence[str] | None = None) -> SentimentResult:
        """Label normalized text neg/neu/pos by the configured thresholds."""
        score = self.score_one(normalized, tokens)
        return SentimentResult(self.label(score), score)
