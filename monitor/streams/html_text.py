"""Plain text from the small HTML fragments that Mastodon statuses and feed entries carry.

>>> html_to_text('<p>こはるモバイル<br>つながらない &amp; 遅い</p><p><a href="#">#障害</a></p>')
'こはるモバイル\\nつながらない & 遅い\\n#障害'
"""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"})
_SKIP = frozenset({"script", "style"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Tags dropped, entities decoded, block ends as single newlines, ends trimmed."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)
