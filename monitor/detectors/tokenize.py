"""Japanese tokenization with one fugashi Tagger on unidic-lite, returning lemmas."""

from __future__ import annotations

from functools import lru_cache

import fugashi


@lru_cache(maxsize=1)
def _tagger() -> fugashi.Tagger:
    return fugashi.Tagger()


def lemmas(text: str) -> tuple[str, ...]:
    """Split text into lemmas, so that conjugated forms meet (つながらない -> 繋がる, ない).

    Loanword lemmas lose their English gloss (サービス-service -> サービス).

    >>> lemmas("全然つながらない")
    ('全然', '繋がる', 'ない')
    """
    out: list[str] = []
    for word in _tagger()(text):
        lemma = word.feature.lemma
        if not lemma or lemma == "*":
            lemma = word.surface
        elif "-" in lemma:
            lemma = lemma.split("-", 1)[0]
        out.append(lemma)
    return tuple(out)
