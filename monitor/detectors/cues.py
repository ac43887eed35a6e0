"""Rumor cues: spread requests, enquiries, corrections and hearsay, found in normalized text."""

from __future__ import annotations

import re

# Started from ../shared/data/rumor_cues.tsv (documented cues) and extended for this project.
CUES: dict[str, tuple[str, ...]] = {
    "spread_request": (
        "拡散希望",
        "拡散して",
        "拡散お願い",
        "拡散おねがい",
        "拡散よろしく",
        "拡散願い",
        "rt希望",
        "みんなに知らせて",
        "広めて",
        "シェアして",
    ),
    "enquiry": (
        "本当?",
        "ほんと?",
        "ほんとう?",
        "マジ?",
        "まじ?",
        "まじで?",
        "マジで?",
        "ソースは",
        "ソース元",
        "情報源",
        "事実?",
        "本当なの",
        "ほんとなの",
        "デマでは",
        "デマじゃ",
        "ガセでは",
        "本当かな",
        "真偽",
    ),
    "correction": (
        "デマ",
        "ガセ",
        "誤情報",
        "誤報",
        "フェイク",
        "事実ではありません",
        "事実無根",
        "公式が否定",
        "否定して",
        "嘘らしい",
        "間違った情報",
        "信じないで",
    ),
    "hearsay": (
        "らしい",
        "って聞いた",
        "と聞いた",
        "から聞いた",
        "とのこと",
        "みたいだよ",
        "って噂",
        "という噂",
        "知り合いが",
        "知り合いの",
        "友達が言って",
        "関係者",
        "内部の人",
        "店員が言って",
        "みたい。",
    ),
}

_PATTERNS = {
    name: re.compile("|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True)))
    for name, cues in CUES.items()
}


def find_cues(normalized: str) -> frozenset[str]:
    """The cue categories present in normalized text.

    >>> sorted(find_cues("閉店するらしい、拡散希望"))
    ['hearsay', 'spread_request']
    >>> sorted(find_cues("それデマだよ"))
    ['correction']
    """
    return frozenset(name for name, pattern in _PATTERNS.items() if pattern.search(normalized))
