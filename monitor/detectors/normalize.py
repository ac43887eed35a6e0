"""Text normalization for Japanese posts: width, case, URLs, mentions, hashtags, repeats, laughter.

``normalize`` gives the canonical string every detector matches on; ``surface_cues`` pulls the
emoji and kaomoji out of it as features, because a tagger cuts kaomoji into meaningless pieces.
"""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@[A-Za-z0-9_]{1,30}")
_HASHTAG = re.compile(r"#(?=\w)")
_LONG_VOWEL = re.compile(r"[ー~〜]{2,}")
_REPEAT = re.compile(r"(.)\1\1+")
# A character followed by two of itself: deleting every such one leaves each run of three or more
# as two, what ``_REPEAT.sub(r"\1\1")`` does, without expanding a template per match in Python.
_REPEAT_HEAD = re.compile(r"(.)(?=\1\1)")
_SPACE = re.compile(r"\s+")
# w after Japanese or closing punctuation is laughter (ワロタww, 草w); ``草`` alone stays as it is.
_LAUGH = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff!?。、)…])w+(?![a-z])|(?<![a-z])w{2,}(?![a-z])")

# Kaomoji: a short bracketed run with a face character in it and no run of words, or a known one.
_KAOMOJI = re.compile(r"\\?\([^()]{1,14}\)/?|orz|otz|_\|￣\|○")
_FACE = frozenset("´`́;^ω・_▽∀≧≦><*°゚ﾟ‐-~〜'′ᴗ▿ε◕ノ✿♪☆＊o0ｏ。")
_WORDY = re.compile(r"[ぁ-ん]{2}|[a-z]{3}|[\u4e00-\u9fff]{2}|\d")
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\u2600-\u27bf\u2764\u2763\u2665\u2661\u2b50\u203c\u2049\u3030\u303d]"
)
# Full-width punctuation common in Japanese posts, each with its compatibility decomposition.
# Replacing a character by its NFKD form leaves the NFKC of the text as it was, and str.replace is
# far cheaper than NFKC's decompose-and-recompose, which a post then often no longer needs.
_COMMON_WIDE = tuple((c, unicodedata.normalize("NFKD", c)) for c in "…！？｡､～（）\u3000")


def _fold_common(text: str) -> str:
    """The text with common full-width punctuation folded; NFKC of it equals NFKC of the text.

    >>> _fold_common("まじ！？…")
    'まじ!?...'
    """
    for wide, narrow in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    return text


def normalize(text: str) -> str:
    """Normalize a post for matching and analysis.

    NFKC folds full-width letters and half-width katakana, case is folded, URLs and @mentions
    become placeholders, ``#`` is dropped from hashtags, runs of long-vowel marks shrink to one,
    other runs of three or more equal characters to two, and ``w`` laughter becomes ``笑``.

    >>> normalize("ｺﾊﾙﾓﾊﾞｲﾙ　つながらないーーーー！！！ https://t.example/x @koharu_info")
    'コハルモバイル つながらないー!! URL @user'
    >>> normalize("#新作 うまいｗｗｗ")
    '新作 うまい笑'
    """
    # most posts are NFKC already: one check, where normalizing would check again
    s = text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", _fold_common(text))
    s = s.lower()
    if "http" in s or "www." in s:
        s = _URL.sub(" URL ", s)
    if "@" in s:
        s = _MENTION.sub(" @user ", s)
    if "#" in s:
        s = _HASHTAG.sub("", s)
    if "ー" in s or "~" in s or "〜" in s:
        s = _LONG_VOWEL.sub("ー", s)
    if _REPEAT.search(s):  # most posts have no run: searching is much cheaper than substituting
        s = _REPEAT_HEAD.sub("", s)
    if "w" in s:
        s = _LAUGH.sub("笑", s)
    if "  " in s or not s.isprintable():
        s = _SPACE.sub(" ", s)
    return s.strip()


def surface_cues(normalized: str) -> tuple[str, ...]:
    """The emoji and kaomoji of a normalized post, in order, as features.

    Kaomoji are reduced to a class (``kao:sad``, ``kao:joy``, ``kao:angry``, ``kao:other``).

    >>> surface_cues(normalize("また遅延(´;ω;`)😭"))
    ('kao:sad', '😭')
    >>> surface_cues(normalize("やったー(^ ^)🎉"))
    ('kao:joy', '🎉')
    """
    out: list[str] = []
    if "(" in normalized or "or" in normalized or "○" in normalized:
        for m in _KAOMOJI.finditer(normalized):
            kao = m.group()
            if len(kao) <= 4 or (not _WORDY.search(kao) and any(c in _FACE for c in kao)):
                out.append(kaomoji_class(kao))
    out.extend(_EMOJI.findall(normalized))
    return tuple(out)


def kaomoji_class(kao: str) -> str:
    """Sort a kaomoji into sad, joy, angry or other by its eyes and mouth.

    >>> kaomoji_class("(;_;)"), kaomoji_class("(^o^)"), kaomoji_class("(#`皿´)"), kaomoji_class("(´・ω・`)")
    ('kao:sad', 'kao:joy', 'kao:angry', 'kao:sad')
    """
    if kao in ("orz", "otz", "_|￣|○", "(泣)", "(涙)"):
        return "kao:sad"
    if kao == "(怒)":
        return "kao:angry"
    if kao == "(笑)":
        return "kao:laugh"
    if "#" in kao or "皿" in kao or "怒" in kao or "💢" in kao:
        return "kao:angry"
    if any(c in kao for c in ";。π") or any(e in kao for e in ("t_t", "_<", ">_", "泣", "涙", "´_ゝ")):
        return "kao:sad"
    if any(c in kao for c in "^≧*♪☆∀ᴗ✿") or "o^" in kao:
        return "kao:joy"
    if "ω" in kao and "`" in kao:  # (´・ω・`): the dejected face
        return "kao:sad"
    return "kao:other"
