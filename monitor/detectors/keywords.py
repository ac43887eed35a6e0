"""Alert keywords: the most frequent content words of an alert's posts, as the posts write them.

Words are counted by lemma, so that つながらない and つながんない meet under 繋がる; the alert shows
each one in the dictionary form the posts spell it with (つながる, せい, ありがとう rather than the
lemmas 繋がる, 所為, 有り難う), so that a manager reads the posts' own words and a keyword can
go into a suggested reply as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from monitor.detectors.tokenize import written_forms
from monitor.models import Analysis

# Function words and light verbs (as lemmas) that say nothing about what happened.
STOP = frozenset(
    "する ある いる なる ない こと もの よう それ これ ため さん 今日 みたい 本当 やっぱり "
    "為る 成る 出来る 来る 居る 有る 言う 思う 見る 行く 無い 良い 物 事 此れ 其れ 何 今".split()
)
# How many of the posts are read again for the written forms: the newest ones.
SPELLING_SAMPLE = 50


def is_content(lemma: str) -> bool:
    """Two or more characters, not a stop word, not ASCII, not kana-only, some letter in it.

    >>> [w for w in ("障害", "する", "ない", "url", "ぴえん", "🙏", "つながる") if is_content(w)]
    ['障害']
    """
    return (
        len(lemma) >= 2
        and lemma not in STOP
        and not lemma.isascii()
        and not all("\u3040" <= ch <= "\u309f" or ch == "ー" for ch in lemma)
        and any(c.isalpha() for c in lemma)
    )


def top_lemmas(token_lists: Iterable[Sequence[str]], k: int = 5) -> list[str]:
    """The ``k`` content lemmas found in the most posts (each post counts a lemma once)."""
    counts: Counter[str] = Counter()
    for tokens in token_lists:
        counts.update({t for t in tokens if is_content(t)})
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def spellings(lemmas: Iterable[str], texts: Iterable[str]) -> dict[str, str]:
    """Each lemma's spelling the texts use most (the lemma itself where none of them has it).

    >>> spellings(["繋がる", "所為"], ["つながんないせいで", "またつながらない", "繋がらない"])
    {'繋がる': 'つながる', '所為': 'せい'}
    """
    seen: dict[str, Counter[str]] = {w: Counter() for w in lemmas}
    for text in texts:
        for lemma, written in written_forms(text):
            if lemma in seen:
                seen[lemma][written] += 1
    return {
        lemma: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else lemma for lemma, c in seen.items()
    }


def shown(lemmas: Iterable[str], spelled: dict[str, str]) -> tuple[str, ...]:
    """The lemmas in their spellings, in order; two lemmas spelled alike show once."""
    return tuple(dict.fromkeys(spelled.get(w, w) for w in lemmas))


def as_written(lemmas: Sequence[str], texts: Iterable[str]) -> tuple[str, ...]:
    """The lemmas as the texts spell them, in order.

    >>> as_written(["繋がる", "所為"], ["つながんないせいで", "またつながらない", "繋がらない"])
    ('つながる', 'せい')
    """
    return shown(lemmas, spellings(lemmas, texts))


def top_keywords(analyses: Sequence[Analysis], k: int = 5) -> tuple[str, ...]:
    """The alert's keywords: the ``k`` commonest content lemmas, as the newest posts spell them."""
    lemmas = top_lemmas((a.tokens for a in analyses), k)
    if not lemmas:
        return ()
    return as_written(lemmas, (a.normalized for a in analyses[-SPELLING_SAMPLE:]))
