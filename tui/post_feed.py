"""The live post feed: the newest matching posts, newest first, rendered as inert Text."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from monitor.state import PostView
from tui.format import SENTIMENT_STYLE, safe_text
from tui.labels import CUE, SENTIMENT


def post_line(post: PostView) -> Text:
    line = Text.assemble(
        (post.at.strftime("%H:%M:%S"), "dim"),
        " ",
        (f"{post.platform[:9]:<9}", "cyan"),
        " ",
        (f"{','.join(post.brands)[:18]:<18}", "bold"),
        " ",
        (SENTIMENT.get(post.sentiment, f"{post.sentiment:<4}"), SENTIMENT_STYLE.get(post.sentiment, "")),
        " ",
    )
    cues = [CUE.get(c, c) for c in sorted(post.cues)]
    if post.claim_ids:
        cues.insert(0, "既知デマ")
    if cues:
        line.append(f"[{' '.join(cues)}] ", style="yellow")
    line.append_text(safe_text(post.text, 160))
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


class PostFeed(Static):
    """Recent posts about the brands; only re-rendered when the shown posts change."""

    def __init__(self) -> None:
        super().__init__(id="feed")
        self._shown: tuple[str, ...] = ()

    def show(self, posts: Sequence[PostView]) -> None:
        ids = tuple(p.id for p in posts)
        if ids == self._shown:
            return
        self._shown = ids
        if not posts:
            self.update(Text("絞り込みに合う投稿はまだありません", style="dim"))
            return
        self.update(Text("\n").join(post_line(p) for p in posts))
