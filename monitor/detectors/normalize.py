"""Text normalization for Japanese posts: NFKC, case, URLs, mentions and repeated characters."""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"https?://\S+")
_MENTION = re.compile(r"@[A-Za-z0-9_]{1,30}")
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Normalize a post for matching and analysis.

    NFKC folds full-width letters and half-width katakana, case is folded, URLs and @mentions are
    replaced by placeholders, runs of three or more equal characters are cut to two.

    >>> normalize("ｺﾊﾙﾓﾊﾞｲﾙ　つながらないーーーー！！！ https://t.example/x @koharu_info")
    'コハルモバイル つながらないーー!! URL @user'
    """
    s = unicodedata.normalize("NFKC", text).lower()
    s = _URL.sub(" URL ", s)
    s = _MENTION.sub(" @user ", s)
    s = _REPEAT.sub(r"\1\1", s)
    return _SPACE.sub(" ", s).strip()
