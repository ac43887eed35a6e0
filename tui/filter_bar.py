"""The feed's filter controls (mouse) mirroring the filter keys (b, n, c, p)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Select

from tui.feed_filter import FeedFilter
from tui.messages import FilterChanged


class FilterBar(Horizontal):
    """Brand and platform pickers and two toggles; posts ``FilterChanged`` on any change."""

    def __init__(self, brands: Sequence[tuple[str, str]]) -> None:
        super().__init__(id="filters")
        self._brands = list(brands)
        self._platforms: tuple[str, ...] = ()
        self.filter = FeedFilter()
        self._quiet = False

    def compose(self) -> ComposeResult:
        yield Select(
            [(Text(bid), bid) for bid, _ in self._brands], prompt="全ブランド", id="f-brand", compact=True
        )
        yield Select([], prompt="全媒体", id="f-platform", compact=True)
        yield Checkbox("ネガのみ", id="f-negative", compact=True)
        yield Checkbox("デマ兆候", id="f-rumor", compact=True)

    def set_platforms(self, platforms: Sequence[str]) -> None:
        if tuple(platforms) == self._platforms:
            return
        self._platforms = tuple(platforms)
        select: Select[str] = self.query_one("#f-platform", Select)
        with self.prevent(Select.Changed):
            select.set_options([(Text(p), p) for p in platforms])  # from posts: never markup
            if self.filter.platform is not None and self.filter.platform in platforms:
                select.value = self.filter.platform

    def set_filter(self, new: FeedFilter) -> None:
        """Show a filter changed by a key, without echoing it back as a change."""
        self.filter = new
        with self.prevent(Select.Changed, Checkbox.Changed):
            brand: Select[str] = self.query_one("#f-brand", Select)
            platform: Select[str] = self.query_one("#f-platform", Select)
            if new.brand is None:
                brand.clear()
            else:
                brand.value = new.brand
            if new.platform is None:
                platform.clear()
            elif new.platform in self._platforms:
                platform.value = new.platform
            self.query_one("#f-negative", Checkbox).value = new.negative_only
            self.query_one("#f-rumor", Checkbox).value = new.rumor_only

    def _changed(self) -> None:
        brand = self.query_one("#f-brand", Select).value
        platform = self.query_one("#f-platform", Select).value
        self.filter = FeedFilter(
            brand=brand if isinstance(brand, str) else None,
            negative_only=self.query_one("#f-negative", Checkbox).value,
            rumor_only=self.query_one("#f-rumor", Checkbox).value,
            platform=platform if isinstance(platform, str) else None,
        )
        self.post_message(FilterChanged(self.filter))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._changed()
