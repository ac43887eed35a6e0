"""Make untrusted text inert in Slack mrkdwn: no pings, no disguised links, no markup break-outs.

Slack parses ``<…>`` as links and mentions (``<!channel>``, ``<@U…>``, ``<https://a|label>``) and
``&`` as an entity, so those three characters are escaped. Bare ``@channel``/``@here``/``@everyone``
get a word joiner so they never become broadcasts, even where a client links names.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_BROADCAST = re.compile(r"[@＠](channel|here|everyone)", re.IGNORECASE)
# Control, zero-width and bidi characters can hide or reorder text.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_WORD_JOINER = "\u2060"


def escape(text: str, limit: int | None = None) -> str:
    """Escape untrusted text for a mrkdwn or top-level ``text`` field.

    >>> escape("拡散希望 <!channel> <@U123> <https://evil.example|公式> & more")
    '拡散希望 &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|公式&gt; &amp; more'
    >>> escape("@here 見て") == "@\\u2060here 見て"
    True
    """
    s = _UNSAFE.sub("", text)
    if limit is not None and len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _BROADCAST.sub(lambda m: m.group(0)[0] + _WORD_JOINER + m.group(1), s)


def quote_block(text: str, limit: int = 300) -> str:
    """Untrusted text as a one-paragraph mrkdwn quote (newlines folded, so it cannot leave the quote).

    >>> quote_block("一行目\\n> 偽の引用\\n*太字*")
    '> 一行目 &gt; 偽の引用 *太字*'
    """
    return "> " + escape(" ".join(text.split()), limit)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit to sit inside ``<url|label>``, or None when it is not one.

    >>> safe_url("https://x.example/p/1?a=b|c>d")
    'https://x.example/p/1?a=b%7Cc%3Ed'
    >>> safe_url("https://x.example/?a=1&b=2")
    'https://x.example/?a=1&amp;b=2'
    >>> safe_url("javascript:alert(1)") is None
    True
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%-._~").replace("&", "&amp;")


def link(url: str | None, label: str) -> str:
    """A mrkdwn link whose label is escaped text; just the label when the URL is unsafe.

    >>> link("https://ok.example/a", "投稿 <1>")
    '<https://ok.example/a|投稿 &lt;1&gt;>'
    """
    target = safe_url(url)
    text = escape(label).replace("|", "¦")
    return f"<{target}|{text}>" if target else text


def mention(user_id: str) -> str:
    """A user mention from a configured (validated) Slack user id.

    >>> mention("U01ABC")
    '<@U01ABC>'
    """
    if not re.fullmatch(r"[UW][A-Z0-9]+", user_id):
        raise ValueError(f"not a Slack user id: {user_id!r}")
    return f"<@{user_id}>"
