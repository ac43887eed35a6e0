"""The fast forms of the per-post matching agree with the plain rules they replace."""

from __future__ import annotations

import json
import random
import re

from monitor.detectors.cues import _BANNER, _TRUE_QUESTION, CUES, UNSOURCED, _prepare, find_cues
from monitor.detectors.normalize import _REPEAT_HEAD, normalize
from tests.conftest import DEMO

FILLER = [
    *("新作", "めっちゃ", "美味しい", "の", "って", "るって", "た夜", "が"),
    *("ると", "話して", "に", "と。", "」と", "発言", "友達と"),
    *("においと", "ないと", "してないと", "なと", "もっと", "と…", "なあ、と"),
    *("おじさんが", "『", "』", "「", "」", "講師が", "ぼやいた", "口をすべらせた"),
    *("、", "。", "?", "!", "!?", "w", " ", "ほんと"),
]


def _plain_cues(normalized: str) -> frozenset[str]:
    """The rule as documented: one search per category, phrases longest first; enquiry phrases
    are found first and masked (leftmost, longest, not overlapping) before the other categories;
    an announcement named inside a 突然の死 banner is no source, nor is news that has not
    reported it (ニュースではやらない); with no enquiry phrase, a word for "true" asked about
    (本当ずら?) is an enquiry; a quote closing the post after a plain predicate (処分してるって)
    or quoted with と/って before a verb of telling (つぶれると話してて, 没収と発言; only 話す needs a
    predicate or a quote before と: 友達と話してた), or closing a sentence or the post with the verb
    left out (撤退と。, においと; not もっと, こと, しないと, 〜なと), or someone's words quoted and
    left closing the sentence (おじさんが『…』。), is hearsay; an event told as the time it happened
    (落ちた夜、) is a witness's."""
    text = _prepare(normalized) if "?" in normalized else normalized
    quoted = re.search(r"[るたいだ]って[^\w?]*$", text) is not None
    talked = r"[るたいだ」』](と|って)([^、。!?\s]{1,8}に)?(話して|話しと|世間話)"
    telling = "言い出|演説|こぼし|吹聴|触れ回|書き込|投下|読まれ|発言|添え書き|投稿され"
    telling += "|漏らし|もらし|ぼやい|つぶやい|口をすべら|口走"
    said = rf"(と|って)([^、。!?\s]{{1,8}}[がに])?({telling})"
    left_out = r"(?<![っもあえこごひそおさなか、])(?<![^てで]ない)と(。|…|!|[^\w?]*$)"
    quote_left = r"が[^。『「」』]{0,40}[『「][^』」]{6,}[』」]と?(。|!|…|、|[^\w?]*$)"
    for rule in (talked, said, left_out, quote_left):
        quoted = quoted or re.search(rule, text) is not None
    happened = re.search(r"た(夜|朝|日|晩|夕方|午後)[、,]", text) is not None
    asked = "?" in text and _TRUE_QUESTION.search(text) is not None
    found: set[str] = set()
    for name in ("enquiry", *(n for n in CUES if n != "enquiry")):
        pattern = re.compile("|".join(map(re.escape, sorted(CUES[name], key=len, reverse=True))))
        searched = text
        if name == "sourced":
            searched = _BANNER.sub(lambda m: "\x00" * len(m.group()), text)
            unsourced = "|".join(map(re.escape, UNSOURCED))
            searched = re.sub(unsourced, lambda m: "\x00" * len(m.group()), searched)
        if pattern.search(searched):
            found.add(name)
            if name == "enquiry":
                text = pattern.sub("\x00", text)
    if asked:
        found.add("enquiry")
    if quoted:
        found.add("hearsay")
    if happened:
        found.add("witness")
    return frozenset(found)


def _texts(n: int, seed: int) -> list[str]:
    """Posts made of cue phrases, pieces of them and filler, so that phrases overlap and nest."""
    rng = random.Random(seed)
    phrases = sorted({p for v in CUES.values() for p in v})
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if roll < 0.4:
                parts.append(rng.choice(phrases))
            elif roll < 0.7:
                p = rng.choice(phrases)
                i = rng.randint(0, len(p) - 1)
                parts.append(p[i : rng.randint(i + 1, len(p))])
            else:
                parts.append(rng.choice(FILLER))
        out.append("".join(parts))
    return out


def test_find_cues_agrees_with_one_search_per_category() -> None:
    demo = [normalize(json.loads(line)["text"]) for line in DEMO.read_text("utf-8").splitlines()]
    texts = demo + _texts(4000, seed=3)
    differing = [t for t in texts if find_cues(t) != _plain_cues(t)]
    assert differing == []
    assert sum(1 for t in texts if "enquiry" in find_cues(t) and "correction" in find_cues(t)) > 10


def test_find_cues_masks_enquiries_before_corrections() -> None:
    assert find_cues("デマ?") == {"enquiry"}
    assert find_cues("デマ?いやデマだよ") == {"enquiry", "correction"}
    assert find_cues("拡散しないで") == {"correction", "spread_request"}
    assert find_cues("今日はいい天気") == frozenset()


def test_runs_shrink_to_two_as_the_plain_substitution_does() -> None:
    rng = random.Random(5)
    plain = re.compile(r"(.)\1\1+")
    alphabet = "ああいー!?。..ww😭\n "
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert _REPEAT_HEAD.sub("", s) == plain.sub(r"\1\1", s), s
    assert normalize("すごいいいいい!!!!。。。") == "すごいい!!。。"
